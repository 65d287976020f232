"""Calendar dates in the provider's text, and which of them are deadlines."""

from __future__ import annotations

import re

from pipeline.classifiers.context import Context
from pipeline.parsing import normalise

DEADLINE_WINDOW = 8


class Dates:
    name = "dates"
    description = "Dates written in the newest text (extra.dates) and deadlines (extra.deadlines)."

    def classify(self, ctx: Context) -> None:
        found = normalise.dates(ctx.head)
        if found:
            ctx.extra["dates"] = [d.isoformat() for d in found]
        deadlines = _deadlines(ctx)
        if deadlines:
            ctx.extra["deadlines"] = deadlines


def _deadlines(ctx: Context) -> list[str]:
    words = ctx.rules.regex("labels", "deadline")
    found: list[str] = []
    for pattern in (normalise.CN_DATE, normalise.ISO_DATE):
        for match in pattern.finditer(ctx.head):
            after = ctx.head[match.end():match.end() + DEADLINE_WINDOW]
            before = ctx.head[max(0, match.start() - DEADLINE_WINDOW):match.start()]
            if words.search(after) or re.search(r"(?i)截止|deadline|before|by", before):
                dates = normalise.dates(match.group(0))
                found.extend(d.isoformat() for d in dates if d.isoformat() not in found)
    return found
