"""A tiny OAuth2 provider on 127.0.0.1: a refresh-token grant that rotates, and token introspection for Dovecot."""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count


class OAuthProvider:
    """Issues access tokens for `username`; each refresh rotates the refresh token and revokes the old one."""

    def __init__(self, username: str) -> None:
        self.username = username
        self.refresh_token = "refresh-0"
        self.active: set[str] = set()
        self.refreshes = 0
        self._serial = count(1)
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def revoke_all(self) -> None:
        self.active.clear()

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
            return 400, {"error": "invalid_grant"}
        n = next(self._serial)
        self.refreshes += 1
        self.refresh_token = f"refresh-{n}"
        self.active.add(f"access-{n}")
        return 200, {"access_token": f"access-{n}", "expires_in": 3600, "refresh_token": self.refresh_token}

    def introspect(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        if form.get("token") in self.active:
            return 200, {"active": True, "username": self.username}
        return 200, {"active": False}


def _handler(provider: OAuthProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            form = dict(urllib.parse.parse_qsl(body))
            route = provider.token if self.path.startswith("/token") else provider.introspect
            status, reply = route(form)
            payload = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            return None

    return Handler
