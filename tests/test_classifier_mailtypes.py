"""Bounce, auto-reply, marketing and provider classifiers on small messages."""

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


def message(body: str, sender: str, subject: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "shop@qq.example", subject
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def test_a_chinese_bounce_names_the_provider_of_the_bounced_recipient(analyser):
    body = "您发送的邮件投递失败。\n原邮件主题：申请取消订单LKL20240221200263\n收件人：service@lakala.example\n"
    result = analyser.analyse(message(body, "postmaster@163.example", "系统退信"))
    assert (result.kind, result.provider, result.order_number) == (Kind.BOUNCE, "lakala", "LKL20240221200263")


def test_auto_submitted_auto_replied_is_an_auto_reply(analyser):
    raw = message("您的邮件已收到。", "kefu@lakala.example", "Re: 取消", Auto_Submitted="auto-replied")
    result = analyser.analyse(raw)
    assert (result.kind, result.provider) == (Kind.AUTO_REPLY, "lakala")
    assert "auto_reply:header:Auto-Submitted:auto-replied" in result.fired


def test_auto_generated_notices_are_not_auto_replies(analyser):
    raw = message("您的POS机已发货。", "kefu@lakala.example", "发货", Auto_Submitted="auto-generated")
    assert analyser.analyse(raw).kind is Kind.SHIPPED


def test_x_autoreply_header_marks_an_out_of_office(analyser):
    raw = message("I am away until Monday.", "kevin@umpay.example", "Re: cancel", X_Autoreply="yes")
    assert analyser.analyse(raw).kind is Kind.AUTO_REPLY


def test_a_providers_newsletter_is_marketing_from_that_provider(analyser):
    body = "年终商户福利季！刷卡满1000元立减20元，限时活动，退订请回复TD。不想要可随时取消。"
    result = analyser.analyse(message(body, "promo@chinaums.example", "福利季"))
    assert (result.kind, result.provider) == (Kind.MARKETING, "chinaums")


def test_a_reseller_naming_a_brand_is_unknown(analyser):
    body = "拉卡拉POS机免费领取，费率低至0.38%，办理电话13900004471"
    result = analyser.analyse(message(body, "拉卡拉 <agent@sohu.example>", "拉卡拉POS"))
    assert (result.kind, result.provider) == (Kind.MARKETING, "unknown")


def test_a_provider_subdomain_is_that_provider(analyser):
    result = analyser.analyse(message("您的POS机已发货。", "a@notice.vbill.example", "发货"))
    assert result.provider == "vbill"
    assert "provider:domain:notice.vbill.example" in result.fired


def test_a_forward_records_the_original_sender_forwarder_and_note(analyser):
    body = (
        "帮我取消这个\n\n------------------ 原始邮件 ------------------\n"
        '发件人: "乐刷"<kefu@leshua.example>;\n发送时间: 2024年3月24日\n收件人: "我"<me@qq.example>;\n'
        "主题: 发货通知\n\n您的POS机已发货。订单号：LS2024101787220333\n"
    )
    result = analyser.analyse(message(body, "me@qq.example", "转发：发货通知"))
    assert (result.sender, result.forwarder, result.merchant_note) == (
        "kefu@leshua.example", "me@qq.example", "帮我取消这个")
    assert (result.kind, result.provider, result.extra["cancel_instruction"]) == (Kind.SHIPPED, "leshua", True)
    assert result.new_text.startswith("您的POS机已发货")


def test_a_notice_with_an_advert_in_its_footer_is_still_the_notice(analyser):
    body = "您的POS机已发货，快递单号：SF4682951333887。\n\n限时活动：推荐好友办理享返现！"
    assert analyser.analyse(message(body, "service@lakala.example", "发货通知")).kind is Kind.SHIPPED
