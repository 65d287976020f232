"""The outbox: rows written before any send, claimed with compare-and-set, sent once.

A row moves queued -> sending -> sent (or failed). A sender claims a row by
updating it only if it is still queued; a row found in `sending` means a
sender died between the send and the mark, and the sink is asked whether the
message already went out before it is sent again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from pipeline.errors import DeliveryError, PolicyError
from pipeline.models import OutboundMessage, OutboundStatus
from pipeline.sinks.base import MailSink

log = logging.getLogger(__name__)


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    recovered: int = 0
    failed_ids: list[int] = field(default_factory=list)


def enqueue(session: Session, message: OutboundMessage) -> tuple[OutboundMessage, bool]:
    """Add `message` unless its idempotency key is known; return (row, created)."""
    existing = session.exec(
        select(OutboundMessage).where(OutboundMessage.idempotency_key == message.idempotency_key)
    ).first()
    if existing is not None:
        return existing, False
    session.add(message)
    session.flush()
    return message, True


def deliver_due(
    session: Session,
    sink: MailSink,
    *,
    sender: str,
    now: datetime,
    max_attempts: int,
    retry_base: timedelta,
    stale_after: timedelta = timedelta(minutes=10),
) -> DeliveryStats:
    """Send every queued row that is due; recover rows a dead sender left in `sending`."""
    stats = DeliveryStats()
    for row in _stale_sending(session, now - stale_after):
        _recover(session, sink, row, now, stats)
    for row in _due(session, now):
        if not _claim(session, row, now):
            continue  # another worker took it
        _send(session, sink, row, sender=sender, now=now, max_attempts=max_attempts,
              retry_base=retry_base, stats=stats)
    return stats


def _due(session: Session, now: datetime) -> list[OutboundMessage]:
    query = select(OutboundMessage).where(OutboundMessage.status == OutboundStatus.QUEUED)
    rows = session.exec(query.order_by(OutboundMessage.id)).all()
    return [r for r in rows if r.next_attempt_at is None or r.next_attempt_at <= now]


def _stale_sending(session: Session, before: datetime) -> list[OutboundMessage]:
    query = select(OutboundMessage).where(OutboundMessage.status == OutboundStatus.SENDING)
    return [r for r in session.exec(query).all() if r.next_attempt_at is None or r.next_attempt_at <= before]


def _claim(session: Session, row: OutboundMessage, now: datetime) -> bool:
    """Compare-and-set queued -> sending; commit so other workers see the claim."""
    claimed = session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == row.id, OutboundMessage.status == OutboundStatus.QUEUED)
        .values(status=OutboundStatus.SENDING, next_attempt_at=now, attempts=OutboundMessage.attempts + 1)
    ).rowcount
    session.commit()
    if claimed:
        session.refresh(row)
    return bool(claimed)


def _send(session: Session, sink: MailSink, row: OutboundMessage, *, sender: str, now: datetime,
          max_attempts: int, retry_base: timedelta, stats: DeliveryStats) -> None:
    try:
        sink.send(sender=sender, recipients=[*row.recipients, *row.cc], raw=row.raw, message_id=row.message_id)
    except DeliveryError as exc:
        _record_failure(row, exc, now=now, max_attempts=max_attempts, retry_base=retry_base, stats=stats)
    else:
        row.status, row.sent_at, row.last_error = OutboundStatus.SENT, now, None
        stats.sent += 1
    session.add(row)
    session.commit()


def _record_failure(row: OutboundMessage, exc: DeliveryError, *, now: datetime, max_attempts: int,
                    retry_base: timedelta, stats: DeliveryStats) -> None:
    row.last_error = str(exc)[:1000]
    if exc.permanent or row.attempts >= max_attempts:
        row.status = OutboundStatus.FAILED
        stats.failed += 1
        stats.failed_ids.append(row.id or 0)
        log.error("outbound %s failed for good: %s", row.message_id, exc)
    else:
        row.status = OutboundStatus.QUEUED
        row.next_attempt_at = now + retry_base * (2 ** (row.attempts - 1))
        stats.retried += 1
        log.warning("outbound %s will be retried: %s", row.message_id, exc)


def _recover(session: Session, sink: MailSink, row: OutboundMessage, now: datetime, stats: DeliveryStats) -> None:
    """A sender died mid-send: mark sent if the sink saw it go out, else requeue; never guess 'sent'."""
    seen = sink.already_sent(row.message_id)
    if seen:
        row.status, row.sent_at = OutboundStatus.SENT, now
        stats.recovered += 1
    elif seen is False:
        row.status, row.next_attempt_at = OutboundStatus.QUEUED, now
    else:
        # No way to tell: sending again could duplicate a cancellation request, so staff decide.
        row.status, row.last_error = OutboundStatus.FAILED, "interrupted mid-send; delivery unknown, check before resending"
        stats.failed += 1
        stats.failed_ids.append(row.id or 0)
    session.add(row)
    session.commit()


def check_recipients(recipients: list[str], allowed: set[str]) -> None:
    """Refuse any recipient not in `allowed` (registry addresses and the merchant's own)."""
    bad = [r for r in recipients if r.lower() not in allowed]
    if bad:
        raise PolicyError(f"recipient(s) not allowed: {', '.join(bad)}")
