"""The literal words every match of a keyword pattern holds, as specific as they can be cheaply told.

prefilter.anchors keeps runs of single literals, so "已(?:经)?(?:成功)?(?:退回|退款)"
needs only "已" and "退" there (re's parser factors the common 退 out of the
branch): words found in nearly every provider mail.  Here adjacent items whose
matches form a small finite set of strings are multiplied out, optional ones
included: the branch gives {退回, 退款}, "请(?:您)?(?:补充|提供)" gives
{请补充, 请提供, 请您补充, 请您提供}.  A contiguous stretch of a match is one
of those strings, so a text lacking them all cannot match: the test stays exact,
only sharper.

Words are lower-cased: the sieve looks them up in a lower-cased text.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Most strings one option may list: beyond it the product stops and a new one starts.
LIMIT = 48
ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# Characters whose lower case str.lower() works out from their neighbours.
SIGMAS = frozenset("\u03a3\u03c3\u03c2")

# An option: a match holds one of these words.  A way to match needs all its options.
Option = frozenset[str]


def ways(pattern: str) -> list[list[Option]] | None:
    """Per top-level alternative of `pattern`, the options its matches all need.

    None when some alternative needs no word this module can name.
    """
    parsed = sre_parse.parse(pattern)
    ignore_case = bool(parsed.state.flags & re.IGNORECASE)
    items = list(parsed)
    # A part comes wrapped as (?:...) or (?i:...): look inside for a top-level branch.
    while len(items) == 1 and items[0][0] is sre.SUBPATTERN:
        ignore_case = _case(ignore_case, items[0][1])
        items = list(items[0][1][3])
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [items]
    found = [_needs(list(branch), ignore_case) for branch in branches]
    return found if all(found) else None


def _case(ignore_case: bool, av: tuple) -> bool:
    add_flags, del_flags = av[1], av[2]
    return (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE


def _needs(items: list, ignore_case: bool) -> list[Option]:
    """The options a match of this sequence needs: products of adjacent exact items, and nested ones."""
    options: list[Option] = []
    run: set[str] = {""}
    for op, av in items:
        exact = _exact(op, av, ignore_case)
        if exact is not None and len(run) * len(exact) <= LIMIT:
            run = {a + b for a in run for b in exact}
            continue
        _keep(options, run)
        run = exact if exact is not None else {""}
        if exact is None:
            inner = _nested(op, av, ignore_case)
            if inner:
                options.append(inner)
    _keep(options, run)
    return options


def _keep(options: list[Option], run: set[str]) -> None:
    # A run that can be empty (only optional items) needs nothing.
    if "" not in run:
        options.append(frozenset(run))


def _exact(op, av, ignore_case: bool) -> set[str] | None:
    """Every string this item can match, if there are at most LIMIT; None otherwise."""
    if op is sre.LITERAL:
        char = _char(av, ignore_case)
        return None if char is None else {char}
    if op in ZERO_WIDTH:
        return {""}
    if op is sre.IN:
        chars = {_char(a, ignore_case) if o is sre.LITERAL else None for o, a in av}
        return None if None in chars or len(chars) > LIMIT else chars  # type: ignore[return-value]
    if op is sre.SUBPATTERN:
        return _sequence(list(av[3]), _case(ignore_case, av))
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            inner = _sequence(list(branch), ignore_case)
            if inner is None:
                return None
            union |= inner
        return union if len(union) <= LIMIT else None
    if op in REPEATS and av[1] <= 1:
        inner = _sequence(list(av[2]), ignore_case)
        if inner is None:
            return None
        return inner | {""} if av[0] == 0 else inner
    return None


def _sequence(items: list, ignore_case: bool) -> set[str] | None:
    run: set[str] = {""}
    for op, av in items:
        exact = _exact(op, av, ignore_case)
        if exact is None or len(run) * len(exact) > LIMIT:
            return None
        run = {a + b for a in run for b in exact}
    return run


def _char(code: int, ignore_case: bool) -> str | None:
    """The character as the lower-cased text shows it; None if that cannot be told."""
    char = chr(code)
    if char in SIGMAS:
        return None
    if ignore_case and not char.isascii() and (char.lower() != char or char.upper() != char):
        return None  # a cased non-ASCII letter: its case-insensitive forms are not simple
    return char.lower()


def _nested(op, av, ignore_case: bool) -> Option | None:
    """One option a non-exact item needs (its best), if any is known."""
    if op is sre.SUBPATTERN:
        return best(_needs(list(av[3]), _case(ignore_case, av)))
    if op in REPEATS and av[0] > 0:
        return best(_needs(list(av[2]), ignore_case))
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            inner = best(_needs(list(branch), ignore_case))
            if inner is None:
                return None
            union |= inner
        return frozenset(union) if len(union) <= LIMIT else None
    return None


def best(options: list[Option]) -> Option | None:
    """The option least likely to occur: longest shortest word, then fewest words."""
    return max(options, key=rarity, default=None)


def rarity(option: Option) -> tuple[int, int]:
    return min(map(len, option)), -len(option)
