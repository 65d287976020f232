"""Whether the merchant's forwarding note asks us to cancel or follow up."""

from __future__ import annotations

from pipeline.classifiers.context import Context


class CancelInstruction:
    name = "cancel_instruction"
    description = "True in extra.cancel_instruction when the merchant's note asks to cancel/refund."

    def classify(self, ctx: Context) -> None:
        if not ctx.forwarded:
            return
        match = ctx.rules.regex("cancel_instruction", "words").search(ctx.read(ctx.merchant_note))
        ctx.extra["cancel_instruction"] = match is not None
        if match:
            ctx.fire(f"cancel_instruction:{match.group(0)}")
