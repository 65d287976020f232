"""A folder of .eml files as the outgoing mail transport (the embedded default)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import TransientDeliveryError


class FileOutbox:
    """Writes each message atomically as one .eml file named after its Message-ID."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, message_id: str) -> Path:
        digest = hashlib.sha256(message_id.encode()).hexdigest()[:16]
        return self.directory / f"{digest}.eml"

    def send(self, *, sender: str, recipients: Sequence[str], raw: bytes, message_id: str) -> None:
        target = self._path(message_id)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            envelope = f"X-Envelope-From: {sender}\r\nX-Envelope-To: {', '.join(recipients)}\r\n"
            tmp.write_bytes(envelope.encode() + raw)
            os.replace(tmp, target)
        except OSError as exc:
            raise TransientDeliveryError(f"cannot write {target}: {exc.strerror}") from exc

    def already_sent(self, message_id: str) -> bool | None:
        return self._path(message_id).exists()

    def close(self) -> None:
        return None
