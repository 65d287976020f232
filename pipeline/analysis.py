"""analyse(raw, registry) -> Analysis: the pure core from bytes to facts.

One driver loop runs the configured classifiers over a typed context and
records what fired.  No I/O beyond reading the keyword files once per
directory; it never raises except ParseError for bytes that are not a message.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from pipeline import classifiers
from pipeline.classifiers import context as contexts
from pipeline.classifiers.rules import DEFAULT_DIR, Rules, load_rules
from pipeline.findings import Analysis, Kind
from pipeline.parsing import mime
from pipeline.registry import Registry

log = logging.getLogger(__name__)
# mail-parser reports its own charset failures; we decode those parts ourselves.
OWN_DECODING = frozenset({"CharsetDecodeDefect"})


class Analyser:
    """Loaded keyword rules and classifiers, reusable across many messages."""

    def __init__(self, registry: Registry, names: Sequence[str] | None = None,
                 rules_dir: Path = DEFAULT_DIR) -> None:
        self.registry = registry
        self.rules: Rules = load_rules(rules_dir)
        self.steps = classifiers.select(names, classifiers.registry())

    def analyse(self, raw: bytes) -> Analysis:
        """Analyse one message; see the module docstring for the contract."""
        mail = mime.parse(raw)
        ctx = _context(mail, self.registry, self.rules)
        for step in self.steps:
            try:
                step.classify(ctx)
            except Exception as exc:
                _failed(step, ctx, exc)
        return _analysis(ctx)


def analyse(raw: bytes, registry: Registry, classifiers: Sequence[str] | None = None,
            rules_dir: Path = DEFAULT_DIR) -> Analysis:
    """Analyse raw message bytes; raise ParseError only if they are not a message.

    For many messages build one `Analyser` instead: it loads the rules once.
    """
    return Analyser(registry, classifiers, rules_dir).analyse(raw)


def _context(mail: mime.ParsedMail, registry: Registry, rules: Rules) -> contexts.Context:
    # Unwrapping forwards is heuristic text work; if it fails, classify the bare body.
    try:
        return contexts.build(mail, registry, rules)
    except Exception as exc:
        log.exception("unwrapping failed")
        ctx = contexts.Context(mail=mail, registry=registry, rules=rules, provider_mail=mail)
        ctx.sender, ctx.subject = mail.from_addr, mail.subject
        ctx.new_text = ctx.provider_body = contexts.body_text(mail)
        ctx.defects.append(f"forward/quote unwrapping failed: {type(exc).__name__}: {exc}")
        return ctx


def _failed(step: classifiers.Classifier, ctx: contexts.Context, exc: Exception) -> None:
    # A crashing step must not lose the message: record it and go on.
    log.exception("classifier %s failed", step.name)
    ctx.defects.append(f"classifier {step.name} failed: {type(exc).__name__}: {exc}")


def _analysis(ctx: contexts.Context) -> Analysis:
    mail = ctx.mail
    # Most mail has no MIME defects: no filtering pass then.
    own = [d for d in mail.defects if d not in OWN_DECODING] if mail.defects else []
    return Analysis(
        message_id=mail.message_id, subject=mail.subject, from_addr=mail.from_addr,
        to_addrs=mail.to_addrs, date=mail.date, in_reply_to=mail.in_reply_to,
        references=mail.references, forwarded=ctx.forwarded, sender=ctx.sender,
        forwarder=ctx.forwarder, merchant_note=ctx.merchant_note, new_text=ctx.new_text,
        provider=ctx.provider, kind=ctx.kind or Kind.UNRELATED,
        order_number=ctx.order_number, terminal_sn=ctx.terminal_sn,
        merchant_id=ctx.merchant_id, amount_cny=ctx.amount_cny,
        confidence=_confidence(ctx), fired=ctx.fired, defects=own + ctx.defects,
        extra=ctx.extra, original_raw=ctx.original_raw,
    )


def _confidence(ctx: contexts.Context) -> float:
    """Strength of the deciding rule, lowered by each conflicting kind and by defects."""
    value = ctx.strength - 0.1 * ctx.conflicts - 0.05 * bool(ctx.defects)
    return round(min(max(value, 0.05), 1.0), 3)
