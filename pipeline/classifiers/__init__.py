"""Classifiers: small named steps over a `Context`, chosen by name from config.

Each classifier is a class with a `name`, a one-line `description` and one
method, `classify(ctx) -> None`, that adds findings to the context.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from pipeline.classifiers.amount import Amount
from pipeline.classifiers.auto_reply import AutoReply
from pipeline.classifiers.bounce import Bounce
from pipeline.classifiers.cancel_instruction import CancelInstruction
from pipeline.classifiers.context import Context
from pipeline.classifiers.dates import Dates
from pipeline.classifiers.kind import KindClassifier
from pipeline.classifiers.marketing import Marketing
from pipeline.classifiers.merchant_id import MerchantId
from pipeline.classifiers.order_number import OrderNumber
from pipeline.classifiers.provider import Provider
from pipeline.classifiers.provider_by_identifier import ProviderByIdentifier
from pipeline.classifiers.refund_account import RefundAccount
from pipeline.classifiers.requested_info import RequestedInfo
from pipeline.classifiers.terminal_sn import TerminalSn
from pipeline.classifiers.tracking import Tracking
from pipeline.errors import ConfigError


class Classifier(Protocol):
    name: str
    description: str

    def classify(self, ctx: Context) -> None: ...


# Order matters: bounce and auto-reply decide before keywords, the provider
# before the kind (unknown senders need case words), the kind before extraction,
# and an unknown sender's provider may follow from the identifiers found.
DEFAULT_ORDER: tuple[str, ...] = (
    "bounce", "auto_reply", "provider", "marketing", "kind", "order_number", "terminal_sn",
    "merchant_id", "provider_by_identifier", "amount", "dates", "tracking", "refund_account",
    "requested_info", "cancel_instruction",
)
BUILTIN: tuple[type[Classifier], ...] = (
    Bounce, AutoReply, Provider, Marketing, KindClassifier, OrderNumber, TerminalSn, MerchantId,
    ProviderByIdentifier, Amount, Dates, Tracking, RefundAccount, RequestedInfo, CancelInstruction,
)


def registry(classes: Iterable[type[Classifier]] = BUILTIN) -> dict[str, Classifier]:
    """Instantiate classifiers by name; a duplicate name is a ConfigError."""
    table: dict[str, Classifier] = {}
    for cls in classes:
        if cls.name in table:
            raise ConfigError(f"duplicate classifier name {cls.name!r}")
        table[cls.name] = cls()
    return table


def select(names: Sequence[str] | None, table: dict[str, Classifier]) -> list[Classifier]:
    """The classifiers to run, in order; an unknown name is a ConfigError naming it."""
    chosen = DEFAULT_ORDER if names is None else names
    unknown = [name for name in chosen if name not in table]
    if unknown:
        raise ConfigError(f"unknown classifier(s) in config: {', '.join(unknown)}")
    return [table[name] for name in chosen]
