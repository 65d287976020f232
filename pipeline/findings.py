"""What Cancelflow sees in one email: the contract between analysis and the rest.

`pipeline.analysis.analyse(raw, registry)` turns raw bytes into an `Analysis`.
It touches no I/O, so the case workflow, the CLI (`inspect`) and the tests all
consume the same plain object.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from datetime import datetime


class Kind(str, enum.Enum):
    """What a provider mail is; the `inspect` vocabulary (stable contract)."""

    APPLICATION_RECEIVED = "application_received"
    APPLICATION_APPROVED = "application_approved"
    SHIPPED = "shipped"
    CANCEL_ACKNOWLEDGED = "cancel_acknowledged"
    CANCEL_CONFIRMED = "cancel_confirmed"
    CANCEL_REJECTED = "cancel_rejected"
    INFO_REQUESTED = "info_requested"
    FEE_NOTICE = "fee_notice"
    REFUND_PROCESSING = "refund_processing"
    REFUND_COMPLETED = "refund_completed"
    REFUND_REJECTED = "refund_rejected"
    DEVICE_RETURN_INSTRUCTIONS = "device_return_instructions"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    MARKETING = "marketing"
    UNRELATED = "unrelated"


UNKNOWN_PROVIDER = "unknown"

# Kinds that say something about a case; the rest never move one.
CASE_KINDS = frozenset(Kind) - {Kind.AUTO_REPLY, Kind.BOUNCE, Kind.MARKETING, Kind.UNRELATED}


# Slots: one is built per message, after every step has run; without a __dict__
# it is smaller and its fields are stored without a dict insert each.
@dataclass(slots=True)
class Analysis:
    """Everything analysis found in one message.

    For a forwarded message, `sender` is the provider's address from the
    forwarded original and `forwarder` the merchant who forwarded it.
    """

    message_id: str | None = None
    subject: str = ""
    from_addr: str = ""
    to_addrs: list[str] = field(default_factory=list)
    date: datetime | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    forwarded: bool = False
    sender: str = ""
    forwarder: str | None = None
    merchant_note: str = ""
    new_text: str = ""
    provider: str = UNKNOWN_PROVIDER
    kind: Kind = Kind.UNRELATED
    order_number: str | None = None
    terminal_sn: str | None = None
    merchant_id: str | None = None
    amount_cny: float | None = None
    confidence: float = 0.0
    fired: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
    # Raw bytes of a message/rfc822 attachment the merchant forwarded: its own
    # DKIM signature can still be verified, unlike an inline forward's.
    original_raw: bytes | None = field(default=None, repr=False)

    def inspect_record(self, file: str) -> dict[str, object]:
        """The stable one-line JSON object `cancelflow inspect --json` prints."""
        return {
            "file": file,
            "message_id": self.message_id,
            "provider": self.provider,
            "kind": self.kind.value,
            "order_number": self.order_number,
            "terminal_sn": self.terminal_sn,
            "merchant_id": self.merchant_id,
            "amount_cny": self.amount_cny,
            "forwarded": self.forwarded,
            "confidence": round(self.confidence, 3),
            "error": None,
        }

    def to_json(self) -> dict[str, object]:
        """A JSON-safe dict of every field, for storage in the ledger."""
        data = asdict(self)
        data.pop("original_raw")
        data["kind"] = self.kind.value
        data["date"] = self.date.isoformat() if self.date else None
        return data


def error_record(file: str, error: str) -> dict[str, object]:
    """The `inspect` object for a file that could not be read or parsed."""
    return {
        "file": file,
        "message_id": None,
        "provider": None,
        "kind": None,
        "order_number": None,
        "terminal_sn": None,
        "merchant_id": None,
        "amount_cny": None,
        "forwarded": None,
        "confidence": None,
        "error": error,
    }
