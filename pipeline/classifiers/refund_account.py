"""Last digits of the account a refund goes to (尾号9966, ending in 1234)."""

from __future__ import annotations

import re

from pipeline.classifiers.context import Context


class RefundAccount:
    name = "refund_account"
    description = "Last digits of the refund account (extra.refund_account_last_digits)."

    def classify(self, ctx: Context) -> None:
        if not ctx.rules.words("labels", "refund_account"):
            return
        pattern = ctx.rules.derive("refund_account", lambda: _pattern(ctx))
        found = list(dict.fromkeys(pattern.findall(ctx.head)))
        if found:
            ctx.extra["refund_account_last_digits"] = found


def _pattern(ctx: Context) -> re.Pattern[str]:
    labels = "|".join(ctx.rules.words("labels", "refund_account"))
    return re.compile(rf"(?:{labels})[ \t:为是]*[*xX]*(\d{{3,4}})(?!\d)")
