"""The exact bytes of a message/rfc822 attachment, cut from the raw input.

Regenerating the attachment from the parsed tree is slow on big messages and
changes folding and line endings, which breaks the original's DKIM
signature; the bytes as received are both cheaper and faithful.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from email.message import Message

from pipeline.parsing import parts

# A Content-Type: message/rfc822 line, its line start spelt out as '\n': the engine jumps
# from newline to newline, where a '^' pattern is tried at every byte (29 ms on a 3 MB file).
RFC822_LINE = re.compile(rb"\ncontent-type:[ \t]*message/(?:rfc822|global)\b", re.IGNORECASE)
HEADER_END = re.compile(rb"\r?\n\r?\n")


def original_bytes(raw: bytes, outer: Message, inner: Message, index: int) -> bytes | None:
    """Bytes of the `index`-th attached message `inner` of `outer`; None if unavailable."""
    sliced = _slice(raw, outer, inner, index)
    if sliced is not None:
        return sliced
    try:
        return inner.as_bytes()
    except (UnicodeError, LookupError, TypeError, ValueError):
        return None


def _slice(raw: bytes, outer: Message, inner: Message, index: int) -> bytes | None:
    part_start = next(itertools.islice(rfc822_part_ends(raw), index, None), None)
    if part_start is None:
        return None
    header_end = HEADER_END.search(raw, part_start)
    if header_end is None:
        return None
    start = header_end.end()
    end = _next_boundary(raw, start, _boundaries(outer) - _boundaries(inner))
    # The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1).
    candidate = raw[start:end].removesuffix(b"\r")
    return candidate if _same_message(candidate, inner) else None


def rfc822_part_ends(raw: bytes) -> Iterator[int]:
    """Where each Content-Type: message/rfc822 (or global) header line in `raw` ends, in order."""
    # The added newline stands for the start of the first line; offsets shift by one.
    return (match.end() - 1 for match in RFC822_LINE.finditer(b"\n" + raw))


def _boundaries(message: Message) -> set[bytes]:
    found = set()
    for part in message.walk():
        # get_boundary() re-parses every parameter; the common form is read directly.
        boundary = parts.boundary(part)
        if boundary:
            found.add(boundary.encode("ascii", "replace"))
    return found


def _next_boundary(raw: bytes, start: int, boundaries: set[bytes]) -> int:
    ends = [raw.find(b"\n--" + b, start) for b in boundaries]
    ends = [e for e in ends if e != -1]
    return min(ends) if ends else len(raw)


def _same_message(candidate: bytes, inner: Message) -> bool:
    """Guard against a miscount: the slice must carry the inner message's own id or subject."""
    for name in ("Message-ID", "Subject", "Date"):
        value = inner.get(name)
        if value and isinstance(value, str) and value.strip():
            return value.strip().encode("utf-8", "surrogateescape")[:60] in candidate
    return False
