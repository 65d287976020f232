"""The amount: from the provider's text, the one the email is about."""

from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.analysis import Analyser
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(load_registry(ROOT / "config" / "providers.toml"))


def amount(analyser: Analyser, body: str) -> float | None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "service@lakala.example", "shop@qq.example", "通知"
    msg.set_content(body)
    return analyser.analyse(msg.as_bytes()).amount_cny


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("退款已到账，金额￥300.00。", 300.0),
        ("退款已到账，金额300元。", 300.0),
        ("Your refund of RMB 1,280.50 has been credited to your card.", 1280.5),
        ("退款已到账，退款金额：人民币贰佰元整。", 200.0),
        ("退款已到账，退款金额：人民币壹佰玖拾玖元伍角整。", 199.5),
    ],
)
def test_each_amount_style_is_read(analyser, body, expected):
    assert amount(analyser, body) == expected


def test_a_total_wins_over_its_parts(analyser):
    body = "请缴纳以下费用：\n违约金：200.00元\n折旧费：100.00元\n合计：300.00元"
    assert amount(analyser, body) == 300.0


def test_the_net_refund_wins_over_the_amount_originally_paid(analyser):
    body = "订单已取消。\n原支付金额：￥300.00\n扣除手续费：￥20.00\n实退金额：￥280.00"
    assert amount(analyser, body) == 280.0


def test_thresholds_and_percentages_are_not_amounts(analyser):
    assert amount(analyser, "您的设备已发货。交易额满5000元可返现，费率0.38%。") is None


def test_an_amount_in_the_merchants_quote_is_ignored(analyser):
    body = "您的取消申请已受理。\n\n> 我交的服务费99元请退给我"
    assert amount(analyser, body) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("违约金说明如下（单位：元）\n提前解约违约金 300\n数据处理费 50\n应付合计 350.00", 350.0),
        ("亲 押金 258 已经给你原路退回了", 258.0),
        ("退款已到账，押金：88.50", 88.5),
    ],
)
def test_a_number_straight_after_a_money_noun_is_an_amount_when_none_has_a_unit(analyser, body, expected):
    assert amount(analyser, body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "退款已到账，服务费 12个月内不再收取。",
        "违约金 2025年起取消。",
        "退款已受理，费用 30-50 之间，以实际为准。",
        "退款已到账，押金 1 笔。",
    ],
)
def test_a_count_a_date_or_a_range_after_a_money_noun_is_no_amount(analyser, body):
    assert amount(analyser, body) is None


def test_a_deduction_and_the_net_refund_in_one_sentence_give_the_net_refund(analyser):
    body = "您的退款申请已审核通过，扣除手续费20元，应退金额180元，预计3个工作日到账。"
    assert amount(analyser, body) == 180.0


def test_a_bare_total_wins_over_a_unit_price_in_an_itemised_bill(analyser):
    body = ("您的退机需结清以下费用:\n费用项目  计算方式  金额(元)\n机具折旧费  按剩余月份  150.00\n"
            "通信服务费  2.50 元/月 × 10 个月  25.00\n合计  175.00\n请于15日内缴清。")
    assert amount(analyser, body) == 175.0


def test_an_auto_replys_subject_echoes_the_merchant_and_states_no_amount(analyser):
    msg = EmailMessage()
    msg["From"], msg["To"] = "kefu@lakala.example", "shop@qq.example"
    msg["Subject"] = "自动回复: 申请退还押金¥368"
    msg["Auto-Submitted"] = "auto-replied"
    msg.set_content("您好!您的邮件已收到,我们将在2个工作日内回复。此邮件为系统自动回复。")
    assert analyser.analyse(msg.as_bytes()).amount_cny is None
