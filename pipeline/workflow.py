"""What a provider message does to its case: decide the event, apply it, queue the reply."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from sqlmodel import Session

from pipeline import cases, letters
from pipeline.errors import PolicyError, TransitionRefused
from pipeline.findings import Analysis, Kind
from pipeline.matching import match
from pipeline.models import Case, CaseKind, InboundMessage, ReviewStatus
from pipeline.runtime import Runtime
from pipeline.states import TRUSTED_ONLY, Event, State

KIND_EVENTS: dict[Kind, Event] = {
    Kind.CANCEL_ACKNOWLEDGED: Event.ACKNOWLEDGED,
    Kind.CANCEL_CONFIRMED: Event.CONFIRMED,
    Kind.CANCEL_REJECTED: Event.REJECTED,
    Kind.INFO_REQUESTED: Event.INFO_REQUESTED,
    Kind.FEE_NOTICE: Event.FEE_NOTICE,
    Kind.REFUND_PROCESSING: Event.REFUND_PROCESSING,
    Kind.REFUND_COMPLETED: Event.REFUND_COMPLETED,
    Kind.REFUND_REJECTED: Event.REFUND_REJECTED,
    Kind.SHIPPED: Event.SHIPPED,
    Kind.DEVICE_RETURN_INSTRUCTIONS: Event.RETURN_INSTRUCTIONS,
}

OPENING_KINDS = frozenset({Kind.APPLICATION_RECEIVED, Kind.APPLICATION_APPROVED, Kind.SHIPPED})
IGNORED_KINDS = frozenset({Kind.AUTO_REPLY, Kind.BOUNCE, Kind.MARKETING, Kind.UNRELATED})


class Outcome(str, enum.Enum):
    IGNORED = "ignored"          # not about a case (marketing, auto-reply …)
    OPENED = "opened"
    UPDATED = "updated"
    REVIEW = "review"            # staff must look


@dataclass
class Result:
    outcome: Outcome
    case: Case | None = None
    notes: list[str] = field(default_factory=list)


def handle(session: Session, rt: Runtime, row: InboundMessage, a: Analysis) -> Result:
    """Route one analysed message; every path leaves the message linked, ignored or in review."""
    if a.kind in IGNORED_KINDS:
        return Result(Outcome.IGNORED, notes=[f"{a.kind.value}: never counts as a provider reply"])
    found = match(session, a, merchant_id=row.merchant_id or "", key=rt.case_key)
    row.candidates = found.candidates
    if found.case is None:
        if a.kind in OPENING_KINDS:
            return _open_from_confirmation(session, rt, row, a)
        return _to_review(row, found.reason)
    row.case_id = found.case.id
    return _apply(session, rt, row, a, found.case)


def _to_review(row: InboundMessage, reason: str) -> Result:
    row.review_status, row.review_reason = ReviewStatus.PENDING, reason
    return Result(Outcome.REVIEW, notes=[reason])


def _open_from_confirmation(session: Session, rt: Runtime, row: InboundMessage, a: Analysis) -> Result:
    """An application the merchant forwarded: open a case, and request cancellation if config says so."""
    if a.provider == "unknown" or not (a.order_number or a.terminal_sn):
        return _to_review(row, "application confirmation without a known provider or order number/SN")
    merchant = rt.settings.merchant(row.merchant_id or "")
    if not (merchant.auto_request or a.extra.get("cancel_instruction")):
        return _to_review(row, "merchant has not asked to cancel this application")
    kind = CaseKind.RETURN_DEVICE if a.kind is Kind.SHIPPED else CaseKind.CANCEL_APPLICATION
    now = rt.clock.now()
    case, created = cases.open_case(
        session, merchant_id=merchant.id, provider=a.provider, kind=kind, order_number=a.order_number,
        terminal_sn=a.terminal_sn, now=now, message_id=row.id, provider_merchant_id=a.merchant_id,
        amount_claimed=a.amount_cny, urgent=kind is CaseKind.CANCEL_APPLICATION,
    )
    row.case_id = case.id
    if case.state == State.NEW.value:
        _send_request(session, rt, case, row)
    return Result(Outcome.OPENED if created else Outcome.UPDATED, case)


def _send_request(session: Session, rt: Runtime, case: Case, row: InboundMessage | None) -> None:
    provider = rt.registry.get(case.provider)
    merchant = rt.settings.merchant(case.merchant_id)
    try:
        out, _ = letters.queue_case_mail(
            session, rt, case, template="cancel_request", to=provider.cancel_addresses[:1],
            cc=[merchant.email] if merchant.cc_merchant else [], idempotency_key=f"case:{case.id}:request",
        )
    except PolicyError as exc:
        case.attention = str(exc)
        return
    now = rt.clock.now()
    cases.transition(session, case, Event.REQUEST_SENT, now=now, cause="template", outbound_id=out.id,
                     message_id=row.id if row else None)
    case.last_request_at = now
    session.add(case)


def _apply(session: Session, rt: Runtime, row: InboundMessage, a: Analysis, case: Case) -> Result:
    event = KIND_EVENTS.get(a.kind)
    if event is None:
        return Result(Outcome.UPDATED, case, notes=[f"{a.kind.value} recorded on the case"])
    if event in TRUSTED_ONLY and not row.authenticated:
        event = Event.UNTRUSTED
        row.review_status, row.review_reason = ReviewStatus.PENDING, "unauthenticated message would move the case"
    try:
        cases.transition(session, case, event, now=rt.clock.now(), cause="message", message_id=row.id,
                         detail={"kind": a.kind.value})
    except TransitionRefused as exc:
        return _to_review(row, str(exc))
    case.last_provider_reply_at = rt.clock.now()
    session.add(case)
    return Result(Outcome.UPDATED, case)
