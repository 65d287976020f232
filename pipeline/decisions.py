"""What a provider message means for its case: a pure decision, no I/O.

`decide(case, analysis, ...)` returns a `Decision`; `pipeline.workflow` applies
it (transition, mail, flags). Keeping the two apart lets tests state every rule
as plain data in, plain data out.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pipeline.findings import Analysis, Kind
from pipeline.models import Case, CaseKind
from pipeline.states import Event, State, needs_trust, next_state

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

APPLICATION_KINDS = frozenset({Kind.APPLICATION_RECEIVED, Kind.APPLICATION_APPROVED})

# The merchant's own words in a forwarding note that ask us to act. A fallback for
# extra["cancel_instruction"], which the classifiers set from config/classifiers.
CANCEL_WORDS = re.compile(r"取消|退订|退款|注销|撤单|解约|退机|不要了|不用了|cancel|refund|unsubscribe", re.I)
NEGATED = re.compile(r"(?:不要|不用|别|勿|无需|don'?t|do not|no need to)\s*(?:取消|退订|注销|cancel)", re.I)

# Facts a provider may ask for, and the words it uses; a fallback for extra["requested_info"].
FIELD_WORDS: dict[str, re.Pattern[str]] = {
    "order_number": re.compile(r"订单号|订单编号|申请单号|order\s*(?:no|number)", re.I),
    "terminal_sn": re.compile(r"机身号|机身序号|序列号|终端编号|设备编号|POS机编号|\bS/?N\b|serial", re.I),
    "merchant_id": re.compile(r"商户号|商户编号|\bMID\b|merchant\s*id", re.I),
    "phone": re.compile(r"联系电话|手机号|注册手机|phone", re.I),
    "merchant_name": re.compile(r"商户名称|merchant\s*name", re.I),
}


class Action(str, enum.Enum):
    SEND_REQUEST = "send_request"          # first cancellation request to the provider
    SEND_RETURN_REQUEST = "send_return_request"  # shipped: ask to terminate and take the device back
    SEND_INFO = "send_info"                # answer an info request with facts the case holds
    ASK_MERCHANT = "ask_merchant"          # the case lacks what the provider wants
    START_REFUND = "start_refund"          # confirmed with money owed: wait for the refund
    CLOSE = "close"                        # nothing left to do
    FLAG_BOUNCE = "flag_bounce"            # hard bounce: flag the address and the case


@dataclass(frozen=True)
class Decision:
    event: Event | None = None
    actions: tuple[Action, ...] = ()
    review: str | None = None           # the message goes to staff with this reason
    attention: str | None = None        # the case is flagged for staff with this reason
    provider_reply: bool = False        # a real reply: resets the follow-up clock
    link: bool = True                   # False: the case is only a candidate of the message
    updates: dict[str, Any] = field(default_factory=dict)
    requested: tuple[str, ...] = ()     # fields the provider asked for


def wants_cancel(a: Analysis) -> bool:
    """True if the merchant's forwarding note asks us to cancel (classifier verdict first)."""
    verdict = a.extra.get("cancel_instruction")
    if isinstance(verdict, bool) and verdict:
        return True
    note = a.merchant_note or ""
    return bool(CANCEL_WORDS.search(note)) and not NEGATED.search(note)


def requested_fields(a: Analysis) -> list[str]:
    """Fields the provider asks for: the classifier's list, else keywords in its newest text."""
    listed = a.extra.get("requested_info") or a.extra.get("requested_fields")
    if isinstance(listed, list) and listed:
        return [str(f) for f in listed]
    return [name for name, words in FIELD_WORDS.items() if words.search(a.new_text or "")]


def case_facts(case: Case, *, merchant_name: str, phone: str) -> dict[str, str | None]:
    """What the case can answer, by field name."""
    return {"order_number": case.order_number, "terminal_sn": case.terminal_sn,
            "merchant_id": case.provider_merchant_id, "phone": phone or None,
            "merchant_name": merchant_name}


def decide(case: Case, a: Analysis, *, trusted: bool, trust_reason: str, now: datetime,
           facts: dict[str, str | None], refund_deadline_days: int) -> Decision:
    """The decision for a message already matched to `case`."""
    if a.kind is Kind.AUTO_REPLY:
        return Decision()  # never a provider reply: the clock keeps running
    if a.kind is Kind.BOUNCE:
        return _bounce(a)
    if a.kind in APPLICATION_KINDS:
        return _application_again(case, a)
    event = KIND_EVENTS.get(a.kind)
    if event is None:
        return Decision(review=f"{a.kind.value} on a case: nothing to apply")
    state = State(case.state)
    if needs_trust(event) and not trusted:
        return _untrusted(case, a, trust_reason)
    if next_state(state, event) is None:
        return Decision(review=f"{event.value} is not allowed in state {state.value}; not applied")
    return _RULES[event](case, a, now, facts, refund_deadline_days)


def _untrusted(case: Case, a: Analysis, reason: str) -> Decision:
    """An unverified message must never advance a case; an inline forward may park it for review."""
    claim = f"unverified {a.kind.value} ({reason})"
    if a.forwarded and next_state(State(case.state), Event.UNTRUSTED) is not None:
        return Decision(Event.UNTRUSTED, review=claim, attention=claim)
    return Decision(review=claim + "; kept as a candidate, case unchanged", attention=claim, link=False)


def _application_again(case: Case, a: Analysis) -> Decision:
    """A second confirmation for the same order fills in what the case lacked."""
    found = {"terminal_sn": a.terminal_sn, "provider_merchant_id": a.merchant_id, "amount_claimed": a.amount_cny}
    updates = {k: v for k, v in found.items() if v is not None and getattr(case, k) is None}
    # A case stuck in new (a policy stopped its request) gets another chance.
    actions = (Action.SEND_REQUEST,) if case.state == State.NEW.value else ()
    return Decision(actions=actions, updates=updates)


def _bounce(a: Analysis) -> Decision:
    text = f"{a.subject}\n{a.new_text}"
    if re.search(r"\b4\.\d\.\d{1,3}\b|delay|延迟|暂时", text, re.I) and not re.search(r"\b5\.\d\.\d{1,3}\b", text):
        return Decision(attention="delivery delayed (temporary); will retry")
    return Decision(actions=(Action.FLAG_BOUNCE,), attention="our mail to the provider bounced")


def _simple(event: Event, **extra: Any):  # type: ignore[no-untyped-def]
    def rule(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None], days: int) -> Decision:
        return Decision(event, provider_reply=True, **extra)
    return rule


def _shipped(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None], days: int) -> Decision:
    """Too late to stop the application: ask to terminate and take the device back instead."""
    updates = {"kind": CaseKind.RETURN_DEVICE, "urgent": False}
    action = Action.SEND_REQUEST if case.state == State.NEW.value else Action.SEND_RETURN_REQUEST
    return Decision(Event.SHIPPED, (action,), provider_reply=True, updates=updates)


def _info(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None], days: int) -> Decision:
    wanted = tuple(requested_fields(a))
    missing = [f for f in wanted if not facts.get(f)]
    if a.extra.get("automatic_headers"):
        # RFC 3834: a message marked automatic is never answered automatically (no mail loops).
        return Decision(Event.INFO_REQUESTED, (Action.ASK_MERCHANT,), provider_reply=True, requested=wanted,
                        attention="an automatic message asks for information; answer it by hand",
                        updates={"waiting_on_merchant": True})
    if wanted and not missing:
        return Decision(Event.INFO_REQUESTED, (Action.SEND_INFO,), provider_reply=True, requested=wanted)
    what = ", ".join(missing) or "unrecognised items"
    return Decision(Event.INFO_REQUESTED, (Action.ASK_MERCHANT,), provider_reply=True, requested=wanted,
                    attention=f"provider asks for {what}; waiting on the merchant",
                    updates={"waiting_on_merchant": True})


def _confirmed(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None], days: int) -> Decision:
    """Done, unless money is owed back: then wait for the refund."""
    if case.kind is CaseKind.REFUND_FEE or a.amount_cny:
        claimed = case.amount_claimed if case.amount_claimed is not None else a.amount_cny
        updates = {"amount_claimed": claimed, "deadline": case.deadline or now + timedelta(days=days)}
        return Decision(Event.CONFIRMED, (Action.START_REFUND,), provider_reply=True, updates=updates)
    return Decision(Event.CONFIRMED, (Action.CLOSE,), provider_reply=True)


def _fee(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None], days: int) -> Decision:
    amount = f"¥{a.amount_cny:g}" if a.amount_cny is not None else "an unstated amount"
    return Decision(Event.FEE_NOTICE, provider_reply=True, updates={"amount_penalty": a.amount_cny},
                    attention=f"provider demands a fee of {amount}; staff decide")


def _rejected(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None], days: int) -> Decision:
    updates = {"amount_penalty": a.amount_cny} if a.amount_cny is not None else {}
    return Decision(Event.REJECTED, provider_reply=True, updates=updates,
                    attention="provider refused the cancellation; staff decide")


def _refund_processing(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None], days: int) -> Decision:
    return Decision(Event.REFUND_PROCESSING, provider_reply=True,
                    updates={"deadline": case.deadline or now + timedelta(days=days)})


def _refund_completed(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None], days: int) -> Decision:
    """Close only when the full amount arrived in time; otherwise staff look."""
    updates = {"amount_refunded": a.amount_cny}
    problem = refund_problem(case.amount_claimed, a.amount_cny, case.deadline, now)
    if problem:
        return Decision(Event.REFUND_COMPLETED, provider_reply=True, updates=updates, review=problem,
                        attention=problem)
    return Decision(Event.REFUND_COMPLETED, (Action.CLOSE,), provider_reply=True, updates=updates)


def refund_problem(claimed: float | None, refunded: float | None, deadline: datetime | None,
                   now: datetime) -> str | None:
    if refunded is None:
        return "refund completed without a stated amount"
    if claimed is not None and refunded + 0.005 < claimed:
        return f"refund ¥{refunded:g} is below the claimed ¥{claimed:g}"
    if deadline is not None and now > deadline:
        return f"refund arrived after its deadline {deadline.date().isoformat()}"
    return None


def _return_instructions(case: Case, a: Analysis, now: datetime, facts: dict[str, str | None],
                         days: int) -> Decision:
    return Decision(Event.RETURN_INSTRUCTIONS, provider_reply=True,
                    updates={"kind": CaseKind.RETURN_DEVICE, "waiting_on_merchant": True, "urgent": False},
                    attention="the merchant must send the device back as instructed")


_RULES = {
    Event.ACKNOWLEDGED: _simple(Event.ACKNOWLEDGED),
    Event.CONFIRMED: _confirmed,
    Event.REJECTED: _rejected,
    Event.INFO_REQUESTED: _info,
    Event.FEE_NOTICE: _fee,
    Event.REFUND_PROCESSING: _refund_processing,
    Event.REFUND_COMPLETED: _refund_completed,
    Event.REFUND_REJECTED: _simple(Event.REFUND_REJECTED, attention="provider refused the refund; staff decide"),
    Event.SHIPPED: _shipped,
    Event.RETURN_INSTRUCTIONS: _return_instructions,
}
