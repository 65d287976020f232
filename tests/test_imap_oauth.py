"""XOAUTH2: token refresh against a real local HTTP endpoint, and login to a Dovecot that checks tokens."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from pipeline.errors import AuthenticationError
from pipeline.settings import OAuth2, Secret
from pipeline.sources.imap import ImapSource
from pipeline.sources.oauth import TokenSource
from tests.servers.config import make_settings
from tests.servers.dovecot import Dovecot, DovecotMissing
from tests.servers.oauth import OAuthProvider

CLIENT_SECRET = "client-secret-不要泄露"


class TokenEndpoint(BaseHTTPRequestHandler):
    """Answers each POST with the next queued (status, body) and records the form it got."""

    replies: ClassVar[list[tuple[int, dict[str, object]]]] = []
    forms: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.forms.append(dict(urllib.parse.parse_qsl(body)))
        status, reply = self.replies.pop(0)
        payload = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def endpoint() -> Iterator[type[TokenEndpoint]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), TokenEndpoint)
    TokenEndpoint.replies, TokenEndpoint.forms = [], []
    TokenEndpoint.url = f"http://127.0.0.1:{server.server_address[1]}/token"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield TokenEndpoint
    server.shutdown()
    server.server_close()


class FakeClock:
    """Monotonic seconds the test moves by hand (time is an input here, not something to wait for)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def tokens(endpoint, tmp_path: Path, clock=None) -> TokenSource:
    (tmp_path / "refresh").write_text("refresh-1\n")
    (tmp_path / "client").write_text(CLIENT_SECRET)
    config = OAuth2(token_url=endpoint.url, client_id="cancelflow", client_secret=Secret(file=tmp_path / "client"),
                    refresh_token_file=tmp_path / "refresh")
    return TokenSource(config, mailbox="qq-main", clock=clock or FakeClock())


def test_a_refresh_saves_the_rotated_refresh_token(endpoint, tmp_path):
    endpoint.replies.append((200, {"access_token": "access-1", "expires_in": 3600, "refresh_token": "refresh-2"}))
    assert tokens(endpoint, tmp_path).access_token() == "access-1"
    assert (tmp_path / "refresh").read_text().strip() == "refresh-2"
    assert endpoint.forms == [{"grant_type": "refresh_token", "refresh_token": "refresh-1",
                               "client_id": "cancelflow", "client_secret": CLIENT_SECRET}]
    assert oct((tmp_path / "refresh").stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_access_token_is_reused_until_it_nears_expiry(endpoint, tmp_path):
    endpoint.replies += [(200, {"access_token": "access-1", "expires_in": 600}),
                         (200, {"access_token": "access-2", "expires_in": 600})]
    clock = FakeClock()
    source = tokens(endpoint, tmp_path, clock)
    assert source.access_token() == source.access_token() == "access-1"
    clock.now += 600 - 30
    assert source.access_token() == "access-2"
    assert len(endpoint.forms) == 2
    assert (tmp_path / "refresh").read_text().strip() == "refresh-1"  # not rotated: kept


def test_a_refused_refresh_is_an_authentication_error_without_secrets(endpoint, tmp_path):
    endpoint.replies.append((400, {"error": "invalid_grant", "error_description": "token revoked"}))
    with pytest.raises(AuthenticationError) as caught:
        tokens(endpoint, tmp_path).access_token()
    text = str(caught.value)
    assert "qq-main" in text and "invalid_grant" in text
    assert "refresh-1" not in text and CLIENT_SECRET not in text


@pytest.fixture(scope="module")
def provider() -> Iterator[OAuthProvider]:
    server = OAuthProvider("oauth-user")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def oauth_dovecot(provider) -> Iterator[Dovecot]:
    """A Dovecot that accepts XOAUTH2 tokens the provider vouches for."""
    try:
        server = Dovecot(oauth2_introspection_url=provider.url)
    except DovecotMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    server.add_user("oauth-user", "unused-password")
    server.start()
    yield server
    server.close()


def oauth_source(provider: OAuthProvider, server: Dovecot, tmp_path: Path) -> ImapSource:
    (tmp_path / "refresh").write_text(provider.refresh_token)
    box = {"name": "gmail-like", "kind": "imap", "merchant": "m1", "imap": {
        "host": server.host, "port": server.port, "security": "none", "username": "oauth-user",
        "oauth2": {"token_url": f"{provider.url}/token", "client_id": "cancelflow",
                   "refresh_token_file": tmp_path / "refresh"}}}
    return ImapSource(make_settings(tmp_path, mailboxes=[box]).mailboxes[0], retry_delays=())


def test_xoauth2_login_refreshes_the_token_and_keeps_the_rotated_one(provider, oauth_dovecot, tmp_path):
    oauth_dovecot.append("oauth-user", "INBOX", [b"Subject: hello\r\n\r\nbody\r\n"])
    source = oauth_source(provider, oauth_dovecot, tmp_path)
    assert source.open_folder("INBOX").message_count == 1
    source.close()
    assert (tmp_path / "refresh").read_text().strip() == provider.refresh_token != "refresh-0"


def test_a_revoked_access_token_is_refreshed_once_and_the_login_retried(provider, oauth_dovecot, tmp_path):
    source = oauth_source(provider, oauth_dovecot, tmp_path)
    source.open_folder("INBOX")
    source.close()
    provider.revoke_all()
    refreshes = provider.refreshes
    source.open_folder("INBOX")  # reconnects with the cached, now revoked, token first
    source.close()
    assert provider.refreshes == refreshes + 1


def test_a_revoked_refresh_token_is_an_authentication_error_without_secrets(provider, oauth_dovecot, tmp_path):
    source = oauth_source(provider, oauth_dovecot, tmp_path)
    provider.refresh_token = "issued-to-someone-else"
    with pytest.raises(AuthenticationError) as caught:
        source.open_folder("INBOX")
    text = str(caught.value)
    assert "gmail-like" in text and "invalid_grant" in text
    assert "refresh-" not in text and "access-" not in text
