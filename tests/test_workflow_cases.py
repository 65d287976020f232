"""What provider messages do to a case: opening, info requests, fees, refunds, spoofs, bounces."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from pipeline import letters, workflow
from pipeline.errors import PolicyError
from pipeline.findings import Kind
from pipeline.models import AddressFlag, Case, CaseKind, ReviewStatus
from pipeline.states import State
from pipeline.trust import Verdict
from tests.workflow_kit import (LAKALA_CANCEL, MERCHANT_EMAIL, analysis, events, inbound, open_requested_case,
                                outbound, runtime, set_time)

TRUSTED = Verdict(True, "test: DKIM verified")
SPOOF = Verdict(False, "test: no signature")


def _handle(session, rt, a, verdict=TRUSTED):  # type: ignore[no-untyped-def]
    row = inbound(session, rt)
    return row, workflow.handle(session, rt, row, a, verdict=verdict)


def test_a_forwarded_confirmation_opens_a_case_and_queues_a_request_to_the_registry_address(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, terminal_sn="N3A12345678")
        [mail] = outbound(session, case)
        assert case.state == State.REQUESTED.value and case.urgent
        assert mail.recipients == [LAKALA_CANCEL] and mail.cc == []
        assert mail.subject.endswith(f"[CF-{case.id}]") and "LKL2025010600001" in mail.subject
        assert case.next_action_at is not None


def test_the_request_names_merchant_contact_order_sn_and_reason(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, terminal_sn="N3A12345678", merchant_id="M8821")
        rendered = rt.templates.render("cancel_request", "zh-CN", {
            "case": case.model_dump(mode="json"), "merchant": rt.settings.merchant(case.merchant_id),
            "provider": rt.registry.get("lakala"), "token": letters.token(case), "reason": "不需要了"})
        for fact in ("张记小吃店", "张伟", "13800000000", "LKL2025010600001", "N3A12345678", "M8821", "不需要了",
                     f"[CF-{case.id}]"):
            assert fact in rendered.text and fact in rendered.html


def test_a_second_confirmation_for_the_same_order_updates_the_case_instead_of_opening_another(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        _, result = _handle(session, rt, analysis(Kind.APPLICATION_APPROVED, terminal_sn="N3A12345678"))
        assert result.case is not None and result.case.id == case.id
        assert case.terminal_sn == "N3A12345678"
        assert len(session.exec(select(Case)).all()) == 1 and len(outbound(session)) == 1


def test_a_provider_configured_to_wait_for_an_instruction_opens_no_case_without_one(tmp_path) -> None:
    rt = runtime(tmp_path, merchant={"providers": {"lakala": {"auto_request": False}}})
    with Session(rt.engine) as session:
        row, result = _handle(session, rt, analysis(Kind.APPLICATION_RECEIVED, forwarded=True,
                                                    merchant_note="转给你看看"), SPOOF)
        assert result.outcome is workflow.Outcome.REVIEW and session.exec(select(Case)).all() == []
        _, result = _handle(session, rt, analysis(Kind.APPLICATION_RECEIVED, forwarded=True,
                                                  merchant_note="这个不要了，帮我退订"), SPOOF)
        assert result.outcome is workflow.Outcome.OPENED


def test_a_negated_cancel_word_in_the_merchant_note_is_not_an_instruction(tmp_path) -> None:
    rt = runtime(tmp_path, merchant={"auto_request": False})
    with Session(rt.engine) as session:
        _, result = _handle(session, rt, analysis(Kind.APPLICATION_RECEIVED, forwarded=True,
                                                  merchant_note="先不要取消，我再想想"), SPOOF)
        assert result.outcome is workflow.Outcome.REVIEW


def test_an_info_request_is_answered_with_the_facts_the_case_holds(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, terminal_sn="N3A12345678")
        _handle(session, rt, analysis(Kind.INFO_REQUESTED, new_text="请提供POS机的机身号（SN）以便核实。"))
        reply = outbound(session, case)[-1]
        assert reply.template == "info_reply" and reply.recipients == [LAKALA_CANCEL]
        assert "N3A12345678" in reply.raw.decode("utf-8", "replace") or "N3A12345678" in _text(reply.raw)
        assert case.state == State.ACKNOWLEDGED.value and not case.waiting_on_merchant
        assert events(session, case)[-2:] == ["info_requested", "info_supplied"]


def test_an_info_request_marked_automatic_is_never_answered_automatically(tmp_path) -> None:
    """RFC 3834: a status notice under auto-reply headers may ask for facts; answering it by
    machine could start a loop between two systems, so the merchant is asked instead."""
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, terminal_sn="N3A12345678")
        _handle(session, rt, analysis(Kind.INFO_REQUESTED, new_text="请提供POS机的机身号（SN）以便核实。",
                                      extra={"automatic_headers": ["header:Auto-Submitted:auto-replied"]}))
        assert all(mail.template != "info_reply" for mail in outbound(session, case))
        assert case.state == State.INFO_REQUESTED.value and case.waiting_on_merchant


def test_an_info_request_for_missing_facts_asks_the_merchant_and_waits(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        _handle(session, rt, analysis(Kind.INFO_REQUESTED, extra={"requested_info": ["terminal_sn"]}))
        ask = outbound(session, case)[-1]
        assert ask.template == "ask_merchant" and ask.recipients == [MERCHANT_EMAIL]
        assert case.state == State.INFO_REQUESTED.value and case.waiting_on_merchant
        assert case.next_action_at is None  # no follow-ups while the merchant owes us an answer


def test_a_fee_notice_records_the_penalty_and_flags_the_case(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        _handle(session, rt, analysis(Kind.FEE_NOTICE, amount_cny=300.0))
        assert case.amount_penalty == 300.0 and "300" in (case.attention or "")
        assert case.state == State.REQUESTED.value


def test_a_confirmation_with_money_owed_waits_for_the_refund(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, amount_cny=299.0)
        _handle(session, rt, analysis(Kind.CANCEL_CONFIRMED, amount_cny=299.0))
        assert case.state == State.REFUND_PENDING.value and case.deadline is not None


def test_a_full_refund_in_time_closes_the_case(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, amount_cny=299.0)
        _handle(session, rt, analysis(Kind.CANCEL_CONFIRMED, amount_cny=299.0))
        _handle(session, rt, analysis(Kind.REFUND_COMPLETED, amount_cny=299.0))
        assert case.state == State.CLOSED.value and case.amount_refunded == 299.0


def test_a_refund_below_the_claimed_amount_goes_to_review(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt, amount_cny=299.0)
        _handle(session, rt, analysis(Kind.REFUND_PROCESSING))
        row, result = _handle(session, rt, analysis(Kind.REFUND_COMPLETED, amount_cny=199.0))
        assert case.state == State.REFUNDED.value and "below the claimed" in (case.attention or "")
        assert result.outcome is workflow.Outcome.REVIEW and row.review_status is ReviewStatus.PENDING


def test_a_refund_past_its_deadline_goes_to_review(tmp_path) -> None:
    rt = runtime(tmp_path, followup={"refund_deadline_days": 5})
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        _handle(session, rt, analysis(Kind.REFUND_PROCESSING))
        rt.clock.frozen = rt.clock.now().replace(month=2)
        _handle(session, rt, analysis(Kind.REFUND_COMPLETED, amount_cny=10.0))
        assert "deadline" in (case.attention or "") and case.state == State.REFUNDED.value


def test_a_spoofed_confirmation_leaves_the_case_open_and_goes_to_review_as_a_candidate(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        row, result = _handle(session, rt, analysis(Kind.CANCEL_CONFIRMED), SPOOF)
        assert case.state == State.REQUESTED.value and "unverified" in (case.attention or "")
        assert result.outcome is workflow.Outcome.REVIEW and row.review_status is ReviewStatus.PENDING
        assert row.case_id is None and row.candidates[0]["case_id"] == case.id


@pytest.mark.parametrize("kind", [Kind.CANCEL_REJECTED, Kind.REFUND_PROCESSING, Kind.REFUND_REJECTED,
                                  Kind.INFO_REQUESTED, Kind.FEE_NOTICE, Kind.SHIPPED,
                                  Kind.DEVICE_RETURN_INSTRUCTIONS, Kind.CANCEL_ACKNOWLEDGED])
def test_no_unverified_provider_message_changes_the_case(tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    # A forged rejection or "refund in progress" would stop the follow-ups like a forged confirmation.
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        sent, version = len(outbound(session, case)), case.version
        row, result = _handle(session, rt, analysis(kind, amount_cny=300.0), SPOOF)
        assert (case.state, case.version, case.kind) == (State.REQUESTED.value, version, CaseKind.CANCEL_APPLICATION)
        assert case.amount_claimed is None and case.last_provider_reply_at is None
        assert len(outbound(session, case)) == sent and "unverified" in (case.attention or "")
        assert result.outcome is workflow.Outcome.REVIEW and row.review_status is ReviewStatus.PENDING
        assert row.case_id is None and row.candidates[0]["case_id"] == case.id


def test_an_inline_forwarded_confirmation_moves_the_case_only_to_needs_review(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        _handle(session, rt, analysis(Kind.CANCEL_CONFIRMED, forwarded=True, from_addr=MERCHANT_EMAIL), SPOOF)
        assert case.state == State.NEEDS_REVIEW.value


def test_a_transition_the_table_refuses_sends_the_message_to_review(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        _handle(session, rt, analysis(Kind.CANCEL_CONFIRMED))
        row, result = _handle(session, rt, analysis(Kind.CANCEL_ACKNOWLEDGED))
        assert case.state == State.CLOSED.value and result.outcome is workflow.Outcome.REVIEW
        assert "not allowed" in (row.review_reason or "")


def test_a_shipped_notice_turns_the_request_into_a_device_return(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        _handle(session, rt, analysis(Kind.SHIPPED))
        assert case.kind is CaseKind.RETURN_DEVICE and not case.urgent
        assert "设备退回" in outbound(session, case)[-1].subject


def test_a_hard_bounce_flags_the_address_and_the_case_and_stops_mail_to_it(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        bounce = analysis(Kind.BOUNCE, subject=f"Undelivered Mail Returned to Sender [CF-{case.id}]",
                          new_text=f"<{LAKALA_CANCEL}>: 550 5.1.1 user unknown")
        _handle(session, rt, bounce, SPOOF)
        assert session.exec(select(AddressFlag.address)).all() == [LAKALA_CANCEL]
        assert "bounced" in (case.attention or "") and case.state == State.REQUESTED.value
        with pytest.raises(PolicyError, match="flagged"):
            letters.queue_case_mail(session, rt, case, template="followup", to=[LAKALA_CANCEL], idempotency_key="x",
                                    extra={"followup_number": 1, "first_request_date": "2025-01-06"})


def test_an_address_read_from_an_inbound_mail_never_becomes_a_recipient(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        with pytest.raises(PolicyError, match="not allowed"):
            letters.queue_case_mail(session, rt, case, template="cancel_request", to=["refunds@lakala-help.example"],
                                    idempotency_key="y")


def test_a_traditional_chinese_provider_gets_its_request_in_zh_hk(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        a = analysis(Kind.APPLICATION_RECEIVED, provider="huitong_hk", sender="cs@huitong-hk.example",
                     order="HT20250106001")
        _, result = _handle(session, rt, a, SPOOF)
        [mail] = outbound(session, result.case)
        assert mail.language == "zh-HK" and "訂單編號" in mail.subject


def _text(raw: bytes) -> str:
    from email import message_from_bytes, policy

    msg = message_from_bytes(raw, policy=policy.default)
    return msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_the_merchants_answer_is_passed_on_to_the_provider_and_the_wait_ends(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        _handle(session, rt, analysis(Kind.INFO_REQUESTED, extra={"requested_info": ["terminal_sn"]}))
        ask = outbound(session, case)[-1]
        set_time(rt, "2025-01-07T09:00:00+08:00")  # the next day: under the per-case daily cap
        answer = analysis(Kind.UNRELATED, provider="unknown", sender=MERCHANT_EMAIL, order=None,
                          terminal_sn="N3A12345678", in_reply_to=ask.message_id)
        _, result = _handle(session, rt, answer, SPOOF)
        reply = outbound(session, case)[-1]
        assert result.outcome is workflow.Outcome.UPDATED and reply.template == "info_reply"
        assert reply.recipients == [LAKALA_CANCEL] and "N3A12345678" in _text(reply.raw)
        assert case.state == State.ACKNOWLEDGED.value and not case.waiting_on_merchant


def test_the_merchants_own_mail_never_moves_a_case_as_if_the_provider_wrote_it(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        note = analysis(Kind.CANCEL_CONFIRMED, sender=MERCHANT_EMAIL, subject=f"已经取消了吗？[CF-{case.id}]")
        _, result = _handle(session, rt, note, TRUSTED)
        assert case.state == State.REQUESTED.value and result.outcome is workflow.Outcome.REVIEW


def test_provider_text_quoted_to_the_merchant_has_card_and_id_numbers_masked(tmp_path) -> None:
    rt = runtime(tmp_path)
    with Session(rt.engine) as session:
        case = open_requested_case(session, rt)
        text = "请提供机身号。退款将退回尾号卡 6222020200112233445，身份证 110101199003074518 已核验。"
        _handle(session, rt, analysis(Kind.INFO_REQUESTED, new_text=text, extra={"requested_info": ["terminal_sn"]}))
        body = _text(outbound(session, case)[-1].raw)
        assert "6222020200112233445" not in body and "110101199003074518" not in body
        assert "3445" in body
