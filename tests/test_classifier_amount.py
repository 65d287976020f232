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
