"""Which items the provider asks for when it requests information."""

from __future__ import annotations

from pipeline.classifiers.context import Context
from pipeline.findings import Kind


class RequestedInfo:
    name = "requested_info"
    description = "Fields an info request asks for (extra.requested_info, e.g. order_number)."

    def classify(self, ctx: Context) -> None:
        if ctx.kind is not Kind.INFO_REQUESTED:
            return
        wanted = [
            key for key in ctx.rules.keys("requested_info")
            if ctx.rules.regex("requested_info", key).search(ctx.head)
        ]
        ctx.extra["requested_info"] = wanted
