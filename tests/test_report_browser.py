"""The report opened in a real headless Chromium: hostile mail content must stay inert text."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlmodel import Session

from pipeline.report import write_report
from pipeline.runtime import Runtime
from tests.test_report import HOSTILE, populate, rt  # noqa: F401  (rt is a fixture)

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        pytest.fail("Chromium is not installed: run `apt-get install -y chromium` (Debian package `chromium`)")
    return path


def test_hostile_mail_in_the_report_runs_nothing_in_a_browser(rt: Runtime, tmp_path: Path) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        populate(session, rt)
        write_report(session, rt, tmp_path / "out")
    page_url = (tmp_path / "out" / "report.html").as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=chromium_path(), headless=True, args=FLAGS,
            viewport={"width": 390, "height": 844})  # a phone
        try:
            page = browser.new_page()
            page.goto(page_url)
            page.click("text=click", timeout=2000)  # a javascript: link, if one survived, would run now
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            title = page.title()
            pwned = page.evaluate("() => window.pwned === undefined ? null : window.pwned")
            body = page.inner_text("body")
            scripts = page.evaluate("() => document.scripts.length")
        finally:
            browser.close()
    assert title == "Cancelflow report"
    assert pwned is None
    assert scripts == 0
    assert HOSTILE[:40] in body  # shown as text, for staff to read
    assert (tmp_path / "report.png").stat().st_size > 0
