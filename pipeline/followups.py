"""Chasing a silent provider: follow-ups on a business-day schedule, then escalation.

The schedule counts business days from the case's anchor: our last request or
the provider's last real reply, whichever is later. Auto-replies and bounces
never move the anchor. After the last follow-up the case is escalated and the
merchant is told a phone call is needed.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from pipeline import cases, letters
from pipeline.businessdays import BusinessCalendar, calendar_for
from pipeline.errors import PolicyError, TransitionRefused
from pipeline.models import Case
from pipeline.runtime import Runtime
from pipeline.settings import FollowUp
from pipeline.states import FOLLOWING_UP, Event, State

log = logging.getLogger(__name__)


class Step(str, enum.Enum):
    FOLLOW_UP = "follow_up"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class Due:
    step: Step
    at: datetime
    number: int  # 1-based follow-up number; for escalation, the follow-ups already sent


def next_due(case: Case, policy: FollowUp, cal: BusinessCalendar) -> Due | None:
    """The next scheduled step for `case`, or None if nothing is scheduled (pure)."""
    anchor = _anchor(case)
    if anchor is None or State(case.state) not in FOLLOWING_UP or case.waiting_on_merchant:
        return None
    days, sent = policy.business_days, case.followup_count
    if sent < len(days):
        return Due(Step.FOLLOW_UP, cal.add(anchor, days[sent]), sent + 1)
    return Due(Step.ESCALATE, cal.add(anchor, days[-1] + policy.escalate_after_business_days), sent)


def _anchor(case: Case) -> datetime | None:
    times = [t for t in (case.last_request_at, case.last_provider_reply_at) if t is not None]
    return max(times) if times else None


def schedule(rt: Runtime, case: Case) -> None:
    """Set `case.next_action_at` from the schedule (None: nothing due)."""
    due = next_due(case, rt.settings.followup, calendar_for(rt.settings))
    case.next_action_at = due.at if due else None


def run_due(session: Session, rt: Runtime) -> int:
    """Send every follow-up and escalation that is due now; return how many actions were taken."""
    now, done = rt.clock.now(), 0
    waiting = [s.value for s in FOLLOWING_UP]
    query = select(Case).where(Case.state.in_(waiting), Case.next_action_at <= now)  # type: ignore[attr-defined, operator]
    for case in session.exec(query.order_by(Case.id)).all():
        done += _act(session, rt, case, now)
        session.commit()
    return done


def _act(session: Session, rt: Runtime, case: Case, now: datetime) -> int:
    due = next_due(case, rt.settings.followup, calendar_for(rt.settings))
    if due is None or due.at > now:
        case.next_action_at = due.at if due else None
        session.add(case)
        return 0
    try:
        (_follow_up if due.step is Step.FOLLOW_UP else _escalate)(session, rt, case, due, now)
    except (PolicyError, TransitionRefused) as exc:
        # A cap or a concurrent change: leave it scheduled; the next run tries again.
        log.info("case %s: %s not done: %s", case.id, due.step.value, exc)
        case.attention = str(exc)
        session.add(case)
        return 0
    return 1


def _follow_up(session: Session, rt: Runtime, case: Case, due: Due, now: datetime) -> None:
    to, cc = letters.provider_recipients(rt, case)
    anchor = _anchor(case)
    first = (case.last_request_at or case.created_at).astimezone(calendar_for(rt.settings).zone).date()
    out, _ = letters.queue_case_mail(
        session, rt, case, template="followup", to=to, cc=cc,
        idempotency_key=f"case:{case.id}:followup:{int(anchor.timestamp()) if anchor else 0}:{due.number}",
        extra={"followup_number": due.number, "first_request_date": first.isoformat()})
    case.followup_count = due.number
    cases.log_event(session, case, "followup_sent", now=now, cause="schedule", outbound_id=out.id,
                    detail={"number": due.number})
    schedule(rt, case)
    session.add(case)


def _escalate(session: Session, rt: Runtime, case: Case, due: Due, now: datetime) -> None:
    """No answer after the last follow-up: a human must phone the provider."""
    cases.transition(session, case, Event.FOLLOWUPS_EXHAUSTED, now=now, cause="schedule",
                     detail={"followups": due.number})
    to, language = letters.merchant_recipients(rt, case)
    try:
        letters.queue_case_mail(session, rt, case, template="escalation_notice", to=to, language=language,
                                idempotency_key=f"case:{case.id}:escalation:{case.version}",
                                extra={"followup_count": due.number})
    except PolicyError as exc:
        log.info("case %s: escalation notice not queued: %s", case.id, exc)
    case.attention = f"no provider reply after {due.number} follow-ups: phone the provider"
    case.next_action_at = None
    session.add(case)
