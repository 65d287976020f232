"""Calendar dates in the provider's text, and which of them are deadlines."""

from __future__ import annotations

import re

from pipeline.classifiers.context import Context
from pipeline.parsing import normalise

DEADLINE_WINDOW = 8
DEADLINE_BEFORE = re.compile(r"(?i)截止|deadline|before|by")


class Dates:
    name = "dates"
    description = "Dates written in the newest text (extra.dates) and deadlines (extra.deadlines)."

    def classify(self, ctx: Context) -> None:
        # Both steps read the same numeric dates: the head is scanned for them once.
        numeric = normalise.numeric_dates(ctx.head)
        found = normalise.dates(ctx.head, numeric)
        if found:
            ctx.extra["dates"] = [d.isoformat() for d in found]
        deadlines = _deadlines(ctx, numeric)
        if deadlines:
            ctx.extra["deadlines"] = deadlines


def _deadlines(ctx: Context, numeric: list[re.Match[str]]) -> list[str]:
    words = ctx.rules.regex("labels", "deadline")
    found: list[str] = []
    for match in numeric:
        after = ctx.head[match.end():match.end() + DEADLINE_WINDOW]
        before = ctx.head[max(0, match.start() - DEADLINE_WINDOW):match.start()]
        if words.search(after) or DEADLINE_BEFORE.search(before):
            dates = normalise.dates(match.group(0))
            found.extend(d.isoformat() for d in dates if d.isoformat() not in found)
    return found
