"""Canonical text and numbers: NFKC, Chinese numerals, amounts, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
NUMERAL_CHARS = "".join([*DIGITS, *UNITS, *BIG_UNITS])

CN_DATE = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
ISO_DATE = re.compile(r"(?<!\d)(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
EN_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s+(20\d{2})\b"
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Characters NFKC leaves alone but that mean the same thing in amounts and labels.
# Applied as plain replacements: str.translate with a dict costs a lookup per character.
EXTRA_FOLD = (("￥", "¥"), ("\u3000", " "), ("\u00a0", " "), ("：", ":"), ("\u200b", ""))


# The compatibility characters of Chinese mail (ideographic and no-break spaces,
# full-width punctuation) and the blocks where the rarer ones live: NFKC changes
# them one by one.  Neither list need be complete: _fold() checks its result.
COMMON_COMPATIBLE = tuple(
    (char, unicodedata.normalize("NFKC", char)) for char in "\u00a0\u3000：，（）！？；"
)
RARE_COMPATIBLE = re.compile(r"[\u00a0-\u00bf\u2000-\u33ff\uf900-\ufaff\ufe10-\ufe6f\uff00-\uffef]")
# More distinct candidates than this: one normalize() is cheaper than the replacements.
MAX_FOLDS = 32
# The EXTRA_FOLD characters that can still be there after NFKC: one that NFKC changes
# (￥, the odd spaces, ：) never appears in NFKC text, so replacing it is a no-op.
AFTER_NFKC_FOLD = tuple((old, new) for old, new in EXTRA_FOLD if unicodedata.is_normalized("NFKC", old))


def nfkc(text: str) -> str:
    """Return `text` NFKC-normalised (full-width digits and colons become ASCII)."""
    if text.isascii():
        return text  # already NFKC, and every EXTRA_FOLD character is non-ASCII
    if not unicodedata.is_normalized("NFKC", text):
        text = _fold(text)
    # A one-character test runs at memchr speed; replace() counts first, slower.
    for old, new in AFTER_NFKC_FOLD:
        if old in text:
            text = text.replace(old, new)
    return text


def _fold(text: str) -> str:
    """unicodedata.normalize("NFKC", text), replacing only the characters that change.

    normalize() works through every character (Chinese mail: ~65 ns each), while a
    mail's compatibility characters are a handful of distinct ones.  Replacing a
    character c by NFKC(c) keeps the NFKD form of the whole text (decomposition is
    per character; canonical reordering is a stable sort), so once the result is
    itself normalised (a fast check in C) it equals NFKC(text).
    """
    folded = text
    for char, compatible in COMMON_COMPATIBLE:
        if char in folded:
            folded = folded.replace(char, compatible)
    if unicodedata.is_normalized("NFKC", folded):
        return folded
    candidates = set(RARE_COMPATIBLE.findall(folded))
    if len(candidates) <= MAX_FOLDS:
        for char in candidates:
            folded = folded.replace(char, unicodedata.normalize("NFKC", char))
        if unicodedata.is_normalized("NFKC", folded):
            return folded
    # A character outside the lists, or a mark that composes with its neighbour.
    return unicodedata.normalize("NFKC", text)


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral such as 贰佰 or 一千二百五十; None if not one."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            total += (section + (digit or 0)) * BIG_UNITS[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def number(text: str) -> float | None:
    """Parse '1,280.50' or '1 280' into a float; None if it is not a number."""
    cleaned = text.replace(",", "").replace(" ", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def numeric_dates(text: str) -> list[re.Match[str]]:
    """The 2024年11月3日 and 2024-11-03 forms in `text`, in that order (groups: y, m, d)."""
    return [*CN_DATE.finditer(text), *ISO_DATE.finditer(text)]


def dates(text: str, numeric: list[re.Match[str]] | None = None) -> list[date]:
    """Every calendar date written in `text` (2024年11月3日, 2024-11-03, Nov 3, 2024).

    `numeric` is numeric_dates(text) when the caller already has it.
    """
    found: list[date] = []
    for match in numeric_dates(text) if numeric is None else numeric:
        _append_date(found, int(match.group(1)), int(match.group(2)), int(match.group(3)))
    for match in EN_DATE.finditer(text):
        month = MONTHS.index(match.group(1)[:3].lower()) + 1
        _append_date(found, int(match.group(3)), month, int(match.group(2)))
    return found


def _append_date(found: list[date], year: int, month: int, day: int) -> None:
    try:
        value = date(year, month, day)
    except ValueError:
        return
    if value not in found:
        found.append(value)


def looks_like_date(digits: str) -> bool:
    """True for an 8-digit run that is a plausible yyyymmdd date (a distractor)."""
    if len(digits) != 8 or not digits.isdigit():
        return False
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    return 1990 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31
