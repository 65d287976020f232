"""Quoted replies: only the newest text on top is kept."""

import re
import sys

import pytest

from pipeline.parsing import quotes

QUOTES = {
    "zh_attribution": "在 2024年11月3日 10:20，王先生 <w@x.example> 写道：\n> 取消成功了吗",
    "en_attribution": "On Mon, Nov 4, 2024 at 10:20 AM Wang <w@x.example> wrote:\n> cancelled?",
    "en_wrapped": "On Mon, Nov 4, 2024 at 10:20 AM Wang <\nw@x.example> wrote:\n> cancelled?",
    "outlook": "-----Original Message-----\nFrom: w@x.example\nSent: Monday\nTo: s@y.example\nSubject: 取消",
    "qq": '------------------ 原始邮件 ------------------\n发件人: "王"<w@x.example>;\n发送时间: 2024年11月3日\n主题: 取消',
    "header_block": "发件人: 王 <w@x.example>\n发送时间: 2024年11月3日\n收件人: s@y.example\n主题: 取消",
    "gt_lines": "> 请尽快取消，取消成功后告诉我",
}


@pytest.mark.parametrize("style", sorted(QUOTES))
def test_each_quote_style_is_cut_off(style):
    assert quotes.newest(f"您的取消申请已受理。\n\n{QUOTES[style]}\n") == "您的取消申请已受理。"


def test_text_without_quotes_is_returned_whole():
    assert quotes.newest("第一段\n\n第二段") == "第一段\n\n第二段"


def test_a_bottom_posted_reply_keeps_the_unquoted_lines():
    assert quotes.newest("> 原文\n已为您处理") == "已为您处理"


@pytest.mark.parametrize("style", sorted(QUOTES))
def test_a_known_forward_search_gives_the_same_newest_text(style):
    from pipeline.parsing import forwards

    for text in (f"您的取消申请已受理。\n\n{QUOTES[style]}\n", f"{QUOTES[style]}\n正文", "无引用"):
        assert quotes.newest(text, forwards.find(text)) == quotes.newest(text)


def test_every_match_of_the_wrote_word_holds_e_colon():
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    assert quotes.WROTE_WORD.pattern == "wrote:" and quotes.WROTE_WORD.flags & re.IGNORECASE
    assert set(re.findall("(?i)e", every)) == {"e", "E"}


def _old_quote_start(text):
    """_quote_start before its 'e:' test was limited to the searched window."""
    cut = quotes.QUOTE_START.first(text, 0, quotes.SEARCH_LIMIT)
    end = quotes.SEARCH_LIMIT if cut is None else cut
    if ("e:" in text or "E:" in text) and quotes.WROTE_WORD.search(text, 0, end):
        wrote = quotes.WROTE.first(text, 0, end)
        cut = wrote if wrote is not None else cut
    return len(text) if cut is None else cut


def test_the_wrote_test_looks_only_where_the_cut_can_move(monkeypatch):
    monkeypatch.setattr(quotes, "SEARCH_LIMIT", 40)
    lines = ["x", "Wang wrote:", "WROTE:", "wrote: no", "> q", "On Mon W wrote:", "e:", "E:", " " * 30]
    for first in lines:
        for second in lines:
            for gap in ("", "y" * 25, "z" * 50):
                text = f"{first}\n{gap}\n{second}\n"
                assert quotes._quote_start(text) == _old_quote_start(text), text


def test_isspace_is_the_test_strip_makes():
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    assert all((not c.strip()) == c.isspace() for c in every)
    assert quotes.newest(" \u3000\n> q\nreply") == "reply"
