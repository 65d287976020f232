"""Kind: precedence, newest text only, and never a false cancel_confirmed."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.analysis import Analyser
from pipeline.findings import Kind
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(load_registry(ROOT / "config" / "providers.toml"))


def message(body: str, subject: str = "通知", sender: str = "service@lakala.example") -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "shop@qq.example"
    msg["Subject"] = subject
    msg.set_content(body)
    return msg.as_bytes()


NOT_CONFIRMED = [
    "您的订单尚未取消，请耐心等待。",
    "很抱歉，未能取消您的订单。",
    "由于设备已激活，无法取消。",
    "您的取消申请已受理，我们将尽快处理。",
    "订单状态：待取消。",
    "如您已取消订单，请忽略本邮件。",
    "取消成功后，押金将原路退回。",
    "您提到的“取消成功”短信并非我司发送，订单仍然有效。",
    "您的订单取消成功了吗？请回复确认。",
    "Your order will be cancelled once the device is returned.",
    "Your order has not been cancelled yet.",
    "If your order has been cancelled, please ignore this email.",
    "We received your cancellation request and it is being processed.",
    "您好，您反馈的“订单已取消”提示为系统误报，订单仍在正常处理。",
    "取消成功与否以短信通知为准。",
    "注意：订单一旦取消成功将无法恢复。",
    "系统显示您的订单取消失败，请重新提交。",
    "Once cancelled, your order cannot be restored.",
    "We will confirm once your order has been cancelled.",
]


@pytest.mark.parametrize("body", NOT_CONFIRMED)
def test_negated_conditional_or_quoted_cancellation_is_never_confirmed(analyser, body):
    assert analyser.analyse(message(body)).kind is not Kind.CANCEL_CONFIRMED


CONFIRMED = [
    "您的订单已成功取消。",
    "订单LKL20241028331907取消成功，不会产生任何费用。",
    "您的商户服务已注销。",
    "Your order has been cancelled.",
    "訂單已取消，相關服務不會再收取費用。",
]


@pytest.mark.parametrize("body", CONFIRMED)
def test_plain_statements_of_cancellation_are_confirmed(analyser, body):
    assert analyser.analyse(message(body)).kind is Kind.CANCEL_CONFIRMED


VARIANTS = [
    ("恭喜！您的商户入网申请已通过审核，商户号：822100012345678。", Kind.APPLICATION_APPROVED),
    ("我们已经收到您的撤销申请，工作人员将在2个工作日内与您联系。", Kind.CANCEL_ACKNOWLEDGED),
    ("We have received your request to cancel and our team is reviewing it.", Kind.CANCEL_ACKNOWLEDGED),
    ("Your refund of RMB 99.00 has been approved and will be credited within 7 days.", Kind.REFUND_PROCESSING),
    ("We have refunded RMB 99.00 to your card ending 1234.", Kind.REFUND_COMPLETED),
    ("经审核，您的退款申请未能通过，原因：设备已激活。", Kind.REFUND_REJECTED),
    ("由于设备已签收，需先将设备退回后才能为您办理取消。", Kind.CANCEL_REJECTED),
    ("为便于核实，烦请回复您的订单号和POS机背面的SN码。", Kind.INFO_REQUESTED),
    ("请将设备连同配件打包，邮寄至：深圳市南山区示例路1号。", Kind.DEVICE_RETURN_INSTRUCTIONS),
]


@pytest.mark.parametrize(("body", "kind"), VARIANTS)
def test_other_wordings_of_each_kind_are_recognised(analyser, body, kind):
    assert analyser.analyse(message(body)).kind is kind


def test_a_subject_alone_never_confirms_a_cancellation(analyser):
    result = analyser.analyse(message("请查看附件。", subject="订单取消成功"))
    assert result.kind is not Kind.CANCEL_CONFIRMED


def test_merchant_quote_saying_cancelled_does_not_decide_the_kind(analyser):
    body = "您好，请提供机身号。\n\n在 2024年11月3日 10:20，王 <w@x.example> 写道：\n> 已经取消成功了，退款呢？\n"
    assert analyser.analyse(message(body)).kind is Kind.INFO_REQUESTED


def test_forwarding_note_saying_cancelled_does_not_decide_the_kind(analyser):
    body = (
        "他们说取消成功了？\n\n---------- Forwarded message ---------\n"
        "From: 拉卡拉 <service@lakala.example>\nDate: 2024年11月5日\nSubject: 进度\nTo: <a@b.example>\n\n"
        "您的取消申请已受理，请耐心等待。\n"
    )
    result = analyser.analyse(message(body, subject="Fwd: 进度", sender="a@gmail.example"))
    assert (result.kind, result.forwarded) == (Kind.CANCEL_ACKNOWLEDGED, True)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("订单已取消，已付款项7日内退回。", Kind.CANCEL_CONFIRMED),
        ("无法取消，若坚持解约需支付违约金300元。", Kind.CANCEL_REJECTED),
        ("退机申请已通过，请阅读附件并寄回设备。", Kind.DEVICE_RETURN_INSTRUCTIONS),
        ("退款已到账，订单已关闭。", Kind.REFUND_COMPLETED),
        ("请于11月20日前缴纳设备折旧费100元，并提供机身号。", Kind.FEE_NOTICE),
    ],
)
def test_the_first_kind_in_precedence_wins(analyser, body, kind):
    assert analyser.analyse(message(body)).kind is kind


def test_mail_from_outside_the_providers_without_case_words_is_unrelated(analyser):
    result = analyser.analyse(message("您的包裹已发货，请注意查收。", sender="shop@mall.example"))
    assert (result.kind, result.provider) == (Kind.UNRELATED, "unknown")


def test_confidence_is_lower_for_a_subject_only_decision(analyser):
    from_body = analyser.analyse(message("您的POS机已发货。"))
    from_subject = analyser.analyse(message("请查收附件。", subject="您的POS机已发货"))
    assert from_subject.confidence < from_body.confidence
