"""Terminal serial number: by label, else by the provider's registry pattern."""

from __future__ import annotations

from pipeline.classifiers import identifiers
from pipeline.classifiers.context import NOT_A_CASE, Context


class TerminalSn:
    name = "terminal_sn"
    description = "Device serial number after its label (机身号, SN, Serial No.), else a registry pattern."

    def classify(self, ctx: Context) -> None:
        if ctx.kind in NOT_A_CASE:
            return
        value, source = identifiers.by_label_or_pattern(ctx, "terminal_sn", "sn_patterns", 8, 4, (ctx.order_number,))
        if value is not None and value != ctx.order_number:
            ctx.terminal_sn = value
            ctx.fire(f"terminal_sn:{source}")
