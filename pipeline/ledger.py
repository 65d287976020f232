"""The ledger: every message recorded, raw bytes kept, before anything acts on it."""

from __future__ import annotations

from datetime import datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pipeline.models import InboundMessage, ParseStatus
from pipeline.rawstore import RawStore, digest
from pipeline.sources.base import FetchedMessage

_HEADERS = BytesHeaderParser(policy=compat32)


def record(
    session: Session,
    store: RawStore,
    fetched: FetchedMessage,
    *,
    mailbox: str,
    merchant_id: str,
    now: datetime,
) -> InboundMessage | None:
    """Store `fetched` and add its ledger row; return None if these bytes are already recorded.

    The raw file is durable before the row is added, and the caller commits the
    row before it moves any cursor, so a crash at any point loses nothing.
    """
    sha = digest(fetched.raw)
    if session.exec(select(InboundMessage.id).where(InboundMessage.sha256 == sha)).first():
        return None
    _, rel = store.put(fetched.raw)
    row = InboundMessage(
        sha256=sha, raw_path=rel, size=len(fetched.raw), mailbox=mailbox, folder=fetched.folder,
        uidvalidity=fetched.uidvalidity, uid=fetched.uid, merchant_id=merchant_id, received_at=now,
        **_envelope(fetched.raw),
    )
    if row.message_id and _seen_message_id(session, row.message_id, merchant_id):
        # Same message again with other bytes (a copy in another folder, a redelivery
        # with new trace headers): kept as evidence, never acted on twice.
        row.parse_status = ParseStatus.DUPLICATE
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None  # another process recorded it between our check and insert
    return row


def _seen_message_id(session: Session, message_id: str, merchant_id: str) -> bool:
    query = select(InboundMessage.id).where(
        InboundMessage.message_id == message_id, InboundMessage.merchant_id == merchant_id
    )
    return session.exec(query).first() is not None


def _envelope(raw: bytes) -> dict[str, object]:
    """Header fields for the ledger row, read leniently: analysis does the careful parse."""
    try:
        headers = _HEADERS.parsebytes(raw)
    except Exception:  # a ledger row must exist even for bytes no parser accepts
        return {}
    return {
        "message_id": _clean_id(headers.get("Message-ID")),
        "from_addr": parseaddr(str(headers.get("From", "")))[1].lower(),
        "to_addrs": [a.lower() for _, a in getaddresses([str(v) for v in headers.get_all("To", [])]) if a],
        "subject": _text(headers.get("Subject")),
        "sent_at": _date(headers.get("Date")),
    }


def _clean_id(value: object) -> str | None:
    text = str(value or "").strip()
    return text[:998] or None


def _text(value: object) -> str:
    try:
        return str(make_header(decode_header(str(value or ""))))[:500]
    except Exception:
        return str(value or "")[:500]


def _date(value: object) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed is None or parsed.tzinfo else None
