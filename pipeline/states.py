"""The case state machine: one table, which is also its documentation.

Every state change in Cancelflow goes through `next_state`; a pair missing
from the table is refused (and the message that asked for it goes to review).

    new -> requested -> acknowledged <-> info_requested -> confirmed -> closed
    refund cases:  ... -> confirmed/acknowledged -> refund_pending -> refunded -> closed
    side states:   rejected, escalated (follow-ups exhausted), needs_review (untrusted or odd)
"""

from __future__ import annotations

import enum


class State(str, enum.Enum):
    NEW = "new"                        # opened, request not yet sent
    REQUESTED = "requested"            # our request went out; waiting for the provider
    ACKNOWLEDGED = "acknowledged"      # provider says it is working on it
    INFO_REQUESTED = "info_requested"  # provider asks for facts or documents
    CONFIRMED = "confirmed"            # provider confirmed the cancellation in writing
    REFUND_PENDING = "refund_pending"  # money is owed back to the merchant
    REFUNDED = "refunded"              # refund arrived
    REJECTED = "rejected"              # provider refused; staff decide
    ESCALATED = "escalated"            # follow-ups exhausted; a phone call is needed
    NEEDS_REVIEW = "needs_review"      # something untrusted or odd happened; staff decide
    CLOSED = "closed"


class Event(str, enum.Enum):
    REQUEST_SENT = "request_sent"
    ACKNOWLEDGED = "acknowledged"
    INFO_REQUESTED = "info_requested"
    INFO_SUPPLIED = "info_supplied"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    FEE_NOTICE = "fee_notice"
    REFUND_PROCESSING = "refund_processing"
    REFUND_COMPLETED = "refund_completed"
    REFUND_REJECTED = "refund_rejected"
    SHIPPED = "shipped"
    RETURN_INSTRUCTIONS = "return_instructions"
    FOLLOWUPS_EXHAUSTED = "followups_exhausted"
    UNTRUSTED = "untrusted"            # a trusted-only event arrived without authentication
    CLOSE = "close"
    REOPEN = "reopen"


S, E = State, Event

OPEN_WAITING = (S.REQUESTED, S.ACKNOWLEDGED, S.INFO_REQUESTED, S.ESCALATED)
REFUNDABLE = (*OPEN_WAITING, S.CONFIRMED, S.REFUND_PENDING)

TRANSITIONS: dict[tuple[State, Event], State] = {
    (S.NEW, E.REQUEST_SENT): S.REQUESTED,
    **{(s, E.ACKNOWLEDGED): S.ACKNOWLEDGED for s in OPEN_WAITING},
    **{(s, E.INFO_REQUESTED): S.INFO_REQUESTED for s in OPEN_WAITING},
    (S.INFO_REQUESTED, E.INFO_SUPPLIED): S.ACKNOWLEDGED,
    **{(s, E.CONFIRMED): S.CONFIRMED for s in (*OPEN_WAITING, S.NEEDS_REVIEW, S.REJECTED)},
    **{(s, E.REJECTED): S.REJECTED for s in OPEN_WAITING},
    # A fee notice records amounts; the state stays where it was.
    **{(s, E.FEE_NOTICE): s for s in (*REFUNDABLE, S.REJECTED)},
    **{(s, E.REFUND_PROCESSING): S.REFUND_PENDING for s in REFUNDABLE},
    **{(s, E.REFUND_COMPLETED): S.REFUNDED for s in REFUNDABLE},
    **{(s, E.REFUND_REJECTED): S.REJECTED for s in REFUNDABLE},
    # Shipped while we wait: the cancellation becomes a device return; the case stays where it is.
    **{(s, E.SHIPPED): s for s in (S.NEW, *OPEN_WAITING)},
    **{(s, E.RETURN_INSTRUCTIONS): S.ACKNOWLEDGED for s in OPEN_WAITING},
    **{(s, E.FOLLOWUPS_EXHAUSTED): S.ESCALATED for s in (S.REQUESTED, S.ACKNOWLEDGED)},
    **{(s, E.UNTRUSTED): S.NEEDS_REVIEW for s in (S.NEW, *REFUNDABLE)},
    **{(s, E.CLOSE): S.CLOSED for s in State if s is not S.CLOSED},
    **{(s, E.REOPEN): S.REQUESTED for s in (S.CLOSED, S.REJECTED, S.NEEDS_REVIEW, S.ESCALATED)},
}

# Events a provider's message raises. Any of them changes the case (its state, its facts,
# its follow-up clock or the mail we send), so each needs an authenticated message: a
# forged "rejected" or "refund in progress" would otherwise stop the follow-ups as surely
# as a forged confirmation. Unverified mail goes to staff instead (decisions._untrusted).
PROVIDER_EVENTS = frozenset({E.ACKNOWLEDGED, E.INFO_REQUESTED, E.CONFIRMED, E.REJECTED, E.FEE_NOTICE,
                             E.REFUND_PROCESSING, E.REFUND_COMPLETED, E.REFUND_REJECTED, E.SHIPPED,
                             E.RETURN_INSTRUCTIONS, E.CLOSE})

TERMINAL = frozenset({S.CLOSED})
# States in which follow-ups are due when the provider stays silent.
FOLLOWING_UP = frozenset({S.REQUESTED, S.ACKNOWLEDGED})


def next_state(state: State, event: Event) -> State | None:
    """The state `event` leads to from `state`, or None if the table does not allow it."""
    return TRANSITIONS.get((state, event))


def needs_trust(event: Event) -> bool:
    """True if a provider message raising `event` must be authenticated to be applied."""
    return event in PROVIDER_EVENTS
