"""Read one mailbox into the ledger, folder by folder, moving each cursor only past committed mail."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from pipeline import ledger
from pipeline.errors import SourceError
from pipeline.models import SyncCursor
from pipeline.rawstore import RawStore
from pipeline.sources.base import MailSource

log = logging.getLogger(__name__)


@dataclass
class IngestStats:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    resyncs: int = 0
    errors: list[str] = field(default_factory=list)


def sync_folder(
    session: Session,
    source: MailSource,
    store: RawStore,
    *,
    folder: str,
    merchant_id: str,
    batch_size: int,
    now: datetime,
    stats: IngestStats,
) -> None:
    """Fetch everything new in `folder` into the ledger.

    After a UIDVALIDITY change the folder is read again from the start: the
    ledger's content hash and Message-ID check make that safe, so nothing is
    skipped and nothing is processed twice.
    """
    status = source.open_folder(folder)
    cursor = _cursor(session, source.name, folder)
    if status.uidvalidity is not None and cursor.uidvalidity != status.uidvalidity:
        if cursor.uidvalidity is not None:
            log.warning("%s/%s: UIDVALIDITY changed %s -> %s, resyncing",
                        source.name, folder, cursor.uidvalidity, status.uidvalidity)
            stats.resyncs += 1
        cursor.uidvalidity, cursor.last_uid = status.uidvalidity, 0
    for batch in source.fetch_since(folder, cursor.last_uid, batch_size):
        new = ledger.record_batch(session, store, batch, mailbox=source.name, merchant_id=merchant_id, now=now)
        stats.read += len(batch)
        stats.new += sum(new)
        stats.duplicates += len(batch) - sum(new)
        done_uids = [f.uid for f in batch if f.uid is not None]
        if done_uids:
            cursor.last_uid = max(cursor.last_uid, *done_uids)
        cursor.last_success_at = now
        session.add(cursor)
        session.commit()  # ledger rows and cursor move together, after the raw files are durable
        if done_uids:
            source.mark_processed(folder, done_uids)
    _succeeded(session, cursor, now)


def sync_mailbox(
    session: Session,
    source: MailSource,
    store: RawStore,
    *,
    folders: list[str],
    merchant_id: str,
    batch_size: int,
    now: datetime,
) -> IngestStats:
    """Sync every folder; a failing folder is recorded on its cursor and the others go on."""
    stats = IngestStats()
    for folder in folders:
        try:
            sync_folder(session, source, store, folder=folder, merchant_id=merchant_id,
                        batch_size=batch_size, now=now, stats=stats)
        except SourceError as exc:
            session.rollback()
            _failed(session, source.name, folder, str(exc), now)
            stats.errors.append(str(exc))
            log.error("%s", exc)
    return stats


def _cursor(session: Session, mailbox: str, folder: str) -> SyncCursor:
    found = session.exec(select(SyncCursor).where(SyncCursor.mailbox == mailbox, SyncCursor.folder == folder)).first()
    return found or SyncCursor(mailbox=mailbox, folder=folder)


def _succeeded(session: Session, cursor: SyncCursor, now: datetime) -> None:
    cursor.last_success_at, cursor.consecutive_failures = now, 0
    session.add(cursor)
    session.commit()


def _failed(session: Session, mailbox: str, folder: str, error: str, now: datetime) -> None:
    """Keep the failure visible on the cursor: fetch must never fail silently for days."""
    cursor = _cursor(session, mailbox, folder)
    cursor.last_error, cursor.last_error_at = error, now
    cursor.consecutive_failures += 1
    session.add(cursor)
    session.commit()
