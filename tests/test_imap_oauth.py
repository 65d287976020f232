"""XOAUTH2 token refresh against a real local HTTP token endpoint."""

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
from pipeline.sources.oauth import TokenSource

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
