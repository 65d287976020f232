"""Merchant number assigned by the provider: by label only."""

from __future__ import annotations

from pipeline.classifiers import identifiers
from pipeline.classifiers.context import NOT_A_CASE, Context


class MerchantId:
    name = "merchant_id"
    description = "Merchant number after its label (商户号, 网点编号, MID, 客户号)."

    def classify(self, ctx: Context) -> None:
        if ctx.kind in NOT_A_CASE:
            return
        value, label = identifiers.by_label(ctx, "merchant_id", 6, 4, (ctx.order_number, ctx.terminal_sn))
        if value is not None and value not in (ctx.order_number, ctx.terminal_sn):
            ctx.merchant_id = value
            ctx.fire(f"merchant_id:label:{label}")
