"""An unknown sender's provider, read from the case itself: its number and the name used.

A provider's agent may write from a personal mailbox ("乐刷 小何" on qq.com).  The sender
domain then says nothing, but an order number or SN that only one provider's registry
pattern accepts, in a mail that also names that provider, does; from a personal mailbox,
so does the one provider the mail names.  Trust is unaffected: authentication still needs
the provider's own domain (pipeline.trust).
"""

from __future__ import annotations

import re

from pipeline.classifiers.context import NOT_A_CASE, Context
from pipeline.findings import UNKNOWN_PROVIDER
from pipeline.registry import Provider

SIGNATURE_LINES = 3


class ProviderByIdentifier:
    name = "provider_by_identifier"
    description = "Unknown sender: the one provider whose registry pattern the order/SN matches and whose name the mail uses."

    def classify(self, ctx: Context) -> None:
        if ctx.provider != UNKNOWN_PROVIDER or ctx.kind in NOT_A_CASE:
            return
        owners = [p for p in ctx.registry.providers
                  if _accepts(p.order_patterns, ctx.order_number) or _accepts(p.sn_patterns, ctx.terminal_sn)]
        text = f"{ctx.sender_name}\n{ctx.subject}\n{ctx.head}"
        if len(owners) != 1 and _personal(ctx):
            # No registry pattern to go by: from a personal mailbox, the one provider named.
            owners = [p for p in ctx.registry.providers if _named(p, text)]
        if len(owners) != 1 or not _named(owners[0], text):
            return
        if _reseller(ctx):
            return  # a channel agent names the brand it sells; the README's resellers stay unknown
        ctx.provider = owners[0].slug
        ctx.fire(f"provider:identifier:{ctx.order_number or ctx.terminal_sn}")


def _personal(ctx: Context) -> bool:
    """True if the sender writes from a personal mailbox (qq, 163, gmail ...)."""
    labels = ctx.sender.rpartition("@")[2].lower().split(".")[:-1]
    return bool(set(labels) & set(ctx.rules.words("provider", "personal_mailboxes")))


def _accepts(patterns: list[str], value: str | None) -> bool:
    # Rarely asked (unknown senders with an identifier): re's own cache compiles.
    return bool(value) and any(re.fullmatch(source, value) for source in patterns)


def _named(provider: Provider, text: str) -> bool:
    lowered = text.lower()
    return any(len(name) >= 2 and name.lower() in lowered for name in provider.names)


def _reseller(ctx: Context) -> bool:
    """True if the sender's name or the signature (the head's last lines) reads like a reseller's."""
    signature = "\n".join(ctx.head.strip().split("\n")[-SIGNATURE_LINES:])
    words = ctx.rules.regex("provider", "reseller_words")
    return bool(words.search(ctx.sender_name) or words.search(signature))
