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
