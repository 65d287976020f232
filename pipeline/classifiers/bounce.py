"""Delivery-status notifications for mail the merchant sent (RFC 3464 and Chinese 退信)."""

from __future__ import annotations

from pipeline.classifiers.context import Context
from pipeline.findings import Kind
from pipeline.parsing import addresses

DAEMONS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon")


class Bounce:
    name = "bounce"
    description = "Delivery failure reports; the provider is the bounced recipient's."

    def classify(self, ctx: Context) -> None:
        """Set kind BOUNCE and the provider of the recipient when the evidence is there."""
        evidence = _evidence(ctx)
        if len(evidence) < 2 and not (evidence and evidence[0].startswith("report")):
            return
        for item in evidence:
            ctx.fire(f"bounce:{item}")
        ctx.kind, ctx.strength = Kind.BOUNCE, 0.95
        ctx.extra["bounce_evidence"] = evidence
        _recipient_provider(ctx)


def _evidence(ctx: Context) -> list[str]:
    mail, found = ctx.mail, []
    if mail.content_type == "multipart/report":
        found.append("report:multipart/report")
    if mail.from_addr.partition("@")[0] in DAEMONS:
        found.append(f"from:{mail.from_addr}")
    for where, text in (("subject", ctx.subject), ("body", ctx.head)):
        match = ctx.rules.regex("bounce", where).search(text)
        if match:
            found.append(f"{where}:{match.group(0)}")
    return found


def _recipient_provider(ctx: Context) -> None:
    for address in _recipients(ctx):
        provider = ctx.provider_by_address(address)
        if provider is not None:
            ctx.provider = provider.slug
            ctx.fire(f"provider:bounced_recipient:{address}")
            return


def _recipients(ctx: Context) -> list[str]:
    mail = ctx.mail
    found = list(mail.status_recipients)
    for returned in (*mail.attached, *mail.returned_headers):
        found.extend(returned.to_addrs)
    found.extend(addresses.find_all(ctx.head))
    return found
