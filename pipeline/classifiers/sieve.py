"""One Aho-Corasick pass per text decides which keyword alternatives can match at all.

A keyword list compiles to one alternation of a few dozen alternatives; the
regex engine tries every alternative at every position its guard lets through,
though most texts hold none of the literals those alternatives need.  Every
alternative needs literal words (literals.ways: runs multiplied out where
small); the words of every keyword list go into one automaton, and one pass
over a lower-cased text, remembered while the message's classifiers ask about
it, finds those present.  Their masks, ORed in C, carry a bit per alternative
whose rarest option (the clue) occurred and a bit per option the checks need,
so an alternative is a candidate when its bit is set and its checks' bits are.
A list then runs only its candidates, each compiled alone (a lone alternative
keeps the regex engine's literal-prefix search), and returns the leftmost
match, the earliest alternative's on a tie: what the alternation itself
returns.  A Panel answers for several lists at once (the twelve kinds).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from functools import reduce
from operator import or_
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import ahocorasick_rs

from pipeline.classifiers import literals

# Below this length the alternation is scanned outright: the pass would cost as much.
# Measured: at 100, English subjects (30-100 characters) cost more scanned outright,
# the guard of a long list letting most of their letters through; below 30 a pass
# is dearer than the scan (domain-dev unchanged, peer steps 3.5 ms less at 30).
MIN_TEXT = 30
# Texts whose passes are kept: the few a message's classifiers ask about in turn.
RECENT = 8
# What lower() leaves of the characters IGNORECASE folds to ASCII letters though
# lower() does not (ı ſ, and İ lowered to i + U+0307): a text holding one is
# searched whole.  The Kelvin sign lowers to k itself.
FOLDS = frozenset({"\u0131", "\u017f", "\u0307"})

# Instance attributes of Keywords: never looked up on the whole pattern.
OWN = frozenset({"whole", "parts", "sieve", "all", "offset", "one_line", "masks", "always", "checks", "clues", "words",
                 "needs"})
# An option: a set of lower-case words one of which every match holds.
Option = frozenset[str]
# A way to match: all its options must occur.
Way = tuple[Option, ...]


class Sieve:
    """The words of many keyword lists, looked up in one pass per text."""

    def __init__(self) -> None:
        self.lists: list[Keywords] = []
        self.automaton: ahocorasick_rs.AhoCorasick | None = None
        # Per word: the bits, at each list's offset, of the alternatives it is a clue of.
        self.masks: dict[str, int] = {}
        # id(text) -> (text, automaton, bits of the words found); None: lower() cannot tell.
        self.recent: dict[int, tuple[str, object, int | None]] = {}
        # True if a word holds a line break: it may then lie across two joined texts.
        self.crossing = True

    def add(self, keywords: Keywords) -> None:
        """Look up the words of `keywords` too (the automaton is built again on the next pass)."""
        self.lists.append(keywords)
        self.automaton = None

    def found(self, text: str) -> int | None:
        """The bits of the words `text` holds (lower-cased): of the alternatives whose clue
        is among them (shift by a list's offset) and of the options of checks; None if any
        alternative may match."""
        entry = self.recent.get(id(text))
        if entry is not None and entry[0] is text and entry[1] is self.automaton:
            return entry[2]
        automaton = self.automaton
        if automaton is None:
            automaton = self.build()
        words = automaton.find_matches_as_strings(text.lower(), overlapping=True)
        # One OR per word, looped in C: the bits of every list at once.
        found = None if not FOLDS.isdisjoint(words) else reduce(or_, map(self.masks.__getitem__, words), 0)
        self._remember(text, automaton, found)
        return found

    def found_joined(self, text: str, first: str, second: str) -> None:
        """Remember the pass over `text`, which is `first` and `second` joined by a line break,
        as made of their passes (most often already made): a word that holds no line
        break lies in one of the two, and lower() works across a line break as on each
        side alone."""
        found = [self.found(first), self.found(second)]
        if self.crossing:
            return
        self._remember(text, self.automaton, None if None in found else found[0] | found[1])

    def _remember(self, text: str, automaton: object, found: int | None) -> None:
        if len(self.recent) >= RECENT:
            # The oldest goes (dicts keep insertion order): clearing all would also drop
            # the texts of the message being analysed, left behind by earlier messages' ones.
            del self.recent[next(iter(self.recent))]
        # Keeping the text keeps its id from being reused by another string.
        self.recent[id(text)] = (text, automaton, found)

    def build(self) -> ahocorasick_rs.AhoCorasick:
        """The automaton for every list added so far: one pass serves them all."""
        masks = dict.fromkeys(FOLDS, 0)
        offset = 0
        for keywords in self.lists:
            keywords.offset = offset
            for word in keywords.words:
                masks[word] = masks.get(word, 0) | keywords.masks.get(word, 0) << offset
            offset += keywords.all.bit_length()
        # Above every list's bits, one bit per option a check needs: set by the words
        # of the option, so a part's checks come down to one AND of the pass's bits.
        options: dict[Option, int] = {}
        for keywords in self.lists:
            keywords.needs = [_need(ways, options, masks, offset) for ways in keywords.checks]
        self.masks = masks
        self.crossing = any("\n" in word for word in masks)
        self.automaton = ahocorasick_rs.AhoCorasick(list(masks), store_patterns=True)
        return self.automaton


def sieved(whole: re.Pattern[str], parts: list[str], sieve: Sieve) -> re.Pattern[str]:
    """`whole`, the alternation of `parts`, searched through `sieve` where that is exact."""
    if whole.groups or any(sre_parse.parse(p).getwidth()[0] == 0 for p in parts):
        # Group numbers would change, and empty matches step finditer by its own rules.
        return whole
    return Keywords(whole, parts, sieve)  # type: ignore[return-value]


class Keywords:
    """An alternation whose search() and finditer() try only the alternatives that can match.

    Other methods, and calls with pos/endpos, go to the whole compiled alternation.
    """

    def __init__(self, whole: re.Pattern[str], parts: list[str], sieve: Sieve) -> None:
        self.whole = whole
        self.parts = [_compiled(p) for p in parts]
        self.sieve = sieve
        # Per clue word, the bits of the parts it is a clue of; parts without one always run.
        self.masks: dict[str, int] = {}
        self.always = 0
        # Per part, the ways to match still to check once its clue occurs (None: none).
        self.checks: list[tuple[Way, ...] | None] = []
        for index, part in enumerate(parts):
            clue, checks = _needed(part)
            if clue is None:
                self.always |= 1 << index
            for word in clue or ():
                self.masks[word] = self.masks.get(word, 0) | 1 << index
            self.checks.append(checks)
        self.clues = frozenset(self.masks)
        self.words = self.clues.union(*(o for ways in self.checks if ways for way in ways for o in way))
        self.all = (1 << len(parts)) - 1
        self.offset = 0  # where the sieve keeps this list's bits
        # Per part, the option bits its checks need (set by the sieve): None, one int, or one per way.
        self.needs: list[int | tuple[int, ...] | None] = [None] * len(parts)
        # True if no match of any alternative holds, or looks across, a line break:
        # then lines can be searched one by one, each through its own pass.
        self.one_line = all(_one_line(list(parsed), bool(parsed.state.flags & re.DOTALL))
                            for parsed in map(sre_parse.parse, parts))
        sieve.add(self)

    # Short texts and windows (pos, endpos) go straight to the whole: the pass would cost more.
    def search(self, string: str, *args: int) -> re.Match[str] | None:
        if args or len(string) < MIN_TEXT:
            return self.whole.search(string, *args)
        parts = self._candidates(string)
        if parts is None:
            return self.whole.search(string)
        return first(parts, string)

    def finditer(self, string: str, *args: int) -> Iterator[re.Match[str]]:
        if args:
            return self.whole.finditer(string, *args)
        parts = self._candidates(string) if len(string) >= MIN_TEXT else None
        return every([self.whole] if parts is None else parts, string)

    def match(self, string: str, *args: int) -> re.Match[str] | None:
        # Defined here, not left to __getattr__: classifiers call it in inner loops.
        return self.whole.match(string, *args)

    def __getattr__(self, name: str) -> object:
        # Only reached for names the instance lacks; dunders probed before __init__ stay missing.
        if name.startswith("__") or name in OWN:
            raise AttributeError(name)
        return getattr(self.whole, name)

    def _candidates(self, string: str) -> list[re.Pattern[str]] | None:
        """The compiled parts that can match `string`, in order; None to use the whole."""
        # The remembered pass, looked up inline: a dozen lists ask about each text in turn.
        sieve = self.sieve
        entry = sieve.recent.get(id(string))
        if entry is not None and entry[0] is string and entry[1] is sieve.automaton:
            found = entry[2]
        else:
            found = sieve.found(string)
        if found is None:
            return None
        bits = (found >> self.offset) & self.all | self.always
        parts = []
        while bits:
            low = bits & -bits
            bits ^= low
            index = low.bit_length() - 1
            need = self.needs[index]
            if need is None or (found & need == need if type(need) is int else _possible(need, found)):
                parts.append(self.parts[index])
        return parts


class Panel:
    """Keyword lists asked about the same texts in turn: the parts of each that can match, at once.

    One loop over the bits the text's pass set, for all the lists together,
    instead of a search call chain per list: most lists have no candidate and
    are never touched.  Texts of any length are passed: the pass is shared by
    every list of the panel.
    """

    def __init__(self, lists: Sequence[re.Pattern[str]]) -> None:
        self.lists = tuple(lists)
        sieves = {id(p.sieve): p.sieve for p in lists if isinstance(p, Keywords)}
        # One sieve serves all, or the panel cannot rule anything out.
        self.sieve = next(iter(sieves.values())) if len(sieves) == 1 else None
        self.automaton: object = None  # the one the layout below was worked out for
        self.mask = self.always = 0
        # Per bit of the sieve: (list number, part, needs), for the bits of the panel's lists.
        self.entries: list[tuple[int, re.Pattern[str], int | tuple[int, ...] | None] | None] = []
        # Lists the sieve does not serve are searched themselves (None in place of their parts).
        self.sieved = tuple(isinstance(p, Keywords) for p in self.lists)

    def candidates(self, text: str) -> list[list[re.Pattern[str]] | None] | None:
        """Per list, in order, the parts that can match `text` (None: search the list itself).

        None if the pass cannot tell: then every list is searched itself.
        """
        sieve = self.sieve
        found = None if sieve is None else sieve.found(text)
        if found is None:
            return None
        if self.automaton is not sieve.automaton:  # type: ignore[union-attr]
            self._lay_out()
        bits = found & self.mask | self.always
        result: list[list[re.Pattern[str]] | None] = [[] if s else None for s in self.sieved]
        entries = self.entries
        while bits:
            low = bits & -bits
            bits ^= low
            number, part, need = entries[low.bit_length() - 1]  # type: ignore[misc]
            if need is None or (found & need == need if type(need) is int else _possible(need, found)):
                result[number].append(part)  # type: ignore[union-attr]
        return result

    def _lay_out(self) -> None:
        """Where each list's bits sit in the sieve's (offsets are set when the automaton is built)."""
        self.automaton = self.sieve.automaton  # type: ignore[union-attr]
        self.mask = self.always = 0
        entries: dict[int, tuple[int, re.Pattern[str], int | tuple[int, ...] | None]] = {}
        for number, keywords in enumerate(self.lists):
            if not isinstance(keywords, Keywords):
                continue
            self.mask |= keywords.all << keywords.offset
            self.always |= keywords.always << keywords.offset
            for index, part in enumerate(keywords.parts):
                entries[keywords.offset + index] = (number, part, keywords.needs[index])
        self.entries = [entries.get(bit) for bit in range(max(entries, default=-1) + 1)]


def joined(pattern: re.Pattern[str], first: str, second: str) -> str:
    """`first` and `second` joined by a line break; if `pattern` is sieved, the joined
    text's pass is made of theirs (each remembered for the steps that ask about it alone)."""
    text = f"{first}\n{second}"
    if isinstance(pattern, Keywords) and len(text) >= MIN_TEXT:
        pattern.sieve.found_joined(text, first, second)
    return text


def first(parts: list[re.Pattern[str]], string: str) -> re.Match[str] | None:
    """What the alternation of `parts` (each never matching empty) finds first in `string`."""
    return _leftmost([part.search(string) for part in parts])


def first_from(parts: list[re.Pattern[str]], string: str, pos: int) -> re.Match[str] | None:
    """first(), searching from `pos` (look-behinds still see what precedes it)."""
    return _leftmost([part.search(string, pos) for part in parts])


def every(parts: list[re.Pattern[str]], string: str) -> Iterator[re.Match[str]]:
    """What finditer() of the alternation of `parts` (each never matching empty) finds."""
    # search() first: a finditer() that finds nothing costs several searches.
    pending = [part.search(string) for part in parts]
    if not any(pending):
        return iter(())
    return _merged(parts, pending, string)


# Keyword files are loaded more than once (tests, a reload): their parts are few and fixed.
_compiled = functools.lru_cache(maxsize=None)(re.compile)


def _possible(needs: tuple[int, ...], bits: int) -> bool:
    """True if the option bits some way needs are all among `bits`."""
    for need in needs:
        if bits & need == need:
            return True
    return False


def _need(ways: tuple[Way, ...] | None, options: dict[Option, int], masks: dict[str, int],
          offset: int) -> int | tuple[int, ...] | None:
    """The option bits a part's checks need; each new option gets a bit its words set in `masks`.

    With one way its clue occurred (the part's bit is set): only the rest is needed.
    With several, the clue of any one may have: each way needs all its options.
    """
    if ways is None:
        return None
    needs = []
    for way in ways:
        need = 0
        for option in way[1:] if len(ways) == 1 else way:
            bit = options.get(option)
            if bit is None:
                bit = options[option] = offset + len(options)
                for word in option:
                    masks[word] = masks.get(word, 0) | 1 << bit
            need |= 1 << bit
        needs.append(need)
    return needs[0] if len(ways) == 1 else tuple(needs)


def _leftmost(found: list[re.Match[str] | None]) -> re.Match[str] | None:
    """The match that starts first; on a tie the earlier part's, as in the alternation."""
    best = None
    for match in found:
        if match is not None and (best is None or match.start() < best.start()):
            best = match
    return best


def _merged(parts: list[re.Pattern[str]], pending: list[re.Match[str] | None],
            string: str) -> Iterator[re.Match[str]]:
    """The matches the alternation of `parts` finds, given each part's first (`pending`).

    Every match is non-empty, so the next one is the leftmost at or after the
    end of the last.  A part's match at a position does not depend on where its
    search began (lookbehinds and \\b see the whole string), so a pending match
    that starts at or after that end is still that part's next one.
    """
    while (best := _leftmost(pending)) is not None:
        yield best
        end = best.end()
        for index, found in enumerate(pending):
            if found is not None and found.start() < end:
                pending[index] = parts[index].search(string, end)


def _needs(part: str) -> tuple[Option | None, tuple[Way, ...] | None]:
    """The clue of `part` (one of its words is in every match) and the ways left to check.

    The clue is None if none is known; the ways are None when the clue says all.
    """
    found = literals.ways(part)
    if found is None:
        return None, None
    clue: set[str] = set()
    ways: list[Way] = []
    for options in found:
        way = sorted(options, key=literals.rarity, reverse=True)
        if any(len(word) == 1 and word.isascii() for word in way[0]):
            return None, None  # a lone letter or sign is in nearly every text: no clue
        clue |= way[0]
        # Single characters are in most texts: looking them up costs more than it saves.
        ways.append((way[0], *(o for o in way[1:] if all(len(word) > 1 for word in o))))
    if len(ways) == 1 and len(ways[0]) == 1:
        return frozenset(clue), None
    return frozenset(clue), tuple(ways)


_needed = functools.lru_cache(maxsize=None)(_needs)


# Zero-width tests that read the same at a line break as at either end of the text.
WORD_EDGES = (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY)


def _one_line(items: list, dotall: bool = False) -> bool:
    """True if no item can take a line break, and no anchor but \\b and \\B is used."""
    for op, av in items:
        if op is sre.AT:
            if av not in WORD_EDGES:
                return False
        elif op is sre.SUBPATTERN:
            if not _one_line(list(av[3]), (dotall or bool(av[1] & re.DOTALL)) and not av[2] & re.DOTALL):
                return False
        elif op is sre.BRANCH:
            if not all(_one_line(list(branch), dotall) for branch in av[1]):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if not _one_line(list(av[2]), dotall):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _one_line(list(av[1]), dotall):
                return False
        elif op is sre.ATOMIC_GROUP:
            if not _one_line(list(av), dotall):
                return False
        elif op is sre.ANY:
            if dotall:
                return False
        elif op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN):
            single = sre_parse.SubPattern(sre_parse.State(), [(op, av)])
            if sre_compile.compile(single, 0).match("\n"):
                return False
        else:
            return False  # back-references and the like: not worth working out
    return True
