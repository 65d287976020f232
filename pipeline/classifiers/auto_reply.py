"""Automatic replies and out-of-office notices (RFC 3834 headers or wording)."""

from __future__ import annotations

from pipeline.classifiers import identifiers, kind
from pipeline.classifiers.context import REPLY_SUBJECT, Context
from pipeline.findings import Kind

# Short bodies only: a long notice that mentions 自动回复 in a footer is still a notice.
SHORT_BODY = 400
# What an automatic acknowledgement may itself say without being more than one.
RECEIPT_KINDS = frozenset({Kind.CANCEL_ACKNOWLEDGED, Kind.APPLICATION_RECEIVED})


class AutoReply:
    name = "auto_reply"
    description = "Auto-replies by header (Auto-Submitted, X-Autoreply, Precedence) or wording."

    def classify(self, ctx: Context) -> None:
        """Set kind AUTO_REPLY unless an earlier classifier already decided the kind."""
        if ctx.kind is not None:
            return
        headers, wording = _headers(ctx), _wording(ctx)
        if not (headers or wording):
            return
        said = [w for w in wording if w.startswith("body:")]
        # Only a body short enough to be read for such words can be known not to say them.
        unsaid = not said and len(ctx.new_text) <= SHORT_BODY
        if unsaid and _states_a_case(ctx) or said == wording and not headers and (_says_more(ctx) or _names_it(ctx)):
            # A system's status notice (退款已完成, 撤机申请已受理) under auto-reply headers or a ticket
            # system's 自动回复 subject, whose text never says it is an automatic reply, is that status;
            # "已收到您的来信。请补充以下资料" is a person's reply that asks or decides.  Headers are kept:
            # nothing may answer it automatically (RFC 3834), or two systems could loop.
            if headers:
                ctx.extra["automatic_headers"] = headers
            return
        evidence = headers + wording
        for item in evidence:
            ctx.fire(f"auto_reply:{item}")
        ctx.extra["auto_reply_evidence"] = evidence
        ctx.kind, ctx.strength = Kind.AUTO_REPLY, min(0.6 + 0.15 * len(evidence), 0.95)


def _headers(ctx: Context) -> list[str]:
    mail, found = ctx.mail, []
    submitted = mail.header("Auto-Submitted").lower()
    if submitted.startswith("auto-replied"):
        found.append(f"header:Auto-Submitted:{submitted}")
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if mail.header(name):
            found.append(f"header:{name}")
    if mail.header("Precedence").lower() == "auto_reply":
        found.append("header:Precedence:auto_reply")
    return found


def _wording(ctx: Context) -> list[str]:
    found = []
    match = ctx.rules.regex("auto_reply", "subject").search(ctx.subject)
    # "Re: 自动回复: …" is a person answering an automatic reply.
    if match and not REPLY_SUBJECT.match(ctx.subject):
        found.append(f"subject:{match.group(0)}")
    if len(ctx.new_text) <= SHORT_BODY:
        match = ctx.rules.regex("auto_reply", "body").search(ctx.read(ctx.new_text))
        if match:
            found.append(f"body:{match.group(0)}")
    return found


def _states_a_case(ctx: Context) -> bool:
    """True if the newest text states any case kind (a receipt of this request included)."""
    return bool(kind.case_hits(ctx, ctx.head))


def _names_it(ctx: Context) -> bool:
    """True if the newest text acknowledges a request it names by a labelled number
    ("机具退订申请我们已收到 … 原订单：LKL-2409-61728840"): a clerk's or a system's notice
    about this case, where an automatic reply to a mail only says that mail arrived."""
    return _states_a_case(ctx) and identifiers.labelled_in(ctx, ctx.head)


def _says_more(ctx: Context) -> bool:
    """True if the newest text states a case kind beyond receipt (a request, a decision, money)."""
    return any(found not in RECEIPT_KINDS for found, _ in kind.case_hits(ctx, ctx.head))
