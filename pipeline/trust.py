"""Whether a message may move a case: it must provably come from the provider.

Proof is a DKIM signature that verifies for one of the provider's registered
domains, or an Authentication-Results header (RFC 8601) written by a server
we trust. A forwarded message/rfc822 original can carry its own signature;
an inline forward carries none, so only the merchant's config can vouch for it.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from functools import lru_cache
from pathlib import Path

import dkim

from pipeline.findings import Analysis
from pipeline.registry import Provider, Registry
from pipeline.settings import Merchant, Settings

_RESULT = re.compile(r"\b(dkim|dmarc)\s*=\s*pass\b[^;]*", re.I)
_DOMAIN = re.compile(r"(?:header\.[di]|header\.from)\s*=\s*@?([\w.-]+)", re.I)
_TAG_D = re.compile(rb"(?:^|;)\s*d\s*=\s*([^;\s]+)", re.I)

DnsFunc = Callable[..., bytes | None]


@dataclass(frozen=True)
class Verdict:
    trusted: bool
    reason: str


def authenticated(raw: bytes, a: Analysis, registry: Registry, settings: Settings, merchant: Merchant) -> bool:
    """True if `a` comes from its provider's registered domains and passed authentication."""
    return assess(raw, a, registry, settings, merchant).trusted


def assess(raw: bytes, a: Analysis, registry: Registry, settings: Settings, merchant: Merchant) -> Verdict:
    """Whether `a` may move a case, and why (the reason is kept for staff)."""
    provider = registry.by_address(a.sender or a.from_addr)
    if provider is None or provider.slug != a.provider:
        return Verdict(False, f"sender {a.sender or a.from_addr!r} is not a registered domain of {a.provider}")
    dns = dns_func(settings.trust.dkim_keys_file)
    if a.forwarded:
        return _forwarded(a, provider, merchant, dns)
    if dkim_pass(raw, provider, dns):
        return Verdict(True, "DKIM signature verifies for the provider's domain")
    if auth_results_pass(raw, settings.trust.authserv_ids, provider):
        return Verdict(True, "trusted Authentication-Results shows dkim/dmarc pass")
    return Verdict(False, "no DKIM signature or trusted Authentication-Results for the provider's domain")


def _forwarded(a: Analysis, provider: Provider, merchant: Merchant, dns: DnsFunc | None) -> Verdict:
    if a.original_raw is not None and dkim_pass(a.original_raw, provider, dns):
        return Verdict(True, "forwarded original's own DKIM signature verifies")
    from_merchant = (a.forwarder or a.from_addr).lower() == merchant.email.lower()
    if merchant.trusted_forwarding and from_merchant:
        return Verdict(True, "forwarded by the merchant, whose forwarding is trusted by config")
    return Verdict(False, "forwarded copy that cannot be verified")


def dkim_pass(raw: bytes, provider: Provider, dns: DnsFunc | None) -> bool:
    """True if any DKIM signature with a d= of the provider's verifies."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
    for idx, value in enumerate(headers.get_all("DKIM-Signature", [])):
        found = _TAG_D.search(re.sub(rb"\s+", b"", str(value).encode()))
        if found and provider.owns_domain(found.group(1).decode(errors="replace")) and _verify(raw, idx, dns):
            return True
    return False


def _verify(raw: bytes, idx: int, dns: DnsFunc | None) -> bool:
    try:
        signed = dkim.DKIM(raw)
        return bool(signed.verify(idx=idx, dnsfunc=dns) if dns else signed.verify(idx=idx))
    except (dkim.DKIMException, ValueError, IndexError):
        return False  # a malformed signature proves nothing


def auth_results_pass(raw: bytes, trusted_ids: list[str], provider: Provider) -> bool:
    """RFC 8601: only the topmost header from a trusted authserv-id counts; anyone can write the rest."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
    for value in headers.get_all("Authentication-Results", []):
        authserv, _, results = " ".join(str(value).split()).partition(";")
        if authserv.split()[:1] and authserv.split()[0] in trusted_ids:
            return any(_passes_for(m.group(0), provider) for m in _RESULT.finditer(results))
    return False


def _passes_for(result: str, provider: Provider) -> bool:
    domain = _DOMAIN.search(result)
    return bool(domain and provider.owns_domain(domain.group(1)))


def dns_func(keys_file: Path | None) -> DnsFunc | None:
    """A DKIM key lookup from `keys_file`, or None for real DNS."""
    if keys_file is None:
        return None
    keys = _load_keys(keys_file, keys_file.stat().st_mtime_ns)

    def lookup(name: bytes | str, timeout: int = 5) -> bytes | None:
        key = (name.decode() if isinstance(name, bytes) else name).rstrip(".").lower()
        record = keys.get(key)
        return record.encode() if record else None

    return lookup


@lru_cache(maxsize=8)
def _load_keys(path: Path, _mtime: int) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    return {k.rstrip(".").lower(): str(v) for k, v in data.items()}
