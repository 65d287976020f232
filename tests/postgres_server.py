"""A throwaway PostgreSQL server on 127.0.0.1 for tests that claim PostgreSQL support."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} not found: run `bash scripts/install-test-deps` (Debian package postgresql)")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """initdb + postgres in a temp dir; as root it runs as the unprivileged `postgres` user."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="cf-pg-"))
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def _as_owner(self) -> list[str]:
        if os.getuid() != 0:
            return []
        user = pwd.getpwnam("postgres")
        os.chown(self.dir, user.pw_uid, user.pw_gid)
        return ["runuser", "-u", "postgres", "--"]

    def start(self) -> "PostgresServer":
        prefix = self._as_owner()
        data = self.dir / "data"
        subprocess.run([*prefix, _bin("initdb"), "-D", str(data), "-U", "cancelflow", "-A", "trust", "-E", "UTF8"],
                       check=True, capture_output=True)
        self.proc = subprocess.Popen([*prefix, _bin("postgres"), "-D", str(data), "-h", "127.0.0.1",
                                      "-p", str(self.port), "-k", str(self.dir), "-F"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_ready()
        subprocess.run([_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "cancelflow", "cancelflow"],
                       check=True, capture_output=True)
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done = subprocess.run([_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True)
            if done.returncode == 0:
                return
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError("PostgreSQL exited during start-up")
        raise RuntimeError("PostgreSQL did not become ready in 30 s")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://cancelflow@127.0.0.1:{self.port}/cancelflow"

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)
