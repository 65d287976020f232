"""Rendering template triples (subject, text, HTML) into RFC 5322 bytes."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape

from pipeline.errors import ConfigError


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class Templates:
    """One Jinja2 environment: autoescape for HTML, strict undefined everywhere.

    A template is a folder `<name>/<language>/` holding subject.txt, body.txt and body.html.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = Environment(
            loader=FileSystemLoader(str(root)),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            undefined=StrictUndefined,
            keep_trailing_newline=False,
        )

    def language_for(self, name: str, language: str) -> str:
        """`language` if the template exists in it, else zh-CN, else en."""
        for lang in (language, "zh-CN", "en"):
            if (self.root / name / lang / "subject.txt").exists():
                return lang
        raise ConfigError(f"{self.root}: no template {name!r} in any language")

    def render(self, name: str, language: str, context: dict[str, Any]) -> Rendered:
        lang = self.language_for(name, language)
        try:
            parts = [self.env.get_template(f"{name}/{lang}/{f}").render(context)
                     for f in ("subject.txt", "body.txt", "body.html")]
        except TemplateNotFound as exc:
            raise ConfigError(f"{self.root}: template file missing: {exc.name}") from exc
        return Rendered(subject=" ".join(parts[0].split()), text=parts[1], html=parts[2])


def case_message_id(case_id: int, seq: str, key: bytes, domain: str) -> str:
    """A Message-ID that names the case with a keyed hash, so replies can be matched and not forged."""
    tag = hmac.new(key, f"case:{case_id}".encode(), hashlib.sha256).hexdigest()[:20]
    return f"<cf.{case_id}.{tag}.{seq}@{domain}>"


def verify_case_message_id(message_id: str, key: bytes) -> int | None:
    """The case id a Message-ID of ours names, or None if it is not ours or the tag is wrong."""
    inner = message_id.strip().strip("<>")
    parts = inner.split("@", 1)[0].split(".")
    if len(parts) < 4 or parts[0] != "cf" or not parts[1].isdigit():
        return None
    case_id = int(parts[1])
    expected = hmac.new(key, f"case:{case_id}".encode(), hashlib.sha256).hexdigest()[:20]
    return case_id if hmac.compare_digest(parts[2], expected) else None


def build(
    rendered: Rendered,
    *,
    sender: tuple[str, str],
    to: list[str],
    cc: list[str],
    message_id: str,
    date: datetime,
    reply_to: str | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    automatic: bool = True,
) -> bytes:
    """The full message as bytes: text and HTML alternatives, RFC 2047 headers where needed."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr(sender)
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = rendered.subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    if automatic:
        # RFC 3834 and the Exchange equivalent: keeps auto-responders from answering us in a loop.
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    return msg.as_bytes()
