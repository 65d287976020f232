"""Real servers for tests: a throwaway Dovecot (IMAP) and aiosmtpd (SMTP), plus their pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.dovecot import Dovecot, DovecotMissing
from tests.servers.smtp import SmtpServer


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """One Dovecot for the whole session; tests isolate themselves by using their own users."""
    try:
        server = Dovecot()
    except DovecotMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
