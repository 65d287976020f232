"""What a message does to its case: match it, decide (pure), then apply the decision.

Applying means one compare-and-set transition (logged as a CaseEvent with its
cause), the case fields the decision names, and any mail it asks for, queued
in the outbox in the same transaction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from pipeline import cases, followups, letters, trust
from pipeline.decisions import APPLICATION_KINDS, Action, Decision, case_facts, decide, wants_cancel
from pipeline.errors import PolicyError, TransitionRefused
from pipeline.findings import UNKNOWN_PROVIDER, Analysis, Kind
from pipeline.masking import mask
from pipeline.matching import match
from pipeline.models import AddressFlag, Case, CaseEvent, CaseKind, InboundMessage, ReviewStatus
from pipeline.runtime import Runtime
from pipeline.states import Event, State
from pipeline.trust import Verdict

OPENING_KINDS = frozenset({*APPLICATION_KINDS, Kind.SHIPPED})
IGNORED_KINDS = frozenset({Kind.MARKETING, Kind.UNRELATED})


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


def handle(session: Session, rt: Runtime, row: InboundMessage, a: Analysis, verdict: Verdict | None = None) -> Result:
    """Route one analysed message; every path leaves the message linked, ignored or in review."""
    if _from_merchant(rt, row, a):
        return merchant_message(session, rt, row, a)
    if a.kind in IGNORED_KINDS:
        return Result(Outcome.IGNORED, notes=[f"{a.kind.value}: not about a case"])
    verdict = verdict or _verdict(rt, row, a)
    found = match(session, a, merchant_id=row.merchant_id or "", key=rt.case_key)
    row.candidates = found.candidates
    if found.case is None:
        if a.kind in OPENING_KINDS:
            return open_from_confirmation(session, rt, row, a)
        if a.kind in (Kind.AUTO_REPLY, Kind.BOUNCE):
            return Result(Outcome.IGNORED, notes=[f"unmatched {a.kind.value}"])
        return _to_review(row, found.reason)
    return apply(session, rt, row, a, found.case, verdict)


def _from_merchant(rt: Runtime, row: InboundMessage, a: Analysis) -> bool:
    """The merchant writing in its own words (not forwarding): never a provider message."""
    if a.forwarded or row.merchant_id is None:
        return False
    return a.from_addr.lower() == rt.settings.merchant(row.merchant_id).email.lower()


def merchant_message(session: Session, rt: Runtime, row: InboundMessage, a: Analysis) -> Result:
    """The merchant answers what a provider asked for; anything else from the merchant goes to staff."""
    found = match(session, a, merchant_id=row.merchant_id or "", key=rt.case_key)
    row.candidates = found.candidates
    if found.case is None:
        return Result(Outcome.IGNORED, notes=["merchant's own message about no case"])
    row.case_id = found.case.id
    if not found.case.waiting_on_merchant:
        return _to_review(row, "message from the merchant about this case", found.case)
    return _merchant_answer(session, rt, row, a, found.case)


def _merchant_answer(session: Session, rt: Runtime, row: InboundMessage, a: Analysis, case: Case) -> Result:
    for name, value in (("order_number", a.order_number), ("terminal_sn", a.terminal_sn),
                        ("provider_merchant_id", a.merchant_id)):
        if value and not getattr(case, name):
            setattr(case, name, value)
    requested = _last_requested(session, case)
    merchant = rt.settings.merchant(case.merchant_id)
    facts = case_facts(case, merchant_name=merchant.name, phone=merchant.contact_phone)
    missing = [f for f in requested if not facts.get(f)]
    if not requested or missing:
        case.attention = f"merchant answered; still missing {', '.join(missing) or 'unrecognised items'}"
        session.add(case)
        return _to_review(row, case.attention, case)
    case.waiting_on_merchant, case.attention = False, None
    _send_info(session, rt, case, row, a, Decision(requested=tuple(requested)))
    session.add(case)
    return Result(Outcome.UPDATED, case)


def _last_requested(session: Session, case: Case) -> list[str]:
    """The fields the provider's latest info request asked for (kept in its CaseEvent)."""
    query = select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == Event.INFO_REQUESTED.value)
    event = session.exec(query.order_by(CaseEvent.id.desc())).first()  # type: ignore[union-attr]
    return list(event.detail.get("requested", [])) if event else []


def _verdict(rt: Runtime, row: InboundMessage, a: Analysis) -> Verdict:
    """Why the message is (not) trusted; the driver stored only the yes/no."""
    if row.authenticated:
        return Verdict(True, "authenticated when processed")
    if row.merchant_id is None:
        return Verdict(False, "no owning merchant")
    raw = rt.store.get(row.raw_path)
    return trust.assess(raw, a, rt.registry, rt.settings, rt.settings.merchant(row.merchant_id))


def _to_review(row: InboundMessage, reason: str, case: Case | None = None) -> Result:
    row.review_status, row.review_reason = ReviewStatus.PENDING, reason
    return Result(Outcome.REVIEW, case, notes=[reason])


def open_from_confirmation(session: Session, rt: Runtime, row: InboundMessage, a: Analysis) -> Result:
    """An application the merchant forwarded: open a case, and request cancellation if config says so."""
    if a.provider == UNKNOWN_PROVIDER or not (a.order_number or a.terminal_sn):
        return _to_review(row, "application confirmation without a known provider or order number/SN")
    merchant = rt.settings.merchant(row.merchant_id or "")
    if not (merchant.for_provider(a.provider).auto_request or wants_cancel(a)):
        return _to_review(row, "merchant has not asked to cancel this application")
    kind = CaseKind.RETURN_DEVICE if a.kind is Kind.SHIPPED else CaseKind.CANCEL_APPLICATION
    case, created = cases.open_case(
        session, merchant_id=merchant.id, provider=a.provider, kind=kind, order_number=a.order_number,
        terminal_sn=a.terminal_sn, now=rt.clock.now(), message_id=row.id, provider_merchant_id=a.merchant_id,
        amount_claimed=a.amount_cny, urgent=kind is CaseKind.CANCEL_APPLICATION,
    )
    row.case_id = case.id
    if case.state == State.NEW.value:
        send_request(session, rt, case, message_id=row.id)
    return Result(Outcome.OPENED if created else Outcome.UPDATED, case)


def send_request(session: Session, rt: Runtime, case: Case, *, message_id: int | None = None,
                 actor: str = "cancelflow") -> bool:
    """Queue the cancellation request and move the case to requested; False if a policy stopped it."""
    to, cc = letters.provider_recipients(rt, case)
    try:
        out, _ = letters.queue_case_mail(session, rt, case, template="cancel_request", to=to, cc=cc,
                                         idempotency_key=f"case:{case.id}:request")
    except PolicyError as exc:
        _flag(session, case, str(exc))
        return False
    now = rt.clock.now()
    cases.transition(session, case, Event.REQUEST_SENT, now=now, cause="template", actor=actor,
                     outbound_id=out.id, message_id=message_id)
    case.last_request_at = now
    followups.schedule(rt, case)
    session.add(case)
    return True


def apply(session: Session, rt: Runtime, row: InboundMessage, a: Analysis, case: Case, verdict: Verdict) -> Result:
    """Decide what `a` means for `case` and carry it out."""
    merchant = rt.settings.merchant(case.merchant_id)
    facts = case_facts(case, merchant_name=merchant.name, phone=merchant.contact_phone)
    d = decide(case, a, trusted=verdict.trusted, trust_reason=verdict.reason, now=rt.clock.now(), facts=facts,
               refund_deadline_days=rt.settings.followup.refund_deadline_days)
    if d.link:
        row.case_id = case.id
    try:
        _transition(session, rt, case, d, row, a)
    except TransitionRefused as exc:
        return _to_review(row, str(exc), case)
    _update(session, rt, case, d)
    for action in d.actions:
        _ACTIONS[action](session, rt, case, row, a, d)
    if d.review:
        return _to_review(row, d.review, case)
    return Result(Outcome.UPDATED, case)


def _transition(session: Session, rt: Runtime, case: Case, d: Decision, row: InboundMessage, a: Analysis) -> None:
    if d.event is None:
        return
    detail: dict[str, object] = {"kind": a.kind.value}
    if d.requested:
        detail["requested"] = list(d.requested)  # read back when the merchant answers
    cases.transition(session, case, d.event, now=rt.clock.now(), cause="message", message_id=row.id, detail=detail)


def _update(session: Session, rt: Runtime, case: Case, d: Decision) -> None:
    now = rt.clock.now()
    for name, value in d.updates.items():
        setattr(case, name, value)
    if d.attention:
        case.attention = d.attention
    if d.provider_reply:
        case.last_provider_reply_at = now
        case.followup_count = 0  # the provider answered: the follow-up schedule starts again
    followups.schedule(rt, case)
    session.add(case)
    if d.updates or d.attention:
        cases.log_event(session, case, "updated", now=now, cause="message",
                        detail={"updates": {k: str(v) for k, v in d.updates.items()}, "attention": d.attention})


def _flag(session: Session, case: Case, reason: str) -> None:
    case.attention = reason
    session.add(case)


def _send_return_request(session: Session, rt: Runtime, case: Case, row: InboundMessage, a: Analysis,
                         d: Decision) -> None:
    to, cc = letters.provider_recipients(rt, case)
    try:
        letters.queue_case_mail(session, rt, case, template="cancel_request", to=to, cc=cc,
                                idempotency_key=f"case:{case.id}:return-request")
    except PolicyError as exc:
        _flag(session, case, str(exc))


def _send_info(session: Session, rt: Runtime, case: Case, row: InboundMessage, a: Analysis, d: Decision) -> None:
    """Answer the provider with exactly the facts it asked for, then back to acknowledged."""
    merchant = rt.settings.merchant(case.merchant_id)
    facts = case_facts(case, merchant_name=merchant.name, phone=merchant.contact_phone)
    to, cc = letters.provider_recipients(rt, case)
    try:
        out, _ = letters.queue_case_mail(session, rt, case, template="info_reply", to=to, cc=cc,
                                         idempotency_key=f"case:{case.id}:info:{row.id}",
                                         extra={"facts": {f: facts[f] for f in d.requested if f in facts}})
    except PolicyError as exc:
        _flag(session, case, str(exc))
        return
    cases.transition(session, case, Event.INFO_SUPPLIED, now=rt.clock.now(), cause="template",
                     outbound_id=out.id, message_id=row.id, detail={"fields": list(d.requested)})
    case.last_request_at = rt.clock.now()
    followups.schedule(rt, case)


def _ask_merchant(session: Session, rt: Runtime, case: Case, row: InboundMessage, a: Analysis, d: Decision) -> None:
    to, language = letters.merchant_recipients(rt, case)
    missing = [f for f in d.requested if not getattr(case, _CASE_FIELD.get(f, f), None)] or ["unrecognised"]
    try:
        letters.queue_case_mail(session, rt, case, template="ask_merchant", to=to, language=language,
                                idempotency_key=f"case:{case.id}:ask:{row.id}",
                                extra={"missing": missing,
                                       "provider_text": mask((a.new_text or "")[:2000], rt.settings.masking,
                                                             (case.order_number, case.terminal_sn))})
    except PolicyError as exc:
        _flag(session, case, str(exc))


_CASE_FIELD = {"merchant_id": "provider_merchant_id"}


def _start_refund(session: Session, rt: Runtime, case: Case, row: InboundMessage, a: Analysis, d: Decision) -> None:
    cases.transition(session, case, Event.REFUND_PROCESSING, now=rt.clock.now(), cause="message",
                     message_id=row.id, detail={"reason": "confirmed with money owed"})


def _close(session: Session, rt: Runtime, case: Case, row: InboundMessage, a: Analysis, d: Decision) -> None:
    cases.transition(session, case, Event.CLOSE, now=rt.clock.now(), cause="message", message_id=row.id,
                     detail={"reason": f"{a.kind.value}: nothing left to do"})
    case.next_action_at = None
    session.add(case)


def _flag_bounce(session: Session, rt: Runtime, case: Case, row: InboundMessage, a: Analysis, d: Decision) -> None:
    """Flag every address of ours on this case that the bounce names; staff must clear it."""
    text = f"{a.subject}\n{a.new_text}".lower()
    for address in sorted(letters.allowed_recipients(rt, case)):
        if address in text:
            flag_address(session, address, reason=f"hard bounce on case {case.id}", now=rt.clock.now(),
                         message_id=row.id)


def flag_address(session: Session, address: str, *, reason: str, now: datetime, message_id: int | None) -> None:
    existing = session.exec(select(AddressFlag).where(AddressFlag.address == address.lower())).first()
    if existing is None:
        session.add(AddressFlag(address=address.lower(), reason=reason, at=now, message_id=message_id))
        session.flush()


_ACTIONS = {
    Action.SEND_REQUEST: lambda s, rt, c, row, a, d: send_request(s, rt, c, message_id=row.id),
    Action.SEND_RETURN_REQUEST: _send_return_request,
    Action.SEND_INFO: _send_info,
    Action.ASK_MERCHANT: _ask_merchant,
    Action.START_REFUND: _start_refund,
    Action.CLOSE: _close,
    Action.FLAG_BOUNCE: _flag_bounce,
}
