"""The dates step's faster scans find what normalise's patterns find."""

from __future__ import annotations

import re

from pipeline.classifiers import dates
from pipeline.parsing import normalise
from tests.corpus_texts import context_texts



def found(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


def test_numeric_dates_match_normalise_over_the_corpus_and_edge_cases():
    made = ["2024-11-03", "12024-11-03", "a2024/1/3", "２024-11-03", "x 2024.11.3 y", "2024-11-034", "2020-1-1",
            "2024年11月3日", "2024 年 1 月 3 号", "2024年11月", "年2024-1-1"]
    for text in [*context_texts(), *made, " ".join(made)]:
        assert found(dates.numeric_dates(text)) == found(normalise.numeric_dates(text)), text


def test_every_english_date_starts_with_a_month_name_the_step_looks_for():
    assert not normalise.EN_DATE.flags & re.IGNORECASE
    assert normalise.EN_DATE.pattern.startswith(rf"\b({dates.MONTH_NAME.pattern})")


def test_a_text_without_a_year_20xx_holds_no_date_of_any_form():
    made = ["2024年11月3日", "Nov 3, 2024", "2024-11-03", "1999-11-03", "Nov 3, 1999", "2 0 24年1月1日"]
    for text in [*context_texts(), *made]:
        if dates.YEAR not in text:
            assert not dates.numeric_dates(text) and not normalise.dates(text), text
    for pattern in (normalise.CN_DATE, normalise.ISO_DATE, normalise.EN_DATE, dates.ISO_DATE):
        assert "(20\\d{2})" in pattern.pattern or "(2(?<!\\d2)0\\d{2})" in pattern.pattern
