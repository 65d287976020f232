import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from pipeline import review
from pipeline.evidence import ExportError, export_case
from pipeline.models import OutboundMessage, OutboundStatus
from pipeline.runtime import Runtime
from tests.test_report import HOSTILE, NOW, add_case, add_message, rt  # noqa: F401  (rt is a fixture)

INBOUND = b"From: kefu@lakala.example\r\nSubject: =?utf-8?b?5bey5Y+W5raI?=\r\n\r\nbody\xff kept as is\r\n"
OUTBOUND = b"Subject: [CF-1] request\r\n\r\n\xe8\xaf\xb7\xe5\x8f\x96\xe6\xb6\x88\r\n"


def make_case(session: Session, rt: Runtime) -> int:  # noqa: F811
    case = add_case(session, "LK-9")
    add_message(session, rt, INBOUND, case_id=case.id, from_addr="kefu@lakala.example",
                subject=HOSTILE + " 电话13800001234", received_at=NOW - timedelta(days=1))
    session.add(OutboundMessage(idempotency_key="k", case_id=case.id, template="cancel_request",
                                subject="[CF-1] request", message_id="<a@x>", raw=OUTBOUND,
                                recipients=["cancel@lakala.example"], status=OutboundStatus.SENT,
                                created_at=NOW - timedelta(days=2), sent_at=NOW - timedelta(days=2)))
    review.note(session, rt, case.id, "merchant phone 13800001234", staff="li")
    session.commit()
    return case.id


def test_the_bundle_holds_every_mail_byte_for_byte(rt: Runtime, tmp_path: Path) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        export_case(session, rt, make_case(session, rt), tmp_path / "bundle")
    assert (tmp_path / "bundle" / "inbound" / f"001-{hashlib.sha256(INBOUND).hexdigest()[:12]}.eml").read_bytes() == INBOUND
    assert (tmp_path / "bundle" / "outbound" / "001-sent.eml").read_bytes() == OUTBOUND


def test_the_manifest_and_sums_pin_every_file(rt: Runtime, tmp_path: Path) -> None:  # noqa: F811
    root = tmp_path / "bundle"
    with Session(rt.engine) as session:
        written = export_case(session, rt, make_case(session, rt), root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert hashlib.sha256((root / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    sums = (root / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == len(written) - 1  # every file but SHA256SUMS itself
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest
    assert manifest["case"]["order_number"] == "LK-9"


def test_the_timeline_lists_mail_and_events_in_time_order_masked_and_escaped(rt: Runtime, tmp_path: Path) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        export_case(session, rt, make_case(session, rt), tmp_path / "bundle")
    html = (tmp_path / "bundle" / "timeline.html").read_text(encoding="utf-8")
    assert html.index("mail sent") < html.index("mail received") < html.index("note")
    assert "<script>document" not in html and "&lt;script&gt;" in html
    assert "13800001234" not in html and "*******1234" in html


def test_a_bundle_is_never_written_over_another(rt: Runtime, tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle" / "old.txt").write_text("x")
    with Session(rt.engine) as session:
        with pytest.raises(ExportError, match="is not empty"):
            export_case(session, rt, make_case(session, rt), tmp_path / "bundle")


def test_an_unknown_case_cannot_be_exported(rt: Runtime, tmp_path: Path) -> None:  # noqa: F811
    with Session(rt.engine) as session:
        with pytest.raises(ExportError, match="case 7: no such case"):
            export_case(session, rt, 7, tmp_path / "bundle")
