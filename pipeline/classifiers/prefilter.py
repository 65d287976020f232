"""A first-character guard for long keyword alternations.

Python's regex engine tries every alternative at every position; a leading
lookahead on the set of characters a match can start with lets it skip most
positions in C.  The set comes from the parsed pattern; when it cannot be
worked out (a leading wildcard, a negated class) no guard is added, so the
guard never changes what matches.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
MAX_CLASS = 400


def compile_guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern` behind a lookahead on its possible first characters."""
    compiled = re.compile(pattern, flags)
    chars = first_chars(pattern, flags)
    if not chars:
        return compiled
    charset = "".join(re.escape(ch) for ch in sorted(chars))
    return re.compile(f"(?=[{charset}])(?:{pattern})", flags)


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Every character a match of `pattern` can start with; None if unbounded."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    found = _first(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    return frozenset(found) if found else None


def _first(items: list, ignore_case: bool) -> set[str] | None:
    """First characters of a sequence of parsed items; None if unknown or possibly empty."""
    result: set[str] = set()
    for op, av in items:
        if op in ZERO_WIDTH:
            continue
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _, body = av
            inner = _first(list(body), ignore_case)
            if inner is None:
                return None
            result |= inner
            if low > 0:
                return result
            continue
        single = _one(op, av, ignore_case)
        return None if single is None else result | single
    return None


def _one(op, av, ignore_case: bool) -> set[str] | None:
    if op is sre.LITERAL:
        return _cased({chr(av)}, ignore_case)
    if op is sre.IN:
        return _class(av, ignore_case)
    if op is sre.SUBPATTERN:
        add_flags = av[1]
        return _first(list(av[3]), ignore_case or bool(add_flags & re.IGNORECASE))
    if op is sre.BRANCH:
        return _branch(av[1], ignore_case)
    return None


def _branch(alternatives: list, ignore_case: bool) -> set[str] | None:
    result: set[str] = set()
    for alternative in alternatives:
        chars = _first(list(alternative), ignore_case)
        if chars is None:
            return None
        result |= chars
    return result


def _class(members: list, ignore_case: bool) -> set[str] | None:
    chars: set[str] = set()
    for op, av in members:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return _cased(chars, ignore_case)


def _cased(chars: set[str], ignore_case: bool) -> set[str]:
    if not ignore_case:
        return chars
    return chars | {c.upper() for c in chars} | {c.lower() for c in chars}
