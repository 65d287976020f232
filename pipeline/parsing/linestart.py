"""Patterns that match only at the start of a line, found without trying every character.

A re.MULTILINE pattern that begins with '^' is tried at each position of the text;
one that begins with a literal '\\n' lets the engine jump between line breaks in C.
A LineStart is written without the '^': its first match is the earliest line start
where the body matches, exactly as `re.search('^' + body, text, MULTILINE)` finds.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator


class LineStart:
    """A regex body anchored at line starts (compiled with re.MULTILINE for its '$')."""

    def __init__(self, body: str, flags: int = 0, first_chars: str = "") -> None:
        """`first_chars` (a class body, e.g. "a-z>") holds every character a match can
        start with: one class test then rejects most lines before the body is tried."""
        gate = f"(?=[{first_chars}])" if first_chars else ""
        self.at_start = re.compile(body, flags | re.MULTILINE)
        self.after_break = re.compile(f"\n{gate}(?:{body})", flags | re.MULTILINE)

    def first(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> int | None:
        """Index of the first line start at or after `pos` where the body matches (before `endpos`)."""
        if (pos == 0 or text[pos - 1:pos] == "\n") and self.at_start.match(text, pos, endpos):
            return pos
        match = self.after_break.search(text, pos, endpos)
        return match.start() + 1 if match else None

    def matches(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[tuple[int, re.Match[str]]]:
        """(line start, match) for each line start in text[pos:endpos] where the body matches;
        a match after a break holds the break."""
        if (pos == 0 or text[pos - 1:pos] == "\n") and (first := self.at_start.match(text, pos, endpos)):
            yield pos, first
        for match in self.after_break.finditer(text, pos, endpos):
            yield match.start() + 1, match

    def starts(self, text: str) -> Iterator[int]:
        """Every line start where the body matches, in order."""
        start = self.first(text)
        while start is not None:
            yield start
            start = self.first(text, start + 1)
