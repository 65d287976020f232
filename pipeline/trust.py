"""Whether a message may move a case: it must provably come from the provider."""

from __future__ import annotations

import re
from email.parser import BytesHeaderParser
from email.policy import compat32

from pipeline.findings import Analysis
from pipeline.registry import Registry
from pipeline.settings import Merchant, Settings

_RESULT = re.compile(r"\b(dkim|dmarc)\s*=\s*pass\b[^;]*", re.I)
_DOMAIN = re.compile(r"(?:header\.[di]|header\.from)\s*=\s*@?([\w.-]+)", re.I)


def authenticated(raw: bytes, a: Analysis, registry: Registry, settings: Settings, merchant: Merchant) -> bool:
    """True if `a` comes from its provider's registered domains and passed authentication.

    An inline forward cannot be verified; it is trusted only when the merchant's
    config says the merchant's own forwarding is trusted.
    """
    provider = registry.by_address(a.sender) if a.sender else None
    if provider is None or provider.slug != a.provider:
        return False
    if a.forwarded and a.original_raw is None:
        return merchant.trusted_forwarding
    signed = a.original_raw if a.original_raw is not None else raw
    return _auth_results_pass(signed, settings.trust.authserv_ids, provider.owns_domain)


def _auth_results_pass(raw: bytes, trusted_ids: list[str], owns) -> bool:  # type: ignore[no-untyped-def]
    """RFC 8601: only headers added by an authserv-id we trust count; anyone can write the others."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
    for value in headers.get_all("Authentication-Results", []):
        authserv, _, results = str(value).partition(";")
        if authserv.strip().split()[0:1] and authserv.strip().split()[0] in trusted_ids:
            for m in _RESULT.finditer(results):
                d = _DOMAIN.search(m.group(0))
                if d and owns(d.group(1)):
                    return True
    return False
