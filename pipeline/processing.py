"""The driver loop: each recorded message is analysed, trusted or not, and routed, one at a time.

A message whose analysis or routing crashes is quarantined with the reason and
traceback for staff: never dropped, never retried silently.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from sqlmodel import Session, select

from pipeline import trust, workflow
from pipeline.errors import CancelflowError
from pipeline.findings import Analysis
from pipeline.models import InboundMessage, ParseStatus, ReviewStatus
from pipeline.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass
class ProcessStats:
    processed: int = 0
    quarantined: int = 0
    opened: int = 0
    updated: int = 0
    review: int = 0
    ignored: int = 0


def process_pending(session: Session, rt: Runtime, *, mailbox: str | None = None) -> ProcessStats:
    """Process every recorded message not processed yet (optionally of one mailbox)."""
    stats = ProcessStats()
    query = select(InboundMessage.id).where(InboundMessage.processed_at.is_(None))  # type: ignore[union-attr]
    if mailbox is not None:
        query = query.where(InboundMessage.mailbox == mailbox)
    for message_pk in session.exec(query.order_by(InboundMessage.id)).all():
        row = session.get(InboundMessage, message_pk)
        if row is not None and row.processed_at is None:
            process_one(session, rt, row, stats)
    return stats


def process_one(session: Session, rt: Runtime, row: InboundMessage, stats: ProcessStats) -> None:
    """Analyse and route `row`, committing its result; quarantine it if anything crashes."""
    stats.processed += 1
    try:
        if row.parse_status is not ParseStatus.DUPLICATE:
            _route(session, rt, row, stats)
    except Exception as exc:  # quarantine is the contract: a bad message never stops the run
        session.rollback()
        _quarantine(row, exc)
        stats.quarantined += 1
        log.warning("message %s quarantined: %s", row.id, exc)
    row.processed_at = rt.clock.now()
    session.add(row)
    session.commit()


def _route(session: Session, rt: Runtime, row: InboundMessage, stats: ProcessStats) -> None:
    raw = rt.store.get(row.raw_path)
    a = rt.analyser.analyse(raw)
    _record_analysis(row, a)
    merchant = rt.settings.merchant(row.merchant_id) if row.merchant_id else None
    row.authenticated = bool(merchant) and trust.authenticated(raw, a, rt.registry, rt.settings, merchant)
    if merchant is None:
        row.review_status, row.review_reason = ReviewStatus.PENDING, "message has no owning merchant"
        stats.review += 1
        return
    result = workflow.handle(session, rt, row, a)
    setattr(stats, result.outcome.value, getattr(stats, result.outcome.value) + 1)


def _record_analysis(row: InboundMessage, a: Analysis) -> None:
    row.parse_status = ParseStatus.OK
    row.provider, row.kind, row.confidence = a.provider, a.kind.value, a.confidence
    row.forwarded = a.forwarded
    row.subject = a.subject or row.subject
    row.analysis = a.to_json()


def _quarantine(row: InboundMessage, exc: Exception) -> None:
    row.parse_status = ParseStatus.QUARANTINED
    row.quarantine_reason = f"{type(exc).__name__}: {exc}" if isinstance(exc, CancelflowError) else repr(exc)
    row.traceback = traceback.format_exc()
    row.review_status, row.review_reason = ReviewStatus.PENDING, "quarantined: " + row.quarantine_reason[:200]
