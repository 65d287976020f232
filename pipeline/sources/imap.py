"""An IMAP mailbox read incrementally by UID through imapclient; nothing is ever deleted on the server.

Searches are by UID only (`UID SEARCH UID n:*`), never with CHARSET: several
Chinese providers reject or mangle SEARCH CHARSET. Bodies are fetched with
BODY.PEEK[] so reading never marks mail \\Seen. A dropped connection is
reopened with backoff a bounded number of times, re-selecting the folder and
checking that its UIDVALIDITY did not change underneath us.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from pipeline.errors import (
    AuthenticationError,
    FolderNotFound,
    SecretError,
    SourceError,
)
from pipeline.settings import ImapServer, Mailbox
from pipeline.sources.base import FetchedMessage, FolderStatus
from pipeline.sources.oauth import TokenSource

log = logging.getLogger(__name__)

T = TypeVar("T")

# A dropped or timed-out connection; OSError covers socket timeouts and resets.
CONNECTION_ERRORS = (IMAPClientAbortError, OSError)
DEFAULT_RETRY_DELAYS = (1.0, 2.0, 4.0)
CLIENT_ID = {"name": "Cancelflow", "version": "0.1", "vendor": "Cancelflow"}
APP_PASSWORD_HINT = (
    "check the username and password; QQ Mail, 163 and 126 need an app password "
    "(授权码, generated in the web mail settings) instead of the account password, "
    "and IMAP must be enabled there"
)
BODY = b"BODY[]"


def tls_context(ca_file: object | None) -> ssl.SSLContext:
    """A verifying context: system CAs, or only `ca_file` for a private server."""
    return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)


class ImapSource:
    """One configured IMAP mailbox, implementing MailSource; one connection, opened lazily."""

    def __init__(self, mailbox: Mailbox, *, retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if mailbox.imap is None:
            raise SourceError("not an IMAP mailbox", mailbox=mailbox.name)
        self.name = mailbox.name
        self.mailbox = mailbox
        self.server: ImapServer = mailbox.imap
        self.retry_delays = tuple(retry_delays)
        self._sleep = sleep
        self._tokens = (TokenSource(self.server.oauth2, mailbox=self.name, timeout=self.server.timeout_seconds)
                        if self.server.oauth2 else None)
        self._client: IMAPClient | None = None
        self._selected: tuple[str, bool] | None = None
        self._status: dict[str, FolderStatus] = {}

    # -- MailSource ------------------------------------------------------

    def open_folder(self, folder: str) -> FolderStatus:
        """Select `folder` (readonly unless an after-processing action needs writing); fresh status.

        If it is already selected on a live connection, NOOP + STATUS refresh it
        instead: re-SELECTing makes Dovecot re-read a Maildir's whole UID list
        (~80 ms at 100,000 messages), too slow for an idle poll.
        """
        if self._refreshed(folder):
            return self._status[folder]
        self._selected = None
        self._status.pop(folder, None)  # a fresh UIDVALIDITY: the caller compares it with its cursor
        self._run(folder, lambda client: None)
        return self._status[folder]

    def _refreshed(self, folder: str) -> bool:
        """True if `folder` was selected on a live connection and NOOP + STATUS brought it up to date."""
        if self._client is None or self._selected != (folder, self._readonly()):
            return False
        try:
            return self._refresh(self._client, folder)
        except (*CONNECTION_ERRORS, IMAPClientError):
            self._drop()  # in any doubt, reconnect and SELECT afresh
            return False

    def _refresh(self, client: IMAPClient, folder: str) -> bool:
        """NOOP + STATUS on the selected folder; False if it must be selected afresh.

        A folder deleted and recreated under a selected session answers NOOP with
        an untagged NO, and STATUS shows its new UIDVALIDITY: either forces a SELECT.
        """
        if any(r and r[0] in (b"NO", b"BYE") for r in client.noop()[1]):
            return False
        found = client.folder_status(folder, [b"UIDVALIDITY", b"MESSAGES"])
        status = FolderStatus(folder, int(found[b"UIDVALIDITY"]), int(found[b"MESSAGES"]))
        if status.uidvalidity != self._status[folder].uidvalidity:
            return False
        self._status[folder] = status
        return True

    def fetch_since(self, folder: str, last_uid: int, batch_size: int) -> Iterator[list[FetchedMessage]]:
        uids = self._uids_after(folder, last_uid)
        for start in range(0, len(uids), batch_size):
            chunk = uids[start : start + batch_size]
            yield self._messages(folder, chunk, self._fetch(folder, chunk))

    def mark_processed(self, folder: str, uids: Sequence[int]) -> None:
        action = self.mailbox.after_processing
        if action.flag:
            flag = action.flag
            self._run(folder, lambda client: client.add_flags(list(uids), [flag], silent=True))
        if action.move_to:
            self._move(folder, list(uids), action.move_to)

    def close(self) -> None:
        client, self._client, self._selected = self._client, None, None
        if client is not None:
            try:
                client.logout()
            except (IMAPClientError, OSError):
                pass  # already gone; nothing left to release

    # -- beyond MailSource: IDLE and the Sent folder ----------------------

    def idle_wait(self, folder: str, timeout: float) -> bool:
        """Block up to `timeout` seconds; return True if new mail may be in `folder`.

        Without IDLE (disabled in config or not offered) this waits and returns
        True, so the caller simply polls.
        """
        if not (self.server.idle and self._run(folder, lambda client: client.has_capability("IDLE"))):
            self._sleep(timeout)
            return True
        return self._run(folder, lambda client: _idle(client, timeout))

    def contains_message_id(self, folder: str, message_id: str) -> bool:
        """True if a message with this Message-ID is in `folder` (ASCII HEADER search, no CHARSET)."""
        uids = self._run(folder, lambda client: client.search(["HEADER", "Message-ID", message_id]), readonly=True)
        return bool(uids)

    def append(self, folder: str, raw: bytes, flags: Sequence[bytes] = (b"\\Seen",)) -> None:
        """Store a copy of `raw` in `folder` (the sent copy); raise FolderNotFound if it is missing."""
        try:
            self._run(None, lambda client: client.append(folder, raw, flags=tuple(flags)))
        except SourceError as exc:
            if not self._run(None, lambda client: client.folder_exists(folder)):
                raise FolderNotFound(f"folder {folder!r} does not exist", mailbox=self.name, folder=folder) from exc
            raise

    # -- connection ------------------------------------------------------

    def _run(self, folder: str | None, operation: Callable[[IMAPClient], T], *, readonly: bool | None = None) -> T:
        """Run `operation` on a live connection with `folder` selected, reconnecting when it drops."""
        last: BaseException | None = None
        for delay in (0.0, *self.retry_delays):
            if delay:
                self._sleep(delay)
            try:
                return self._attempt(folder, operation, readonly)
            except CONNECTION_ERRORS as exc:
                last = exc
                self._drop()
                log.warning("%s/%s: connection to %s lost (%s); reconnecting", self.name, folder or "",
                            self.server.host, type(exc).__name__)
        raise SourceError(f"IMAP server {self.server.host}:{self.server.port} unreachable after "
                          f"{1 + len(self.retry_delays)} tries: {last}", mailbox=self.name, folder=folder or "") from last

    def _attempt(self, folder: str | None, operation: Callable[[IMAPClient], T], readonly: bool | None) -> T:
        client = self._connected()
        if folder is not None:
            self._ensure_selected(client, folder, self._readonly() if readonly is None else readonly)
        try:
            return operation(client)
        except IMAPClientAbortError:
            raise
        except IMAPClientError as exc:
            raise SourceError(f"server refused: {exc}", mailbox=self.name, folder=folder or "") from exc

    def _connected(self) -> IMAPClient:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> IMAPClient:
        server = self.server
        context = tls_context(server.ca_file) if server.security != "none" else None
        try:
            client = IMAPClient(server.host, port=server.port, ssl=server.security == "ssl",
                                ssl_context=context, timeout=server.timeout_seconds)
            if server.security == "starttls":
                client.starttls(context)
        except ssl.SSLCertVerificationError as exc:
            raise SourceError(f"TLS certificate of {server.host} not trusted ({exc.verify_message}); "
                              "set ca_file for a private CA", mailbox=self.name) from exc
        self._login(client)
        self._identify(client)
        return client

    def _login(self, client: IMAPClient) -> None:
        user = self.server.username
        try:
            if self._tokens is not None:
                self._oauth2_login(client, self._tokens)
            else:
                assert self.server.password is not None
                _password_login(client, user, self.server.password.reveal())
        except SecretError as exc:
            raise AuthenticationError(f"no password for {user}: {exc}", mailbox=self.name) from exc
        except LoginError as exc:
            raise AuthenticationError(f"{self.server.host} refused login for {user} ({_text(exc)}); "
                                      f"{APP_PASSWORD_HINT}", mailbox=self.name) from exc

    def _oauth2_login(self, client: IMAPClient, tokens: TokenSource) -> None:
        """XOAUTH2; a refused access token (revoked early) gets one fresh token and one more try."""
        try:
            client.oauth2_login(self.server.username, tokens.access_token())
        except LoginError:
            tokens.invalidate()
            client.oauth2_login(self.server.username, tokens.access_token())

    def _identify(self, client: IMAPClient) -> None:
        """Send IMAP ID (RFC 2971): 163 and 126 refuse SELECT from clients that do not."""
        if client.has_capability("ID"):
            try:
                client.id_(CLIENT_ID)
            except IMAPClientAbortError:
                raise
            except IMAPClientError as exc:
                log.warning("%s: server refused IMAP ID: %s", self.name, exc)

    def _drop(self) -> None:
        client, self._client, self._selected = self._client, None, None
        if client is not None:
            try:
                client.shutdown()
            except (IMAPClientError, OSError):
                pass  # the socket is already dead; we only free it

    # -- folders ---------------------------------------------------------

    def _readonly(self) -> bool:
        action = self.mailbox.after_processing
        return not (action.flag or action.move_to)

    def _ensure_selected(self, client: IMAPClient, folder: str, readonly: bool) -> None:
        """Select `folder` unless it is; a reconnect that finds a new UIDVALIDITY stops the read."""
        if self._selected == (folder, readonly):
            return
        info = self._select(client, folder, readonly)
        status = FolderStatus(folder=folder, uidvalidity=int(info[b"UIDVALIDITY"]),  # type: ignore[call-overload]
                              message_count=int(info.get(b"EXISTS", 0)))  # type: ignore[call-overload]
        known = self._status.setdefault(folder, status)
        self._selected = (folder, readonly)
        if known.uidvalidity != status.uidvalidity:
            self._status[folder] = status
            raise SourceError(f"UIDVALIDITY changed from {known.uidvalidity} to {status.uidvalidity} while "
                              "reading; the next sync starts over", mailbox=self.name, folder=folder)

    def _select(self, client: IMAPClient, folder: str, readonly: bool) -> dict[bytes, object]:
        try:
            return dict(client.select_folder(folder, readonly=readonly))
        except IMAPClientAbortError:
            raise
        except IMAPClientError as exc:
            if not client.folder_exists(folder):
                raise FolderNotFound(f"folder {folder!r} does not exist on {self.server.host}",
                                     mailbox=self.name, folder=folder) from exc
            raise SourceError(f"cannot select folder: {exc}", mailbox=self.name, folder=folder) from exc

    def _uids_after(self, folder: str, last_uid: int) -> list[int]:
        # `n:*` always includes the highest UID, even when it is below n: filter it out.
        found = self._run(folder, lambda client: client.search(["UID", f"{last_uid + 1}:*"]))
        return sorted(uid for uid in found if uid > last_uid)

    def _fetch(self, folder: str, uids: list[int]) -> dict[int, dict[bytes, object]]:
        return self._run(folder, lambda client: client.fetch(uids, [b"BODY.PEEK[]"]))  # PEEK: never sets \Seen

    def _messages(self, folder: str, uids: list[int], data: dict[int, dict[bytes, object]]) -> list[FetchedMessage]:
        validity = self._status[folder].uidvalidity
        batch = []
        for uid in uids:
            raw = data.get(uid, {}).get(BODY)
            if not isinstance(raw, bytes):
                log.warning("%s/%s: UID %s vanished before it was fetched", self.name, folder, uid)
                continue
            batch.append(FetchedMessage(raw=raw, folder=folder, uid=uid, uidvalidity=validity,
                                        origin=f"{self.name}/{folder}/{validity}/{uid}"))
        return batch

    def _move(self, folder: str, uids: list[int], target: str) -> None:
        if not self._run(folder, lambda client: client.has_capability("MOVE")):
            # COPY + \Deleted + EXPUNGE would delete on the server, which we never do.
            log.warning("%s/%s: server lacks MOVE; leaving %d message(s) in place instead of moving to %s",
                        self.name, folder, len(uids), target)
            return
        try:
            self._run(folder, lambda client: client.move(uids, target))
        except SourceError as exc:
            if not self._run(None, lambda client: client.folder_exists(target)):
                raise FolderNotFound(f"move target {target!r} does not exist", mailbox=self.name,
                                     folder=target) from exc
            raise


def _password_login(client: IMAPClient, user: str, password: str) -> None:
    """LOGIN for ASCII credentials; AUTHENTICATE PLAIN (UTF-8) otherwise, which LOGIN cannot carry."""
    if (user + password).isascii():
        client.login(user, password)
    else:
        client.plain_login(user, password)


def _idle(client: IMAPClient, timeout: float) -> bool:
    # NOOP first: mail that arrived since the last command is reported now, not at the end of IDLE.
    if _news(client.noop()[1]):
        return True
    client.idle()
    try:
        responses = client.idle_check(timeout=timeout)
    finally:
        _, more = client.idle_done()
    return _news([*responses, *more])


def _news(responses: Sequence[tuple[object, ...]]) -> bool:
    return any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses)


def _text(exc: BaseException) -> str:
    """The server's words from an imapclient error, as text."""
    arg = exc.args[0] if exc.args else ""
    return arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
