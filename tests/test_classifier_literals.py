"""literals.ways: the words it names are in every match, multiplied out where small."""

import random

import pytest

from pipeline.classifiers import literals
from pipeline.classifiers.rules import load_rules
from pipeline.classifiers.sieve import Keywords
from tests.corpus_texts import analysed_heads



@pytest.fixture(scope="module")
def parts():
    rules = load_rules()
    lists = [p for p in rules.compiled.values() if isinstance(p, Keywords)]
    return [part for keywords in lists for part in keywords.parts]


@pytest.fixture(scope="module")
def texts():
    return [t for pair in analysed_heads() for t in pair if t]


def holds(ways, text):
    lowered = text.lower()
    return any(all(any(word in lowered for word in option) for option in way) for way in ways)


def test_an_optional_prefix_and_a_factored_branch_multiply_out():
    assert literals.ways("(?:已(?:经)?(?:退回|退款))") == [[frozenset({"已退回", "已退款", "已经退回", "已经退款"})]]
    assert literals.ways("(?:请(?:您)?提供)") == [[frozenset({"请提供", "请您提供"})]]


def test_an_unbounded_gap_splits_a_pattern_into_options():
    assert literals.ways("(?:将.{0,12}(?:扣除|扣款))") == [[frozenset({"将"}), frozenset({"扣除", "扣款"})]]


def test_a_case_insensitive_pattern_names_lower_case_words():
    assert literals.ways("(?i:\\bRefund(?:ed)?\\b)") == [[frozenset({"refund", "refunded"})]]


def test_a_pattern_that_needs_no_literal_has_no_ways():
    assert literals.ways("(?:[A-Z0-9]{8,})") is None
    assert literals.ways("(?:取消|\\d+)") is None


@pytest.mark.parametrize("seed", [1, 2])
def test_every_match_of_every_keyword_holds_the_words_named(parts, texts, seed):
    rng = random.Random(seed)
    for part in parts:
        ways = literals.ways(part.pattern)
        if ways is None:
            continue
        words = sorted({w for way in ways for option in way for w in option})
        soup = "".join(rng.choice(words) + rng.choice(["", "您", " ", "，"]) for _ in range(60))
        for text in [*texts, soup]:
            for match in part.finditer(text):
                assert holds(ways, match.group(0)), (part.pattern, match.group(0))
