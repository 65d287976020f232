"""Advertising, reseller spam and newsletters, even when they say 取消 or 违约金."""

from __future__ import annotations

from pipeline.classifiers import kind
from pipeline.classifiers.context import Context
from pipeline.findings import Kind

STRONG_NEEDED = 2
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})


class Marketing:
    name = "marketing"
    description = "Marketing by promotional wording: two strong cues, or one strong and one weak."

    def classify(self, ctx: Context) -> None:
        """Set kind MARKETING when promotional cues add up and no kind is decided yet."""
        if ctx.kind is not None:
            return
        text = f"{ctx.subject}\n{ctx.head}"
        strong = {m.group(0) for m in ctx.rules.regex("marketing", "strong").finditer(text)}
        weak = {m.group(0) for m in ctx.rules.regex("marketing", "weak").finditer(text)}
        weak |= _bulk_headers(ctx)
        # One strong cue is enough only when the text states nothing about a case:
        # a shipping notice with an advert in its footer is still a shipping notice.
        mixed = strong and weak - strong and not kind.case_hits(ctx, ctx.head)
        if len(strong) >= STRONG_NEEDED or mixed:
            ctx.kind, ctx.strength = Kind.MARKETING, min(0.5 + 0.1 * len(strong | weak), 0.95)
            ctx.fire("marketing:" + ",".join(sorted(strong | weak)))


def _bulk_headers(ctx: Context) -> set[str]:
    """Mass-mailing headers: a weak cue on their own (providers send notices in bulk too)."""
    cues = set()
    if ctx.mail.header("Precedence").lower() in BULK_PRECEDENCE:
        cues.add("header:Precedence")
    if ctx.mail.header("List-Unsubscribe"):
        cues.add("header:List-Unsubscribe")
    return cues
