"""registry.by_domain() by dictionary look-up instead of a walk over every provider.

Provider.owns_domain() lower-cases the domain and tests every registered domain of
every provider in Python; with a few dozen providers that costs more per message
than most classifiers.  The index gives the same answer: the first provider (in
registry order) owning the domain itself or one of its parent domains.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pipeline.classifiers.rules import Rules
from pipeline.registry import Provider, Registry

T = TypeVar("T")


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
