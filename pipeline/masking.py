"""Masking personal numbers in text that staff see or that outbound mail quotes back.

Order matters: a resident ID is 18 characters and would otherwise be taken for
a bank card, and a card or ID contains runs that look like a mobile number.
Only the text shown is masked; stored raw messages stay byte for byte.
A long order number can pass the Luhn check by chance (one in ten do); the
identifiers a case or message is known by are passed as `keep` and stay readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pipeline.settings import Masking

# Digits glued to letters are part of an identifier (order number, terminal SN), not a card or phone.
_START = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"

RESIDENT_ID = re.compile(
    _START + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]" + _END
)
# Cards are written plain or in groups of four separated by spaces or dashes.
BANK_CARD = re.compile(_START + r"(?:\d{4}[ -]){3}\d{4}(?:[ -]?\d{1,3})?" + _END + r"|" + _START + r"\d{16,19}" + _END)
MOBILE = re.compile(_START + r"(?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}" + _END)
LANDLINE = re.compile(_START + r"0\d{2,3}-\d{7,8}" + _END)


def mask(text: str | None, policy: Masking, keep: Iterable[str | None] = ()) -> str:
    """`text` with resident IDs hidden and card and phone numbers cut to their last digits.

    Digit runs equal to one of `keep` (order numbers, SNs: what staff match cases by) are left.
    """
    if not text:
        return text or ""
    if not policy.enabled:
        return text
    known = {_digits(k) for k in keep if k}
    if policy.resident_ids:
        text = RESIDENT_ID.sub(_hide_all(policy, known), text)
    if policy.bank_cards:
        text = BANK_CARD.sub(_keep_tail(policy, lambda found: _looks_like_card(found) and _digits(found) not in known),
                             text)
    if policy.phones:
        text = MOBILE.sub(_keep_tail(policy), text)
        text = LANDLINE.sub(_keep_tail(policy), text)
    return text


def _hide_all(policy: Masking, known: set[str]) -> Callable[[re.Match[str]], str]:
    return lambda m: m.group() if m.group() in known else policy.mask_char * len(m.group())


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit()) or text


def _keep_tail(policy: Masking, accept: Callable[[str], bool] = lambda _: True) -> Callable[[re.Match[str]], str]:
    """Replace every digit but the last `keep_last`, keeping separators so the shape stays readable."""

    def replace(m: re.Match[str]) -> str:
        found = m.group()
        digits = sum(c.isdigit() for c in found)
        if not accept(found):
            return found
        keep_from = digits - policy.keep_last
        out, seen = [], 0
        for c in found:
            if c.isdigit():
                out.append(c if seen >= keep_from else policy.mask_char)
                seen += 1
            else:
                out.append(c)
        return "".join(out)

    return replace


def _looks_like_card(found: str) -> bool:
    """Long digit runs are also order numbers; only Luhn-valid or UnionPay (62…) runs count as cards."""
    digits = _digits(found)
    return digits.startswith("62") or _luhn_ok(digits)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0
