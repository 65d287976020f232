"""Order/application number: by label, else by the provider's registry pattern."""

from __future__ import annotations

from pipeline.classifiers import identifiers
from pipeline.classifiers.context import NOT_A_CASE, Context


class OrderNumber:
    name = "order_number"
    description = "Order/application number after its label (订单号, Order No.), else a registry pattern."

    def classify(self, ctx: Context) -> None:
        if ctx.kind in NOT_A_CASE:
            return
        value, source = identifiers.by_label_or_pattern(ctx, "order_number", "order_patterns", 6, 4)
        if value is not None:
            ctx.order_number = value
            ctx.fire(f"order_number:{source}")
