"""A throwaway SMTP server (aiosmtpd) on 127.0.0.1 that records what it accepts.

It can be told to answer 4xx to the next N messages and 5xx to given
recipients, so delivery failures are real SMTP replies, not mocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.servers.dovecot import free_port

USERNAME = "cancelflow"
PASSWORD = "smtp-s3cret-不要泄露"


@dataclass
class Delivery:
    sender: str
    recipients: list[str]
    raw: bytes


@dataclass
class CapturingHandler:
    """Accepts mail into `received`; failure modes are set by the tests."""

    received: list[Delivery] = field(default_factory=list)
    temporary_failures: int = 0
    refused: set[str] = field(default_factory=set)
    greetings: int = 0  # EHLOs seen: one per connection, so tests can see connection reuse

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.lower() in self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.temporary_failures > 0:
            self.temporary_failures -= 1
            return "451 4.3.0 try again later"
        self.received.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 OK queued"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USERNAME.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


class SmtpServer:
    """An aiosmtpd Controller on a free loopback port; AUTH without TLS is allowed on loopback."""

    def __init__(self) -> None:
        self.handler = CapturingHandler()
        self.host = "127.0.0.1"
        self.port = free_port()
        self.controller = Controller(self.handler, hostname=self.host, port=self.port,
                                     authenticator=_authenticate, auth_require_tls=False)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def reset(self) -> None:
        self.handler.received.clear()
        self.handler.temporary_failures = 0
        self.handler.refused.clear()

    def fail_next(self, count: int) -> None:
        """Answer 451 to the next `count` messages."""
        self.handler.temporary_failures = count

    def refuse(self, *recipients: str) -> None:
        """Answer 550 to these recipients."""
        self.handler.refused.update(r.lower() for r in recipients)

    @property
    def received(self) -> list[Delivery]:
        return self.handler.received
