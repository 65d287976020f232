"""The mail-source interface: where inbound mail comes from (IMAP or a local folder)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class FolderStatus:
    """What a source says about a folder when it is opened."""

    folder: str
    uidvalidity: int | None  # None: the source has no UIDs (local folder); dedup by hash alone
    message_count: int = 0


@dataclass(frozen=True)
class FetchedMessage:
    raw: bytes
    folder: str
    uid: int | None = None
    uidvalidity: int | None = None
    origin: str = ""  # human-readable location, e.g. a file path, for error messages


class MailSource(Protocol):
    """A mailbox that can be read incrementally; it never deletes anything."""

    name: str

    def open_folder(self, folder: str) -> FolderStatus:
        """Select `folder`; raise FolderNotFound / AuthenticationError / SourceError."""
        ...

    def fetch_since(self, folder: str, last_uid: int, batch_size: int) -> Iterator[list[FetchedMessage]]:
        """Yield batches of messages with UID > last_uid, in UID order, without marking them read."""
        ...

    def mark_processed(self, folder: str, uids: Sequence[int]) -> None:
        """Apply the configured after-processing action; called only after the ledger commit."""
        ...

    def close(self) -> None: ...
