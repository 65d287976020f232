"""Courier waybill numbers: kept as evidence, never mistaken for order numbers."""

from __future__ import annotations

import re
from functools import partial

from pipeline.classifiers import heads, identifiers
from pipeline.classifiers.context import SCAN_LIMIT, Context

# A courier prefix (SF, YT, JD, JT, ZTO, YD, STO) not inside a longer token, then digits.
# Its first letter comes first so the engine skips to S, Y, J and Z in C.
WAYBILL = re.compile(
    r"[SYJZ](?<![A-Za-z0-9][SYJZ])(?:(?<=S)F|(?<=Y)T|(?<=J)D|(?<=J)T|(?<=Z)TO|(?<=Y)D|(?<=S)TO)\d{10,15}(?![0-9])"
)


# Where a waybill can start: WAYBILL's prefixes, looked for in the labels' pass.
WAYBILL_PREFIXES = ("SF", "YT", "JD", "JT", "ZTO", "YD", "STO")


class Tracking:
    name = "tracking"
    description = "Courier tracking numbers by label (快递单号, Tracking No.) or waybill shape."

    def classify(self, ctx: Context) -> None:
        build = partial(_patterns, ctx)
        places, labels = ctx.rules.derive("tracking-patterns", build)  # type: ignore[arg-type, misc]
        found: list[str] = []
        texts = [ctx.head]
        body = ctx.provider_body[:SCAN_LIMIT]
        # Without quotes the body is the newest text: a second scan would add nothing.
        if body != ctx.head:
            texts.append(body)
        for text in texts:
            # One pass says where a label or a waybill may start; most texts hold neither.
            if places.search(text) is None:
                continue
            at = [m.start() for m in places.finditer(text)]
            values = [identifiers.clean(m.group("v")) for m in heads.among(labels, text, at)]
            values += [m.group() for m in heads.among(WAYBILL, text, at)]
            found.extend(v for v in values if v not in found and len(v) >= 8)
        if found:
            ctx.extra["tracking_numbers"] = found


def _patterns(ctx: Context) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The finder of label heads and waybill prefixes, and the label pattern."""
    words = list(ctx.rules.words("labels", "tracking"))
    return heads.finder([*words, *WAYBILL_PREFIXES]), identifiers.label_pattern(words, [])
