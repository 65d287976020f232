"""registry.by_domain() by dictionary look-up instead of a walk over every provider.

Provider.owns_domain() lower-cases the domain and tests every registered domain of
every provider in Python; with a few dozen providers that costs more per message
than most classifiers.  The index gives the same answer: the first provider (in
registry order) owning the domain itself or one of its parent domains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from pipeline.classifiers.rules import Rules
from pipeline.parsing import hans
from pipeline.registry import Provider, Registry

T = TypeVar("T")
DOMAIN_TOKENS = re.compile(r"[.\-]")
# Brand words shorter than this ("ums", "kdt") are common in domain names; a
# brand longer than it also counts inside a token ("lakalapay").
MIN_BRAND = 4
# Abbreviations this short or longer, as a whole domain token (with a phishing cue, for marketing).
MIN_SHORT_BRAND = 3
ORDER_PREFIX = re.compile(r"[A-Za-z]+")


def by_domain(rules: Rules, registry: Registry, domain: str) -> Provider | None:
    """Same result as registry.by_domain(domain)."""
    index = _index(rules, registry)
    name = domain.lower().rstrip(".")
    # owns_domain: name == d, or name ends with "." + d: d is what follows some dot.
    best = index.get(name)
    start = name.find(".")
    while start != -1:
        found = index.get(name[start + 1:])
        if found is not None and (best is None or found < best):
            best = found
        start = name.find(".", start + 1)
    return None if best is None else registry.providers[best]


def _index(rules: Rules, registry: Registry) -> dict[str, int]:
    """Registered domain -> position of the first provider listing it, built once per registry."""
    def build() -> dict[str, int]:
        index: dict[str, int] = {}
        for position, provider in enumerate(registry.providers):
            for domain in provider.sender_domains:
                index.setdefault(domain, position)
        return index
    return per_registry(rules, registry, "provider-domains", build)


def per_registry(rules: Rules, registry: Registry, name: str, build: Callable[[], T]) -> T:
    """What `build()` makes of `registry`, made once per rules and registry.

    Kept with the rules' derived patterns; the entry holds the registry itself, so
    its id cannot be reused by another registry while the entry lives.
    """
    key = (name, id(registry))
    entry = rules.derived.get(key)
    if entry is None or entry[0] is not registry:  # type: ignore[index]
        entry = rules.derived[key] = (registry, build())  # type: ignore[assignment]
    return entry[1]  # type: ignore[index]


def lookalike(rules: Rules, registry: Registry, domain: str, short: bool = False) -> bool:
    """True if `domain`, owned by no provider, carries a provider's brand (lakala-verify.test).

    With `short`, a whole domain token that is a provider's abbreviation
    (xyf-refund.test: the XYF of 星驿付's order numbers) counts too.
    """
    domain = domain.lower()
    if not domain or by_domain(rules, registry, domain) is not None:
        return False
    tokens = set(DOMAIN_TOKENS.split(domain))
    if short and tokens & _short_brands(rules, registry):
        return True
    return any(brand in tokens or (len(brand) > MIN_BRAND and brand in domain)
               for brand in _brands(rules, registry))


def _short_brands(rules: Rules, registry: Registry) -> frozenset[str]:
    """Providers' abbreviations: short latin aliases and the letters opening their order numbers."""
    return per_registry(rules, registry, "short-brands", lambda: _short_brands_of(registry))


def _short_brands_of(registry: Registry) -> frozenset[str]:
    brands: set[str] = set()
    for provider in registry.providers:
        words = [a for a in provider.aliases if a.isascii() and a.isalpha()]
        words += [m.group(0) for p in provider.order_patterns if (m := ORDER_PREFIX.match(p))]
        brands |= {w.lower() for w in words if MIN_SHORT_BRAND <= len(w) < MIN_BRAND}
    return frozenset(brands)


def _brands(rules: Rules, registry: Registry) -> tuple[str, ...]:
    """Each provider's ASCII brand words: its domains' first labels and its latin aliases."""
    return per_registry(rules, registry, "brands", lambda: _brands_of(registry))


def _brands_of(registry: Registry) -> tuple[str, ...]:
    brands: set[str] = set()
    for provider in registry.providers:
        words = [d.partition(".")[0] for d in provider.sender_domains] + provider.aliases
        brands |= {w.lower() for w in words if w.isascii() and len(w) >= MIN_BRAND}
    # Sorted: the set's order would vary with string hashing from run to run.
    return tuple(sorted(brands))


def provider_names(rules: Rules, registry: Registry) -> tuple[re.Pattern[str], dict[str, str]]:
    """Every registered provider name of two characters or more as one case-insensitive
    pattern (longest first), and the provider each names, by its lower-cased name."""
    def build() -> tuple[re.Pattern[str], dict[str, str]]:
        slugs: dict[str, str] = {}
        for provider in registry.providers:
            for name in provider.names:
                if len(name) >= 2:
                    slugs.setdefault(name.lower(), provider.slug)
                    # Read in a folded Traditional text too (匯通 as 汇通).
                    slugs.setdefault(hans.simplified(name).lower(), provider.slug)
        ordered = sorted(slugs, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, ordered)) or r"(?!x)x", re.IGNORECASE), slugs
    return per_registry(rules, registry, "provider-names", build)
