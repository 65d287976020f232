"""One cycle of the job: read every mailbox, process what is new, do what is due, deliver.

`process_mailbox` is a plain function that any scheduler or worker may call;
a database lease makes a second process trying the same mailbox step aside.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, select

from pipeline import followups, leases, outbox
from pipeline.db import session_scope
from pipeline.errors import CancelflowError
from pipeline.ingest import IngestStats, sync_mailbox
from pipeline.models import Mailbox as MailboxRow
from pipeline.processing import ProcessStats, process_pending
from pipeline.runtime import Runtime
from pipeline.settings import Mailbox
from pipeline.transports import open_sink, open_source

log = logging.getLogger(__name__)
LEASE_TTL = timedelta(minutes=15)


@dataclass
class RunStats:
    read: int = 0
    new: int = 0
    quarantined: int = 0
    cases_opened: int = 0
    cases_updated: int = 0
    review: int = 0
    followups: int = 0
    sent: int = 0
    send_failures: int = 0
    busy_mailboxes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add_ingest(self, s: IngestStats) -> None:
        self.read += s.read
        self.new += s.new
        self.errors.extend(s.errors)

    def add_processing(self, s: ProcessStats) -> None:
        self.quarantined += s.quarantined
        self.cases_opened += s.opened
        self.cases_updated += s.updated
        self.review += s.review

    def summary(self) -> str:
        text = (f"messages read {self.read}, new {self.new}, quarantined {self.quarantined}; "
                f"cases opened {self.cases_opened}, updated {self.cases_updated}; "
                f"to review {self.review}; follow-ups {self.followups}; "
                f"mails sent {self.sent}, send failures {self.send_failures}")
        if self.busy_mailboxes:
            text += f"; skipped (busy elsewhere): {', '.join(self.busy_mailboxes)}"
        if self.errors:
            text += f"; errors {len(self.errors)}"
        return text


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def process_mailbox(rt: Runtime, mailbox: Mailbox, stats: RunStats) -> None:
    """Read `mailbox` into the ledger and process its new messages, unless another process holds it."""
    lease, holder = f"mailbox:{mailbox.name}", holder_name()
    with Session(rt.engine, expire_on_commit=False) as session:
        if not leases.acquire(session, lease, holder, rt.clock.now(), LEASE_TTL):
            stats.busy_mailboxes.append(mailbox.name)
            return
        try:
            _ingest(session, rt, mailbox, stats)
            stats.add_processing(process_pending(session, rt, mailbox=mailbox.name))
        finally:
            leases.release(session, lease, holder)


def _register(session: Session, mailbox: Mailbox) -> None:
    """Keep the Mailbox table in step with config, so staff views can name owners and folders."""
    row = session.exec(select(MailboxRow).where(MailboxRow.name == mailbox.name)).first() or MailboxRow(name=mailbox.name)
    row.kind, row.merchant_id, row.folders = mailbox.kind, mailbox.merchant, list(mailbox.folders)
    session.add(row)
    session.commit()


def _ingest(session: Session, rt: Runtime, mailbox: Mailbox, stats: RunStats) -> None:
    _register(session, mailbox)
    try:
        source = open_source(mailbox)
    except CancelflowError as exc:
        stats.errors.append(f"{mailbox.name}: {exc}")
        log.error("%s: %s", mailbox.name, exc)
        return
    try:
        batch = mailbox.imap.batch_size if mailbox.imap else 500
        stats.add_ingest(sync_mailbox(session, source, rt.store, folders=mailbox.folders,
                                      merchant_id=mailbox.merchant, batch_size=batch, now=rt.clock.now()))
    finally:
        source.close()


def deliver(rt: Runtime, stats: RunStats) -> None:
    out = rt.settings.outbound
    sink = open_sink(rt.settings)
    try:
        with session_scope(rt.engine) as session:
            d = outbox.deliver_due(session, sink, sender=out.from_address, now=rt.clock.now(),
                                   max_attempts=out.max_attempts, retry_base=timedelta(seconds=out.retry_base_seconds))
    finally:
        sink.close()
    stats.sent += d.sent + d.recovered
    stats.send_failures += d.failed


def run_once(rt: Runtime) -> RunStats:
    """Process every mailbox once, act on what is due, deliver the outbox; one failure never stops the rest."""
    stats = RunStats()
    for mailbox in rt.settings.mailboxes:
        try:
            process_mailbox(rt, mailbox, stats)
        except CancelflowError as exc:
            stats.errors.append(f"{mailbox.name}: {exc}")
            log.error("%s: %s", mailbox.name, exc)
        except Exception as exc:  # an unforeseen failure of one mailbox must not starve the others
            stats.errors.append(f"{mailbox.name}: unexpected {type(exc).__name__}: {exc}")
            log.exception("%s: unexpected failure", mailbox.name)
    try:
        with session_scope(rt.engine) as session:
            stats.followups += followups.run_due(session, rt)
    except CancelflowError as exc:
        stats.errors.append(f"follow-ups: {exc}")
        log.error("follow-ups: %s", exc)
    try:
        deliver(rt, stats)
    except CancelflowError as exc:
        stats.errors.append(f"outbound: {exc}")
        log.error("outbound: %s", exc)
    return stats
