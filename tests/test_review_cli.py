"""The staff commands end to end: a config file, the database, the command line."""

from pathlib import Path

import pytest
import typer
from sqlmodel import Session, select
from typer.testing import CliRunner

from pipeline.cli import app, main_options
from pipeline.cli_review import register_case
from pipeline.clock import Clock
from pipeline.models import CaseEvent, InboundMessage, ReviewStatus
from pipeline.runtime import Runtime, build_runtime
from pipeline.settings import load_settings
from tests.test_report import NOW, REPO, add_case, add_message

runner = CliRunner()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "cancelflow.toml"
    path.write_text(f'''data_dir = "data"
providers_file = "{REPO / 'config' / 'providers.toml'}"
templates_dir = "{REPO / 'templates' / 'emails'}"
[[merchant]]
id = "zhang"
name = "张记"
contact_name = "张伟"
email = "zhang@example.com"
''', encoding="utf-8")
    return path


@pytest.fixture
def crt(config: Path) -> Runtime:
    return build_runtime(load_settings(config), Clock.at(NOW))


def case_commands() -> typer.Typer:
    """The main app's options over a stand-in `case` app holding only what register_case adds."""
    top, case_app = typer.Typer(), typer.Typer()
    top.callback()(main_options)
    register_case(case_app)
    top.add_typer(case_app, name="case")
    return top


def test_review_dismiss_records_the_staff_name(config: Path, crt: Runtime) -> None:
    with Session(crt.engine) as session:
        msg_id = add_message(session, crt, b"m", review_status=ReviewStatus.PENDING).id
        session.commit()
    result = runner.invoke(app, ["--config", str(config), "review", "dismiss", str(msg_id), "--reason", "spam",
                                 "--staff", "li"])
    assert result.exit_code == 0, result.output
    with Session(crt.engine) as session:
        assert session.get(InboundMessage, msg_id).review_reason == "dismissed by li: spam"  # type: ignore[union-attr]


def test_a_refused_action_is_one_line_and_exit_code_1(config: Path, crt: Runtime) -> None:
    result = runner.invoke(app, ["--config", str(config), "review", "assign", "5", "6"])
    assert result.exit_code == 1
    assert "refused: message 5: no such message" in result.output


def test_case_close_and_reopen_default_to_the_user_name(config: Path, crt: Runtime) -> None:
    with Session(crt.engine) as session:
        case_id = add_case(session, "LK-1").id
        session.commit()
    env = {"USER": "wang"}
    closed = runner.invoke(case_commands(), ["--config", str(config), "case", "close", str(case_id), "--reason", "done"],
                           env=env)
    reopened = runner.invoke(case_commands(), ["--config", str(config), "case", "reopen", str(case_id),
                                               "--reason", "not done"], env=env)
    assert closed.exit_code == 0 and f"case {case_id} is now closed" in closed.output
    assert reopened.exit_code == 0 and f"case {case_id} is now requested" in reopened.output
    with Session(crt.engine) as session:
        actors = session.exec(select(CaseEvent.actor).where(CaseEvent.case_id == case_id)).all()
    assert actors[-2:] == ["wang", "wang"]


def test_case_export_writes_the_bundle(config: Path, crt: Runtime, tmp_path: Path) -> None:
    with Session(crt.engine) as session:
        case_id = add_case(session, "LK-1").id
        session.commit()
    result = runner.invoke(case_commands(), ["--config", str(config), "case", "export", str(case_id),
                                             "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "SHA256SUMS").exists() and (tmp_path / "b" / "timeline.html").exists()
