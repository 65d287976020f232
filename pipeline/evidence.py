"""The evidence bundle: everything a merchant needs to prove what was asked and answered, and when.

The .eml files are the stored bytes, untouched, so their DKIM signatures and
headers still verify. The timeline is for reading (masked like every page
staff see); the manifest and SHA256SUMS pin every file so a copy can be checked
later with `sha256sum -c SHA256SUMS`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, or_, select

from pipeline import queries
from pipeline.errors import CancelflowError
from pipeline.masking import mask
from pipeline.models import Case, CaseEvent, InboundMessage, OutboundMessage
from pipeline.report import environment
from pipeline.runtime import Runtime


class ExportError(CancelflowError):
    """The bundle could not be written (names the case and folder)."""


@dataclass
class Item:
    """One mail in the bundle, in time order with the events."""

    at: datetime
    direction: str          # "in" or "out"
    path: str               # relative to the bundle
    sender: str
    recipients: str
    subject: str
    raw: bytes


def export_case(session: Session, rt: Runtime, case_id: int, out_dir: Path) -> list[Path]:
    """Write the bundle for `case_id` into `out_dir` (new or empty); return the files written."""
    case = session.get(Case, case_id)
    if case is None:
        raise ExportError(f"case {case_id}: no such case")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ExportError(f"case {case_id}: {out_dir} is not empty; bundles are never mixed")
    items = _inbound(session, rt, case) + _outbound(session, case)
    written = [_write(out_dir / item.path, item.raw) for item in items]
    events = queries.case_events(session, case_id)
    written.append(_write(out_dir / "timeline.html", _timeline(rt, case, items, events).encode("utf-8")))
    written.append(_write(out_dir / "manifest.json", _manifest(rt, case, out_dir, written, items)))
    written.append(_write(out_dir / "SHA256SUMS", _sums(out_dir, written)))
    return written


def _inbound(session: Session, rt: Runtime, case: Case) -> list[Item]:
    cited = select(CaseEvent.message_id).where(CaseEvent.case_id == case.id)
    query = select(InboundMessage).where(or_(InboundMessage.case_id == case.id,
                                             InboundMessage.id.in_(cited)))  # type: ignore[union-attr]
    rows = session.exec(query.order_by(InboundMessage.received_at, InboundMessage.id)).all()
    return [Item(at=m.received_at, direction="in", path=f"inbound/{n:03d}-{m.sha256[:12]}.eml",
                 sender=m.from_addr, recipients=", ".join(m.to_addrs), subject=m.subject,
                 raw=rt.store.get(m.raw_path)) for n, m in enumerate(rows, 1)]


def _outbound(session: Session, case: Case) -> list[Item]:
    query = select(OutboundMessage).where(OutboundMessage.case_id == case.id).order_by(OutboundMessage.id)
    return [Item(at=o.sent_at or o.created_at, direction="out", path=f"outbound/{n:03d}-{o.status.value}.eml",
                 sender="", recipients=", ".join(o.recipients + o.cc), subject=o.subject, raw=o.raw)
            for n, o in enumerate(session.exec(query).all(), 1)]


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _timeline(rt: Runtime, case: Case, items: list[Item], events: list[CaseEvent]) -> str:
    policy = rt.settings.masking
    keep = (case.order_number, case.terminal_sn, case.provider_merchant_id)
    rows: list[dict[str, Any]] = [
        {"at": i.at, "what": "mail received" if i.direction == "in" else "mail sent",
         "who": mask(i.sender or i.recipients, policy), "text": mask(i.subject, policy, keep), "file": i.path}
        for i in items]
    rows += [{"at": e.at, "what": _event_words(e), "who": e.actor, "file": "",
              "text": mask("; ".join(f"{k}: {v}" for k, v in e.detail.items()), policy, keep)} for e in events]
    rows.sort(key=lambda r: r["at"])
    for r in rows:
        r["at"] = r["at"].strftime("%Y-%m-%d %H:%M:%S UTC")
    return environment(rt.settings).get_template("timeline.html").render(
        case=case, rows=rows, generated=rt.clock.now().strftime("%Y-%m-%d %H:%M:%S UTC"))


def _event_words(e: CaseEvent) -> str:
    move = f" ({e.old_state or '—'} → {e.new_state})" if e.new_state and e.new_state != e.old_state else ""
    return f"{e.action.replace('_', ' ')}{move}"


def _manifest(rt: Runtime, case: Case, root: Path, files: list[Path], items: list[Item]) -> bytes:
    dated = {i.path: i for i in items}
    entries = [{"path": p.relative_to(root).as_posix(), "sha256": _sha256(p), "size": p.stat().st_size,
                **_mail_facts(dated.get(p.relative_to(root).as_posix()))} for p in files]
    body = {"case": {"id": case.id, "provider": case.provider, "kind": case.kind.value, "merchant": case.merchant_id,
                     "order_number": case.order_number, "terminal_sn": case.terminal_sn, "state": case.state},
            "generated_at": rt.clock.now().isoformat(timespec="seconds"), "files": entries}
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def _mail_facts(item: Item | None) -> dict[str, Any]:
    if item is None:
        return {}
    return {"direction": item.direction, "at": item.at.isoformat(timespec="seconds")}


def _sums(root: Path, files: list[Path]) -> bytes:
    lines = [f"{_sha256(p)}  {p.relative_to(root).as_posix()}\n" for p in files]
    return "".join(lines).encode("utf-8")
