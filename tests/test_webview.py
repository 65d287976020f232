"""The local web view over real HTTP: reading is open, acting needs the password and the CSRF token."""

import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, OpenerDirector, Request, build_opener

import pytest
from sqlmodel import Session

from pipeline.clock import Clock
from pipeline.models import CaseEvent, InboundMessage, ReviewStatus
from pipeline.runtime import Runtime, build_runtime
from pipeline.webview import make_server
from tests.test_report import HOSTILE, NOW, add_case, add_message, make_settings

PASSWORD = "correct horse 电池"


def serve(rt: Runtime) -> Iterator[str]:
    server = make_server(rt, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def wrt(tmp_path: Path) -> Runtime:
    (tmp_path / "pw").write_text(PASSWORD + "\n", encoding="utf-8")
    return build_runtime(make_settings(tmp_path, serve={"password": {"file": tmp_path / "pw"}}), Clock.at(NOW))


@pytest.fixture
def url(wrt: Runtime) -> Iterator[str]:
    with Session(wrt.engine) as session:
        add_message(session, wrt, b"m", subject=HOSTILE, review_status=ReviewStatus.PENDING)
        add_case(session, "LK-1")
        session.commit()
    yield from serve(wrt)


def browser() -> OpenerDirector:
    return build_opener(HTTPCookieProcessor(CookieJar()))


def post(opener: OpenerDirector, url: str, form: dict[str, str], origin: str | None = None) -> tuple[int, str]:
    request = Request(url, data=urlencode(form).encode(), method="POST")
    if origin:
        request.add_header("Origin", origin)
    try:
        with opener.open(request) as response:
            return response.status, response.read().decode()
    except HTTPError as exc:
        return exc.code, exc.read().decode()


def signed_in(url: str) -> tuple[OpenerDirector, str]:
    opener = browser()
    status, page = post(opener, url + "/login", {"staff": "li", "password": PASSWORD})
    assert status == 200 and "Signed in as li" in page
    return opener, re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_the_report_is_readable_without_signing_in_and_escapes_mail(url: str) -> None:
    with browser().open(url + "/") as response:
        page = response.read().decode()
        assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "Messages to review (1)" in page and "&lt;script&gt;" in page and "<script>" not in page
    assert 'name="csrf"' not in page


def test_a_wrong_password_is_refused(url: str) -> None:
    status, page = post(browser(), url + "/login", {"staff": "li", "password": "guess"})
    assert status == 401 and "Wrong name or password." in page


def test_signed_in_staff_can_dismiss_a_message(url: str, wrt: Runtime) -> None:
    opener, csrf = signed_in(url)
    status, page = post(opener, url + "/action", {"csrf": csrf, "action": "dismiss", "target": "1", "reason": "spam"})
    assert status == 200 and "dismissed by li: spam" in page and "Messages to review (0)" in page
    with Session(wrt.engine) as session:
        assert session.get(InboundMessage, 1).review_status is ReviewStatus.DISMISSED  # type: ignore[union-attr]


def test_signed_in_staff_can_close_a_case_as_themselves(url: str, wrt: Runtime) -> None:
    opener, csrf = signed_in(url)
    status, page = post(opener, url + "/action", {"csrf": csrf, "action": "close", "target": "1", "reason": "done"})
    assert status == 200 and "case 1 is now closed" in page
    with Session(wrt.engine) as session:
        last = session.get(CaseEvent, 2)
        assert last is not None and (last.action, last.actor, last.cause) == ("close", "li", "staff")


def test_an_action_without_the_csrf_token_is_forbidden(url: str, wrt: Runtime) -> None:
    opener, _ = signed_in(url)
    status, _ = post(opener, url + "/action", {"csrf": "forged", "action": "close", "target": "1", "reason": "x"})
    assert status == 403


def test_an_action_from_another_origin_is_forbidden(url: str) -> None:
    opener, csrf = signed_in(url)
    status, _ = post(opener, url + "/action", {"csrf": csrf, "action": "close", "target": "1", "reason": "x"},
                     origin="http://evil.example")
    assert status == 403


def test_an_action_without_signing_in_is_forbidden(url: str) -> None:
    status, _ = post(browser(), url + "/action", {"csrf": "", "action": "close", "target": "1", "reason": "x"})
    assert status == 403


def test_a_refused_action_is_shown_not_raised(url: str) -> None:
    opener, csrf = signed_in(url)
    status, page = post(opener, url + "/action", {"csrf": csrf, "action": "reopen", "target": "1", "reason": "x"})
    assert status == 200 and "refused: case 1: reopen is not allowed in state requested" in page


def test_without_a_configured_password_nobody_can_sign_in(tmp_path: Path) -> None:
    rt = build_runtime(make_settings(tmp_path), Clock.at(NOW))
    for base in serve(rt):
        status, page = post(browser(), base + "/login", {"staff": "li", "password": ""})
        assert status == 401 and "Staff actions are disabled" in page


def test_a_session_ends_after_the_idle_time_and_after_its_longest_life(url: str, wrt: Runtime) -> None:
    opener, csrf = signed_in(url)
    action = {"csrf": csrf, "action": "note", "target": "1", "text": "called them"}
    wrt.clock.frozen = wrt.clock.now() + timedelta(minutes=29)
    assert post(opener, url + "/action", action)[0] == 200  # in use: the idle clock restarts
    wrt.clock.frozen = wrt.clock.now() + timedelta(minutes=31)
    status, _ = post(opener, url + "/action", action)
    assert status == 403
    with browser().open(url + "/") as response:
        assert 'name="csrf"' not in response.read().decode()

    opener, csrf = signed_in(url)
    action["csrf"], started = csrf, wrt.clock.now()
    while post(opener, url + "/action", action)[0] == 200:  # busy all day: a request every 29 minutes
        wrt.clock.frozen = wrt.clock.now() + timedelta(minutes=29)
    assert timedelta(hours=12) < wrt.clock.now() - started <= timedelta(hours=12, minutes=29)


def test_signing_out_ends_the_session(url: str) -> None:
    opener, csrf = signed_in(url)
    status, page = post(opener, url + "/logout", {})
    assert status == 200 and "Signed in as" not in page
    status, _ = post(opener, url + "/action", {"csrf": csrf, "action": "close", "target": "1", "reason": "x"})
    assert status == 403
