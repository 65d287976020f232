from pathlib import Path

import pytest
from sqlmodel import Session, select

from pipeline import review
from pipeline.models import CaseEvent, InboundMessage, ParseStatus, ReviewStatus
from pipeline.runtime import Runtime
from pipeline.states import State
from tests.test_report import REPO, add_case, add_message, rt  # noqa: F401  (rt is a fixture)

SAMPLES = REPO / "samples" / "inbox"


def pending(session: Session, rt: Runtime, **fields: object) -> InboundMessage:  # noqa: F811
    values: dict[str, object] = dict(review_status=ReviewStatus.PENDING, review_reason="no case shares a key",
                                     provider="lakala", kind="cancel_rejected", authenticated=True)
    values.update(fields)
    return add_message(session, rt, repr(values).encode(), **values)


def events(session: Session, case_id: int) -> list[CaseEvent]:
    return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all())


def test_assigning_a_message_links_it_and_applies_its_event_as_staff(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        case = add_case(session, "LK-1")
        msg = pending(session, rt)
        done = review.assign(session, rt, msg.id, case.id, staff="li")
        assert case.state == State.REJECTED.value and done.notes == ["case 1 is now rejected"]
        assert msg.case_id == case.id and msg.review_status is ReviewStatus.RESOLVED
        last_two = [(e.action, e.cause, e.actor, e.message_id) for e in events(session, case.id)[-2:]]
        assert last_two == [("staff_assigned", "staff", "li", msg.id), ("rejected", "staff", "li", msg.id)]


def test_assigning_an_unauthenticated_confirmation_leaves_the_state_alone(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        case = add_case(session, "LK-1")
        msg = pending(session, rt, kind="cancel_confirmed", authenticated=False)
        done = review.assign(session, rt, msg.id, case.id, staff="li")
        assert case.state == State.REQUESTED.value
        assert "unauthenticated cancel_confirmed" in done.notes[0]


def test_assigning_a_message_the_state_table_refuses_still_links_it(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        case = add_case(session, "LK-1", state=State.CLOSED)
        msg = pending(session, rt)
        done = review.assign(session, rt, msg.id, case.id, staff="li")
        assert msg.case_id == case.id and "not allowed in state closed" in done.notes[0]


def test_a_message_cannot_be_assigned_to_another_merchants_case(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        case = add_case(session, "LK-1")
        msg = pending(session, rt, merchant_id="someone-else")
        with pytest.raises(review.StaffActionRefused, match="belongs to merchant someone-else"):
            review.assign(session, rt, msg.id, case.id, staff="li")


def test_a_message_not_waiting_for_review_is_refused(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        msg = pending(session, rt, review_status=ReviewStatus.NONE)
        with pytest.raises(review.StaffActionRefused, match="not waiting for review"):
            review.dismiss(session, rt, msg.id, reason="spam", staff="li")


def test_opening_a_case_from_a_message_uses_its_extracted_keys_and_asks_the_provider(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        msg = pending(session, rt, analysis={"order_number": "LK-77", "amount_cny": 199.0})
        done = review.open_case_from(session, rt, msg.id, staff="li")
        assert done.case is not None and done.case.order_number == "LK-77" and done.case.opened_by == "li"
        assert done.case.amount_claimed == 199.0 and msg.review_status is ReviewStatus.RESOLVED
        assert [(e.action, e.actor, e.message_id) for e in events(session, done.case.id)] == [
            ("opened", "li", msg.id), ("request_sent", "li", msg.id)]
        assert done.case.state == "requested" and "cancellation request queued" in done.notes


def test_opening_a_case_without_keys_asks_for_them(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        msg = pending(session, rt, provider="unknown")
        with pytest.raises(review.StaffActionRefused, match="--provider/--order/--sn"):
            review.open_case_from(session, rt, msg.id, staff="li")


def test_dismissing_a_message_records_who_and_why(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        msg = pending(session, rt)
        review.dismiss(session, rt, msg.id, reason="newsletter", staff="li")
        assert msg.review_status is ReviewStatus.DISMISSED and msg.review_reason == "dismissed by li: newsletter"


def test_a_note_is_an_event_with_the_staff_name(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        case = add_case(session, "LK-1")
        review.note(session, rt, case.id, "called 95016, promised by Friday", staff="li")
        last = events(session, case.id)[-1]
        assert (last.action, last.actor, last.detail) == ("note", "li", {"text": "called 95016, promised by Friday"})


def test_closing_and_reopening_go_through_the_state_table(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        case = add_case(session, "LK-1", state=State.REJECTED)
        assert review.close(session, rt, case.id, reason="merchant gave up", staff="li") is State.CLOSED
        assert review.reopen(session, rt, case.id, reason="merchant changed mind", staff="wang") is State.REQUESTED
        moves = [(e.old_state, e.new_state, e.actor, e.detail["reason"]) for e in events(session, case.id)[-2:]]
        assert moves == [("rejected", "closed", "li", "merchant gave up"),
                         ("closed", "requested", "wang", "merchant changed mind")]


def test_reopening_a_case_the_table_does_not_allow_is_refused(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        case = add_case(session, "LK-1")
        with pytest.raises(review.StaffActionRefused, match="reopen is not allowed in state requested"):
            review.reopen(session, rt, case.id, reason="x", staff="li")


def test_an_unknown_case_is_refused_by_number(rt: Runtime) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        with pytest.raises(review.StaffActionRefused, match="case 42: no such case"):
            review.note(session, rt, 42, "x", staff="li")


def test_reprocessing_a_quarantined_application_forward_opens_its_case(rt: Runtime) -> None:  # noqa: F811
    raw = (SAMPLES / "01-fwd-lakala-application.eml").read_bytes()
    with Session(rt.engine) as session:
        msg = add_message(session, rt, raw, parse_status=ParseStatus.QUARANTINED, quarantine_reason="KeyError: x",
                          review_status=ReviewStatus.PENDING, review_reason="quarantined: KeyError: x")
        session.commit()
        done = review.reprocess(session, rt, msg.id, staff="li")
        assert msg.parse_status is ParseStatus.OK and msg.quarantine_reason is None
        assert done.case is not None and msg.case_id == done.case.id
        assert events(session, done.case.id)[-1].action == "staff_reprocessed"


def test_reprocessing_a_message_that_still_matches_nothing_keeps_it_in_review(rt: Runtime) -> None:  # noqa: F811
    raw = (SAMPLES / "03-lakala-cancel-acknowledged.eml").read_bytes()
    with Session(rt.engine) as session:
        msg = add_message(session, rt, raw, review_status=ReviewStatus.PENDING, review_reason="old reason")
        session.commit()
        done = review.reprocess(session, rt, msg.id, staff="li")
        assert done.case is None and msg.review_status is ReviewStatus.PENDING
        assert msg.review_reason != "old reason" and done.notes[0].startswith(f"message {msg.id} still needs review")


def test_samples_exist_for_the_reprocess_tests() -> None:
    assert Path(SAMPLES / "01-fwd-lakala-application.eml").exists()
