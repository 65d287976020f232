"""The mail-sink interface: where outbound mail goes (SMTP or a file outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class MailSink(Protocol):
    """Delivers rendered messages; raises TransientDeliveryError or PermanentDeliveryError."""

    def send(self, *, sender: str, recipients: Sequence[str], raw: bytes, message_id: str) -> None: ...

    def already_sent(self, message_id: str) -> bool | None:
        """True/False if the sink can tell whether `message_id` went out; None if it cannot."""
        ...

    def close(self) -> None: ...
