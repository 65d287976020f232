"""Lines a client wrapped are joined for reading; tables, lists, quotes and chat lines are not."""

from __future__ import annotations

import pytest

from pipeline.parsing.unwrap import unwrapped

LONG_ZH = "经复核，贵司名下的两台收款终端均已按照双方签署的补充协议约定完成回收并由我司仓库签收，相关"


@pytest.mark.parametrize(("text", "expected"), [
    (LONG_ZH + "\n服务随之终止。", LONG_ZH + "服务随之终止。"),
    ("We are writing to let you know that the merchant agreement for your shop has now been\nterminated.",
     "We are writing to let you know that the merchant agreement for your shop has now been terminated."),
    # A number broken after its thousands comma stays one number.
    ("Please note that the early termination charge for the remaining contract term comes to RMB 2,\n"
     "480.00 in total.", "Please note that the early termination charge for the remaining contract term comes "
     "to RMB 2,480.00 in total."),
])
def test_a_wrapped_sentence_is_joined(text, expected):
    assert unwrapped(text) == expected


@pytest.mark.parametrize("text", [
    # Short lines: a heading, a signature.
    "撤机通知\n尊敬的商户",
    # A sentence ended: its line is complete.
    LONG_ZH + "。\n服务随之终止。",
    # A table row, a list item, a quote.
    "终端SN            型号    状态          说明说明说明说明说明说明说明说明说明\nXY001  MP70  已注销",
    LONG_ZH + "\n1. 服务随之终止",
    "> " + LONG_ZH + "\n服务随之终止。",
    # Chat typed without punctuation: every line is a message.
    "您发的那个单号 我这边系统里查不到 应该是后面两位数字您打反了吧 麻烦您再核对一下单号\n我按正确的单号给您注销好了",
])
def test_lines_that_are_not_wrapped_stay_apart(text):
    assert unwrapped(text) == text


def test_a_line_opening_a_field_or_a_note_is_not_a_continuation():
    text = LONG_ZH + "\n温馨提示：注销成功后商户号不可恢复。"
    assert unwrapped(text) == text


def test_a_line_opening_with_a_bracketed_identifier_continues_the_line_above():
    text = LONG_ZH + "\n(SN:AB12345678)已同步停机。"
    assert unwrapped(text) == LONG_ZH + "(SN:AB12345678)已同步停机。"
