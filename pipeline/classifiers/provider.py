"""Which payment company the case is about: by sender domain, then by exact name."""

from __future__ import annotations

from pipeline.classifiers.context import Context


class Provider:
    name = "provider"
    description = "Provider by the (original) sender's domain, else by its exact display name."

    def classify(self, ctx: Context) -> None:
        """Set ctx.provider unless a bounce already named the recipient's provider."""
        if ctx.fired and any(rule.startswith("provider:") for rule in ctx.fired):
            return
        domain = ctx.sender.rpartition("@")[2]
        provider = ctx.provider_by_domain(domain) if domain else None
        if provider is not None:
            ctx.provider = provider.slug
            ctx.fire(f"provider:domain:{domain}")
            return
        # Only an inline forward or a malformed From (a name, no address) loses the
        # address; resellers use other names.
        if not domain:
            _by_name(ctx)


def _by_name(ctx: Context) -> None:
    """The provider whose name the display name contains, unless it reads like a reseller."""
    name = ctx.sender_name.strip().lower()
    if not name or ctx.rules.regex("provider", "reseller_words").search(name):
        return
    for provider in ctx.registry.providers:
        if any(len(n) >= 2 and n.lower() in name for n in provider.names):
            ctx.provider = provider.slug
            ctx.fire(f"provider:name:{ctx.sender_name}")
            return
