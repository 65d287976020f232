"""The transition table and compare-and-set application."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import Session, select

from pipeline import cases
from pipeline.errors import TransitionRefused
from pipeline.models import CaseEvent, CaseKind
from pipeline.states import TRANSITIONS, Event, State, needs_trust, next_state
from tests.workflow_kit import MERCHANT, runtime

NOW = datetime(2025, 1, 6, 1, 0, tzinfo=timezone.utc)


def _case(session: Session):  # type: ignore[no-untyped-def]
    case, _ = cases.open_case(session, merchant_id=MERCHANT, provider="lakala", kind=CaseKind.CANCEL_APPLICATION,
                              order_number="LKL1", terminal_sn=None, now=NOW)
    return case


def test_the_happy_path_runs_from_new_to_closed() -> None:
    path = [Event.REQUEST_SENT, Event.ACKNOWLEDGED, Event.INFO_REQUESTED, Event.INFO_SUPPLIED, Event.CONFIRMED,
            Event.CLOSE]
    state = State.NEW
    for event in path:
        state = next_state(state, event)  # type: ignore[assignment]
    assert state is State.CLOSED


def test_a_refund_case_waits_in_refund_pending_until_refunded() -> None:
    assert next_state(State.CONFIRMED, Event.REFUND_PROCESSING) is State.REFUND_PENDING
    assert next_state(State.REFUND_PENDING, Event.REFUND_COMPLETED) is State.REFUNDED
    assert next_state(State.REFUNDED, Event.CLOSE) is State.CLOSED


def test_every_state_but_closed_can_be_closed_and_closed_only_reopens() -> None:
    assert all(next_state(s, Event.CLOSE) is State.CLOSED for s in State if s is not State.CLOSED)
    assert {e for (s, e) in TRANSITIONS if s is State.CLOSED} == {Event.REOPEN}


def test_every_event_a_provider_message_raises_needs_trust_and_no_internal_one_does() -> None:
    from pipeline.decisions import KIND_EVENTS

    # A forged rejection or "refund in progress" stops the follow-ups as a forged confirmation would.
    assert all(needs_trust(event) for event in KIND_EVENTS.values())
    assert needs_trust(Event.CLOSE)
    internal = (Event.REQUEST_SENT, Event.INFO_SUPPLIED, Event.FOLLOWUPS_EXHAUSTED, Event.UNTRUSTED, Event.REOPEN)
    assert not any(needs_trust(event) for event in internal)


def test_a_transition_the_table_does_not_allow_is_refused_and_not_applied(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = _case(session)
        with pytest.raises(TransitionRefused):
            cases.transition(session, case, Event.CONFIRMED, now=NOW, cause="message")
        assert case.state == State.NEW.value and case.version == 0


def test_two_workers_holding_the_same_version_cannot_both_apply_a_transition(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rt = runtime(tmp_path)
    with Session(rt.engine) as first:
        case_id = _case(first).id
        first.commit()
    with Session(rt.engine) as a, Session(rt.engine) as b:
        case_a, case_b = a.get(cases.Case, case_id), b.get(cases.Case, case_id)
        cases.transition(a, case_a, Event.REQUEST_SENT, now=NOW, cause="template")
        a.commit()
        with pytest.raises(TransitionRefused, match="concurrently"):
            cases.transition(b, case_b, Event.REQUEST_SENT, now=NOW, cause="template")


def test_every_applied_transition_writes_an_event_with_its_cause(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = _case(session)
        cases.transition(session, case, Event.REQUEST_SENT, now=NOW, cause="template")
        rows = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
        assert [(e.action, e.old_state, e.new_state, e.cause) for e in rows] == [
            ("opened", None, "new", "message"), ("request_sent", "new", "requested", "template")]
