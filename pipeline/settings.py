"""Typed configuration, read once at the entry point and passed down.

Relative paths in a config file are resolved against that file's folder, so
the shipped config works from any working directory. Secrets are never values
in the file: only the name of an environment variable or of a file holding it.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.errors import ConfigError, SecretError

CONFIG_ENV = "CANCELFLOW_CONFIG"
DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config" / "cancelflow.toml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Secret(Strict):
    """Where a secret lives: an environment variable or a file; never the value."""

    env: str | None = None
    file: Path | None = None

    @model_validator(mode="after")
    def _one_source(self) -> "Secret":
        if bool(self.env) == bool(self.file):
            raise ValueError("give exactly one of 'env' or 'file'")
        return self

    def reveal(self) -> str:
        """Read the secret now; raise SecretError naming where it was looked for."""
        if self.env:
            value = os.environ.get(self.env)
            if value is None:
                raise SecretError(f"environment variable {self.env} is not set")
            return value
        assert self.file is not None
        try:
            return self.file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SecretError(f"secret file {self.file} cannot be read: {exc.strerror}") from exc

    def __repr__(self) -> str:
        return f"Secret(env={self.env!r}, file={str(self.file) if self.file else None!r})"


Security = Literal["ssl", "starttls", "none"]


class OAuth2(Strict):
    """XOAUTH2 with a refreshable token; the rotated refresh token is saved to `refresh_token_file`."""

    token_url: str
    client_id: str
    client_secret: Secret | None = None
    refresh_token_file: Path


class ImapServer(Strict):
    host: str
    port: int = 993
    security: Security = "ssl"
    username: str
    password: Secret | None = None
    oauth2: OAuth2 | None = None
    ca_file: Path | None = None
    timeout_seconds: float = 30.0
    batch_size: int = Field(default=200, ge=1, le=5000)
    idle: bool = True

    @model_validator(mode="after")
    def _one_auth(self) -> "ImapServer":
        if (self.password is None) == (self.oauth2 is None):
            raise ValueError("give exactly one of 'password' or 'oauth2'")
        return self


class ProcessedAction(Strict):
    """What to do on the server after a message is safely committed."""

    flag: str | None = None
    move_to: str | None = None


class Mailbox(Strict):
    name: str = Field(min_length=1)
    kind: Literal["imap", "local"]
    merchant: str
    folders: list[str] = Field(default_factory=lambda: ["INBOX"])
    path: Path | None = None
    imap: ImapServer | None = None
    after_processing: ProcessedAction = ProcessedAction()

    @model_validator(mode="after")
    def _kind_has_its_settings(self) -> "Mailbox":
        if self.kind == "local" and self.path is None:
            raise ValueError("a local mailbox needs 'path'")
        if self.kind == "imap" and self.imap is None:
            raise ValueError("an imap mailbox needs an [mailbox.imap] table")
        return self


class SmtpServer(Strict):
    host: str
    port: int = 465
    security: Security = "ssl"
    username: str | None = None
    password: Secret | None = None
    ca_file: Path | None = None
    timeout_seconds: float = 30.0
    sent_folder_mailbox: str | None = None
    sent_folder: str = "Sent"


class Outbound(Strict):
    transport: Literal["file", "smtp"] = "file"
    outbox_dir: Path | None = None
    from_address: str = "cancelflow@cancelflow.invalid"
    from_name: str = "Cancelflow"
    reply_to: str | None = None
    message_id_domain: str = "cancelflow.invalid"
    case_key: Secret | None = None
    max_attempts: int = Field(default=5, ge=1)
    retry_base_seconds: float = Field(default=60.0, ge=0)
    smtp: SmtpServer | None = None

    @model_validator(mode="after")
    def _smtp_has_server(self) -> "Outbound":
        if self.transport == "smtp" and self.smtp is None:
            raise ValueError("transport 'smtp' needs an [outbound.smtp] table")
        return self


class Schedule(Strict):
    interval_seconds: int = Field(default=300, ge=5)
    timezone: str = "Asia/Shanghai"


class FollowUp(Strict):
    """When to chase a silent provider, and how much automatic mail is ever allowed."""

    business_days: list[int] = Field(default_factory=lambda: [2, 4, 7])
    # Business days after the last follow-up before the case is escalated (a phone call).
    escalate_after_business_days: int = Field(default=3, ge=1)
    max_auto_per_case_per_day: int = Field(default=2, ge=1)
    max_auto_per_recipient_per_day: int = Field(default=20, ge=1)
    refund_deadline_days: int = Field(default=30, ge=1)
    # Corrections to the holidays package's Chinese calendar (e.g. a newly announced make-up day).
    extra_holidays: list[date] = Field(default_factory=list)
    extra_workdays: list[date] = Field(default_factory=list)

    @field_validator("business_days")
    @classmethod
    def _increasing(cls, value: list[int]) -> list[int]:
        if any(b <= a for a, b in zip(value, value[1:], strict=False)) or any(v <= 0 for v in value):
            raise ValueError("must be positive and strictly increasing")
        return value


class MerchantProvider(Strict):
    """Per-provider overrides of a merchant's defaults; unset keys inherit them."""

    auto_request: bool | None = None
    cc_merchant: bool | None = None
    reason: str | None = None


class Merchant(Strict):
    id: str = Field(min_length=1)
    name: str
    contact_name: str
    contact_phone: str = ""
    email: str
    # True: a forwarded application confirmation opens a case and sends the request at once;
    # False: only when the merchant's forwarding note asks to cancel.
    auto_request: bool = True
    trusted_forwarding: bool = False
    cc_merchant: bool = False
    reason: str = ""
    language: str = "zh-CN"            # of the mail Cancelflow writes to the merchant
    providers: dict[str, MerchantProvider] = Field(default_factory=dict)

    def for_provider(self, slug: str) -> MerchantProvider:
        """This merchant's settings for `slug`, overrides applied."""
        own = self.providers.get(slug, MerchantProvider())
        return MerchantProvider(
            auto_request=self.auto_request if own.auto_request is None else own.auto_request,
            cc_merchant=self.cc_merchant if own.cc_merchant is None else own.cc_merchant,
            reason=self.reason if own.reason is None else own.reason,
        )


class Trust(Strict):
    authserv_ids: list[str] = Field(default_factory=list)
    # TOML or JSON mapping "selector._domainkey.domain" -> TXT record; unset: real DNS.
    dkim_keys_file: Path | None = None


class Masking(Strict):
    """Which personal numbers are masked wherever staff or outbound mail show inbound text."""

    enabled: bool = True
    bank_cards: bool = True
    resident_ids: bool = True
    phones: bool = True
    keep_last: int = Field(default=4, ge=0, le=6)
    mask_char: str = Field(default="*", min_length=1, max_length=1)


class Serve(Strict):
    """The local staff web view; actions need the password, reading needs only local access."""

    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=0, le=65535)
    password: Secret | None = None
    # A staff session ends after this long without a request, and after session_hours in any case.
    idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_hours: int = Field(default=12, ge=1, le=7 * 24)


class Settings(Strict):
    """The whole configuration of one installation."""

    source: Path = Path("cancelflow.toml")
    data_dir: Path = Path("../data")
    database_url: str = ""
    providers_file: Path = Path("providers.toml")
    templates_dir: Path = Path("../templates/emails")
    classifiers: list[str] = Field(default_factory=list)
    schedule: Schedule = Schedule()
    followup: FollowUp = FollowUp()
    outbound: Outbound = Outbound()
    trust: Trust = Trust()
    masking: Masking = Masking()
    serve: Serve = Serve()
    merchants: Annotated[list[Merchant], Field(alias="merchant")] = Field(default_factory=list)
    mailboxes: Annotated[list[Mailbox], Field(alias="mailbox")] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> "Settings":
        ids = [m.id for m in self.merchants]
        if len(ids) != len(set(ids)):
            raise ValueError("merchant ids must be unique")
        names = [m.name for m in self.mailboxes]
        if len(names) != len(set(names)):
            raise ValueError("mailbox names must be unique")
        for box in self.mailboxes:
            if box.merchant not in ids:
                raise ValueError(f"mailbox {box.name!r} names unknown merchant {box.merchant!r}")
        return self

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'cancelflow.db'}"

    @property
    def outbox_dir(self) -> Path:
        return self.outbound.outbox_dir or self.data_dir / "outbox"

    @property
    def messages_dir(self) -> Path:
        return self.data_dir / "messages"

    def merchant(self, merchant_id: str) -> Merchant:
        for m in self.merchants:
            if m.id == merchant_id:
                return m
        raise ConfigError(f"{self.source}: no merchant {merchant_id!r}")

    def mailbox(self, name: str) -> Mailbox:
        for box in self.mailboxes:
            if box.name == name:
                return box
        raise ConfigError(f"{self.source}: no mailbox {name!r}")


def config_path(explicit: Path | None = None) -> Path:
    """The config file to use: --config, then $CANCELFLOW_CONFIG, then the shipped one."""
    if explicit is not None:
        return explicit
    env = os.environ.get(CONFIG_ENV)
    return Path(env) if env else DEFAULT_CONFIG


def load_settings(path: Path | None = None) -> Settings:
    """Read, validate and resolve a config file; raise ConfigError naming file and key."""
    path = config_path(path).resolve()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found (set --config or ${CONFIG_ENV})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    _resolve_paths(raw, path.parent)
    raw["source"] = path
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(path, exc)) from None


_PATH_KEYS = {"data_dir", "providers_file", "templates_dir", "outbox_dir", "path", "file",
              "ca_file", "refresh_token_file", "dkim_keys_file"}


def _resolve_paths(node: object, base: Path) -> None:
    """Make every path-valued key absolute relative to the config file's folder."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _PATH_KEYS and isinstance(value, str):
                node[key] = str((base / os.path.expanduser(value)).resolve())
            else:
                _resolve_paths(value, base)
    elif isinstance(node, list):
        for item in node:
            _resolve_paths(item, base)


def _describe(path: Path, exc: ValidationError) -> str:
    lines = [f"{path}: invalid configuration"]
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"  {key}: {err['msg']}")
    return "\n".join(lines)
