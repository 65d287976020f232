"""Context's fast patterns find what their plain re.IGNORECASE forms find."""

import itertools
import re

from pipeline.classifiers import context

# HTML stands alone among Latin letters, but may touch Chinese ("本邮件为HTML格式").
OLD_STUB_WORDS = re.compile(r"(?<![A-Za-z])(?i:HTML)(?![A-Za-z])|浏览器|瀏覽器|查看完整|(?i:view (?:this|it|the full))")


def test_stub_words_are_found_exactly_where_the_ignorecase_pattern_finds_them():
    pieces = ["html", "HTML", "Html", "xhtml", "html5", "为HTML格式", "ſhtml", "htm", " ", "view this", "VIEW IT", "vıew ıt",
              "VİEW", "view the full", "view thiſ", "viewer", "浏览器", "瀏覽器", "查看完整", "查看", "v", "h", "_"]
    for combo in itertools.product(pieces, repeat=3):
        text = "".join(combo)
        assert bool(context.STUB_WORDS.search(text)) == bool(OLD_STUB_WORDS.search(text)), text


def _context(new_text):
    from pipeline.classifiers.rules import load_rules

    ctx = context.Context(mail=None, registry=None, rules=load_rules(), provider_mail=None)  # type: ignore[arg-type]
    ctx.new_text = new_text
    return ctx


def test_the_head_is_cut_once_and_follows_the_newest_text():
    long_text = "提示" * context.SCAN_LIMIT
    ctx = _context(long_text)
    head = ctx.head
    assert head == long_text[: context.SCAN_LIMIT] and ctx.head is head
    ctx.new_text = "短" + long_text
    assert ctx.head == ctx.new_text[: context.SCAN_LIMIT] and ctx.head is not head
    ctx.new_text = "short"
    assert ctx.head == "short"


def test_texts_offer_the_head_object_itself_first():
    from tests.corpus_texts import corpus_contexts

    for ctx in corpus_contexts():
        if not ctx.head:
            continue
        first = next(ctx.texts())
        if len(ctx.head) < min(len(ctx.new_text), context.SCAN_LIMIT):
            # A footer was cut off the head: identifiers are read from the whole newest text.
            assert first == ctx.read(ctx.new_text[: context.SCAN_LIMIT])  # as the lists read it
        else:
            assert first is ctx.head


def test_the_head_ends_above_a_footer_only_after_something_was_said():
    said = "您的注销申请已受理，我们将尽快处理，请耐心等待。\n"
    footer = "━━━━━━\n【温馨提示】注销成功后费用不予退还。"
    assert _context(said + footer).head == said.rstrip()
    assert _context("温馨提示：注销成功后费用不予退还。").head == "温馨提示：注销成功后费用不予退还。"
