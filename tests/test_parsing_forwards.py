"""Inline forwards from the common clients, zh and en."""

import pytest

from pipeline.parsing import forwards
from pipeline.parsing.normalise import nfkc

BLOCKS = {
    "gmail": "---------- Forwarded message ---------\nFrom: 乐刷 <kefu@leshua.example>\nDate: 2024年11月5日\nSubject: 退款\nTo: <a@b.example>\n",
    "outlook_en": "-----Original Message-----\nFrom: VBill <s@vbill.example>\nSent: Tuesday\nTo: a@b.example\nSubject: 退款\n",
    "outlook_zh": "________________________________\n发件人： 中付 <d@zfpay.example>\n发送时间： 2024年11月6日\n收件人： a@b.example\n主题： 退款\n",
    "qq": '------------------ 原始邮件 ------------------\n发件人: "海科融通"<b@hkrt.example>;\n发送时间: 2024年11月7日\n收件人: "a"<a@b.example>;\n主题: 退款\n',
    "netease": '-------- 转发邮件信息 --------\n发件人："星驿付" <r@xingyifu.example>\n发送日期：2024-11-08\n收件人：a@b.example\n主题：退款\n',
    "foxmail": '------------------ Original ------------------\nFrom:  "宽带通"<r@kdt-isp.example>;\nDate:  Sun, Nov 10, 2024\nTo:  "a"<a@b.example>;\nSubject:  退款\n',
    "apple_en": "Begin forwarded message:\n\nFrom: 星驿付 <s@xingyifu.example>\nSubject: 退款\nDate: April 20, 2025\nTo: a@b.example\n",
    "apple_zh": "转发的邮件：\n\n发件人: 汇通 <r@huitong-hk.example>\n主题: 退款\n日期: 2024年11月11日\n收件人: a@b.example\n",
}


@pytest.mark.parametrize("client", sorted(BLOCKS))
def test_each_clients_forward_block_is_found_with_note_sender_and_body(client):
    text = nfkc(f"请处理，谢谢\n\n{BLOCKS[client]}\n正文：退款已到账")
    found = forwards.find(text)
    assert found is not None
    assert found.note == "请处理,谢谢"
    assert "@" in found.sender_addr and found.sender_addr.islower()
    assert found.subject == "退款"
    assert found.body == "正文:退款已到账"


def test_plain_text_without_a_header_block_is_not_a_forward():
    assert forwards.find("From the desk of the manager: hello\nthanks") is None


def test_a_separator_naming_a_forward_says_forward():
    found = forwards.find(nfkc(BLOCKS["gmail"] + "\nbody"))
    assert found is not None and found.says_forward


def test_a_thunderbird_block_with_subject_above_from_is_one_block():
    text = nfkc("看下\n\n-------- Forwarded Message --------\nSubject: 退款\nDate: Fri\nFrom: 乐刷 <b@leshua.example>\nTo: a@b.example\n\n正文")
    found = forwards.find(text)
    assert found is not None
    assert (found.note, found.subject, found.body) == ("看下", "退款", "正文")
