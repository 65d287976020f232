"""SMTP delivery through smtplib, with a sent copy in an IMAP Sent folder for crash recovery.

Failures are classified for the outbox: 4xx replies, dropped connections and
timeouts are transient (retried later); 5xx replies and refusal of every
recipient are permanent (staff look). Once the server accepted a message, no
later problem (such as the Sent copy failing) may raise: the outbox would
retry and the provider would get the cancellation request twice.
"""

from __future__ import annotations

import base64
import logging
import smtplib
from collections.abc import Sequence

from pipeline.errors import (
    DeliveryError,
    PermanentDeliveryError,
    SecretError,
    SourceError,
    TransientDeliveryError,
)
from pipeline.settings import Settings, SmtpServer
from pipeline.sources.imap import ImapSource, tls_context

log = logging.getLogger(__name__)


class SmtpSink:
    """Implements MailSink; one SMTP connection reused across sends until close()."""

    def __init__(self, settings: Settings) -> None:
        if settings.outbound.smtp is None:
            raise DeliveryError("outbound transport 'smtp' has no [outbound.smtp] settings")
        self.server: SmtpServer = settings.outbound.smtp
        name = self.server.sent_folder_mailbox
        self._sent_box = ImapSource(settings.mailbox(name)) if name else None
        self._conn: smtplib.SMTP | None = None

    def send(self, *, sender: str, recipients: Sequence[str], raw: bytes, message_id: str) -> None:
        """Hand `raw` to the server; raise TransientDeliveryError or PermanentDeliveryError."""
        try:
            refused = self._connection().sendmail(sender, list(recipients), raw)
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise classify(exc, self.server.host, message_id) from exc
        except SecretError as exc:
            # Nothing went out; the row goes back to the queue and shows where the password was looked for.
            raise TransientDeliveryError(f"SMTP {self.server.host}, message {message_id}: {exc}") from exc
        if refused:
            # Accepted for the others: raising now would make the outbox send it to them again.
            log.warning("%s: accepted, but %s refused: %s", message_id, ", ".join(refused), _codes(refused))
        self._keep_copy(raw, message_id)

    def already_sent(self, message_id: str) -> bool | None:
        """Look for the Sent copy by Message-ID; None if no Sent folder is configured or reachable."""
        if self._sent_box is None:
            return None
        try:
            return self._sent_box.contains_message_id(self.server.sent_folder, message_id)
        except SourceError as exc:
            log.warning("cannot check the Sent folder for %s: %s", message_id, exc)
            return None

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                conn.close()
        if self._sent_box is not None:
            self._sent_box.close()

    def _keep_copy(self, raw: bytes, message_id: str) -> None:
        if self._sent_box is None:
            return
        try:
            self._sent_box.append(self.server.sent_folder, raw)
        except SourceError as exc:
            # Sent already; without the copy a crash recovery asks staff instead of guessing.
            log.error("%s sent, but no copy kept in %s: %s", message_id, self.server.sent_folder, exc)

    def _connection(self) -> smtplib.SMTP:
        """The open connection if it still answers, else a new authenticated one."""
        if self._conn is not None and _alive(self._conn):
            return self._conn
        self._drop()
        self._conn = self._connect()
        return self._conn

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        context = tls_context(server.ca_file) if server.security != "none" else None
        conn: smtplib.SMTP
        if server.security == "ssl":
            conn = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout_seconds, context=context)
        else:
            conn = smtplib.SMTP(server.host, server.port, timeout=server.timeout_seconds)
        try:
            if server.security == "starttls":
                conn.starttls(context=context)
            if server.username and server.password is not None:
                _login(conn, server.username, server.password.reveal())
        except BaseException:
            conn.close()
            raise
        return conn

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()


def classify(exc: BaseException, host: str, message_id: str) -> DeliveryError:
    """Map an smtplib/socket failure to a transient or permanent delivery error."""
    where = f"SMTP {host}, message {message_id}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        kind = PermanentDeliveryError if all(code >= 500 for code in codes) else TransientDeliveryError
        return kind(f"{where}: every recipient refused: {_codes(exc.recipients)}")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return PermanentDeliveryError(f"{where}: login refused ({exc.smtp_code}); check the SMTP password "
                                      "(QQ/163/126 need an app password, 授权码)")
    if isinstance(exc, smtplib.SMTPResponseException):
        kind = PermanentDeliveryError if exc.smtp_code >= 500 else TransientDeliveryError
        return kind(f"{where}: {exc.smtp_code} {_decode(exc.smtp_error)}")
    return TransientDeliveryError(f"{where}: {type(exc).__name__}: {exc}")


def _login(conn: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib's login() only carries ASCII; send UTF-8 credentials as AUTH PLAIN ourselves."""
    if (user + password).isascii():
        conn.login(user, password)
        return
    conn.ehlo_or_helo_if_needed()
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = conn.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _alive(conn: smtplib.SMTP) -> bool:
    try:
        return conn.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _codes(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{rcpt}: {code} {_decode(text)}" for rcpt, (code, text) in refused.items())


def _decode(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text
