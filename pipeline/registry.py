"""The provider registry: who the payment companies are and how to reach them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import ConfigError


class Provider(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    aliases: list[str] = Field(default_factory=list)
    sender_domains: list[str] = Field(min_length=1)
    cancel_addresses: list[str] = Field(min_length=1)
    order_patterns: list[str] = Field(default_factory=list)
    sn_patterns: list[str] = Field(default_factory=list)
    language: str = "zh-CN"

    @field_validator("order_patterns", "sn_patterns")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
        return value

    @property
    def names(self) -> list[str]:
        return [self.name_zh, self.name_en, *self.aliases]

    def owns_domain(self, domain: str) -> bool:
        """True if `domain` is one of the registered sender domains or a subdomain of one."""
        domain = domain.lower().rstrip(".")
        return any(domain == d or domain.endswith("." + d) for d in self.sender_domains)


@dataclass(frozen=True)
class Registry:
    providers: tuple[Provider, ...]
    source: Path = field(default=Path("providers.toml"))

    def get(self, slug: str) -> Provider:
        for p in self.providers:
            if p.slug == slug:
                return p
        raise ConfigError(f"{self.source}: no provider {slug!r}")

    def by_domain(self, domain: str) -> Provider | None:
        for p in self.providers:
            if p.owns_domain(domain):
                return p
        return None

    def by_address(self, address: str) -> Provider | None:
        _, _, domain = address.rpartition("@")
        return self.by_domain(domain) if domain else None

    def is_cancel_address(self, address: str) -> bool:
        address = address.lower()
        return any(address == a.lower() for p in self.providers for a in p.cancel_addresses)


def load_registry(path: Path) -> Registry:
    """Read and validate the provider registry; errors name the file and key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: provider registry not found") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read provider registry: {exc}") from exc
    providers = []
    for i, entry in enumerate(raw.get("provider", [])):
        try:
            providers.append(Provider.model_validate(entry))
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"{path}: provider[{i}]: {details}") from None
    slugs = [p.slug for p in providers]
    dupes = {s for s in slugs if slugs.count(s) > 1}
    if dupes:
        raise ConfigError(f"{path}: duplicate provider slug(s): {', '.join(sorted(dupes))}")
    return Registry(tuple(providers), path)
