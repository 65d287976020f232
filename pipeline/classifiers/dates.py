"""Calendar dates in the provider's text, and which of them are deadlines."""

from __future__ import annotations

import re

from pipeline.classifiers.context import Context
from pipeline.parsing import normalise

# Every date form holds a year 20xx (normalise's patterns, ISO_DATE below).
YEAR = "20"
DEADLINE_WINDOW = 8
DEADLINE_BEFORE = re.compile(r"(?i)截止|deadline|before|by")
# normalise.ISO_DATE with its leading '2' before the look-behind, so the engine skips to
# a '2' in C instead of trying the look-behind everywhere: the same matches and groups.
ISO_DATE = re.compile(r"(2(?<!\d2)0\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
# Every English date (normalise.EN_DATE) starts with one of these month names.
MONTH_NAME = re.compile("|".join(month.title() for month in normalise.MONTHS))


class Dates:
    name = "dates"
    description = "Dates written in the newest text (extra.dates) and deadlines (extra.deadlines)."

    def classify(self, ctx: Context) -> None:
        head = ctx.head
        # No year, no date and no deadline: one substring test settles many texts.
        if YEAR not in head:
            return
        # Both steps read the same numeric dates: the head is scanned for them once.
        numeric = numeric_dates(head)
        # Without a month name there is no English date to look for.
        month = MONTH_NAME.search(head) is not None
        if not (numeric or month):
            return
        found = normalise.dates(head if month else "", numeric)
        if found:
            ctx.extra["dates"] = [d.isoformat() for d in found]
        deadlines = _deadlines(ctx, head, numeric) if numeric else []
        if deadlines:
            ctx.extra["deadlines"] = deadlines


def numeric_dates(text: str) -> list[re.Match[str]]:
    """normalise.numeric_dates(text), the ISO form found faster."""
    # The Chinese form needs a 年: a substring test spares most texts that pass.
    chinese = normalise.CN_DATE.finditer(text) if "年" in text else ()
    return [*chinese, *ISO_DATE.finditer(text)]


def _deadlines(ctx: Context, head: str, numeric: list[re.Match[str]]) -> list[str]:
    words = ctx.rules.regex("labels", "deadline")
    found: list[str] = []
    for match in numeric:
        after = head[match.end():match.end() + DEADLINE_WINDOW]
        before = head[max(0, match.start() - DEADLINE_WINDOW):match.start()]
        if words.search(after) or DEADLINE_BEFORE.search(before):
            dates = normalise.dates(match.group(0))
            found.extend(d.isoformat() for d in dates if d.isoformat() not in found)
    return found
