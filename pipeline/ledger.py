"""The ledger: every message recorded, raw bytes kept, before anything acts on it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pipeline.models import InboundMessage, ParseStatus
from pipeline.rawstore import RawStore, digest
from pipeline.sources.base import FetchedMessage

_HEADERS = BytesHeaderParser(policy=compat32)


def record_batch(
    session: Session,
    store: RawStore,
    batch: Sequence[FetchedMessage],
    *,
    mailbox: str,
    merchant_id: str,
    now: datetime,
) -> list[bool]:
    """Store a batch and add its ledger rows; return, per message, whether it was new.

    Raw files are durable before the rows are added, and the caller commits the
    rows before it moves any cursor, so a crash at any point loses nothing.
    Lookups and inserts are per batch, not per message: a full sync of a large
    folder is bound by the disk, not by round trips.
    """
    hashes = [digest(f.raw) for f in batch]
    known = _existing(session, InboundMessage.sha256, hashes)
    rows: dict[str, dict[str, object]] = {}
    for fetched, sha in zip(batch, hashes, strict=True):
        if sha not in known and sha not in rows:
            rows[sha] = _row(fetched, sha, store.relative_path(sha), mailbox, merchant_id, now)
    _mark_duplicates(session, list(rows.values()), merchant_id)
    store.put_many([f.raw for f, sha in zip(batch, hashes, strict=True) if sha in rows])
    inserted = _insert(session, list(rows.values()))
    firsts = {sha: i for i, sha in reversed(list(enumerate(hashes)))}
    return [sha in inserted and firsts[sha] == i for i, sha in enumerate(hashes)]


def record(session: Session, store: RawStore, fetched: FetchedMessage, *, mailbox: str, merchant_id: str,
           now: datetime) -> InboundMessage | None:
    """Record one message; return its row, or None if these bytes are already recorded."""
    if not record_batch(session, store, [fetched], mailbox=mailbox, merchant_id=merchant_id, now=now)[0]:
        return None
    return session.exec(select(InboundMessage).where(InboundMessage.sha256 == digest(fetched.raw))).one()


def _row(fetched: FetchedMessage, sha: str, rel: str, mailbox: str, merchant_id: str,
         now: datetime) -> dict[str, object]:
    return {"sha256": sha, "raw_path": rel, "size": len(fetched.raw), "mailbox": mailbox,
            "folder": fetched.folder, "uidvalidity": fetched.uidvalidity, "uid": fetched.uid,
            "merchant_id": merchant_id, "received_at": now, "parse_status": ParseStatus.PENDING,
            "message_id": None, "from_addr": "", "to_addrs": [], "subject": "", "sent_at": None,
            "analysis": {}, "candidates": [], **_envelope(fetched.raw)}


def _mark_duplicates(session: Session, rows: list[dict[str, object]], merchant_id: str) -> None:
    """Same Message-ID again with other bytes (a copy in another folder, a redelivery with new
    trace headers): kept as evidence, never acted on twice."""
    ids = [r["message_id"] for r in rows if r["message_id"]]
    seen = _existing(session, InboundMessage.message_id, ids, InboundMessage.merchant_id == merchant_id)
    for row in rows:
        if row["message_id"] and row["message_id"] in seen:
            row["parse_status"] = ParseStatus.DUPLICATE
        elif row["message_id"]:
            seen.add(row["message_id"])  # a later copy within the same batch


def _existing(session: Session, column, values: list, *where) -> set:  # type: ignore[no-untyped-def]
    if not values:
        return set()
    return set(session.exec(select(column).where(column.in_(values), *where)).all())


def _insert(session: Session, rows: list[dict[str, object]]) -> set[str]:
    """Bulk insert; return the hashes actually inserted.

    If a concurrent process recorded some of them first, the rest are inserted
    one by one; any other integrity failure is raised, never taken for "seen".
    """
    if not rows:
        return set()
    try:
        with session.begin_nested():
            session.execute(insert(InboundMessage), rows)
        return {str(r["sha256"]) for r in rows}
    except IntegrityError:
        pass
    inserted = set()
    for row in rows:
        try:
            with session.begin_nested():
                session.execute(insert(InboundMessage), [row])
            inserted.add(str(row["sha256"]))
        except IntegrityError:
            if not _existing(session, InboundMessage.sha256, [row["sha256"]]):
                raise
    return inserted


def _envelope(raw: bytes) -> dict[str, object]:
    """Header fields for the ledger row, read leniently: analysis does the careful parse."""
    try:
        headers = _HEADERS.parsebytes(raw)
    except Exception:  # a ledger row must exist even for bytes no parser accepts
        return {}
    return {
        "message_id": _clean_id(headers.get("Message-ID")),
        "from_addr": parseaddr(str(headers.get("From", "")))[1].lower(),
        "to_addrs": [a.lower() for _, a in getaddresses([str(v) for v in headers.get_all("To", [])]) if a],
        "subject": _text(headers.get("Subject")),
        "sent_at": _date(headers.get("Date")),
    }


def _clean_id(value: object) -> str | None:
    text = str(value or "").strip()
    return text[:998] or None


def _text(value: object) -> str:
    try:
        return str(make_header(decode_header(str(value or ""))))[:500]
    except Exception:
        return str(value or "")[:500]


def _date(value: object) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed is None or parsed.tzinfo else None
