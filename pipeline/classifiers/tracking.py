"""Courier waybill numbers: kept as evidence, never mistaken for order numbers."""

from __future__ import annotations

import re

from pipeline.classifiers import identifiers
from pipeline.classifiers.context import SCAN_LIMIT, Context

WAYBILL = re.compile(r"(?<![A-Za-z0-9])(?:SF|YT|JD|JT|ZTO|YD|STO)\d{10,15}(?![0-9])")


class Tracking:
    name = "tracking"
    description = "Courier tracking numbers by label (快递单号, Tracking No.) or waybill shape."

    def classify(self, ctx: Context) -> None:
        pattern = ctx.rules.derive("tracking", lambda: _labels(ctx))
        found: list[str] = []
        texts = [ctx.head]
        body = ctx.provider_body[:SCAN_LIMIT]
        # Without quotes the body is the newest text: a second scan would add nothing.
        if body != ctx.head:
            texts.append(body)
        for text in texts:
            values = [identifiers.clean(m.group("v")) for m in pattern.finditer(text)]
            values += WAYBILL.findall(text)
            found.extend(v for v in values if v not in found and len(v) >= 8)
        if found:
            ctx.extra["tracking_numbers"] = found


def _labels(ctx: Context) -> re.Pattern[str]:
    return identifiers.label_regex(ctx.rules.words("labels", "tracking"), ())
