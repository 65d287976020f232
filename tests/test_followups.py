"""Follow-ups on a Chinese business-day schedule, escalation, and the daily caps."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from pipeline import followups, workflow
from pipeline.businessdays import BusinessCalendar
from pipeline.findings import Kind
from pipeline.states import State
from pipeline.trust import Verdict
from tests.workflow_kit import (MERCHANT_EMAIL, analysis, events, inbound, open_requested_case, outbound, runtime,
                                set_time)

TRUSTED = Verdict(True, "test: DKIM verified")


def test_spring_festival_days_are_not_business_days_and_make_up_weekend_days_are() -> None:
    cal = BusinessCalendar()
    assert not cal.is_business_day(date(2025, 1, 29))   # 春节
    assert cal.is_business_day(date(2025, 1, 26))       # Sunday, 调休上班
    assert not cal.is_business_day(date(2025, 1, 25))   # an ordinary Saturday


def test_counting_business_days_skips_the_holiday_week() -> None:
    start = datetime.fromisoformat("2025-01-27T10:00:00+08:00")  # Monday before 春节
    assert BusinessCalendar().add(start, 2) == datetime.fromisoformat("2025-02-06T10:00:00+08:00")


def test_config_can_correct_the_calendar() -> None:
    cal = BusinessCalendar(extra_holidays=frozenset({date(2025, 3, 3)}), extra_workdays=frozenset({date(2025, 3, 1)}))
    assert not cal.is_business_day(date(2025, 3, 3)) and cal.is_business_day(date(2025, 3, 1))


def test_follow_ups_go_out_after_2_4_and_7_business_days_then_the_case_escalates(tmp_path) -> None:
    rt = runtime(tmp_path, now="2025-03-03T09:00:00+08:00")   # a Monday
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        sent = []
        for day in ("03-04", "03-05", "03-06", "03-07", "03-10", "03-11", "03-12", "03-13", "03-14", "03-17"):
            set_time(rt, f"2025-{day}T09:00:00+08:00")
            if followups.run_due(session, rt):
                sent.append((day, outbound(session, case)[-1].template))
        assert sent == [("03-05", "followup"), ("03-07", "followup"), ("03-12", "followup"),
                        ("03-17", "escalation_notice")]
        assert case.state == State.ESCALATED.value and "phone" in (case.attention or "")
        assert outbound(session, case)[-1].recipients == [MERCHANT_EMAIL]


def test_each_follow_up_continues_the_thread_of_the_request(tmp_path) -> None:
    rt = runtime(tmp_path, now="2025-03-03T09:00:00+08:00")
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        set_time(rt, "2025-03-05T09:00:00+08:00")
        followups.run_due(session, rt)
        request, follow = outbound(session, case)
        assert follow.in_reply_to == request.message_id
        assert f"References: {request.message_id}".encode() in follow.raw


def test_a_confirmation_stops_the_follow_ups_at_once(tmp_path) -> None:
    rt = runtime(tmp_path, now="2025-03-03T09:00:00+08:00")
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        workflow.handle(session, rt, inbound(session, rt), analysis(Kind.CANCEL_CONFIRMED), verdict=TRUSTED)
        set_time(rt, "2025-04-01T09:00:00+08:00")
        assert followups.run_due(session, rt) == 0 and len(outbound(session, case)) == 1
        assert case.state == State.CLOSED.value


def test_an_auto_reply_does_not_count_as_a_provider_reply(tmp_path) -> None:
    rt = runtime(tmp_path, now="2025-03-03T09:00:00+08:00")
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        due = case.next_action_at
        set_time(rt, "2025-03-04T09:00:00+08:00")
        workflow.handle(session, rt, inbound(session, rt), analysis(Kind.AUTO_REPLY), verdict=TRUSTED)
        assert case.next_action_at == due and case.last_provider_reply_at is None


def test_an_acknowledgement_restarts_the_schedule_from_the_reply(tmp_path) -> None:
    rt = runtime(tmp_path, now="2025-03-03T09:00:00+08:00")
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        set_time(rt, "2025-03-05T08:00:00+08:00")
        workflow.handle(session, rt, inbound(session, rt), analysis(Kind.CANCEL_ACKNOWLEDGED), verdict=TRUSTED)
        set_time(rt, "2025-03-05T09:00:00+08:00")
        assert followups.run_due(session, rt) == 0
        assert case.next_action_at == datetime.fromisoformat("2025-03-07T08:00:00+08:00")


def test_the_daily_cap_per_case_holds_back_a_follow_up_until_the_next_day(tmp_path) -> None:
    rt = runtime(tmp_path, now="2025-03-03T09:00:00+08:00", followup={"max_auto_per_case_per_day": 1})
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        case.next_action_at = rt.clock.now()
        case.last_request_at = datetime.fromisoformat("2025-02-20T09:00:00+08:00")  # long overdue
        assert followups.run_due(session, rt) == 0 and "daily cap" in (case.attention or "")
        set_time(rt, "2025-03-04T09:00:00+08:00")
        assert followups.run_due(session, rt) == 1


def test_the_daily_cap_per_recipient_counts_every_case(tmp_path) -> None:
    rt = runtime(tmp_path, followup={"max_auto_per_recipient_per_day": 2})
    with Session(rt.engine) as session:
        for n in range(3):
            open_requested_case(session, rt, order=f"LKL20250106000{n}")
        assert len(outbound(session)) == 2


def test_a_follow_up_is_logged_as_a_case_event_from_the_schedule(tmp_path) -> None:
    rt = runtime(tmp_path, now="2025-03-03T09:00:00+08:00")
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        set_time(rt, "2025-03-05T09:00:00+08:00")
        followups.run_due(session, rt)
        assert events(session, case)[-1] == "followup_sent" and case.followup_count == 1
