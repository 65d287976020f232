"""A local folder of .eml files or a Maildir, read as an inbox (the embedded default)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.errors import FolderNotFound, SourceError
from pipeline.sources.base import FetchedMessage, FolderStatus

SUFFIXES = {".eml", ".msg", ".txt", ""}


class LocalFolderSource:
    """Folder "INBOX" is the root; any other folder name is a sub-folder.

    Files have no UIDs, so every run lists every file and the ledger's content
    hash makes re-reading harmless. Files are never modified or removed.
    """

    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.root = root

    def _folder_path(self, folder: str) -> Path:
        return self.root if folder.upper() == "INBOX" else self.root / folder

    def open_folder(self, folder: str) -> FolderStatus:
        path = self._folder_path(folder)
        if not path.is_dir():
            raise FolderNotFound(f"folder {path} does not exist", mailbox=self.name, folder=folder)
        return FolderStatus(folder=folder, uidvalidity=None, message_count=len(self._files(path)))

    def fetch_since(self, folder: str, last_uid: int, batch_size: int) -> Iterator[list[FetchedMessage]]:
        files = self._files(self._folder_path(folder))
        for start in range(0, len(files), batch_size):
            yield [self._read(folder, f) for f in files[start : start + batch_size]]

    def _read(self, folder: str, path: Path) -> FetchedMessage:
        try:
            return FetchedMessage(raw=path.read_bytes(), folder=folder, origin=str(path))
        except OSError as exc:
            raise SourceError(f"cannot read {path}: {exc.strerror}", mailbox=self.name, folder=folder) from exc

    @staticmethod
    def _files(path: Path) -> list[Path]:
        """Message files directly in `path`, plus Maildir's new/ and cur/, in a stable order."""
        files = [p for p in path.iterdir() if p.suffix.lower() in SUFFIXES]
        for sub in ("new", "cur"):  # Maildir file names carry flags, not suffixes
            if (path / sub).is_dir():
                files.extend((path / sub).iterdir())
        return sorted(p for p in files if p.is_file() and not p.name.startswith("."))

    def mark_processed(self, folder: str, uids: Sequence[int]) -> None:
        return None

    def close(self) -> None:
        return None
