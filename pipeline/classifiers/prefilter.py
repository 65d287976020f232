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
    if chars:
        charset = "".join(re.escape(ch) for ch in sorted(chars))
        compiled = re.compile(f"(?=[{charset}])(?:{pattern})", flags)
    return with_anchors(compiled, pattern, flags)


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


# --- Literal anchors: skip a whole scan when no match is possible -------------
#
# Even with the guard the engine visits every position of a long text for each
# of a dozen keyword alternations.  Most alternatives contain a literal run
# ("违约金", "termination"); a text holding none of a pattern's runs cannot
# match it, and `in` answers that far faster than the regex engine.

# Non-ASCII characters that IGNORECASE matches to an ASCII letter (İ ı ſ K,
# found by re.findall('(?i)[a-z]') over all code points).  A text holding one
# could match a folded anchor that str.lower() does not produce: no skipping then.
ASCII_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")
# Shorter texts are scanned outright: checking anchors would cost as much.
MIN_TEXT = 120
MAX_CLASS_ANCHORS = 8


class Anchored:
    """A compiled pattern that first checks its anchors on whole-text searches.

    Other methods and calls with pos/endpos go straight to the pattern.
    """

    def __init__(self, compiled: re.Pattern[str], exact: tuple[str, ...], folded: tuple[str, ...]) -> None:
        self.compiled = compiled
        self.exact = exact  # must appear as is
        self.folded = folded  # lower-case; must appear in the lower-cased text

    def possible(self, text: str) -> bool:
        """False only if no anchor occurs in `text`, so nothing can match."""
        # map() over a bound method keeps the loop in C: a generator costs more than `in`.
        if len(text) < MIN_TEXT or any(map(text.__contains__, self.exact)):
            return True
        if not self.folded:
            return False
        lowered = _lowered(text)
        return lowered is None or any(map(lowered.__contains__, self.folded))

    def search(self, string: str, *args: int) -> re.Match[str] | None:
        if not args and not self.possible(string):
            return None
        return self.compiled.search(string, *args)

    def finditer(self, string: str, *args: int):  # noqa: ANN201 - same as re.Pattern
        if not args and not self.possible(string):
            return iter(())
        return self.compiled.finditer(string, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.compiled, name)


_last_lowered: tuple[str, str | None] = ("", "")


def _lowered(text: str) -> str | None:
    """`text` lower-cased; None if it holds an ASCII_FOLDS character (anything may match)."""
    # A dozen patterns ask about the same text in a row: work it out once (one slot only).
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    lowered = None if ASCII_FOLDS.search(text) else text.lower()
    _last_lowered = (text, lowered)
    return lowered


def with_anchors(compiled: re.Pattern[str], pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`compiled` behind an anchor check when every alternative of `pattern` has anchors."""
    found = anchors(pattern, flags)
    if not found:
        return compiled
    exact = tuple(sorted({w for w, fold in found if not fold}, key=len, reverse=True))
    folded = tuple(sorted({w for w, fold in found if fold}, key=len, reverse=True))
    return Anchored(compiled, exact, folded)  # type: ignore[return-value]


def anchors(pattern: str, flags: int = 0) -> frozenset[tuple[str, bool]] | None:
    """Literal runs, one of which every match of `pattern` contains; None if unknown.

    Each is (text, folded): folded ones are lower-case and matched case-insensitively.
    """
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    found = _need(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    return frozenset(found) if found else None


def _need(items: list, ignore_case: bool) -> set[tuple[str, bool]] | None:
    """The most selective requirement among the items of one sequence."""
    options: list[set[tuple[str, bool]]] = []
    run: list[str] = []
    folded = False

    def close() -> None:
        nonlocal folded
        if run:
            options.append({("".join(run), folded)})
        run.clear()
        folded = False

    for op, av in items:
        char = _literal(op, av, ignore_case)
        if char is not None:
            run.append(char[0])
            folded = folded or char[1]
            continue
        close()
        inner = _need_item(op, av, ignore_case)
        if inner:
            options.append(inner)
    close()
    # Longest shortest anchor first: longer words are rarer.
    return max(options, key=lambda o: (min(len(w) for w, _ in o), -len(o)), default=None)


def _literal(op, av, ignore_case: bool) -> tuple[str, bool] | None:
    """(char, folded) for a literal that can join an anchor run; None otherwise."""
    if op is not sre.LITERAL:
        return None
    char = chr(av)
    if not ignore_case or not (char.isascii() or _is_cased(char)):
        return char, False
    if char.isascii():
        return char.lower(), char.lower() != char.upper()
    return None  # a cased non-ASCII letter: its case-insensitive forms are not simple


def _need_item(op, av, ignore_case: bool) -> set[tuple[str, bool]] | None:
    if op is sre.SUBPATTERN:
        add_flags, del_flags = av[1], av[2]
        inner_case = (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _need(list(av[3]), inner_case)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] > 0:
        return _need(list(av[2]), ignore_case)
    if op is sre.BRANCH:
        union: set[tuple[str, bool]] = set()
        for alternative in av[1]:
            inner = _need(list(alternative), ignore_case)
            if not inner:
                return None
            union |= inner
        return union
    if op is sre.IN and len(av) <= MAX_CLASS_ANCHORS:
        chars = [_literal(o, a, ignore_case) for o, a in av]
        if all(chars) and not any(o is sre.NEGATE for o, _ in av):
            return set(chars)  # type: ignore[arg-type]
    return None


def _is_cased(char: str) -> bool:
    return char.lower() != char or char.upper() != char
