"""Identifier classifiers: order number, terminal SN, merchant ID."""

from __future__ import annotations

from pipeline.classifiers import identifiers
from pipeline.classifiers.context import Context
from pipeline.findings import Kind

# Marketing and unrelated mail is not about the case: nothing is extracted.
NOT_A_CASE = frozenset({Kind.MARKETING, Kind.UNRELATED})


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


class TerminalSn:
    name = "terminal_sn"
    description = "Device serial number after its label (机身号, SN, Serial No.), else a registry pattern."

    def classify(self, ctx: Context) -> None:
        if ctx.kind in NOT_A_CASE:
            return
        value, label = identifiers.by_label(ctx, "terminal_sn", 8, 4)
        source = f"label:{label}"
        if value is None:
            value, slug = identifiers.by_pattern(ctx, "sn_patterns")
            source = f"pattern:{slug}"
        if value is not None and value != ctx.order_number:
            ctx.terminal_sn = value
            ctx.fire(f"terminal_sn:{source}")


class MerchantId:
    name = "merchant_id"
    description = "Merchant number after its label (商户号, 网点编号, MID, 客户号)."

    def classify(self, ctx: Context) -> None:
        if ctx.kind in NOT_A_CASE:
            return
        value, label = identifiers.by_label(ctx, "merchant_id", 6, 5)
        if value is not None and value not in (ctx.order_number, ctx.terminal_sn):
            ctx.merchant_id = value
            ctx.fire(f"merchant_id:label:{label}")
