"""`cancelflow serve`: the report as a local web page, with staff actions behind a password.

Reading needs only access to the bound address (127.0.0.1 by default). Acting
needs a session from POST /login with the configured password; every action is
a POST carrying that session's CSRF token, so another site open in the same
browser cannot act for staff. A session ends on sign-out, after `[serve] idle_minutes`
without a request and after `session_hours` in any case, so a browser left open
does not stay able to act. Nothing from mail is ever rendered unescaped.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from jinja2 import Environment, StrictUndefined
from sqlmodel import Session

from pipeline import report, review
from pipeline.db import session_scope
from pipeline.errors import CancelflowError
from pipeline.runtime import Runtime

COOKIE = "cf_session"
MAX_BODY = 64 * 1024
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
LOGIN_PAGE = Environment(autoescape=True, undefined=StrictUndefined).from_string(
    """<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cancelflow sign in</title></head><body style="font-family:sans-serif;margin:1em">
<h1>Sign in to act</h1>{% if error %}<p style="color:#b00">{{ error }}</p>{% endif %}
{% if enabled %}<form method="post" action="/login"><p><label>Your name <input name="staff" required></label></p>
<p><label>Password <input type="password" name="password" required></label></p><button>Sign in</button></form>
{% else %}<p>Staff actions are disabled: set <code>[serve] password</code> in the config.</p>{% endif %}
<p><a href="/">Back to the report</a></p></body></html>""")


@dataclass
class StaffSession:
    staff: str
    csrf: str
    started: datetime
    seen: datetime
    flash: str = ""


# Each action: (needs a text field named ..., function of (session, rt, target, text, staff) -> words).
Action = Callable[[Session, Runtime, int, str, str], str]
ACTIONS: dict[str, tuple[str | None, Action]] = {
    "assign": ("case", lambda s, rt, t, x, who: _words(review.assign(s, rt, t, int(x), staff=who))),
    "open-case": (None, lambda s, rt, t, x, who: _words(review.open_case_from(s, rt, t, staff=who))),
    "dismiss": ("reason", lambda s, rt, t, x, who: _words(review.dismiss(s, rt, t, reason=x, staff=who))),
    "note": ("text", lambda s, rt, t, x, who: f"note added to case {review.note(s, rt, t, x, staff=who).case_id}"),
    "close": ("reason", lambda s, rt, t, x, who: f"case {t} is now {review.close(s, rt, t, reason=x, staff=who).value}"),
    "reopen": ("reason", lambda s, rt, t, x, who: f"case {t} is now {review.reopen(s, rt, t, reason=x, staff=who).value}"),
}


def _words(done: review.Done) -> str:
    return "; ".join(done.notes)


class WebView:
    """The state the handler threads share: the runtime and the signed-in staff sessions."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.sessions: dict[str, StaffSession] = {}
        self.lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rt.settings.serve.password is not None

    def login(self, staff: str, password: str) -> str | None:
        """A new session token if `password` is right, else None."""
        secret = self.rt.settings.serve.password
        if secret is None or not staff.strip():
            return None
        if not hmac.compare_digest(password.encode(), secret.reveal().encode()):
            return None
        token = secrets.token_urlsafe(32)
        now = self.rt.clock.now()
        with self.lock:
            self._expire(now)
            self.sessions[token] = StaffSession(staff=staff.strip(), csrf=secrets.token_urlsafe(32),
                                                started=now, seen=now)
        return token

    def session_for(self, token: str | None) -> StaffSession | None:
        """The live session of `token`, its idle clock restarted; None if there is none or it ended."""
        now = self.rt.clock.now()
        with self.lock:
            self._expire(now)
            found = self.sessions.get(token or "")
            if found is not None:
                found.seen = now
            return found

    def logout(self, token: str | None) -> None:
        with self.lock:
            self.sessions.pop(token or "", None)

    def _expire(self, now: datetime) -> None:
        serve = self.rt.settings.serve
        idle, longest = timedelta(minutes=serve.idle_minutes), timedelta(hours=serve.session_hours)
        ended = [t for t, s in self.sessions.items() if now - s.seen > idle or now - s.started > longest]
        for token in ended:
            del self.sessions[token]

    def page(self, who: StaffSession | None) -> str:
        with Session(self.rt.engine) as session:
            data = report.build(session, self.rt.settings, self.rt.clock.now())
        actions = None
        if who is not None:
            actions = {"csrf": who.csrf, "staff": who.staff, "flash": who.flash}
            who.flash = ""
        return report.render_html(data, self.rt.settings, actions=actions, login_url="/login")

    def act(self, who: StaffSession, form: dict[str, str]) -> str:
        """Run one staff action; return what happened, or why it was refused, for the next page."""
        name = form.get("action", "")
        if name == "reprocess":
            return self._reprocess(who, form)
        if name not in ACTIONS:
            return f"unknown action {name!r}"
        field, fn = ACTIONS[name]
        text = form.get(field, "").strip() if field else ""
        if field and not text:
            return f"{name}: {field} is required"
        try:
            with session_scope(self.rt.engine) as session:
                return fn(session, self.rt, int(form.get("target", "")), text, who.staff)
        except (CancelflowError, ValueError) as exc:
            return f"refused: {exc}"

    def _reprocess(self, who: StaffSession, form: dict[str, str]) -> str:
        try:
            with Session(self.rt.engine) as session:
                return _words(review.reprocess(session, self.rt, int(form.get("target", "")), staff=who.staff))
        except (CancelflowError, ValueError) as exc:
            return f"refused: {exc}"


class Handler(BaseHTTPRequestHandler):
    view: WebView  # set on the subclass make_server builds
    server_version = "cancelflow"

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        if self.path == "/":
            self._send(HTTPStatus.OK, self.view.page(self._who()))
        elif self.path == "/login":
            self._send(HTTPStatus.OK, LOGIN_PAGE.render(error="", enabled=self.view.enabled))
        else:
            self._send(HTTPStatus.NOT_FOUND, "not found", "text/plain")

    def do_POST(self) -> None:  # noqa: N802
        form = self._form()
        if form is None or not self._same_origin():
            self._send(HTTPStatus.FORBIDDEN, "forbidden", "text/plain")
        elif self.path == "/login":
            self._login(form)
        elif self.path == "/action":
            self._action(form)
        elif self.path == "/logout":
            self.view.logout(self._token())
            self._redirect(f"{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
        else:
            self._send(HTTPStatus.NOT_FOUND, "not found", "text/plain")

    def _login(self, form: dict[str, str]) -> None:
        token = self.view.login(form.get("staff", ""), form.get("password", ""))
        if token is None:
            page = LOGIN_PAGE.render(error="Wrong name or password.", enabled=self.view.enabled)
            self._send(HTTPStatus.UNAUTHORIZED, page)
            return
        self._redirect(f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/")

    def _action(self, form: dict[str, str]) -> None:
        who = self._who()
        if who is None or not hmac.compare_digest(form.get("csrf", ""), who.csrf):
            self._send(HTTPStatus.FORBIDDEN, "sign in first, and act only from the page", "text/plain")
            return
        who.flash = self.view.act(who, form)
        self._redirect()

    def _who(self) -> StaffSession | None:
        return self.view.session_for(self._token())

    def _token(self) -> str | None:
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        return cookie[COOKIE].value if COOKIE in cookie else None

    def _same_origin(self) -> bool:
        """Browsers send Origin on POST; one naming another site is a cross-site request."""
        origin = self.headers.get("Origin")
        return origin is None or origin == f"http://{self.headers.get('Host', '')}"

    def _form(self) -> dict[str, str] | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY or self.headers.get_content_type() != "application/x-www-form-urlencoded":
            return None
        fields = parse_qs(self.rfile.read(length).decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in fields.items()}

    def _redirect(self, cookie: str | None = None) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", "/")
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self._security_headers()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: str, kind: str = "text/html") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self._security_headers()
        self.end_headers()
        self.wfile.write(data)

    def _security_headers(self) -> None:
        for key, value in HEADERS.items():
            self.send_header(key, value)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # requests are not worth a log line each; actions are in the case history


def make_server(rt: Runtime, host: str, port: int) -> ThreadingHTTPServer:
    """A bound, listening server (port 0 picks a free one); call serve_forever() to run it."""
    handler = type("BoundHandler", (Handler,), {"view": WebView(rt)})
    return ThreadingHTTPServer((host, port), handler)
