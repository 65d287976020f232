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
        value, label = identifiers.by_label(ctx, "order_number", 6, 4)
        source = f"label:{label}"
        if value is None:
            value, slug = identifiers.by_pattern(ctx, "order_patterns")
            source = f"pattern:{slug}"
        if value is not None:
            ctx.order_number = value
            ctx.fire(f"order_number:{source}")
