"""Settings pointing at the throwaway servers, built the way the entry point would build them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.settings import Settings
from tests.servers.dovecot import Dovecot
from tests.servers.smtp import PASSWORD as SMTP_PASSWORD
from tests.servers.smtp import USERNAME as SMTP_USERNAME
from tests.servers.smtp import SmtpServer


def secret_file(directory: Path, name: str, value: str) -> Path:
    path = directory / f"{name}.secret"
    path.write_text(value, encoding="utf-8")
    return path


def imap_mailbox(dovecot: Dovecot, directory: Path, *, name: str, username: str, password: str | None = None,
                 folders: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """A [[mailbox]] table for `username` on `dovecot` (password defaults to the real one)."""
    secret = secret_file(directory, name, password if password is not None else dovecot.users[username])
    imap = {"host": dovecot.host, "port": dovecot.port, "security": "none", "username": username,
            "password": {"file": secret}, "timeout_seconds": 10, **extra.pop("imap", {})}
    return {"name": name, "kind": "imap", "merchant": "m1", "folders": folders or ["INBOX"], "imap": imap, **extra}


def make_settings(directory: Path, *, mailboxes: list[dict[str, Any]] | None = None,
                  smtp: SmtpServer | None = None, sent_folder_mailbox: str | None = None) -> Settings:
    """Settings with one merchant `m1`, the given mailboxes and, if given, SMTP on `smtp`."""
    raw: dict[str, Any] = {
        "data_dir": directory,
        "merchant": [{"id": "m1", "name": "Test merchant", "contact_name": "Li", "email": "m1@example.com"}],
        "mailbox": list(mailboxes or []),
    }
    if smtp is not None:
        password = secret_file(directory, "smtp", SMTP_PASSWORD)
        raw["outbound"] = {"transport": "smtp", "from_address": "cancel@cancelflow.test", "smtp": {
            "host": smtp.host, "port": smtp.port, "security": "none", "username": SMTP_USERNAME,
            "password": {"file": password}, "timeout_seconds": 10, "sent_folder_mailbox": sent_folder_mailbox}}
    return Settings.model_validate(raw)
