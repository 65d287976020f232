"""Trying a label pattern only where one of its labels' literal heads occurs.

The label patterns are long alternations (a hundred labels, then glue and a
value); Python's engine tries every alternative at every position a label's
first character allows.  Every label starts with a run of plain characters
(its head: 'Order No' of 'Order No\\.?'), so a match can only start where a
head occurs.  One cheap pass finds those places and the pattern is tried there
alone, advancing past each match as finditer() does: the same matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Matches at every position: used when some label has no literal head.
EVERYWHERE = re.compile(r"(?s)(?=.)")
# Without these a label is plain text, its own head (no need to parse it).
SPECIAL = frozenset("\\.^$*+?{}[]|()")


def head(label: str) -> str:
    """The plain characters every match of `label` starts with ('' if none or unsure)."""
    return label if SPECIAL.isdisjoint(label) else parsed_head(label)


def parsed_head(label: str) -> str:
    """head() worked out by the regex parser."""
    try:
        parsed = sre_parse.parse(label)
    except re.error:
        return ""
    if parsed.state.flags & re.IGNORECASE:
        return ""
    chars = []
    for op, av in parsed:
        if op is not sre.LITERAL:
            break
        chars.append(chr(av))
    return "".join(chars)


def finder(labels: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching one character at each place a head of `labels` starts.

    Only the first character is consumed (the rest is a lookahead), so heads
    that overlap are all found by finditer().
    """
    heads = {head(label) for label in labels}
    if not heads or "" in heads:
        return EVERYWHERE
    return re.compile(_trie(_prefix_free(heads)))


class Scanner:
    """finditer() of a pattern whose every match starts where `starts` matches.

    `starts` is finder() of (at least) the labels the pattern's matches start with;
    the pattern must never match the empty string.
    """

    def __init__(self, pattern: re.Pattern[str], starts: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.starts = starts.finditer

    def finditer(self, text: str) -> list[re.Match[str]]:
        """What list(pattern.finditer(text)) returns."""
        return among(self.pattern, text, (start.start() for start in self.starts(text)))


def among(pattern: re.Pattern[str], text: str, places: Iterable[int]) -> list[re.Match[str]]:
    """What list(pattern.finditer(text)) returns, if every match starts at one of `places` (ascending).

    For several patterns sharing one finder() pass over a text.
    """
    found: list[re.Match[str]] = []
    end = 0
    match = pattern.match
    for pos in places:
        if pos < end:
            continue
        hit = match(text, pos)
        if hit is not None:
            found.append(hit)
            end = hit.end()
    return found


def _prefix_free(heads: set[str]) -> list[str]:
    """The heads without those another head begins: where they occur, it does too."""
    kept: set[str] = set()
    for word in sorted(heads, key=len):
        if not any(word[:end] in kept for end in range(1, len(word) + 1)):
            kept.add(word)
    return sorted(kept)


def _trie(words: list[str]) -> str:
    """First characters as top-level alternatives (the engine skips to them), the rest looked ahead."""
    tree: dict[str, list[str]] = {}
    for word in words:
        tree.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in sorted(tree.items()):
        rest = _alternatives(rests)
        parts.append(re.escape(first) + (f"(?={rest})" if rest else ""))
    return "|".join(parts)


def _alternatives(rests: list[str]) -> str:
    """A trie-shaped alternation of `rests` (prefix-free, so '' stands alone)."""
    if "" in rests:
        return ""
    tree: dict[str, list[str]] = {}
    for rest in rests:
        tree.setdefault(rest[0], []).append(rest[1:])
    parts = []
    for first, tails in sorted(tree.items()):
        inner = _alternatives(tails)
        parts.append(re.escape(first) + (inner if len(tails) == 1 or not inner else f"(?:{inner})"))
    return "|".join(parts)
