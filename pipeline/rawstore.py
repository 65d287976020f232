"""Raw message bytes kept byte for byte under the data dir, addressed by SHA-256."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class RawStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def relative_path(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}.eml"

    def put(self, raw: bytes) -> tuple[str, str]:
        """Store one message durably; return (sha256, relative path)."""
        self.put_many([raw])
        sha = digest(raw)
        return sha, self.relative_path(sha)

    def put_many(self, raws: list[bytes]) -> None:
        """Store messages durably, with one flush to disk for the lot instead of one each.

        Each file is written under a temporary name and renamed, so a reader never
        sees a partial message; the flush makes the lot durable before the caller
        commits ledger rows that point at them.
        """
        for raw in raws:
            self._write(raw)
        if raws:
            os.sync()

    def _write(self, raw: bytes) -> None:
        target = self.root / self.relative_path(digest(raw))
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(raw)
        os.replace(tmp, target)

    def get(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()
