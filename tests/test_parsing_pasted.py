"""Provider notices pasted into a merchant's mail (SMS, WeChat cards, typed-out screenshots)."""

from __future__ import annotations

from pipeline.parsing import pasted


def brand(name: str) -> bool:
    return any(word in name for word in ("拉卡拉", "乐刷", "星驿付", "HuiTong"))


def test_an_sms_under_the_merchants_line_is_found_with_its_signer():
    text = "拉卡拉刚来的短信，你们看下\n\n【拉卡拉】尊敬的商户，您的撤单申请已受理，请耐心等待。\n\n发自我的iPhone"
    found = pasted.find(text, brand)
    assert found == pasted.Pasted(name="拉卡拉", note="拉卡拉刚来的短信，你们看下",
                                  body="【拉卡拉】尊敬的商户，您的撤单申请已受理，请耐心等待。")


def test_a_signature_closing_the_sms_names_the_signer():
    text = "钱到了\n您申请的押金退款199.00元已原路退回，请查收。【乐刷】"
    found = pasted.find(text, brand)
    assert found is not None and found.name == "乐刷" and found.body.startswith("您申请的押金")


def test_a_service_account_card_starts_at_the_account_name_line():
    text = "公众号推的\n\n星驿付商户服务\n退机办理通知\n订单号：XYF2025081533021\n请将设备寄回。"
    found = pasted.find(text, brand)
    assert found is not None and found.body.startswith("星驿付商户服务\n退机办理通知")


def test_a_typed_out_screenshot_ends_at_its_closing_marker_without_the_markers():
    text = "截图发不了，我打出来：\n[截图]\n乐刷客服：您的押金不予退还。\n[截图完]\n这合理吗？"
    found = pasted.find(text, brand)
    assert found is not None and found.body == "乐刷客服：您的押金不予退还。"


def test_a_stranger_opening_his_own_mail_with_a_brand_signature_pasted_nothing():
    """The phisher's form: no line of the merchant's above, no phone signature below."""
    text = "【拉卡拉】尊敬的商户：您的商户号将于24小时内冻结，请立即点击链接核验。"
    assert pasted.find(text, brand) is None
    assert pasted.find(text, brand, vouched=True) is not None


def test_footnote_brackets_in_latin_mail_are_no_signatures():
    text = "See the report below.\n[12] https://example.test/report for details of the outage\nThanks"
    assert pasted.find(text, brand) is None


def test_an_account_name_line_needs_a_providers_name():
    text = "周末去的\n\n示例商场客服中心\n您的会员积分已到账，请查收。"
    assert pasted.find(text, brand) is None


def test_bracketed_labels_before_their_values_are_no_signatures():
    text = "帮我取消这台机器\n【订单号】LKL20251103000127\n【机身号】N8Q2C6614027\n谢谢"
    assert pasted.find(text, brand) is None


def test_an_advert_or_a_banks_own_signature_is_no_pasted_notice():
    advert = "老板您好！\n还在为POS机乱扣费烦恼吗？\n【免费换机】拉卡拉、乐刷老机器统统可以换，旧机注销全程代办！"
    bank = "您尾号7723的借记卡已于10月16日注销成功。\n[XX银行] 本邮件由系统自动发送，请勿回复。"
    assert pasted.find(advert, brand) is None and pasted.find(bank, brand) is None


def test_the_merchants_line_may_stand_under_what_he_pasted():
    text = "【乐刷】商户您好，您提交的解约申请缺少营业执照照片，请于5日内补充上传。【乐刷】\n\n(短信原文，我手机上收到的)"
    found = pasted.find(text, brand)
    assert found is not None and found.body.endswith("【乐刷】") and "短信原文" not in found.body


def test_a_wallet_card_keeps_its_rule_lines_and_a_chat_lead_needs_no_colon():
    card = "星驿付 | 服务提醒\n退款申请处理结果\n———————————\n处理结果 不予退款\n———————————\n查看详情\n\n(支付宝里的，复制出来了)"
    found = pasted.find(card, brand)
    assert found is not None and "不予退款" in found.body
    chat = "QQ上跟乐刷客服聊的\n\n乐刷客服(800097331) 10-08 09:33\n您好，办理退出需要您提供营业执照照片。"
    found = pasted.find(chat, brand)
    assert found is not None and found.body.startswith("乐刷客服(800097331)")


def test_a_link_and_a_signature_under_a_line_naming_sms_are_no_pasted_notice():
    """A phisher's "fill in the SMS code at the link below:" over a URL and a brand's name."""
    text = ("您的机具已注销成功,押金待领取。\n请点击下方链接,填写银行卡号及短信验证码领取押金,逾期作废:\n"
            "http://www.lakala.example/refund\n拉卡拉客服中心")
    assert pasted.find(text, brand) is None
