"""The spelt-out amount patterns match exactly what their re.IGNORECASE originals match."""

from __future__ import annotations

import re
import sys

import pytest

from pipeline.classifiers import amount
from tests.corpus_texts import context_texts

NUM = amount.NUM
# The originals, kept as the reference.
CURRENCY_FIRST = re.compile(
    rf"(?:¥|RMB|CNY|人民币|人民幣|HK\$|HKD|港币|港幣)[ \t]*\n?[ \t]*(?P<n>{amount.WRAPPED_NUM})(?![0-9%])", re.IGNORECASE
)
UNIT_AFTER = re.compile(rf"(?<![0-9.A-Za-z])(?<![0-9],)(?P<n>{NUM})[ \t]*万?(?:元|圆|圓|块|RMB|CNY|HKD|港元)(?![0-9%])",
                        re.IGNORECASE)
PAIRS = [(amount.CURRENCY_FIRST, CURRENCY_FIRST), (amount.UNIT_AFTER, UNIT_AFTER)]


def found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group("n")) for m in pattern.finditer(text)]


def cased() -> list[str]:
    """Every character with another case: the ones IGNORECASE could fold to an ASCII letter."""
    chars = (chr(i) for i in range(sys.maxunicode + 1))
    return [c for c in chars if c.lower() != c or c.upper() != c]


def test_every_case_variant_of_the_currency_words_matches_as_before():
    words = ["RMB", "CNY", "HK$", "HKD", "¥", "人民币", "港币"]
    variants = cased()
    for word in words:
        for i, letter in enumerate(word):
            if not letter.isascii() or not letter.isalpha():
                continue
            for char in [*variants, letter.lower()]:
                spelt = word[:i] + char + word[i + 1:]
                for text in (f"{spelt} 1,280.50", f"x 300{spelt}", f"a{char}300 元", f"{char}300元"):
                    for new, old in PAIRS:
                        assert found(new, text) == found(old, text), text


@pytest.fixture(scope="module")
def texts() -> tuple[str, ...]:
    return context_texts()


def test_the_amount_patterns_find_what_the_originals_find_over_the_corpus_texts(texts):
    assert texts
    for text in texts:
        for new, old in PAIRS:
            assert found(new, text) == found(old, text)


def test_a_text_said_to_hold_no_amount_has_none(texts):
    variants = [f"{c}MB 1" for c in "Rr"] + [f"1 h{c}d" for c in "Kk\u212a"] + ["HK$1", "¥1", "人民幣 1", "港幣1", "1港元", "1块", "一百圓"]
    for text in [*texts, *variants, *(f"1 {w}" for w in ("RMB", "Cny", "HKD", "hkd"))]:
        currency, unit, yuan = amount._possible(text)
        assert currency or not amount.CURRENCY_FIRST.search(text), text
        assert unit or not amount.UNIT_AFTER.search(text), text
        assert yuan or not amount.UPPER.search(text), text


def test_possible_says_what_one_substring_test_per_word_says(texts):
    def reference(text: str) -> tuple[bool, bool, bool]:
        lowered = text.lower()
        words = "rmb" in lowered or "cny" in lowered
        yuan = "元" in text or "圆" in text or "圓" in text
        currency = words or "hk" in lowered or "¥" in text or "人民" in text or "港" in text
        unit = words or yuan or "hkd" in lowered or "块" in text or "港元" in text
        return currency, unit, yuan

    made = ["HKD 1", "hk 1", "港元", "港", "港币", "1块", "RMB", "cny", "h\u212ad", "¥", "人民币", "圓", "HK", "元"]
    for text in [*texts, *made, *(f"x {a}{b}" for a in made for b in made)]:
        assert amount._possible(text) == reference(text), text
