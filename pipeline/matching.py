"""Matching an inbound message to a case by a score over several keys, strongest first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlmodel import Session, select

from pipeline.compose import verify_case_message_id
from pipeline.findings import Analysis
from pipeline.models import Case
from pipeline.states import State

TOKEN = re.compile(r"\[CF-(\d+)\]")

SCORE_THREAD = 100   # In-Reply-To/References name a Message-ID we sent (keyed hash verified)
SCORE_TOKEN = 80     # our [CF-n] token in the subject
SCORE_ORDER = 60
SCORE_SN = 50
SCORE_MERCHANT_ID = 30
THRESHOLD = 50
MARGIN = 15          # the best must beat the runner-up by this much
CORROBORATION = 10   # each further agreeing key adds this much to the strongest


@dataclass
class Match:
    case: Case | None
    score: int
    reason: str
    candidates: list[dict[str, object]] = field(default_factory=list)


def match(session: Session, analysis: Analysis, *, merchant_id: str, key: bytes) -> Match:
    """The case `analysis` belongs to, or no case with the candidates considered and why."""
    scores: dict[int, list[tuple[int, str]]] = {}
    for case_id, score, why in _evidence(session, analysis, merchant_id, key):
        scores.setdefault(case_id, []).append((score, why))
    ranked = sorted(((_score(ev), cid, ev) for cid, ev in scores.items()), reverse=True)
    candidates = [{"case_id": cid, "score": s, "keys": [w for _, w in ev]} for s, cid, ev in ranked]
    if not ranked:
        return Match(None, 0, "no case shares a key with this message", candidates)
    best_score, best_id, _ = ranked[0]
    if best_score < THRESHOLD:
        return Match(None, best_score, f"best score {best_score} is below the threshold {THRESHOLD}", candidates)
    if len(ranked) > 1 and best_score - ranked[1][0] < MARGIN:
        return Match(None, best_score, "two candidate cases score too close to choose", candidates)
    return Match(session.get(Case, best_id), best_score, "matched", candidates)


def _score(evidence: list[tuple[int, str]]) -> int:
    """The strongest key, plus a little for each different key that agrees with it."""
    best = max(s for s, _ in evidence)
    return best + CORROBORATION * (len({why for _, why in evidence}) - 1)


def _evidence(session: Session, a: Analysis, merchant_id: str, key: bytes):  # type: ignore[no-untyped-def]
    mine = select(Case).where(Case.merchant_id == merchant_id)
    for ref in [a.in_reply_to or "", *a.references]:
        case_id = verify_case_message_id(ref, key) if ref else None
        threaded = session.get(Case, case_id) if case_id is not None else None
        if threaded is not None and threaded.merchant_id == merchant_id:
            yield threaded.id, SCORE_THREAD, "thread"
    for token in TOKEN.findall(a.subject):
        case = session.get(Case, int(token))
        if case is not None and case.merchant_id == merchant_id:
            yield case.id, SCORE_TOKEN, "token"
    provider_ok = a.provider != "unknown"

    def same_provider(case: Case) -> bool:
        return not provider_ok or case.provider == a.provider

    if a.order_number:
        for case in session.exec(mine.where(Case.order_number == a.order_number)).all():
            yield case.id, SCORE_ORDER if same_provider(case) else SCORE_ORDER - 20, "order_number"
    if a.terminal_sn:
        for case in session.exec(mine.where(Case.terminal_sn == a.terminal_sn)).all():
            yield case.id, SCORE_SN if same_provider(case) else SCORE_SN - 20, "terminal_sn"
    if a.merchant_id and provider_ok:
        query = mine.where(Case.provider_merchant_id == a.merchant_id, Case.provider == a.provider)
        for case in session.exec(query.where(Case.state != State.CLOSED.value)).all():
            yield case.id, SCORE_MERCHANT_ID, "merchant_id"
