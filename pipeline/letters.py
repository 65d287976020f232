"""Composing case mail from templates and queueing it in the outbox."""

from __future__ import annotations

from sqlmodel import Session, select

from pipeline import compose, outbox
from pipeline.models import Case, OutboundMessage
from pipeline.runtime import Runtime


def token(case: Case) -> str:
    return f"[CF-{case.id}]"


def thread_ids(session: Session, case: Case) -> list[str]:
    """Message-IDs already sent for `case`, oldest first: a new mail continues that thread."""
    rows = session.exec(select(OutboundMessage.message_id).where(OutboundMessage.case_id == case.id)
                        .order_by(OutboundMessage.id)).all()
    return list(rows)


def queue_case_mail(
    session: Session,
    rt: Runtime,
    case: Case,
    *,
    template: str,
    to: list[str],
    idempotency_key: str,
    extra: dict[str, object] | None = None,
    cc: list[str] | None = None,
    automatic: bool = True,
) -> tuple[OutboundMessage, bool]:
    """Render `template` for `case` and queue it once per `idempotency_key`; return (row, created)."""
    existing = session.exec(select(OutboundMessage).where(OutboundMessage.idempotency_key == idempotency_key)).first()
    if existing is not None:
        return existing, False
    merchant = rt.settings.merchant(case.merchant_id)
    provider = rt.registry.get(case.provider)
    allowed = {a.lower() for a in provider.cancel_addresses} | {merchant.email.lower()}
    outbox.check_recipients([*to, *(cc or [])], allowed)
    context = {"case": case.model_dump(mode="json"), "merchant": merchant, "provider": provider,
               "token": token(case), "reason": merchant.reason, **(extra or {})}
    rendered = rt.templates.render(template, provider.language, context)
    now = rt.clock.now()
    previous = thread_ids(session, case)
    message_id = compose.case_message_id(case.id or 0, f"{len(previous) + 1}.{int(now.timestamp())}",
                                         rt.case_key, rt.settings.outbound.message_id_domain)
    out = rt.settings.outbound
    raw = compose.build(rendered, sender=(out.from_name, out.from_address), to=to, cc=cc or [],
                        message_id=message_id, date=now, reply_to=out.reply_to,
                        in_reply_to=previous[-1] if previous else None, references=previous or None,
                        automatic=automatic)
    row = OutboundMessage(idempotency_key=idempotency_key, case_id=case.id, template=template,
                          language=provider.language, automatic=automatic, recipients=to, cc=cc or [],
                          subject=rendered.subject, message_id=message_id,
                          in_reply_to=previous[-1] if previous else None, raw=raw, created_at=now)
    return outbox.enqueue(session, row)
