"""The staff report: what Cancelflow could not handle or trust, as one HTML page and CSV files.

Every string shown comes from hostile mail or from it indirectly, so the page
is rendered with autoescape and a Content-Security-Policy that forbids scripts,
and CSV cells that a spreadsheet would run as formulas are defused. Personal
numbers are masked once, here, so the HTML, the CSV and the web view agree.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlmodel import Session

from pipeline import queries
from pipeline.masking import mask
from pipeline.models import Case, InboundMessage, ParseStatus
from pipeline.runtime import Runtime
from pipeline.settings import Masking, Settings
from pipeline.states import State

NEXT_ACTION = {
    State.NEW.value: "send the cancellation request",
    State.REQUESTED.value: "wait for the provider; follow up when due",
    State.ACKNOWLEDGED.value: "wait for the confirmation; follow up when due",
    State.INFO_REQUESTED.value: "supply what the provider asked for",
    State.CONFIRMED.value: "check for fees or a refund, then close",
    State.REFUND_PENDING.value: "watch for the refund to arrive",
    State.REFUNDED.value: "check the amount, then close",
    State.REJECTED.value: "staff: decide whether to reopen or close",
    State.ESCALATED.value: "staff: call the provider",
    State.NEEDS_REVIEW.value: "staff: review the untrusted message",
}
FIELDS = ("order_number", "terminal_sn", "merchant_id", "amount_cny")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ReportData:
    generated: str
    review: list[dict[str, Any]] = field(default_factory=list)
    attention: list[dict[str, Any]] = field(default_factory=list)
    open_cases: list[dict[str, Any]] = field(default_factory=list)
    by_state: list[dict[str, Any]] = field(default_factory=list)
    mailboxes: list[dict[str, Any]] = field(default_factory=list)


def build(session: Session, settings: Settings, now: datetime) -> ReportData:
    """Everything the report shows, masked and ready to print."""
    policy = settings.masking
    reasons = queries.attention_reasons(session, now, settings.followup.refund_deadline_days)
    cases = queries.open_cases(session)
    by_id = {c.id: c for c in cases}
    return ReportData(
        generated=now.isoformat(timespec="seconds"),
        review=[_masked(_review_row(m), policy, _identifiers(m.analysis))
                for m in queries.review_messages(session)],
        attention=[_masked({**_case_row(by_id[cid], now), "reasons": "; ".join(why)}, policy, _keys(by_id[cid]))
                   for cid, why in sorted(reasons.items()) if cid in by_id],
        open_cases=[_masked(_case_row(c, now), policy, _keys(c)) for c in cases],
        by_state=_counts(cases),
        mailboxes=[_masked(row, policy) for row in queries.mailbox_health(session, now)],
    )


def _review_row(m: InboundMessage) -> dict[str, Any]:
    quarantined = m.parse_status is ParseStatus.QUARANTINED
    return {
        "id": m.id, "received": _when(m.received_at), "from": m.from_addr, "subject": m.subject,
        "mailbox": m.mailbox or "", "status": "quarantined" if quarantined else "unmatched",
        "provider": m.provider or "", "kind": m.kind or "",
        "confidence": "" if m.confidence is None else f"{m.confidence:.2f}",
        "fields": "; ".join(f"{k}={m.analysis[k]}" for k in FIELDS if m.analysis.get(k) not in (None, "")),
        "candidates": "; ".join(f"case {c.get('case_id')} score {c.get('score')} ({', '.join(c.get('keys', []))})"
                                for c in m.candidates),
        "reason": m.quarantine_reason if quarantined else (m.review_reason or ""),
        "authenticated": "yes" if m.authenticated else "no",
    }


def _case_row(c: Case, now: datetime) -> dict[str, Any]:
    return {
        "id": c.id, "state": c.state, "provider": c.provider, "kind": c.kind.value, "merchant": c.merchant_id,
        "order_number": c.order_number or "", "terminal_sn": c.terminal_sn or "",
        "age_days": (now - c.created_at).days, "deadline": _when(c.deadline),
        "next_action": NEXT_ACTION.get(c.state, ""), "next_action_at": _when(c.next_action_at),
        "followups": c.followup_count, "urgent": "yes" if c.urgent else "",
    }


def _keys(c: Case) -> tuple[str | None, ...]:
    return (c.order_number, c.terminal_sn, c.provider_merchant_id)


def _counts(cases: list[Case]) -> list[dict[str, Any]]:
    counts: dict[tuple[str, str], int] = {}
    for c in cases:
        counts[(c.state, c.provider)] = counts.get((c.state, c.provider), 0) + 1
    return [{"state": s, "provider": p, "count": n} for (s, p), n in sorted(counts.items())]


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _masked(row: dict[str, Any], policy: Masking, keep: tuple[str | None, ...] = ()) -> dict[str, Any]:
    """The row as staff may see it; `keep`: identifiers it is known by, shown whole."""
    return {k: mask(v, policy, keep) if isinstance(v, str) else v for k, v in row.items()}


def _identifiers(found: dict[str, Any]) -> tuple[str | None, ...]:
    return tuple(str(found[k]) for k in ("order_number", "terminal_sn", "merchant_id") if found.get(k))


# --- output --------------------------------------------------------------------------------------

def environment(settings: Settings) -> Environment:
    return Environment(loader=FileSystemLoader(str(report_templates(settings))),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined)


def report_templates(settings: Settings) -> Path:
    return settings.templates_dir.parent / "report"


def render_html(data: ReportData, settings: Settings, *, actions: dict[str, Any] | None = None,
                login_url: str | None = None) -> str:
    """The page; `actions` (the web view's staff name, CSRF token and flash message) adds the staff forms."""
    return environment(settings).get_template("report.html").render(r=data, actions=actions, login_url=login_url)


CASE_COLUMNS = ("id", "state", "provider", "kind", "merchant", "order_number", "terminal_sn", "age_days", "deadline",
                "next_action", "next_action_at", "followups", "urgent")
# Fixed columns, so an empty section still gives a CSV with its header.
CSV_SECTIONS = {
    "review": ("id", "received", "from", "subject", "mailbox", "status", "provider", "kind", "confidence", "fields",
               "candidates", "reason", "authenticated"),
    "attention": (*CASE_COLUMNS, "reasons"),
    "open_cases": CASE_COLUMNS,
    "mailboxes": ("mailbox", "folder", "stale", "last_success_at", "consecutive_failures", "last_error",
                  "last_error_at", "last_uid", "uidvalidity"),
}


def write_report(session: Session, rt: Runtime, out_dir: Path) -> list[Path]:
    """Write report.html and one CSV per section into `out_dir`; return the paths written."""
    data = build(session, rt.settings, rt.clock.now())
    out_dir.mkdir(parents=True, exist_ok=True)
    html = out_dir / "report.html"
    html.write_text(render_html(data, rt.settings), encoding="utf-8")
    return [html, *(write_csv(out_dir / f"{name}.csv", columns, getattr(data, name))
                    for name, columns in CSV_SECTIONS.items())]


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> Path:
    # utf-8-sig: Excel, what staff open these with, reads Chinese only with the BOM.
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: _cell(row.get(k, "")) for k in columns} for row in rows)
    return path


def _cell(value: Any) -> Any:
    """Defuse spreadsheet formulas: a subject like `=HYPERLINK(…)` must stay text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
