"""Named leases in the database, so two processes never work the same mailbox at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from pipeline.models import Lease


def acquire(session: Session, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take lease `name` for `holder` unless someone else holds an unexpired one; commits."""
    taken = session.execute(
        update(Lease)
        .where(Lease.name == name, (Lease.expires_at < now) | (Lease.holder == holder))
        .values(holder=holder, expires_at=now + ttl)
    ).rowcount
    if not taken:
        try:
            session.execute(insert(Lease).values(name=name, holder=holder, expires_at=now + ttl))
        except IntegrityError:
            session.rollback()
            return False
    session.commit()
    return True


def release(session: Session, name: str, holder: str) -> None:
    session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
    session.commit()
