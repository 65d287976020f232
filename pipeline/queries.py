"""Read-side queries shared by the CLI, the report and the web view."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from pipeline.models import (Case, CaseEvent, InboundMessage, OutboundMessage, OutboundStatus, ParseStatus,
                             ReviewStatus, SyncCursor)
from pipeline.states import State


def cases(session: Session, *, state: str | None = None, open_only: bool = False) -> list[dict[str, Any]]:
    query = select(Case).order_by(Case.id)
    if state:
        query = query.where(Case.state == state)
    if open_only:
        query = query.where(Case.state != State.CLOSED.value)
    return [c.model_dump(mode="json") for c in session.exec(query).all()]


def messages(session: Session, *, unmatched: bool = False) -> list[dict[str, Any]]:
    query = select(InboundMessage).order_by(InboundMessage.id)
    if unmatched:
        query = query.where(InboundMessage.review_status == ReviewStatus.PENDING)
    return [m.model_dump(mode="json", exclude={"analysis", "traceback"}) for m in session.exec(query).all()]


# --- the staff report: what needs a human -------------------------------------------------------

STALE_AFTER = timedelta(hours=24)
TRUSTED_KINDS = frozenset({"cancel_confirmed", "refund_completed", "cancel_acknowledged"})
ATTENTION_STATES = {State.REJECTED.value: "rejected by the provider",
                    State.ESCALATED.value: "follow-ups exhausted: call the provider",
                    State.NEEDS_REVIEW.value: "needs review"}


def review_messages(session: Session) -> list[InboundMessage]:
    """Messages staff must look at: waiting for review, or quarantined and not yet dismissed."""
    query = select(InboundMessage).where(or_(
        InboundMessage.review_status == ReviewStatus.PENDING,
        and_(InboundMessage.parse_status == ParseStatus.QUARANTINED,
             InboundMessage.review_status != ReviewStatus.DISMISSED),
    ))
    return list(session.exec(query.order_by(InboundMessage.received_at, InboundMessage.id)).all())


def open_cases(session: Session) -> list[Case]:
    query = select(Case).where(Case.state != State.CLOSED.value)
    return list(session.exec(query.order_by(Case.state, Case.provider, Case.created_at)).all())


def attention_reasons(session: Session, now: datetime, refund_deadline_days: int) -> dict[int, list[str]]:
    """Open cases a human must act on, each with every reason that applies."""
    reasons: dict[int, list[str]] = {}
    for case in open_cases(session):
        found = _case_reasons(case, now, refund_deadline_days)
        if found:
            reasons[case.id or 0] = found
    for case_id, count in _failed_sends(session):
        reasons.setdefault(case_id, []).append(f"{count} outbound message(s) failed to send")
    for case_id, subject in _unauthenticated_confirmations(session):
        reasons.setdefault(case_id, []).append(f"unauthenticated provider mail: {subject}")
    return reasons


def _case_reasons(case: Case, now: datetime, refund_deadline_days: int) -> list[str]:
    found = []
    if case.state in ATTENTION_STATES:
        found.append(ATTENTION_STATES[case.state])
    if case.waiting_on_merchant:
        found.append("waiting on the merchant")
    if case.attention:
        found.append(case.attention)
    if case.state == State.REFUND_PENDING.value:
        due = case.deadline or (case.updated_at + timedelta(days=refund_deadline_days))
        if due < now:
            found.append(f"refund overdue since {due:%Y-%m-%d}")
    if _refund_short(case):
        found.append(f"refund short: {case.amount_refunded} of {_refund_owed(case)} CNY")
    return found


def _refund_owed(case: Case) -> float:
    return round((case.amount_claimed or 0.0) - (case.amount_penalty or 0.0), 2)


def _refund_short(case: Case) -> bool:
    return case.amount_refunded is not None and case.amount_refunded + 0.005 < _refund_owed(case)


def _failed_sends(session: Session) -> list[tuple[int, int]]:
    query = (select(OutboundMessage.case_id, func.count())
             .where(OutboundMessage.status == OutboundStatus.FAILED, OutboundMessage.case_id.is_not(None))  # type: ignore[union-attr]
             .group_by(OutboundMessage.case_id))
    return [(int(cid), int(n)) for cid, n in session.exec(query).all()]


def _unauthenticated_confirmations(session: Session) -> list[tuple[int, str]]:
    query = select(InboundMessage.case_id, InboundMessage.subject).where(
        InboundMessage.case_id.is_not(None),  # type: ignore[union-attr]
        InboundMessage.authenticated.is_(False),  # type: ignore[attr-defined]
        InboundMessage.kind.in_(TRUSTED_KINDS),  # type: ignore[union-attr]
        InboundMessage.review_status == ReviewStatus.PENDING,
    )
    return [(int(cid), subject) for cid, subject in session.exec(query).all()]


def case_events(session: Session, case_id: int) -> list[CaseEvent]:
    query = select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
    return list(session.exec(query).all())


def mailbox_health(session: Session, now: datetime) -> list[dict[str, Any]]:
    """One row per synced folder; `stale` when it has not succeeded within the last 24 hours."""
    rows = []
    for cursor in session.exec(select(SyncCursor).order_by(SyncCursor.mailbox, SyncCursor.folder)).all():
        row = cursor.model_dump(mode="json")
        row["stale"] = cursor.last_success_at is None or now - cursor.last_success_at > STALE_AFTER
        rows.append(row)
    return rows
