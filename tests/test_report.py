import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import Session

from pipeline.cases import open_case
from pipeline.clock import Clock
from pipeline.models import (Case, CaseKind, InboundMessage, OutboundMessage, OutboundStatus, ParseStatus,
                             ReviewStatus, SyncCursor)
from pipeline.report import build, write_report
from pipeline.runtime import Runtime, build_runtime
from pipeline.settings import Settings
from pipeline.states import State

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
HOSTILE = ('<script>document.title="pwned"</script><img src=x onerror="window.pwned=1;document.body.innerHTML=\'\'">'
           '<a href="javascript:window.pwned=2">click</a>')


def make_settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings.model_validate({
        "data_dir": tmp_path / "data", "providers_file": REPO / "config" / "providers.toml",
        "templates_dir": REPO / "templates" / "emails",
        "merchant": [{"id": "zhang", "name": "张记", "contact_name": "张伟", "email": "zhang@example.com"}],
        **extra,
    })


@pytest.fixture
def rt(tmp_path: Path) -> Runtime:
    return build_runtime(make_settings(tmp_path), Clock.at(NOW))


def add_message(session: Session, rt: Runtime, raw: bytes, **fields: object) -> InboundMessage:
    sha, rel = rt.store.put(raw)
    values: dict[str, object] = dict(sha256=sha, raw_path=rel, size=len(raw), received_at=NOW - timedelta(hours=2),
                                     mailbox="demo", merchant_id="zhang", processed_at=NOW)
    values.update(fields)
    row = InboundMessage(**values)  # type: ignore[arg-type]
    session.add(row)
    session.flush()
    return row


def add_case(session: Session, order: str, *, state: State = State.REQUESTED, **fields: object) -> Case:
    case, _ = open_case(session, merchant_id="zhang", provider="lakala", kind=CaseKind.CANCEL_APPLICATION,
                        order_number=order, terminal_sn=None, now=NOW - timedelta(days=5), **fields)
    case.state = state.value
    session.add(case)
    session.flush()
    return case


def populate(session: Session, rt: Runtime) -> None:
    """One of each thing the report must show, with hostile and personal data in the text."""
    add_message(session, rt, b"Subject: unmatched\r\n\r\nhello\r\n", from_addr="kefu@lakala.example",
                subject=HOSTILE, provider="lakala", kind="cancel_confirmed", confidence=0.82,
                analysis={"order_number": "LK2025", "amount_cny": 99.0, "subject": HOSTILE},
                candidates=[{"case_id": 1, "score": 40, "keys": ["merchant_id"]}],
                review_status=ReviewStatus.PENDING, review_reason="best score 40 is below the threshold 50")
    add_message(session, rt, b"garbage", from_addr="x@y.example", subject="卡号 6222021234567890123 电话13800001234",
                parse_status=ParseStatus.QUARANTINED, quarantine_reason="ParseError: no headers",
                review_status=ReviewStatus.PENDING)
    add_message(session, rt, b"dismissed", subject="old", parse_status=ParseStatus.QUARANTINED,
                quarantine_reason="boom", review_status=ReviewStatus.DISMISSED)
    add_case(session, "LK-OK")
    add_case(session, "LK-REJ", state=State.REJECTED)
    add_case(session, "LK-REF", state=State.REFUND_PENDING, amount_claimed=300.0, amount_refunded=100.0,
             deadline=NOW - timedelta(days=1))
    failed = add_case(session, "LK-FAIL")
    session.add(OutboundMessage(idempotency_key="k1", case_id=failed.id, template="cancel_request", subject="s",
                                message_id="<m1@x>", raw=b"raw", status=OutboundStatus.FAILED, created_at=NOW))
    closed = add_case(session, "LK-CLOSED", state=State.CLOSED)
    assert closed.state == "closed"
    session.add(SyncCursor(mailbox="fresh", folder="INBOX", last_success_at=NOW - timedelta(hours=1)))
    session.add(SyncCursor(mailbox="broken", folder="INBOX", last_success_at=NOW - timedelta(days=3),
                           last_error="AuthenticationError: LOGIN failed", consecutive_failures=40))
    session.commit()


def test_the_review_section_lists_unmatched_and_quarantined_messages_but_not_dismissed_ones(rt: Runtime) -> None:
    with Session(rt.engine) as session:
        populate(session, rt)
        data = build(session, rt.settings, NOW)
    assert [m["status"] for m in data.review] == ["unmatched", "quarantined"]
    unmatched = data.review[0]
    assert unmatched["confidence"] == "0.82"
    assert unmatched["fields"] == "order_number=LK2025; amount_cny=99.0"
    assert unmatched["candidates"] == "case 1 score 40 (merchant_id)"
    assert unmatched["reason"] == "best score 40 is below the threshold 50"


def test_personal_numbers_are_masked_in_the_report(rt: Runtime) -> None:
    with Session(rt.engine) as session:
        populate(session, rt)
        data = build(session, rt.settings, NOW)
    assert data.review[1]["subject"] == "卡号 ***************0123 电话*******1234"


def test_cases_needing_attention_carry_every_reason(rt: Runtime) -> None:
    with Session(rt.engine) as session:
        populate(session, rt)
        data = build(session, rt.settings, NOW)
    reasons = {c["order_number"]: c["reasons"] for c in data.attention}
    assert set(reasons) == {"LK-REJ", "LK-REF", "LK-FAIL"}
    assert reasons["LK-REJ"] == "rejected by the provider"
    assert "refund overdue since 2025-02-28" in reasons["LK-REF"]
    assert "refund short: 100.0 of 300.0 CNY" in reasons["LK-REF"]
    assert reasons["LK-FAIL"] == "1 outbound message(s) failed to send"


def test_open_cases_exclude_closed_ones_and_show_age_and_next_action(rt: Runtime) -> None:
    with Session(rt.engine) as session:
        populate(session, rt)
        data = build(session, rt.settings, NOW)
    assert "LK-CLOSED" not in {c["order_number"] for c in data.open_cases}
    first = next(c for c in data.open_cases if c["order_number"] == "LK-OK")
    assert first["age_days"] == 5
    assert first["next_action"].startswith("wait for the provider")
    assert {"state": "requested", "provider": "lakala", "count": 2} in data.by_state


def test_a_mailbox_without_success_in_a_day_is_flagged_stale(rt: Runtime) -> None:
    with Session(rt.engine) as session:
        populate(session, rt)
        data = build(session, rt.settings, NOW)
    assert {b["mailbox"]: b["stale"] for b in data.mailboxes} == {"broken": True, "fresh": False}


def test_the_report_writes_html_and_one_csv_per_section(rt: Runtime, tmp_path: Path) -> None:
    with Session(rt.engine) as session:
        populate(session, rt)
        written = write_report(session, rt, tmp_path / "out")
    assert [p.name for p in written] == ["report.html", "review.csv", "attention.csv", "open_cases.csv",
                                         "mailboxes.csv"]
    with open(tmp_path / "out" / "review.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[1]["subject"] == "卡号 ***************0123 电话*******1234"


def test_hostile_markup_from_mail_is_escaped_in_the_html(rt: Runtime, tmp_path: Path) -> None:
    with Session(rt.engine) as session:
        populate(session, rt)
        write_report(session, rt, tmp_path / "out")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script>document" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;document.title" in html
    assert "script-src" not in html and "default-src 'none'" in html


def test_a_subject_that_looks_like_a_formula_stays_text_in_csv(rt: Runtime, tmp_path: Path) -> None:
    with Session(rt.engine) as session:
        add_message(session, rt, b"f", subject='=HYPERLINK("http://evil.example")', review_status=ReviewStatus.PENDING)
        session.commit()
        write_report(session, rt, tmp_path / "out")
    text = (tmp_path / "out" / "review.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text


def test_an_empty_database_gives_a_report_saying_nothing_needs_doing(rt: Runtime, tmp_path: Path) -> None:
    with Session(rt.engine) as session:
        write_report(session, rt, tmp_path / "out")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Nothing to review." in html and "No mailbox has been read yet." in html


def test_an_empty_section_still_gets_a_csv_header(rt: Runtime, tmp_path: Path) -> None:
    with Session(rt.engine) as session:
        write_report(session, rt, tmp_path / "out")
    header = (tmp_path / "out" / "attention.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header == ["id,state,provider,kind,merchant,order_number,terminal_sn,age_days,deadline,next_action,"
                      "next_action_at,followups,urgent,reasons"]


def test_a_case_known_by_an_order_number_that_passes_the_luhn_check_shows_it_whole(rt: Runtime) -> None:
    order = "2025011012345678905"  # Luhn-valid by chance: masked as a card if not known
    with Session(rt.engine) as session:
        add_case(session, order)
        add_message(session, rt, b"Subject: x\r\n\r\nx\r\n", subject=f"Re: {order} 卡号 6222021234567890123",
                    review_status=ReviewStatus.PENDING, analysis={"order_number": order})
        data = build(session, rt.settings, NOW)
    assert [c["order_number"] for c in data.open_cases] == [order]
    assert data.review[0]["subject"] == f"Re: {order} 卡号 ***************0123"
