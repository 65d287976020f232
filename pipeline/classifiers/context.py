"""The typed context every classifier reads and adds findings to.

`build()` unwraps forwards (attached or inline, nested) and strips quotes, so
classifiers see the provider's newest text and never the merchant's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import EllipsisType

from pipeline.classifiers import domains
from pipeline.classifiers.rules import Rules
from pipeline.findings import UNKNOWN_PROVIDER, Kind
from pipeline.parsing import forwards, hans, html, pasted, quotes, spelling, tables, unwrap
from pipeline.parsing.mime import ParsedMail
from pipeline.parsing.normalise import nfkc
from pipeline.registry import Provider, Registry

REPLY_SUBJECT = re.compile(r"^\s*(?:re|回复|回覆|答复|答覆)\s*[:：]", re.IGNORECASE)
# Matched on the raw subject: full-width colons too (转发：).
FORWARD_SUBJECT = re.compile(r"^\s*(?:(?:re|回复|答复)\s*[:：]\s*)*(?:fwd?|转发|轉寄|轉發|fw)\s*[:：]", re.IGNORECASE)
# Marketing and unrelated mail is not about the case: nothing is extracted from it.
NOT_A_CASE = frozenset({Kind.MARKETING, Kind.UNRELATED})
STUB_CHARS = 40
STUB_RATIO = 3
STUB_MAX = 300
# The words of a stub: HTML (beside Chinese too: "本邮件为HTML格式"), 浏览器, 瀏覽器,
# 查看完整, "view this|it|the full" (any case).
# Written to start with a plain class of first letters, which the engine scans for
# in C; under re.IGNORECASE it would try every position.
STUB_WORDS = re.compile(
    r"[hHvV浏瀏查](?:(?<=(?<![A-Za-z])[hH])(?i:TML)(?![A-Za-z])|(?<=浏)览器|(?<=瀏)覽器|(?<=查)看完整"
    r"|(?<=[vV])(?i:iew (?:this|it|the full)))"
)
# A provider's newest text is short; scanning megabytes of pasted text buys nothing.
SCAN_LIMIT = 6000
MAX_NESTING = 5
# A line's start and its decoration (【, ★, ▶, rule lines of dashes above it): where a footer
# word may open it.
FOOTER_LINE = re.compile(r"(?:^|\n)[ \t\n\-=_*~·━─—【\[(（★☆▶►●■◆#]*")
MIN_ABOVE_FOOTER = 10


@dataclass
class Context:
    """Facts about one message; classifiers add to the findings half."""

    mail: ParsedMail
    registry: Registry
    rules: Rules
    provider_mail: ParsedMail
    forwarded: bool = False
    sender: str = ""
    sender_name: str = ""
    forwarder: str | None = None
    merchant_note: str = ""
    subject: str = ""
    new_text: str = ""
    provider_body: str = ""
    original_raw: bytes | None = None
    # Written in Traditional Chinese: the texts classifiers read are folded to Simplified (hans).
    traditional: bool = False
    # Findings.
    provider: str = UNKNOWN_PROVIDER
    kind: Kind | None = None
    strength: float = 0.0
    conflicts: int = 0
    evidence: dict[str, list[str]] = field(default_factory=dict)
    order_number: str | None = None
    terminal_sn: str | None = None
    merchant_id: str | None = None
    amount_cny: float | None = None
    fired: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
    # Per-message caches: texts already produced, and results shared between steps.
    _texts: list[str] = field(default_factory=list, repr=False)
    _head: str = field(default="", repr=False)
    _head_of: str | None = field(default=None, repr=False)
    _footer_cut: bool = field(default=False, repr=False)
    _source: Iterator[str] | None = field(default=None, repr=False)
    memo: dict[object, object] = field(default_factory=dict, repr=False)

    @property
    def head(self) -> str:
        """The start of the newest text, above a template's tips and terms: what keyword
        classifiers scan.

        Cut once per newest text: every step gets the same string object, so
        the keyword sieve's pass over it (remembered by identity) serves them all.
        """
        self._cut()
        return self._head

    @property
    def footer_cut(self) -> bool:
        """True if the head stops above a footer: the newest text goes on below it."""
        self._cut()
        return self._footer_cut

    def _cut(self) -> None:
        if self._head_of is not self.new_text:
            self._head_of = self.new_text
            self._head, self._footer_cut = _above_footer(self.rules, self.read(self.new_text[:SCAN_LIMIT]))

    def read(self, text: str) -> str:
        """`text` as the keyword lists read it: in their forms (spelling), folded to
        Simplified in a Traditional message, and with lines a client wrapped joined."""
        text = spelling.standard(text)
        return unwrap.unwrapped(hans.simplified(text) if self.traditional else text)

    def fire(self, rule: str) -> None:
        """Record that `rule` fired (names read like 'kind:shipped:已发货')."""
        if rule not in self.fired:
            self.fired.append(rule)

    def provider_by_domain(self, domain: str) -> Provider | None:
        """registry.by_domain(), asked once per message: several steps ask about the sender."""
        key = ("provider_by_domain", domain)
        if key not in self.memo:
            self.memo[key] = domains.by_domain(self.rules, self.registry, domain)
        return self.memo[key]  # type: ignore[return-value]

    def provider_by_address(self, address: str) -> Provider | None:
        """registry.by_address(), through the per-message memo."""
        domain = address.rpartition("@")[2]
        return self.provider_by_domain(domain) if domain else None

    def note_evidence(self, topic: str, item: str) -> None:
        self.evidence.setdefault(topic, []).append(item)

    def texts(self) -> Iterator[str]:
        """Every text of the message, most authoritative first (lazy: HTML is costly).

        Each is cut at SCAN_LIMIT characters; seen texts are cached for the next caller.
        """
        i = 0
        while True:
            if i == len(self._texts) and not self._more_text():
                return
            yield self._texts[i]
            i += 1

    def _more_text(self) -> bool:
        if self._source is None:
            self._source = _all_texts(self)
        for text in self._source:
            # The head comes first, read already; every other text is read here.
            text = text[:SCAN_LIMIT] if text is self._head else self.read(text[:SCAN_LIMIT])
            # The same text twice (body and its quote-free top) is scanned once.
            if text and text not in self._texts:
                self._texts.append(text)
                return True
        return False


def _above_footer(rules: Rules, text: str) -> tuple[str, bool]:
    """`text` up to the first line opening with a context.footer word (温馨提示, 服务条款 ...),
    when the message has said something above it; and whether it was cut."""
    footer = rules.regex("context", "footer")
    # Most texts hold no footer word at all: the keyword lists' shared pass says so.
    if not footer.search(text):
        return text, False
    for match in FOOTER_LINE.finditer(text):
        if footer.match(text, match.end()):
            above = text[:match.start()]
            return (above, True) if len(above.strip()) >= MIN_ABOVE_FOOTER else (text, False)
    return text, False


def _all_texts(ctx: Context) -> Iterator[str]:
    # The head itself (one sieve pass for all), unless a footer was cut off it: identifiers
    # are read from the whole newest text.
    yield ctx.new_text if ctx.footer_cut else ctx.head
    yield ctx.subject
    yield ctx.provider_body
    if ctx.provider_mail.markup:
        yield html_body(ctx, ctx.provider_mail)
        # Asked for only when the texts before hold no answer: most mail stops above.
        yield nfkc(tables.pairs(ctx.provider_mail.markup))
    yield tables.text_pairs(ctx.provider_body)
    yield from _other_texts(ctx)


def html_body(ctx: Context, mail: ParsedMail) -> str:
    """nfkc(mail.html_text), made once per message (build() may have made it for the body)."""
    key = ("html-body", id(mail))
    if key not in ctx.memo:
        ctx.memo[key] = nfkc(mail.html_text)
    return ctx.memo[key]  # type: ignore[return-value]


def _other_texts(ctx: Context) -> Iterator[str]:
    if ctx.provider_mail is not ctx.mail:
        yield nfkc(ctx.mail.subject)
    for mail in (ctx.mail, *ctx.mail.attached):
        if mail is ctx.provider_mail:
            continue
        yield nfkc(mail.subject)
        yield nfkc(mail.plain or mail.html_text)
    for returned in ctx.mail.returned_headers:
        yield nfkc(returned.subject)


def body_text(mail: ParsedMail) -> str:
    """The best readable body: the text part unless it is missing or a stub.

    A stub ("please view this mail in HTML") is short, or much shorter than the HTML.
    """
    plain = mail.plain.strip()
    return nfkc(mail.html_text) if _prefers_html(mail, plain) else nfkc(html.references(plain))


def _body(ctx: Context, mail: ParsedMail) -> str:
    """body_text(mail), keeping an HTML body for texts() to offer again."""
    plain = mail.plain.strip()
    return html_body(ctx, mail) if _prefers_html(mail, plain) else nfkc(html.references(plain))


def _prefers_html(mail: ParsedMail, plain: str) -> bool:
    """`plain` is mail.plain stripped."""
    if not mail.markup:
        return False
    short = len(plain) < STUB_CHARS or (len(plain) < STUB_MAX and STUB_WORDS.search(plain))
    # Converting HTML never lengthens it (tags go, entities shrink): when the plain
    # text is long beside the markup, the costly conversion cannot change the answer.
    longer = len(plain) * STUB_RATIO < len(mail.markup)
    return bool(short or (longer and len(plain) * STUB_RATIO < len(mail.html_text)))


def build(mail: ParsedMail, registry: Registry, rules: Rules) -> Context:
    """Find the provider's message inside `mail` and its newest text, and whether it is
    written in Traditional Chinese (then its subject and the texts it offers are folded)."""
    ctx = _unwrapped(mail, registry, rules)
    if hans.is_traditional(ctx.subject, ctx.new_text[:SCAN_LIMIT], ctx.merchant_note):
        ctx.traditional, ctx.rules = True, rules.folded
    ctx.subject = ctx.read(ctx.subject)
    return ctx


def _unwrapped(mail: ParsedMail, registry: Registry, rules: Rules) -> Context:
    ctx = Context(mail=mail, registry=registry, rules=rules, provider_mail=mail)
    ctx.sender, ctx.sender_name = mail.from_addr, mail.from_name
    ctx.subject = nfkc(mail.subject)
    body = _body(ctx, mail)
    embedded: forwards.Embedded | None | EllipsisType = ...
    if not _is_report(mail, rules, ctx.subject) and not _is_provider(ctx, mail.from_addr):
        if mail.attached and _unwrap_attached(ctx, body):
            return ctx
        embedded = forwards.find(body)
        if embedded is not None and not embedded.body and mail.markup:
            # A client's text part that stops at the forwarded header (NetEase does): the HTML
            # part carries the forwarded message.
            body, embedded = _forward_in_html(ctx, mail, body, embedded)
        if _unwrap_inline(ctx, embedded) or _unwrap_pasted(ctx, body):
            return ctx
    ctx.provider_body = body
    ctx.new_text = quotes.newest(body, embedded)
    return ctx


def _forward_in_html(ctx: Context, mail: ParsedMail, body: str,
                     embedded: forwards.Embedded) -> tuple[str, forwards.Embedded]:
    """The HTML body and its forward when it holds what the text part's empty forward lacks."""
    text = html_body(ctx, mail)
    found = forwards.find(text) if text is not body else None
    return (text, found) if found is not None and found.body else (body, embedded)


def _is_provider(ctx: Context, address: str) -> bool:
    return bool(address) and ctx.provider_by_address(address) is not None


def _is_report(mail: ParsedMail, rules: Rules, subject: str) -> bool:
    """A delivery report carries the merchant's own returned mail, which is no forward."""
    local = mail.from_addr.partition("@")[0]
    if mail.content_type == "multipart/report" or local in ("mailer-daemon", "postmaster"):
        return True
    # `subject` is mail.subject already NFKC-normalised by build().
    return bool(rules.regex("bounce", "subject").search(subject))


def _unwrap_attached(ctx: Context, body: str) -> bool:
    original = ctx.mail.attached[0]
    ctx.forwarded, ctx.forwarder = True, ctx.mail.from_addr
    ctx.merchant_note = quotes.newest(body)
    ctx.original_raw = ctx.mail.attached_bytes(0)
    # Forwards of forwards as attachments (the boss's of the manager's of the clerk's): down to
    # the provider's own message, or the last one attached.
    chain = []
    for _ in range(MAX_NESTING):
        if _is_provider(ctx, original.from_addr) or not original.attached:
            break
        chain.append(original)
        original = original.attached[0]
    if chain and _is_provider(ctx, original.from_addr):
        # Only a provider's original is checked for its DKIM signature: its bytes as received,
        # cut from each container's in turn (a costly walk, not made for anyone else's).
        for container in chain:
            container.raw = ctx.original_raw or b""
            ctx.original_raw = container.attached_bytes(0)
    ctx.provider_mail = original
    ctx.sender, ctx.sender_name = original.from_addr, original.from_name
    ctx.subject = nfkc(original.subject)
    inner = _body(ctx, original)
    found = forwards.find(inner)
    # A provider's own reply attached: what it quotes is its thread, not a forward.
    if _is_provider(ctx, original.from_addr) or not _unwrap_inline(ctx, found, keep_note=True):
        ctx.provider_body, ctx.new_text = inner, quotes.newest(inner, found)
        if not _is_provider(ctx, ctx.sender):
            _unwrap_pasted(ctx, inner, within=True)
    return True


def _unwrap_inline(ctx: Context, embedded: forwards.Embedded | None, keep_note: bool = False) -> bool:
    """Unwrap an inline forward (and forwards of forwards); False if there is none.

    `embedded` is forwards.find() of the body: callers pass it on to quotes.newest().
    """
    if embedded is None or not _is_forward(ctx, embedded):
        return False
    if not keep_note:
        ctx.merchant_note = quotes.newest(embedded.note) if embedded.note else ""
        ctx.forwarded, ctx.forwarder = True, ctx.mail.from_addr
    # Each embedded body is searched once: its find() result goes on to quotes.newest().
    inner: forwards.Embedded | None | EllipsisType = ...
    for _ in range(MAX_NESTING):
        inner = forwards.find(embedded.body)
        if _is_provider(ctx, embedded.sender_addr) or inner is None:
            break
        embedded, inner = inner, ...
    # An address-less block leaves the sender unknown, never the forwarder.
    ctx.sender = embedded.sender_addr
    ctx.sender_name = embedded.sender_name
    ctx.subject = nfkc(embedded.subject) or ctx.subject
    ctx.provider_body = embedded.body
    ctx.new_text = quotes.newest(embedded.body, inner)
    if not _is_provider(ctx, ctx.sender):
        # An SMS gateway's mail, or a clerk's, forwarded: the notice inside names its provider.
        _unwrap_pasted(ctx, embedded.body, within=True)
    return True


def _unwrap_pasted(ctx: Context, body: str, within: bool = False) -> bool:
    """Take a provider notice the merchant pasted into `body` (an SMS, a WeChat card) as the
    provider's message; False if there is none.  `within` a forward, the forward's note stays."""
    found = pasted.find(body, lambda name: _provider_named(ctx, name) is not None, vouched=within)
    if found is None:
        return False
    # A phisher's domain dressed as the provider's (lakala-cancel.test) pastes nothing: it writes its
    # own, whether it mails the merchant or the merchant forwards it.
    domain = (ctx.sender if within else ctx.mail.from_addr).rpartition("@")[2]
    if domains.lookalike(ctx.rules, ctx.registry, domain, short=True):
        return False
    # A mail signed with a provider's name and no address (a broken From) is that provider's own.
    if not within and not domain and _provider_named(ctx, ctx.mail.from_name):
        return False
    if not within:
        ctx.forwarded, ctx.forwarder = True, ctx.mail.from_addr
        ctx.merchant_note = found.note
    # No address: the provider is known by the name that signed the notice (its registered name
    # stands in for a display name), and nothing pasted is authenticated.
    ctx.sender, ctx.sender_name = "", _provider_named(ctx, found.name) or found.name
    ctx.provider_body = found.body
    ctx.new_text = quotes.newest(found.body)
    return True


def _provider_named(ctx: Context, text: str) -> str | None:
    """A registered provider name (2 characters or more) `text` holds, or None."""
    found = domains.provider_names(ctx.rules, ctx.registry)[0].search(text)
    return found.group(0) if found else None


def _is_forward(ctx: Context, embedded: forwards.Embedded) -> bool:
    # QQ and Outlook write the same separator (原始邮件, Original Message) above a reply's quote
    # as above a forward: under a reply's subject it is a quote.
    return (
        embedded.says_forward and not REPLY_SUBJECT.match(ctx.mail.subject)
        or bool(FORWARD_SUBJECT.match(ctx.mail.subject))
        or _is_provider(ctx, embedded.sender_addr)
    )
