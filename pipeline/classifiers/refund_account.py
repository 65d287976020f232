"""Last digits of the account a refund goes to (尾号9966, ending in 1234)."""

from __future__ import annotations

import re

from pipeline.classifiers import heads
from pipeline.classifiers.context import Context


class RefundAccount:
    name = "refund_account"
    description = "Last digits of the refund account (extra.refund_account_last_digits)."

    def classify(self, ctx: Context) -> None:
        if not ctx.rules.words("labels", "refund_account"):
            return
        head = ctx.head
        # Every match starts with a label's plain head: substring tests rule out
        # most mail at less cost than a regex pass, whose objects are cold by now.
        starts: tuple[str, ...] = ctx.rules.derive("refund_account-heads", lambda: _heads(ctx))  # type: ignore[arg-type, assignment]
        for start in starts:
            if start in head:
                break
        else:
            if starts:
                return
        pattern = ctx.rules.derive("refund_account", lambda: _pattern(ctx))
        found = list(dict.fromkeys(pattern.findall(head)))
        if found:
            ctx.extra["refund_account_last_digits"] = found


def _heads(ctx: Context) -> tuple[str, ...]:
    """The plain start of every label; () if some label has none (then no test)."""
    found = tuple(dict.fromkeys(heads.head(label) for label in ctx.rules.words("labels", "refund_account")))
    return () if "" in found else found


def _pattern(ctx: Context) -> re.Pattern[str]:
    labels = "|".join(ctx.rules.words("labels", "refund_account"))
    return re.compile(rf"(?:{labels})[ \t:为是]*[*xX]*(\d{{3,4}})(?!\d)")
