"""Database tables. Status vocabularies are enums here, never loose strings elsewhere."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from datetime import timezone

from sqlalchemy import JSON, Column, DateTime, LargeBinary, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware datetimes: SQLite keeps no zone, PostgreSQL does."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use pipeline.clock")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


class ParseStatus(str, enum.Enum):
    PENDING = "pending"          # recorded, not yet analysed
    OK = "ok"
    QUARANTINED = "quarantined"  # analysis or a step crashed; kept for staff
    DUPLICATE = "duplicate"      # same Message-ID already processed; kept as evidence only


class ReviewStatus(str, enum.Enum):
    NONE = "none"
    PENDING = "pending"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


class CaseKind(str, enum.Enum):
    CANCEL_APPLICATION = "cancel_application"
    CANCEL_SERVICE = "cancel_service"
    REFUND_FEE = "refund_fee"
    RETURN_DEVICE = "return_device"


class OutboundStatus(str, enum.Enum):
    QUEUED = "queued"
    SENDING = "sending"   # claimed by a sender; a crash here is resolved by checking the Sent copy
    SENT = "sent"
    FAILED = "failed"


class Mailbox(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    kind: str
    merchant_id: str
    folders: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class SyncCursor(SQLModel, table=True):
    """How far one folder has been read: a UID is only passed once its message is committed."""

    __table_args__ = (UniqueConstraint("mailbox", "folder"),)

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(index=True)
    folder: str
    uidvalidity: int | None = None
    last_uid: int = 0
    last_success_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_error: str | None = None
    last_error_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    consecutive_failures: int = 0


class InboundMessage(SQLModel, table=True):
    """The ledger and the evidence: one row per distinct raw message."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True, index=True, max_length=64)
    message_id: str | None = Field(default=None, index=True)
    raw_path: str
    size: int
    mailbox: str | None = Field(default=None, index=True)
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    merchant_id: str | None = Field(default=None, index=True)
    from_addr: str = ""
    to_addrs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject: str = ""
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    received_at: datetime = Field(sa_type=UtcDateTime)
    parse_status: ParseStatus = Field(default=ParseStatus.PENDING, index=True)
    quarantine_reason: str | None = None
    traceback: str | None = None
    provider: str | None = Field(default=None, index=True)
    kind: str | None = Field(default=None, index=True)
    confidence: float | None = None
    forwarded: bool = False
    authenticated: bool = False
    analysis: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    review_status: ReviewStatus = Field(default=ReviewStatus.NONE, index=True)
    review_reason: str | None = None
    candidates: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    processed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Case(SQLModel, table=True):
    """One cancellation, refund or return the merchant wants done by one provider."""

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(unique=True, index=True)
    kind: CaseKind
    provider: str = Field(index=True)
    merchant_id: str = Field(index=True)
    order_number: str | None = Field(default=None, index=True)
    terminal_sn: str | None = Field(default=None, index=True)
    provider_merchant_id: str | None = Field(default=None, index=True)
    state: str = Field(index=True)
    version: int = 0
    amount_claimed: float | None = None
    amount_penalty: float | None = None
    amount_refunded: float | None = None
    urgent: bool = False
    deadline: datetime | None = Field(default=None, sa_type=UtcDateTime)
    next_action_at: datetime | None = Field(default=None, index=True, sa_type=UtcDateTime)
    followup_count: int = 0
    last_provider_reply_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_request_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    attention: str | None = None
    waiting_on_merchant: bool = False
    opened_by: str = "system"
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class CaseEvent(SQLModel, table=True):
    """Append-only audit: every state change and action with its cause."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    at: datetime = Field(sa_type=UtcDateTime)
    action: str
    old_state: str | None = None
    new_state: str | None = None
    cause: str                       # message | template | staff | system | schedule
    message_id: int | None = Field(default=None, foreign_key="inboundmessage.id")
    outbound_id: int | None = Field(default=None, foreign_key="outboundmessage.id")
    actor: str = "cancelflow"
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OutboundMessage(SQLModel, table=True):
    """The outbox: written before any send, so a send is never lost nor repeated."""

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(unique=True, index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    template: str
    language: str = "zh-CN"
    automatic: bool = True
    recipients: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cc: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject: str = ""
    message_id: str = Field(unique=True, index=True)
    in_reply_to: str | None = None
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status: OutboundStatus = Field(default=OutboundStatus.QUEUED, index=True)
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AddressFlag(SQLModel, table=True):
    """An address that hard-bounced or must not be written to again without staff."""

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(unique=True, index=True)
    reason: str
    at: datetime = Field(sa_type=UtcDateTime)
    message_id: int | None = Field(default=None, foreign_key="inboundmessage.id")


class Lease(SQLModel, table=True):
    """A named lock with an expiry, so two processes never work one mailbox at once."""

    name: str = Field(primary_key=True)
    holder: str
    expires_at: datetime = Field(sa_type=UtcDateTime)
