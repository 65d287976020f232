"""The main job on the embedded defaults: local inbox, SQLite, file outbox; no server."""

import json
import subprocess
import sys
from email import message_from_bytes, policy

from sqlmodel import Session, select

from pipeline.job import run_once
from pipeline.models import Case, InboundMessage, OutboundMessage, ParseStatus
from pipeline.runtime import build_runtime
from pipeline.settings import load_settings
from tests.builders import ROOT, make_install


def run(config):
    rt = build_runtime(load_settings(config))
    return rt, run_once(rt)


def test_the_sample_inbox_opens_cases_and_writes_cancellation_requests(tmp_path):
    rt, stats = run(make_install(tmp_path))
    assert (stats.read, stats.new, stats.quarantined) == (6, 6, 0)
    assert stats.cases_opened == 2 and stats.sent == 2 and not stats.errors
    outbox = sorted((tmp_path / "data" / "outbox").glob("*.eml"))
    requests = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in outbox]
    assert {m["To"] for m in requests} == {"cancel@service.lakala.example", "cancel@service.shengpay.example"}
    lakala = next(m for m in requests if "lakala" in m["To"])
    body = lakala.get_body(("plain",)).get_content()
    assert "LKL20251103123456" in body and "张记小吃店" in body and "[CF-" in lakala["Subject"]
    assert lakala["Auto-Submitted"] == "auto-generated"


def test_a_second_run_processes_nothing_twice(tmp_path):
    config = make_install(tmp_path)
    rt, _ = run(config)
    _, again = run(config)
    assert (again.read, again.new, again.cases_opened, again.sent) == (6, 0, 0, 0)
    with Session(rt.engine) as s:
        assert len(s.exec(select(InboundMessage)).all()) == 6
        assert len(s.exec(select(Case)).all()) == 2
        assert len(s.exec(select(OutboundMessage)).all()) == 2
    assert len(list((tmp_path / "data" / "outbox").glob("*.eml"))) == 2


def test_provider_replies_move_their_cases(tmp_path):
    rt, _ = run(make_install(tmp_path))
    with Session(rt.engine) as s:
        states = {c.order_number: c.state for c in s.exec(select(Case)).all()}
    assert states["LKL20251103123456"] == "acknowledged"
    assert states["SFT2025110412345678"] in {"confirmed", "closed"}


def test_a_message_that_cannot_be_parsed_is_kept_and_quarantined(tmp_path):
    bad = tmp_path / "src" / "empty.eml"
    bad.parent.mkdir()
    bad.write_bytes(b"")
    rt, stats = run(make_install(tmp_path, messages=[bad]))
    assert stats.quarantined == 1
    with Session(rt.engine) as s:
        row = s.exec(select(InboundMessage)).one()
    assert row.parse_status is ParseStatus.QUARANTINED and row.quarantine_reason
    assert rt.store.get(row.raw_path) == b""


def test_a_new_message_dropped_into_the_inbox_is_picked_up_next_run(tmp_path):
    config = make_install(tmp_path, messages=sorted((ROOT / "samples" / "inbox").glob("0[1-2]*.eml")))
    run(config)
    (tmp_path / "inbox" / "03.eml").write_bytes((ROOT / "samples/inbox/03-lakala-cancel-acknowledged.eml").read_bytes())
    _, stats = run(config)
    assert (stats.new, stats.cases_updated) == (1, 1)


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


def test_the_command_line_runs_once_and_prints_a_summary(tmp_path):
    config = make_install(tmp_path)
    done = cli("--config", str(config), "run", "--once", "--now", "2025-11-06T09:00:00+08:00")
    assert done.returncode == 0, done.stderr
    assert "cases opened 2" in " ".join(done.stdout.split())
    listed = [json.loads(line) for line in cli("--config", str(config), "cases", "--json").stdout.splitlines()]
    assert {c["provider"] for c in listed} == {"lakala", "shengpay"}
    assert all(c["created_at"].startswith("2025-11-06") for c in listed)


def test_scheduler_once_runs_one_cycle(tmp_path):
    config = make_install(tmp_path)
    done = subprocess.run([sys.executable, "scheduler.py", "--once", "--config", str(config)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "cases opened 2" in done.stdout


def test_a_broken_config_is_one_clear_line_and_exit_code_2(tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text("[[mailbox]]\nname = 1\n")
    done = cli("--config", str(bad), "run", "--once")
    assert done.returncode == 2
    assert "configuration error" in done.stderr and "Traceback" not in done.stderr


def test_an_unsigned_confirmation_in_the_samples_goes_to_review_and_leaves_its_case_open(tmp_path):
    rt, stats = run(make_install(tmp_path))
    assert stats.review == 1
    with Session(rt.engine) as s:
        spoof = s.exec(select(InboundMessage).where(InboundMessage.review_status == "pending")).one()
        case = s.exec(select(Case).where(Case.order_number == "LKL20251103123456")).one()
    assert spoof.kind == "cancel_confirmed" and not spoof.authenticated and spoof.case_id is None
    assert spoof.candidates[0]["case_id"] == case.id
    assert case.state == "acknowledged"
