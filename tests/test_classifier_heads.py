"""Label scans tried only where a label starts find exactly what finditer() finds."""

from __future__ import annotations

import re

import pytest

from pipeline.classifiers import heads, identifiers, tracking
from pipeline.classifiers.rules import load_rules
from pipeline.findings import Kind
from tests.corpus_texts import context_texts, corpus_contexts

RULES = load_rules()


@pytest.fixture(scope="module")
def texts() -> tuple[str, ...]:
    return context_texts()


def label_scanner(labels, distractors) -> heads.Scanner:
    labels, distractors = list(labels), list(distractors)
    return heads.Scanner(identifiers.label_pattern(labels, distractors), heads.finder([*labels, *distractors]))


def spans(matches) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("kind", [Kind.SHIPPED, Kind.CANCEL_CONFIRMED])
def test_the_label_scanner_finds_what_finditer_finds_over_the_corpus_texts(texts, kind):
    ctx = corpus_contexts()[0]
    ctx.kind = kind
    labels = identifiers._labels(ctx)
    pattern = re.compile(identifiers._combined(labels))
    scanner = identifiers._scanner(ctx)
    assert texts
    for text in texts:
        assert spans(scanner.finditer(text)) == spans(pattern.finditer(text))


def test_a_label_starting_inside_a_failed_longer_one_is_still_tried():
    pattern = re.compile(r"(?:商户号|户号)：(?P<v>\d+)")
    scanner = heads.Scanner(pattern, heads.finder(["商户号", "户号"]))
    text = "商户号 123 户号：456 商户号：789"
    assert spans(scanner.finditer(text)) == spans(pattern.finditer(text))


def test_the_head_is_the_plain_start_of_a_label():
    assert heads.head(r"Order No\.?") == "Order No"
    assert heads.head(r"Case (?:No\.?|ID)") == "Case "
    assert heads.head(r"(?i)order") == ""
    assert heads.head(r"[A-Z]+号") == ""


def test_labels_without_a_plain_start_are_tried_everywhere():
    pattern = re.compile(r"(?:[0-9]号|SN):(?P<v>\w+)")
    scanner = heads.Scanner(pattern, heads.finder(["[0-9]号", "SN"]))
    text = "1号:a SN:b x2号:c"
    assert spans(scanner.finditer(text)) == spans(pattern.finditer(text))


def test_registry_prefilters_never_skip_a_text_with_a_bounded_match(texts):
    ctx = corpus_contexts()[0]
    for attribute in ("order_patterns", "sn_patterns"):
        patterns = identifiers._patterns(ctx, attribute)
        for text in texts:
            for _, bounded, bare in patterns.entries:
                if bounded.search(text):
                    assert bare.search(text)


def test_the_tracking_scanner_finds_what_finditer_finds_over_the_corpus_texts(texts):
    words = RULES.words("labels", "tracking")
    field = "|".join(sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?:(?P<d>(?!x)x)|(?<![A-Za-z])(?P<f>{field}))(?![a-z]){identifiers.GLUE}{identifiers.VALUE}")
    scanner = label_scanner(words, ())
    for text in texts:
        assert spans(scanner.finditer(text)) == spans(pattern.finditer(text))


def test_waybill_shapes_are_found_as_by_the_original_pattern(texts):
    original = re.compile(r"(?<![A-Za-z0-9])(?:SF|YT|JD|JT|ZTO|YD|STO)\d{10,15}(?![0-9])")
    digits = "1234567890123"
    made = [f"{lead}{prefix}{digits}{tail}" for lead in ("", " ", "a", "9", "号")
            for prefix in ("SF", "YT", "JD", "JT", "ZTO", "YD", "STO", "ST", "ZT", "SJD", "S", "")
            for tail in ("", "4", "x", "%")]
    for text in [*texts, *made, " ".join(made)]:
        assert tracking.WAYBILL.findall(text) == original.findall(text), text


def test_plain_labels_are_their_own_heads_as_the_parser_says():
    sections = ("distractor", "order_number", "terminal_sn", "merchant_id", "application_order_number", "tracking")
    for label in (word for key in sections for word in RULES.words("labels", key)):
        assert heads.head(label) == heads.parsed_head(label), label


def test_refund_account_labels_all_have_plain_heads_that_every_match_starts_with(texts):
    from pipeline.classifiers import refund_account

    ctx = corpus_contexts()[0]
    starts = refund_account._heads(ctx)
    assert starts
    pattern = refund_account._pattern(ctx)
    for text in [*texts, "尾号 1234", "ending in 9966", "last 4 digits: ***1234"]:
        for match in pattern.finditer(text):
            assert any(text.startswith(start, match.start()) for start in starts), text


def test_one_pass_for_labels_and_waybills_finds_what_their_own_passes_find(texts):
    ctx = corpus_contexts()[0]
    places, labels = tracking._patterns(ctx)
    scanner = label_scanner(RULES.words("labels", "tracking"), ())
    made = ["运单号：SF1234567890123 快递单号 YT1234567890", "AWB: 1234-5678 JD12345678901ZTO1234567890",
            "Tracking No. SF1234567890 STO12345678901 xSF1234567890123", "快递单号码:SF0000000000 Waybill No 99887766"]
    for text in [*texts, *made, " ".join(made)]:
        at = [m.start() for m in places.finditer(text)]
        assert spans(heads.among(labels, text, at)) == spans(scanner.finditer(text)), text
        assert [m.group() for m in heads.among(tracking.WAYBILL, text, at)] == tracking.WAYBILL.findall(text), text
