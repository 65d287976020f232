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
# Unicode classes; under a local ASCII flag they still cover every possible first character.
CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
ESCAPES = frozenset(CATEGORIES.values())
MAX_CLASS = 400


def compile_guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern` behind a lookahead on its possible first characters and its anchors."""
    return with_anchors(guarded(pattern, flags), pattern, flags)


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern` behind a lookahead on its possible first characters."""
    chars = first_chars(pattern, flags)
    if not chars:
        return re.compile(pattern, flags)
    # Category escapes (\d) go in as written, characters escaped.
    charset = "".join(ch if ch in ESCAPES else re.escape(ch) for ch in sorted(chars))
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
        elif op is sre.CATEGORY and av in CATEGORIES:
            # Kept as its escape: \d alone covers hundreds of Unicode digits.
            chars.add(CATEGORIES[av])
        else:
            return None
    return _cased(chars, ignore_case)


def _cased(chars: set[str], ignore_case: bool) -> set[str]:
    if not ignore_case:
        return chars
    letters = chars - ESCAPES
    return chars | {c.upper() for c in letters} | {c.lower() for c in letters}


# --- Literal anchors: skip a whole scan when no match is possible -------------
#
# Even with the guard the engine visits every position of a long text for each
# of a dozen keyword alternations.  Most alternatives contain literal runs
# ("违约金", "termination"); a text lacking what every alternative needs cannot
# match, and `in` answers that far faster than the regex engine.

# Non-ASCII characters that IGNORECASE matches to an ASCII letter (İ ı ſ K,
# found by re.findall('(?i)[a-z]') over all code points).  A text holding one
# could match a folded anchor that str.lower() does not produce: no skipping then.
ASCII_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")
# Shorter texts are scanned outright: checking anchors would cost as much.
MIN_TEXT = 400
PRECISE_TEXT = 2000
MAX_CLASS_ANCHORS = 8

# An option: one of these words must occur, (exact words, lower-case folded words).
Option = tuple[tuple[str, ...], tuple[str, ...]]


class Anchored:
    """A compiled pattern that first checks its anchors on whole-text searches.

    Other methods and calls with pos/endpos go straight to the pattern.
    """

    def __init__(self, compiled: re.Pattern[str], first: Option, alternatives: tuple[tuple[Option, ...], ...]) -> None:
        self.compiled = compiled
        # One word per alternative: a quick test in C that rejects most texts.
        self.first = first
        # Per alternative every option it needs: the precise test for what passes.
        self.alternatives = alternatives

    def possible(self, text: str) -> bool:
        """False only if no alternative can match `text`."""
        if len(text) < MIN_TEXT:
            return True
        if not _satisfied(self.first, text):
            return False
        # The precise test loops in Python: it only pays where a scan is long.
        return len(text) < PRECISE_TEXT or any(
            all(_satisfied(option, text) for option in options) for options in self.alternatives
        )

    # The length test is repeated inline: most texts are short, and a call costs.
    def search(self, string: str, *args: int) -> re.Match[str] | None:
        if not args and len(string) >= MIN_TEXT and not self.possible(string):
            return None
        return self.compiled.search(string, *args)

    def finditer(self, string: str, *args: int):  # noqa: ANN201 - same as re.Pattern
        if not args and len(string) >= MIN_TEXT and not self.possible(string):
            return iter(())
        return self.compiled.finditer(string, *args)

    def match(self, string: str, *args: int) -> re.Match[str] | None:
        # Defined here, not left to __getattr__: classifiers call it in inner loops.
        return self.compiled.match(string, *args)

    def __getattr__(self, name: str) -> object:
        # Only reached for names the instance lacks.  copy and pickle probe dunders
        # before __init__ has run, when self.compiled itself would recurse here.
        if name.startswith("__") or name in ("compiled", "first", "alternatives"):
            raise AttributeError(name)
        return getattr(self.compiled, name)


def _satisfied(option: Option, text: str) -> bool:
    exact, folded = option
    # map() over a bound method keeps the loop in C: a generator costs more than `in`.
    if any(map(text.__contains__, exact)):
        return True
    if not folded:
        return False
    lowered = _lowered(text)
    return lowered is None or any(map(lowered.__contains__, folded))


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
    alternatives = anchors(pattern, flags)
    if not alternatives:
        return compiled
    first = _option(set().union(*(_best(options) for options in alternatives)))
    kept = tuple(tuple(_option(o) for o in options) for options in alternatives)
    return Anchored(compiled, first, kept)  # type: ignore[return-value]


def _option(words: set[tuple[str, bool]]) -> Option:
    # Longest first: a long word that occurs ends the search sooner, and is rarer.
    def ordered(fold: bool) -> tuple[str, ...]:
        return tuple(sorted({w for w, f in words if f is fold}, key=lambda w: (-len(w), w)))
    return ordered(False), ordered(True)


Words = set[tuple[str, bool]]


def anchors(pattern: str, flags: int = 0) -> list[list[Words]] | None:
    """Per top-level alternative, the options (sets of literal runs) its matches all need.

    Each run is (text, folded): folded ones are lower-case and matched case-insensitively.
    None when some alternative needs no literal at all.
    """
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    ignore_case = bool(parsed.state.flags & re.IGNORECASE)
    items = list(parsed)
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [items]
    found = [_needs(list(b), ignore_case) for b in branches if not _never(list(b))]
    return found if found and all(found) else None


def _best(options: list[Words]) -> Words:
    # Longest shortest word first: longer words are rarer.
    return max(options, key=lambda o: (min(len(w) for w, _ in o), -len(o)))


def _needs(items: list, ignore_case: bool) -> list[Words]:
    """Every requirement a match of this sequence has: runs of literals, and nested ones."""
    options: list[Words] = []
    run: list[str] = []
    folded = False
    for op, av in [*items, (None, None)]:
        char = _literal(op, av, ignore_case)
        if char is not None:
            run.append(char[0])
            folded = folded or char[1]
            continue
        if run:
            options.append({("".join(run), folded)})
        run, folded = [], False
        inner = _need_item(op, av, ignore_case)
        if inner:
            options.append(inner)
    return options


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


def _need_item(op, av, ignore_case: bool) -> Words | None:
    """One option (any of a set of runs) an item requires; None if none is known."""
    if op is sre.SUBPATTERN:
        add_flags, del_flags = av[1], av[2]
        inner_case = (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        inner = _needs(list(av[3]), inner_case)
        return _best(inner) if inner else None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] > 0:
        inner = _needs(list(av[2]), ignore_case)
        return _best(inner) if inner else None
    if op is sre.BRANCH:
        union: Words = set()
        for alternative in av[1]:
            if _never(list(alternative)):
                continue
            inner = _needs(list(alternative), ignore_case)
            if not inner:
                return None
            union |= _best(inner)
        return union or None
    if op is sre.IN and len(av) <= MAX_CLASS_ANCHORS:
        chars = [_literal(o, a, ignore_case) for o, a in av]
        if all(chars):
            return set(chars)  # type: ignore[arg-type]
    return None


def _never(items: list) -> bool:
    """True for the never-matching (?!x)x that stands in for an empty keyword list."""
    if len(items) == 1 and items[0][0] is sre.SUBPATTERN:
        return _never(list(items[0][1][3]))
    return (len(items) == 2 and items[0][0] is sre.ASSERT_NOT and items[1][0] is sre.LITERAL
            and list(items[0][1][1]) == [items[1]])


def _is_cased(char: str) -> bool:
    return char.lower() != char or char.upper() != char
