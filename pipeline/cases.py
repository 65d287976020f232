"""Opening cases and applying transitions: the only code that writes Case.state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pipeline.errors import TransitionRefused
from pipeline.models import Case, CaseEvent, CaseKind
from pipeline.states import Event, State, next_state


def dedup_key(merchant_id: str, provider: str, kind: CaseKind, order_number: str | None,
              terminal_sn: str | None) -> str:
    """One case per (merchant, provider, order or SN, kind)."""
    ident = order_number or f"sn:{terminal_sn}" if (order_number or terminal_sn) else None
    if ident is None:
        raise ValueError("a case needs an order number or a terminal SN")
    return f"{merchant_id}|{provider}|{ident.upper()}|{kind.value}"


# A shipped application goes on as a device return (decisions._shipped changes the case's
# kind, not its key): a case of either kind is the merchant's one way out of that order.
SAME_CASE: dict[CaseKind, tuple[CaseKind, ...]] = {
    CaseKind.CANCEL_APPLICATION: (CaseKind.RETURN_DEVICE,),
    CaseKind.RETURN_DEVICE: (CaseKind.CANCEL_APPLICATION,),
}


def find_case(session: Session, key: str) -> Case | None:
    return session.exec(select(Case).where(Case.dedup_key == key)).first()


def _existing(session: Session, merchant_id: str, provider: str, kind: CaseKind, order_number: str | None,
              terminal_sn: str | None) -> Case | None:
    """The open-or-closed case these keys name, under `kind` or a kind it may have become."""
    for each in (kind, *SAME_CASE.get(kind, ())):
        found = find_case(session, dedup_key(merchant_id, provider, each, order_number, terminal_sn))
        if found is not None:
            return found
    return None


def open_case(
    session: Session,
    *,
    merchant_id: str,
    provider: str,
    kind: CaseKind,
    order_number: str | None,
    terminal_sn: str | None,
    now: datetime,
    opened_by: str = "system",
    cause: str = "message",
    message_id: int | None = None,
    **fields: Any,
) -> tuple[Case, bool]:
    """Open the case for these keys, or return the existing one; return (case, created)."""
    key = dedup_key(merchant_id, provider, kind, order_number, terminal_sn)
    existing = _existing(session, merchant_id, provider, kind, order_number, terminal_sn)
    if existing is not None:
        return existing, False
    case = Case(dedup_key=key, kind=kind, provider=provider, merchant_id=merchant_id,
                order_number=order_number, terminal_sn=terminal_sn, state=State.NEW.value,
                opened_by=opened_by, created_at=now, updated_at=now, **fields)
    try:
        with session.begin_nested():
            session.add(case)
            session.flush()
    except IntegrityError:  # opened concurrently by another worker
        found = find_case(session, key)
        assert found is not None
        return found, False
    log_event(session, case, "opened", now=now, cause=cause, actor=opened_by, message_id=message_id,
              new_state=State.NEW.value)
    return case, True


def transition(
    session: Session,
    case: Case,
    event: Event,
    *,
    now: datetime,
    cause: str,
    actor: str = "cancelflow",
    message_id: int | None = None,
    outbound_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> State:
    """Apply `event` with compare-and-set on the case's version; raise TransitionRefused if not allowed.

    Two workers holding the same case version cannot both apply a transition:
    the second update matches no row and is refused.
    """
    old = State(case.state)
    new = next_state(old, event)
    if new is None:
        raise TransitionRefused(f"case {case.id}: {event.value} is not allowed in state {old.value}")
    changed = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.version == case.version)
        .values(state=new.value, version=case.version + 1, updated_at=now)
    ).rowcount
    if not changed:
        raise TransitionRefused(f"case {case.id}: changed concurrently; {event.value} not applied")
    session.refresh(case)
    log_event(session, case, event.value, now=now, cause=cause, actor=actor, message_id=message_id,
              outbound_id=outbound_id, old_state=old.value, new_state=new.value, detail=detail)
    return new


def log_event(session: Session, case: Case, action: str, *, now: datetime, cause: str, actor: str = "cancelflow",
              message_id: int | None = None, outbound_id: int | None = None, old_state: str | None = None,
              new_state: str | None = None, detail: dict[str, Any] | None = None) -> CaseEvent:
    """Append one audit row; events are never updated or deleted."""
    event = CaseEvent(case_id=case.id or 0, at=now, action=action, old_state=old_state, new_state=new_state,
                      cause=cause, actor=actor, message_id=message_id, outbound_id=outbound_id,
                      detail=detail or {})
    session.add(event)
    session.flush()
    return event
