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
        """Store `raw` durably (written, fsynced, renamed); return (sha256, relative path)."""
        return self._write(raw, durable=True)

    def _write(self, raw: bytes, *, durable: bool) -> tuple[str, str]:
        sha = digest(raw)
        rel = self.relative_path(sha)
        target = self.root / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(raw)
                if durable:
                    fh.flush()
                    os.fsync(fh.fileno())
            os.replace(tmp, target)
        return sha, rel

    def put_many(self, raws: list[bytes]) -> None:
        """Store several messages with one flush to disk for the lot instead of one each."""
        for raw in raws:
            self._write(raw, durable=False)
        if raws:
            os.sync()

    def get(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()
