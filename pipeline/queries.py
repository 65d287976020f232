"""Read-side queries shared by the CLI, the report and the web view."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from pipeline.models import Case, InboundMessage, ReviewStatus
from pipeline.states import State


def cases(session: Session, *, state: str | None = None, open_only: bool = False) -> list[dict[str, Any]]:
    query = select(Case).order_by(Case.id)
    if state:
        query = query.where(Case.state == state)
    if open_only:
        query = query.where(Case.state != State.CLOSED.value)
    return [c.model_dump(mode="json") for c in session.exec(query).all()]


def messages(session: Session, *, unmatched: bool = False) -> list[dict[str, Any]]:
    query = select(InboundMessage).order_by(InboundMessage.id)
    if unmatched:
        query = query.where(InboundMessage.review_status == ReviewStatus.PENDING)
    return [m.model_dump(mode="json", exclude={"analysis", "traceback"}) for m in session.exec(query).all()]
