"""OAuth2 access tokens for XOAUTH2, refreshed on demand; a rotated refresh token is saved at once.

Providers may rotate the refresh token on every refresh and revoke the old
one, so the new token is written (atomically) before the access token is used:
losing it would lock the mailbox out until someone re-authorises by hand.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import AuthenticationError
from pipeline.settings import OAuth2

EARLY_REFRESH_SECONDS = 60  # refresh a little before expiry so a fetch never starts with a dying token


class TokenSource:
    """Hands out a valid access token for one mailbox, refreshing against `token_url` when needed."""

    def __init__(self, config: OAuth2, *, mailbox: str, timeout: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.mailbox = mailbox
        self.timeout = timeout
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0

    def access_token(self) -> str:
        """A token valid for at least a minute; raise AuthenticationError if the refresh is refused."""
        if self._token is None or self._clock() >= self._expires_at:
            self.refresh()
        assert self._token is not None
        return self._token

    def invalidate(self) -> None:
        """Forget the cached token, e.g. after the server rejected it."""
        self._token = None

    def refresh(self) -> None:
        reply = self._post(self._form())
        try:
            self._token = str(reply["access_token"])
        except KeyError:
            raise AuthenticationError("token endpoint answered without an access_token", mailbox=self.mailbox) from None
        self._expires_at = self._clock() + float(str(reply.get("expires_in", 3600))) - EARLY_REFRESH_SECONDS
        rotated = reply.get("refresh_token")
        if rotated and rotated != self._refresh_token():
            save_atomically(self.config.refresh_token_file, str(rotated))

    def _refresh_token(self) -> str:
        try:
            return self.config.refresh_token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise AuthenticationError(
                f"refresh token file {self.config.refresh_token_file} cannot be read: {exc.strerror}",
                mailbox=self.mailbox) from exc

    def _form(self) -> dict[str, str]:
        form = {"grant_type": "refresh_token", "refresh_token": self._refresh_token(),
                "client_id": self.config.client_id}
        if self.config.client_secret is not None:
            form["client_secret"] = self.config.client_secret.reveal()
        return form

    def _post(self, form: dict[str, str]) -> dict[str, object]:
        request = urllib.request.Request(
            self.config.token_url, data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return dict(json.loads(response.read()))
        except urllib.error.HTTPError as exc:
            # The body names the OAuth error ("invalid_grant"), never our secrets.
            raise AuthenticationError(f"token refresh refused by {self.config.token_url}: HTTP {exc.code} "
                                      f"{_oauth_error(exc)}", mailbox=self.mailbox) from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise AuthenticationError(f"token refresh at {self.config.token_url} failed: {type(exc).__name__}",
                                      mailbox=self.mailbox) from exc


def _oauth_error(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read()).get("error", ""))
    except (ValueError, OSError, AttributeError):
        return ""


def save_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so a crash leaves the old or the new token, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
