"""Matching an inbound message to a case by a score over several keys."""

from __future__ import annotations

from sqlmodel import Session

from pipeline.findings import Kind
from pipeline.matching import THRESHOLD, match
from tests.workflow_kit import MERCHANT, analysis, open_requested_case, outbound, runtime


def test_a_reply_naming_our_message_id_matches_its_case_without_any_other_key(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        ours = outbound(session, case)[0].message_id
        a = analysis(Kind.CANCEL_ACKNOWLEDGED, order=None, in_reply_to=ours)
        assert match(session, a, merchant_id=MERCHANT, key=rt.case_key).case == case


def test_a_message_id_with_a_forged_hash_matches_nothing(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        forged = f"<cf.{case.id}.0123456789abcdef0123.1.1@pos-assist.test>"
        found = match(session, analysis(Kind.CANCEL_CONFIRMED, order=None, in_reply_to=forged),
                      merchant_id=MERCHANT, key=rt.case_key)
        assert found.case is None and found.candidates == []


def test_the_case_token_in_the_subject_matches(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        a = analysis(Kind.CANCEL_ACKNOWLEDGED, order=None, subject=f"回复：取消申请 [CF-{case.id}]")
        assert match(session, a, merchant_id=MERCHANT, key=rt.case_key).case == case


def test_another_merchants_case_is_never_matched(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        open_requested_case(session, rt)
        assert match(session, analysis(Kind.CANCEL_CONFIRMED), merchant_id="someone-else", key=rt.case_key).case is None


def test_a_merchant_id_alone_is_below_the_threshold_and_goes_to_review_with_its_candidate(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, merchant_id="M8821")
        found = match(session, analysis(Kind.CANCEL_CONFIRMED, order=None, merchant_id="M8821"),
                      merchant_id=MERCHANT, key=rt.case_key)
        assert found.case is None and found.score < THRESHOLD
        assert found.candidates == [{"case_id": case.id, "score": found.score, "keys": ["merchant_id"]}]


def test_two_cases_scoring_too_close_leave_the_message_unmatched_with_both_candidates(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        first = open_requested_case(session, rt, order="LKL2025010600001", terminal_sn="N3A00000001")
        second = open_requested_case(session, rt, order="LKL2025010600002", terminal_sn="N3A00000002")
        a = analysis(Kind.CANCEL_CONFIRMED, order="LKL2025010600001", terminal_sn="N3A00000002")
        found = match(session, a, merchant_id=MERCHANT, key=rt.case_key)
        assert found.case is None and "too close" in found.reason
        assert {c["case_id"] for c in found.candidates} == {first.id, second.id}


def test_order_number_and_sn_together_outscore_the_order_number_alone(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, terminal_sn="N3A00000001")
        both = match(session, analysis(Kind.CANCEL_CONFIRMED, terminal_sn="N3A00000001"),
                     merchant_id=MERCHANT, key=rt.case_key)
        alone = match(session, analysis(Kind.CANCEL_CONFIRMED), merchant_id=MERCHANT, key=rt.case_key)
        assert both.case == alone.case == case and both.score > alone.score
