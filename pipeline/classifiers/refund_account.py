"""Last digits of the account a refund goes to (尾号9966, ending in 1234)."""

from __future__ import annotations

import re

from pipeline.classifiers.context import Context


class RefundAccount:
    name = "refund_account"
    description = "Last digits of the refund account (extra.refund_account_last_digits)."

    def classify(self, ctx: Context) -> None:
        labels = "|".join(ctx.rules.words("labels", "refund_account"))
        if not labels:
            return
        pattern = re.compile(rf"(?:{labels})[ \t:为是]*[*xX]*(\d{{3,4}})(?!\d)")
        found = list(dict.fromkeys(pattern.findall(ctx.head)))
        if found:
            ctx.extra["refund_account_last_digits"] = found
