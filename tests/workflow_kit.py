"""Builders shared by the case-workflow tests: settings, a runtime at a fixed time, messages."""

from __future__ import annotations

import base64
import subprocess
from itertools import count
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from pipeline.clock import Clock
from pipeline.findings import Analysis, Kind
from pipeline.models import Case, CaseEvent, InboundMessage, OutboundMessage
from pipeline.runtime import Runtime, build_runtime
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
MERCHANT = "zhang-snacks"
MERCHANT_EMAIL = "zhangwei@qq.example"
LAKALA_CANCEL = "cancel@service.lakala.example"
LAKALA_SENDER = "service@service.lakala.example"
_SERIAL = count(1)


def settings(tmp_path: Path, *, merchant: dict[str, Any] | None = None, followup: dict[str, Any] | None = None,
             trust: dict[str, Any] | None = None, outbound: dict[str, Any] | None = None,
             mailboxes: list[dict[str, Any]] | None = None) -> Settings:
    """A complete configuration under `tmp_path` using the shipped registry and templates."""
    data = {
        "source": tmp_path / "cancelflow.toml", "data_dir": tmp_path / "data",
        "providers_file": ROOT / "config" / "providers.toml", "templates_dir": ROOT / "templates" / "emails",
        "followup": followup or {}, "trust": trust or {"authserv_ids": ["mx.pos-assist.test"]},
        "outbound": {"from_address": "cancel@pos-assist.test", "message_id_domain": "pos-assist.test",
                     **(outbound or {})},
        "merchant": [{"id": MERCHANT, "name": "张记小吃店", "contact_name": "张伟", "contact_phone": "13800000000",
                      "email": MERCHANT_EMAIL, "reason": "不需要了", **(merchant or {})}],
        "mailbox": mailboxes or [],
    }
    return Settings.model_validate(data)


def runtime(tmp_path: Path, now: str = "2025-01-06T09:00:00+08:00", **kw: Any) -> Runtime:
    return build_runtime(settings(tmp_path, **kw), Clock.at(now))


def set_time(rt: Runtime, now: str) -> None:
    rt.clock.frozen = datetime.fromisoformat(now)


def analysis(kind: Kind, *, provider: str = "lakala", sender: str = LAKALA_SENDER, order: str | None = "LKL2025010600001",
             **fields: Any) -> Analysis:
    return Analysis(kind=kind, provider=provider, sender=sender, from_addr=fields.pop("from_addr", sender),
                    order_number=order, subject=fields.pop("subject", kind.value), **fields)


def inbound(session: Session, rt: Runtime, raw: bytes = b"Subject: test\r\n\r\nbody\r\n",
            merchant_id: str = MERCHANT) -> InboundMessage:
    """A ledger row for `raw`, as ingest would record it."""
    unique = next(_SERIAL)  # distinct bytes: the ledger keeps one row per content hash
    sha, rel = rt.store.put(raw + f"X-Test-Serial: {unique}\r\n".encode())
    row = InboundMessage(sha256=sha, raw_path=rel, size=len(raw), mailbox="test", merchant_id=merchant_id,
                         received_at=rt.clock.now())
    session.add(row)
    session.flush()
    return row


def open_requested_case(session: Session, rt: Runtime, **fields: Any) -> Case:
    """A case opened from a forwarded application, with its request queued."""
    from pipeline import workflow

    a = analysis(Kind.APPLICATION_RECEIVED, forwarded=True, merchant_note="请帮我取消", **fields)
    result = workflow.handle(session, rt, inbound(session, rt), a, verdict=_untrusted())
    assert result.case is not None
    return result.case


def _untrusted():  # type: ignore[no-untyped-def]
    from pipeline.trust import Verdict

    return Verdict(False, "test: not authenticated")


def outbound(session: Session, case: Case | None = None) -> list[OutboundMessage]:
    query = select(OutboundMessage).order_by(OutboundMessage.id)
    if case is not None:
        query = query.where(OutboundMessage.case_id == case.id)
    return list(session.exec(query).all())


def events(session: Session, case: Case) -> list[str]:
    rows = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
    return [e.action for e in rows]


def rsa_key(folder: Path) -> tuple[bytes, str]:
    """(private key PEM, DKIM TXT record) made by openssl, the same tool dkimpy's key helper uses."""
    private = folder / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(private), "1024"], check=True, capture_output=True)
    public = subprocess.run(["openssl", "rsa", "-in", str(private), "-pubout", "-outform", "DER"],
                            check=True, capture_output=True).stdout
    return private.read_bytes(), "v=DKIM1; k=rsa; p=" + base64.b64encode(public).decode()

