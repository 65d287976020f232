"""Composing case mail from templates and queueing it in the outbox.

Every automatic mail passes three policies before it is queued: recipients come
only from the provider registry or the merchant's own address; no flagged
(hard-bounced) address; and the per-case and per-recipient daily caps.
"""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from pipeline import compose, outbox
from pipeline.errors import PolicyError
from pipeline.models import AddressFlag, Case, OutboundMessage
from pipeline.runtime import Runtime


def token(case: Case) -> str:
    return f"[CF-{case.id}]"


def thread_ids(session: Session, case: Case) -> list[str]:
    """Message-IDs already sent for `case`, oldest first: a new mail continues that thread."""
    rows = session.exec(select(OutboundMessage.message_id).where(OutboundMessage.case_id == case.id)
                        .order_by(OutboundMessage.id)).all()
    return list(rows)


def provider_recipients(rt: Runtime, case: Case) -> tuple[list[str], list[str]]:
    """(to, cc) for mail to the provider: its registered cancellation address, the merchant in copy if configured."""
    provider = rt.registry.get(case.provider)
    merchant = rt.settings.merchant(case.merchant_id)
    cc = [merchant.email] if merchant.for_provider(case.provider).cc_merchant else []
    return provider.cancel_addresses[:1], cc


def merchant_recipients(rt: Runtime, case: Case) -> tuple[list[str], str]:
    """([merchant address], the merchant's language) for mail to the merchant."""
    merchant = rt.settings.merchant(case.merchant_id)
    return [merchant.email], merchant.language


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
    language: str | None = None,
) -> tuple[OutboundMessage, bool]:
    """Render `template` for `case` and queue it once per `idempotency_key`; return (row, created).

    Raise PolicyError (nothing queued) if a recipient is not allowed, flagged, or over its daily cap.
    """
    existing = session.exec(select(OutboundMessage).where(OutboundMessage.idempotency_key == idempotency_key)).first()
    if existing is not None:
        return existing, False
    recipients = [*to, *(cc or [])]
    outbox.check_recipients(recipients, allowed_recipients(rt, case))
    check_flags(session, recipients)
    now = rt.clock.now()
    if automatic:
        check_caps(session, rt, case, recipients, now)
    language = language or rt.registry.get(case.provider).language
    row = _compose(session, rt, case, template, to, cc or [], extra or {}, automatic, now, language)
    row.idempotency_key = idempotency_key
    return outbox.enqueue(session, row)


def allowed_recipients(rt: Runtime, case: Case) -> set[str]:
    """Only the provider's registered addresses and the merchant's own: never one read from a mail."""
    provider = rt.registry.get(case.provider)
    return {a.lower() for a in provider.cancel_addresses} | {rt.settings.merchant(case.merchant_id).email.lower()}


def check_flags(session: Session, recipients: list[str]) -> None:
    lowered = [r.lower() for r in recipients]
    flagged = session.exec(select(AddressFlag).where(AddressFlag.address.in_(lowered))).all()  # type: ignore[attr-defined]
    if flagged:
        raise PolicyError(f"recipient flagged ({flagged[0].reason}): {flagged[0].address}")


def check_caps(session: Session, rt: Runtime, case: Case, recipients: list[str], now: datetime) -> None:
    """Refuse a mail that would exceed today's automatic-mail caps (local business day)."""
    caps = rt.settings.followup
    today = _day_start(now, rt.settings.schedule.timezone)
    rows = session.exec(select(OutboundMessage).where(OutboundMessage.automatic == True,  # noqa: E712
                                                      OutboundMessage.created_at >= today)).all()
    if sum(r.case_id == case.id for r in rows) >= caps.max_auto_per_case_per_day:
        raise PolicyError(f"case {case.id}: daily cap of {caps.max_auto_per_case_per_day} automatic mails reached")
    for address in recipients:
        sent = sum(address.lower() in {x.lower() for x in (*r.recipients, *r.cc)} for r in rows)
        if sent >= caps.max_auto_per_recipient_per_day:
            raise PolicyError(f"{address}: daily cap of {caps.max_auto_per_recipient_per_day} automatic mails reached")


def _day_start(now: datetime, tz: str) -> datetime:
    local = now.astimezone(ZoneInfo(tz))
    return datetime.combine(local.date(), time(0), ZoneInfo(tz)).astimezone(timezone.utc)


def _compose(session: Session, rt: Runtime, case: Case, template: str, to: list[str], cc: list[str],
             extra: dict[str, object], automatic: bool, now: datetime, language: str) -> OutboundMessage:
    merchant = rt.settings.merchant(case.merchant_id)
    provider = rt.registry.get(case.provider)
    context = {"case": case.model_dump(mode="json"), "merchant": merchant, "provider": provider,
               "token": token(case), "reason": merchant.for_provider(case.provider).reason or "", **extra}
    language = rt.templates.language_for(template, language)
    rendered = rt.templates.render(template, language, context)
    previous = thread_ids(session, case)
    message_id = compose.case_message_id(case.id or 0, f"{len(previous) + 1}.{int(now.timestamp())}",
                                         rt.case_key, rt.settings.outbound.message_id_domain)
    out = rt.settings.outbound
    in_reply_to = previous[-1] if previous else None
    raw = compose.build(rendered, sender=(out.from_name, out.from_address), to=to, cc=cc,
                        message_id=message_id, date=now, reply_to=out.reply_to,
                        in_reply_to=in_reply_to, references=previous or None, automatic=automatic)
    return OutboundMessage(idempotency_key="", case_id=case.id, template=template, language=language,
                           automatic=automatic, recipients=to, cc=cc, subject=rendered.subject,
                           message_id=message_id, in_reply_to=in_reply_to, raw=raw, created_at=now)
