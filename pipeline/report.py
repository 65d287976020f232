"""The staff report: a self-contained HTML page of what needs a human."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlmodel import Session

from pipeline import queries
from pipeline.runtime import Runtime


def write_report(session: Session, rt: Runtime, out_dir: Path) -> list[Path]:
    env = Environment(loader=FileSystemLoader(str(rt.settings.templates_dir.parent / "report")),
                      autoescape=select_autoescape(default=True), undefined=StrictUndefined)
    html = env.get_template("report.html").render(
        generated=rt.clock.now().isoformat(timespec="seconds"),
        unmatched=queries.messages(session, unmatched=True),
        cases=queries.cases(session, open_only=True),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "report.html"
    target.write_text(html, encoding="utf-8")
    return [target]
