"""The sieve: keyword lists searched through one Aho-Corasick pass find what re finds."""

import itertools
import random
import re

import pytest

from pipeline.classifiers.rules import load_rules
from pipeline.classifiers.sieve import MIN_TEXT, RECENT, Keywords, Panel, Sieve, every, joined, sieved
from pipeline.classifiers.sieve import first as first_match
from tests.corpus_texts import analysed_heads



@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def keyword_lists(rules):
    lists = {key: p for key, p in rules.compiled.items() if isinstance(p, Keywords)}
    assert len(lists) > 40  # nearly every list is sieved
    return lists


@pytest.fixture(scope="module")
def corpus_texts():
    texts = [t for subject, head in analysed_heads() for t in (head, subject, f"{subject}\n{head}")]
    return [t for t in texts if t]


def plain(keywords):
    return re.compile("|".join(part.pattern for part in keywords.parts))


def spans(matches):
    return [(m.span(), m.group(0)) for m in matches]


def word_soup(keywords, rng, size=40):
    """A text made of the list's own literal words, shuffled: many near-misses and overlaps."""
    words = sorted(keywords.words - {"\u0131", "\u017f", "\u0307"})
    glue = ["", "", " ", "，", "已", "的", "\n", "0123"]
    return "".join(rng.choice(words) + rng.choice(glue) for _ in range(size))


def test_every_keyword_list_finds_what_re_finds_on_the_corpus_texts(keyword_lists, corpus_texts):
    assert len(corpus_texts) > 300
    for key, keywords in keyword_lists.items():
        reference = plain(keywords)
        for text in corpus_texts:
            assert spans(keywords.finditer(text)) == spans(reference.finditer(text)), (key, text[:80])
            got, want = keywords.search(text), reference.search(text)
            assert (got and got.span()) == (want and want.span()), (key, text[:80])


def test_every_keyword_list_finds_what_re_finds_in_a_soup_of_its_own_words(keyword_lists):
    rng = random.Random(7)
    for key, keywords in keyword_lists.items():
        reference = plain(keywords)
        for _ in range(30):
            text = word_soup(keywords, rng)
            assert spans(keywords.finditer(text)) == spans(reference.finditer(text)), (key, text)
            assert spans([keywords.search(text)] if keywords.search(text) else []) == spans(
                [reference.search(text)] if reference.search(text) else []), (key, text)


def test_a_text_with_a_letter_ignorecase_folds_to_ascii_is_searched_whole(rules):
    refund = rules.regex("kinds", "refund_completed")
    for text in ("Your refund has been credıted to your card.", "Yes, we have refunded it: ſ \u0130 K.",
                 "WE HAVE REFUNDED THE FEE in full today."):
        assert spans(refund.finditer(text)) == spans(plain(refund).finditer(text))


def test_windows_and_short_texts_go_to_the_whole_alternation(rules):
    before = rules.regex("negation", "before")
    text = "订单已取消，但退款尚未到账，如需帮助请联系我们。" * 3
    assert before.search(text, 10, 20).span() == plain(before).search(text, 10, 20).span()
    short = "已取消"
    assert len(short) < MIN_TEXT
    assert rules.regex("kinds", "cancel_confirmed").search(short).group(0) == "已取消"


def test_on_a_tie_the_earlier_alternative_wins_as_in_the_alternation():
    sieve = Sieve()
    parts = ["(?:取消成功了)", "(?:取消成功)", "(?:成功了吗)"]
    keywords = sieved(re.compile("|".join(parts)), parts, sieve)
    text = "您好，订单取消成功了吗？我们已经为您取消成功。再次确认：取消成功了。"
    assert [m.group(0) for m in keywords.finditer(text)] == ["取消成功了", "取消成功", "取消成功了"]
    assert keywords.search(text).group(0) == "取消成功了"


def test_a_list_that_can_match_empty_text_is_not_sieved():
    parts = ["(?:a?)", "(?:取消)"]
    whole = re.compile("|".join(parts))
    assert sieved(whole, parts, Sieve()) is whole


def test_a_one_line_list_finds_in_two_lines_what_it_finds_in_each(keyword_lists, corpus_texts):
    rng = random.Random(11)
    one_line = {key: k for key, k in keyword_lists.items() if k.one_line}
    assert ("marketing", "strong") in one_line and ("marketing", "weak") in one_line
    heads = corpus_texts[::3]
    for key, keywords in one_line.items():
        reference = plain(keywords)
        for first in heads[:40] + [word_soup(keywords, rng, 8) for _ in range(20)]:
            second = word_soup(keywords, rng, 10)
            joined = {m.group(0) for m in reference.finditer(f"{first}\n{second}")}
            apart = {m.group(0) for text in (first, second) for m in reference.finditer(text)}
            assert joined == apart, (key, first[-40:], second[:40])


@pytest.mark.parametrize("pattern", [r"a\sb", "[^x]", "(?s:.)", "^a", "a$", r"\Aa"])
def test_a_list_that_can_take_or_see_a_line_break_is_not_one_line(pattern):
    keywords = sieved(re.compile(f"(?:{pattern})|(?:取消)"), [f"(?:{pattern})", "(?:取消)"], Sieve())
    assert not keywords.one_line


def test_a_panel_finds_through_its_candidates_what_re_finds_in_texts_short_or_long(rules, corpus_texts):
    lists = [rules.regex("kinds", key) for key in rules.keys("kinds")]
    panel = Panel(lists)
    assert panel.sieve is not None
    ruled_out = 0
    for text in corpus_texts:
        candidates = panel.candidates(text)
        assert candidates is not None
        for keywords, parts in zip(lists, candidates, strict=True):
            reference = plain(keywords)
            ruled_out += not parts
            assert spans(every(parts, text)) == spans(reference.finditer(text)), (keywords.parts[0].pattern, text)
            got, want = first_match(parts, text), reference.search(text)
            assert (got and got.span()) == (want and want.span())
    assert ruled_out > 5 * len(corpus_texts)


def test_a_panel_leaves_a_text_that_folds_to_ascii_to_the_lists_themselves(rules):
    panel = Panel([rules.regex("kinds", key) for key in rules.keys("kinds")])
    assert panel.candidates("Your refund has been credıted to your card.") is None


def _fresh_pass(sieve, text):
    """The pass over a copy of `text` nothing has remembered."""
    copy = "".join(list(text))
    assert copy is not text and id(copy) not in sieve.recent
    return sieve.found(copy)


def test_a_joined_text_s_pass_is_the_union_of_its_two_texts_passes(rules, keyword_lists, corpus_texts):
    sieve = next(iter(keyword_lists.values())).sieve
    sieve.found("x" * MIN_TEXT)  # the automaton is built
    assert not sieve.crossing  # no keyword holds a line break: the joined pass is used
    rng = random.Random(5)
    subjects = [t for t in corpus_texts if "\n" not in t][:80]
    heads = corpus_texts[::2][:80]
    refund = rules.regex("kinds", "refund_completed")
    extra = ["Your refund has been credıted", "ΑΣ", "Σ退款", "İ已退款", "\u0307", "已取", "消成功", "click", " here"]
    for first, second in [(rng.choice(subjects), rng.choice(heads)) for _ in range(300)] + [
            (a, b) for a in extra for b in extra]:
        text = joined(refund, first, second)
        assert text == f"{first}\n{second}"
        if len(text) >= MIN_TEXT:
            assert id(text) in sieve.recent
            assert sieve.found(text) == _fresh_pass(sieve, text), (first[-30:], second[:30])


def test_lower_works_across_a_line_break_as_on_each_side_alone():
    pieces = ["Σ", "Α", "'", ".", ":", "\u00ad", "\u0307", "İ", "x", "退", " ", "\u2019"]
    for left in itertools.product(pieces, repeat=3):
        for right in itertools.product(pieces, repeat=3):
            first, second = "".join(left), "".join(right)
            assert f"{first}\n{second}".lower() == f"{first.lower()}\n{second.lower()}", (first, second)


def test_a_sieve_with_a_line_break_in_a_word_makes_its_own_pass_for_a_joined_text():
    sieve = Sieve()
    parts = ["(?:取消\n成功)", "(?:退款)"]
    keywords = sieved(re.compile("|".join(parts)), parts, sieve)
    first, second = "您的订单已取消" * 10, "成功退款" * 10
    text = joined(keywords, first, second)
    assert sieve.crossing and id(text) not in sieve.recent
    assert spans(keywords.finditer(text)) == spans(plain(keywords).finditer(text))


def test_the_sieve_forgets_its_oldest_pass_first(keyword_lists):
    sieve = next(iter(keyword_lists.values())).sieve
    texts = [f"第{i}封邮件，订单已取消。" * 10 for i in range(RECENT + 3)]
    for text in texts:
        sieve.found(text)
    assert [id(t) in sieve.recent for t in texts] == [False] * 3 + [True] * RECENT
