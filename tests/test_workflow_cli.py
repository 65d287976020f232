"""`cancelflow case open`: staff open a case by hand and its request is queued."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.db import make_engine
from pipeline.models import Case, OutboundMessage
from tests.workflow_kit import ROOT

CONFIG = f"""
data_dir = "data"
providers_file = "{ROOT / 'config' / 'providers.toml'}"
templates_dir = "{ROOT / 'templates' / 'emails'}"

[[merchant]]
id = "zhang-snacks"
name = "张记小吃店"
contact_name = "张伟"
email = "zhangwei@qq.example"
"""

ARGS = ["case", "open", "--merchant", "zhang-snacks", "--provider", "umpay", "--kind", "cancel_service",
        "--order", "UMP-2025-0001", "--now", "2025-01-10T09:00:00+08:00"]


def _run(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    config = tmp_path / "cancelflow.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return CliRunner().invoke(app, ["--config", str(config), *args])


def test_staff_open_a_case_and_its_request_is_queued_once(tmp_path: Path) -> None:
    first, second = _run(tmp_path, *ARGS), _run(tmp_path, *ARGS)
    assert first.exit_code == 0 and "opened" in first.output and "request queued" in first.output
    assert second.exit_code == 0 and "exists" in second.output
    with Session(make_engine(f"sqlite:///{tmp_path / 'data' / 'cancelflow.db'}")) as session:
        [case] = session.exec(select(Case)).all()
        [mail] = session.exec(select(OutboundMessage)).all()
    assert case.opened_by == "staff" and case.state == "requested"
    assert mail.recipients == ["cancel@umpay.example"]


def test_a_case_needs_an_order_number_or_an_sn(tmp_path: Path) -> None:
    result = _run(tmp_path, "case", "open", "--merchant", "zhang-snacks", "--provider", "umpay",
                  "--kind", "cancel_service")
    assert result.exit_code != 0
