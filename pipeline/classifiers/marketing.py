"""Advertising, reseller spam and newsletters, even when they say 取消 or 违约金."""

from __future__ import annotations

import re


from pipeline.classifiers import domains, identifiers, kind, sieve
from pipeline.classifiers.context import Context
from pipeline.findings import UNKNOWN_PROVIDER, Kind

STRONG_NEEDED = 2
PRESSURE = re.compile(r"逾期|限时|征信|冻结|作废")
LINK_HOST = re.compile(r"(?:https?://|www\.)([A-Za-z0-9.-]+)", re.IGNORECASE)
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})


class Marketing:
    name = "marketing"
    description = (
        "Marketing by promotional wording: two strong cues, or one strong and one weak,"
        " or any cue from a look-alike sender domain."
    )

    def classify(self, ctx: Context) -> None:
        """Set kind MARKETING when promotional cues add up and no kind is decided yet."""
        if ctx.kind is not None:
            return
        strong = _cues(ctx, "strong")
        weak = _cues(ctx, "weak") | _bulk_headers(ctx)
        # One strong cue is enough only when the text states nothing about a case:
        # a shipping notice with an advert in its footer is still a shipping notice.
        mixed = strong and weak - strong and not kind.case_hits(ctx, ctx.head)
        # A look-alike sender never speaks for the provider: any cue then decides.
        # A short brand (xyf, sxf, kdt) is too common in domain names to decide on
        # its own: it takes a phishing cue (点击链接, 逾期将冻结, 填写银行卡) as well.
        # Only a sender no provider owns can be a look-alike: no phishing search for the rest.
        phishing: set[str] = set()
        impostor = False
        if ctx.provider == UNKNOWN_PROVIDER:
            phishing = _cues(ctx, "phishing")
            impostor = (bool(strong | weak | phishing) and _lookalike_sender(ctx)) or (
                bool(phishing) and _lookalike_sender(ctx, short=True))
        elif not ctx.sender:
            # A notice the merchant pasted has no address to judge: a name anyone can sign.  What
            # it asks for (a link, a card, a QQ contact) with pressure or a second ask, or with a
            # link to a domain dressed as the provider's, gives a phish away; pressure alone
            # ("逾期将影响征信") is any fee notice's.
            phishing = _cues(ctx, "phishing")
            asks = {cue for cue in phishing if not PRESSURE.search(cue)}
            impostor = bool(asks) and (len(phishing) >= 2 or _links_lookalike(ctx))
            if impostor:
                ctx.provider = UNKNOWN_PROVIDER
        # Nor does a stranger's "撤单成功" beside any cue (a phisher's "注销成功，请输入卡号和密码"
        # too): a false confirmation stops follow-ups, so an advert's status words must never
        # confirm a case.
        stranger = bool(strong | weak | phishing) and _stranger(ctx) and _confirms(ctx)
        promoted = len(strong) >= STRONG_NEEDED and not _a_case_notice(ctx)
        if promoted or mixed or impostor or stranger:
            if not ctx.sender:
                # Named, not addressed (a pasted or forwarded advert signed 【随行付官方授权服务商】): a
                # provider's own marketing comes from its own domain.
                ctx.provider = UNKNOWN_PROVIDER
            cues = strong | weak | (phishing | {"sender:look-alike"} if impostor else set())
            ctx.kind, ctx.strength = Kind.MARKETING, min(0.5 + 0.1 * len(cues), 0.95)
            ctx.fire("marketing:" + ",".join(sorted(cues)))


def _a_case_notice(ctx: Context) -> bool:
    """True if a provider's own mail states a case and names it by a labelled number
    ("押金退还申请(订单号:SXF…)经审核未通过。原因:该终端参与了“激活返现”活动"): a
    promotion it cites is the reason, and its newsletters name no merchant's order."""
    return (ctx.provider != UNKNOWN_PROVIDER and bool(ctx.sender) and bool(kind.case_hits(ctx, ctx.head))
            and identifiers.labelled_in(ctx, ctx.head))


def _cues(ctx: Context, key: str) -> set[str]:
    """What [marketing] `key` finds in the subject and the head, as if joined by a line break.

    A list none of whose matches takes or looks across a line break finds the
    same in each alone, and the head alone is the text the kind keywords ask
    about: one sieve pass serves both.
    """
    regex = ctx.rules.regex("marketing", key)
    if getattr(regex, "one_line", False):
        texts: tuple[str, ...] = (ctx.subject, ctx.head)
    else:
        texts = (sieve.joined(regex, ctx.subject, ctx.head),)
    return {m.group(0) for text in texts for m in regex.finditer(text)}


def _bulk_headers(ctx: Context) -> set[str]:
    """Mass-mailing headers: a weak cue on their own (providers send notices in bulk too)."""
    cues = set()
    if ctx.mail.header("Precedence").lower() in BULK_PRECEDENCE:
        cues.add("header:Precedence")
    if ctx.mail.header("List-Unsubscribe"):
        cues.add("header:List-Unsubscribe")
    return cues


def _links_lookalike(ctx: Context) -> bool:
    """True if the head links to a domain no provider owns that carries a provider's brand."""
    return any(domains.lookalike(ctx.rules, ctx.registry, host, short=True)
               for host in LINK_HOST.findall(ctx.head))


def _stranger(ctx: Context) -> bool:
    """True if the (original) sender has an address outside every provider's domains."""
    domain = ctx.sender.rpartition("@")[2].lower()
    return bool(domain) and ctx.provider == UNKNOWN_PROVIDER and not ctx.provider_by_domain(domain)


def _confirms(ctx: Context) -> bool:
    hits = kind.case_hits(ctx, ctx.head)
    return bool(hits) and hits[0][0] is Kind.CANCEL_CONFIRMED


def _lookalike_sender(ctx: Context, short: bool = False) -> bool:
    """True if an unregistered sender domain carries a provider's brand (lakala-verify.test);
    with `short`, a provider's abbreviation as a whole token too (domains.lookalike)."""
    domain = ctx.sender.rpartition("@")[2].lower()
    if not domain or ctx.provider != UNKNOWN_PROVIDER or ctx.provider_by_domain(domain):
        return False
    return domains.lookalike(ctx.rules, ctx.registry, domain, short)
