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


class Tracking:
    name = "tracking"
    description = "Courier tracking numbers by label (快递单号, Tracking No.) or waybill shape."

    def classify(self, ctx: Context) -> None:
        build = partial(_labels, ctx)
        scanner: heads.Scanner = ctx.rules.derive("tracking-scanner", build)  # type: ignore[arg-type, assignment]
        found: list[str] = []
        texts = [ctx.head]
        body = ctx.provider_body[:SCAN_LIMIT]
        # Without quotes the body is the newest text: a second scan would add nothing.
        if body != ctx.head:
            texts.append(body)
        for text in texts:
            # Most texts hold neither: no comprehension is set up for nothing.
            values = WAYBILL.findall(text)
            labelled = scanner.finditer(text)
            if labelled:
                values[:0] = [identifiers.clean(m.group("v")) for m in labelled]
            if values:
                found.extend(v for v in values if v not in found and len(v) >= 8)
        if found:
            ctx.extra["tracking_numbers"] = found


def _labels(ctx: Context) -> heads.Scanner:
    return identifiers.label_scanner(ctx.rules.words("labels", "tracking"), ())
