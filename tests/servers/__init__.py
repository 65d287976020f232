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


@pytest.fixture
def imap_user(dovecot: Dovecot, request: pytest.FixtureRequest) -> str:
    """A fresh Dovecot user with an empty INBOX, named after the test."""
    name = "u" + str(abs(hash(request.node.nodeid)))[:12]
    dovecot.add_user(name, f"pw-{name}")
    return name
