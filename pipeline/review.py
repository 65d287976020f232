"""Staff actions on messages and cases: the human half of the workflow.

Each action is recorded as a CaseEvent with cause "staff" and the staff name as
actor, and every state change goes through `cases.transition`, so a staff
decision obeys the same table and compare-and-set as an automatic one.
Functions flush; the caller commits (except `reprocess`, which commits like the
pipeline it re-runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from pipeline import cases, workflow
from pipeline.errors import CancelflowError, TransitionRefused
from pipeline.findings import Kind
from pipeline.models import Case, CaseEvent, CaseKind, InboundMessage, ParseStatus, ReviewStatus
from pipeline.runtime import Runtime
from pipeline.states import Event, State, needs_trust

CAUSE = "staff"


class StaffActionRefused(CancelflowError):
    """A staff action does not apply to this message or case (names which and why)."""


@dataclass
class Done:
    """What an action did, in words staff can read back."""

    case: Case | None
    notes: list[str] = field(default_factory=list)


def get_message(session: Session, message_pk: int) -> InboundMessage:
    row = session.get(InboundMessage, message_pk)
    if row is None:
        raise StaffActionRefused(f"message {message_pk}: no such message")
    return row


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise StaffActionRefused(f"case {case_id}: no such case")
    return case


def assign(session: Session, rt: Runtime, message_pk: int, case_id: int, *, staff: str) -> Done:
    """Link a message to a case and apply what it says, as the pipeline would have on a match."""
    row, case = get_message(session, message_pk), get_case(session, case_id)
    _must_await_review(row)
    if row.merchant_id and row.merchant_id != case.merchant_id:
        raise StaffActionRefused(f"message {message_pk} belongs to merchant {row.merchant_id}, "
                                 f"case {case_id} to {case.merchant_id}")
    _resolve(session, row, case, f"assigned to case {case.id} by {staff}")
    cases.log_event(session, case, "staff_assigned", now=rt.clock.now(), cause=CAUSE, actor=staff,
                    message_id=row.id)
    return Done(case, _apply_kind(session, rt, row, case, staff))


def _apply_kind(session: Session, rt: Runtime, row: InboundMessage, case: Case, staff: str) -> list[str]:
    from pipeline.decisions import KIND_EVENTS  # the workflow's own mapping, so both paths agree

    event = KIND_EVENTS.get(Kind(row.kind)) if row.kind in Kind._value2member_map_ else None
    if event is None:
        return [f"message kind {row.kind or 'unknown'} does not move the case"]
    if needs_trust(event) and not row.authenticated:
        # Assigning says which case a mail belongs to, not that a forgeable mail is true.
        return [f"unauthenticated {row.kind}: state left at {case.state}; act on the case yourself if you trust it"]
    try:
        cases.transition(session, case, event, now=rt.clock.now(), cause=CAUSE, actor=staff,
                         message_id=row.id, detail={"kind": row.kind})
    except TransitionRefused as exc:
        return [str(exc)]
    case.last_provider_reply_at = rt.clock.now()
    session.add(case)
    return [f"case {case.id} is now {case.state}"]


def open_case_from(session: Session, rt: Runtime, message_pk: int, *, staff: str, provider: str | None = None,
                   kind: CaseKind = CaseKind.CANCEL_APPLICATION, order_number: str | None = None,
                   terminal_sn: str | None = None) -> Done:
    """Open a case from a message the pipeline could not place; staff may supply the missing keys."""
    row = get_message(session, message_pk)
    _must_await_review(row)
    found = row.analysis
    provider = provider or (row.provider if row.provider not in (None, "unknown") else None)
    order_number = order_number or found.get("order_number")
    terminal_sn = terminal_sn or found.get("terminal_sn")
    if not row.merchant_id or not provider or not (order_number or terminal_sn):
        raise StaffActionRefused(f"message {message_pk}: a case needs a merchant, a provider and an order "
                                 "number or SN (give --provider/--order/--sn)")
    case, created = cases.open_case(
        session, merchant_id=row.merchant_id, provider=provider, kind=kind, order_number=order_number,
        terminal_sn=terminal_sn, now=rt.clock.now(), opened_by=staff, cause=CAUSE, message_id=row.id,
        provider_merchant_id=found.get("merchant_id"), amount_claimed=found.get("amount_cny"))
    _resolve(session, row, case, f"{'opened' if created else 'linked to existing'} case {case.id} by {staff}")
    if not created:
        cases.log_event(session, case, "staff_assigned", now=rt.clock.now(), cause=CAUSE, actor=staff,
                        message_id=row.id)
    # Same as `case open`: a case staff open is a case the merchant wants cancelled, so ask at once.
    requested = case.state == State.NEW.value and workflow.send_request(session, rt, case, message_id=row.id,
                                                                         actor=staff)
    notes = [f"case {case.id} {'opened' if created else 'already existed'}"]
    return Done(case, notes + (["cancellation request queued"] if requested else []))


def dismiss(session: Session, rt: Runtime, message_pk: int, *, reason: str, staff: str) -> Done:
    """Take a message off the review list for good, saying who and why."""
    row = get_message(session, message_pk)
    _must_await_review(row)
    row.review_status, row.review_reason = ReviewStatus.DISMISSED, f"dismissed by {staff}: {reason}"
    session.add(row)
    case = session.get(Case, row.case_id) if row.case_id else None
    if case is not None:
        cases.log_event(session, case, "staff_dismissed", now=rt.clock.now(), cause=CAUSE, actor=staff,
                        message_id=row.id, detail={"reason": reason})
    session.flush()
    return Done(case, [row.review_reason])


def note(session: Session, rt: Runtime, case_id: int, text: str, *, staff: str) -> CaseEvent:
    case = get_case(session, case_id)
    return cases.log_event(session, case, "note", now=rt.clock.now(), cause=CAUSE, actor=staff,
                           detail={"text": text})


def close(session: Session, rt: Runtime, case_id: int, *, reason: str, staff: str) -> State:
    return _staff_transition(session, rt, case_id, Event.CLOSE, reason, staff)


def reopen(session: Session, rt: Runtime, case_id: int, *, reason: str, staff: str) -> State:
    return _staff_transition(session, rt, case_id, Event.REOPEN, reason, staff)


def _staff_transition(session: Session, rt: Runtime, case_id: int, event: Event, reason: str, staff: str) -> State:
    case = get_case(session, case_id)
    try:
        return cases.transition(session, case, event, now=rt.clock.now(), cause=CAUSE, actor=staff,
                                detail={"reason": reason})
    except TransitionRefused as exc:
        raise StaffActionRefused(str(exc)) from exc


def reprocess(session: Session, rt: Runtime, message_pk: int, *, staff: str) -> Done:
    """Run a quarantined or unmatched message through the pipeline again, e.g. after a config fix."""
    from pipeline.processing import ProcessStats, process_one

    row = get_message(session, message_pk)
    _must_await_review(row)
    if row.case_id is not None:
        raise StaffActionRefused(f"message {message_pk} is already linked to case {row.case_id}")
    _forget_outcome(row)
    session.add(row)
    session.commit()  # process_one rolls back on a crash; the reset must survive that
    process_one(session, rt, row, ProcessStats())
    session.refresh(row)
    case = session.get(Case, row.case_id) if row.case_id else None
    if case is not None:
        cases.log_event(session, case, "staff_reprocessed", now=rt.clock.now(), cause=CAUSE, actor=staff,
                        message_id=row.id)
        session.commit()
    return Done(case, [_outcome(row)])


def _forget_outcome(row: InboundMessage) -> None:
    row.parse_status = ParseStatus.PENDING
    row.quarantine_reason = row.traceback = None
    row.review_status, row.review_reason = ReviewStatus.NONE, None
    row.candidates = []
    row.processed_at = None


def _outcome(row: InboundMessage) -> str:
    if row.parse_status is ParseStatus.QUARANTINED:
        return f"message {row.id} quarantined again: {row.quarantine_reason}"
    if row.review_status is ReviewStatus.PENDING:
        return f"message {row.id} still needs review: {row.review_reason}"
    if row.case_id is not None:
        return f"message {row.id} now belongs to case {row.case_id}"
    return f"message {row.id} processed: {row.kind or 'no kind'}, nothing to do"


def _must_await_review(row: InboundMessage) -> None:
    waiting = row.review_status is ReviewStatus.PENDING or row.parse_status is ParseStatus.QUARANTINED
    if not waiting or row.review_status is ReviewStatus.DISMISSED:
        raise StaffActionRefused(f"message {row.id} is not waiting for review ({row.review_status.value})")


def _resolve(session: Session, row: InboundMessage, case: Case, reason: str) -> None:
    row.case_id = case.id
    row.review_status, row.review_reason = ReviewStatus.RESOLVED, reason
    session.add(row)
    session.flush()
