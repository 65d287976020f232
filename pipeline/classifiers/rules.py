"""Keyword and label data for the classifiers, read from config/classifiers/*.toml.

Every language file is loaded and lists under the same key are merged, so a
new phrasing or language is a data change.  Patterns compile once, here.

A `[macros]` list is a set of words a pattern can name as `{name}`: it stands for
up to MACRO_REPEAT of those words in a row (colloquial fillers such as 这边/已经/都
between a subject and its verb), so one macro widens every phrase that uses it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pipeline.classifiers.prefilter import compile_guarded, guarded
from pipeline.classifiers.sieve import Sieve, sieved
from pipeline.errors import ConfigError
from pipeline.parsing import hans, spelling

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "config" / "classifiers"
NEVER = re.compile(r"(?!x)x")
MACRO = re.compile(r"\{([a-z_]+)\}")
MACRO_REPEAT = 4


@dataclass(frozen=True)
class Rules:
    """Merged keyword lists: section -> key -> patterns, plus compiled forms."""

    lists: dict[str, dict[str, tuple[str, ...]]]
    compiled: dict[tuple[str, str], re.Pattern[str]]
    source: Path
    # Patterns classifiers derive from these lists, built on first use.
    derived: dict[object, re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False)

    def words(self, section: str, key: str) -> tuple[str, ...]:
        """The raw patterns under [section] key (empty if none)."""
        return self.lists.get(section, {}).get(key, ())

    def regex(self, section: str, key: str) -> re.Pattern[str]:
        """One alternation of all patterns under [section] key (never matches if none)."""
        return self.compiled.get((section, key), NEVER)

    def derive(self, key: object, build: Callable[[], re.Pattern[str]]) -> re.Pattern[str]:
        """The pattern `build()` returns, built once per Rules and `key`."""
        pattern = self.derived.get(key)
        if pattern is None:
            pattern = self.derived[key] = build()
        return pattern

    def keys(self, section: str) -> tuple[str, ...]:
        return tuple(self.lists.get(section, {}))

    @cached_property
    def folded(self) -> Rules:
        """These lists with every pattern folded to Simplified (hans), for a Traditional
        message's folded texts: the Simplified lists read it too.  Built on first use.

        Apart from the lists as written: a Traditional list's wording, folded, would
        otherwise also read Simplified mail, which it was never written for.
        """
        lists = {section: {key: tuple(dict.fromkeys(hans.simplified(p) for p in patterns))
                           for key, patterns in keys.items()}
                 for section, keys in self.lists.items()}
        return _compiled(lists, self.source)


def alternation(patterns: tuple[str, ...] | list[str], sieve: Sieve | None = None) -> re.Pattern[str]:
    """Compile patterns into one regex; a leading (?i) stays local to its pattern.

    With a `sieve`, searches try only the patterns whose literals the text holds.
    """
    if not patterns:
        return NEVER
    parts = [f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns]
    whole = "|".join(parts)
    if sieve is None:
        return compile_guarded(whole)
    # The sieve does what the anchors would, for texts of every length.
    return sieved(guarded(whole), parts, sieve)


def load_rules(directory: Path = DEFAULT_DIR) -> Rules:
    """Read and merge every *.toml in `directory`; ConfigError names the bad file."""
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise ConfigError(f"{directory}: no classifier keyword files (*.toml)")
    merged: dict[str, dict[str, list[str]]] = {}
    for path in files:
        _merge(merged, _read(path), path)
    macros = merged.pop("macros", {})
    for section, keys in merged.items():
        for key, values in keys.items():
            # In the forms a text is read in (spelling): 你 as 您, a slip as the word meant.
            keys[key] = list(dict.fromkeys(spelling.standard(_expand(v, macros, directory, section, key))
                                           for v in values))
    return _compiled({s: {k: tuple(v) for k, v in keys.items()} for s, keys in merged.items()}, directory)


def _compiled(lists: dict[str, dict[str, tuple[str, ...]]], source: Path) -> Rules:
    sieve = Sieve()
    compiled = {(s, k): alternation(v, sieve) for s, keys in lists.items() for k, v in keys.items()}
    sieve.build()  # now, not while the first message is analysed
    return Rules(lists, compiled, source)


def _expand(pattern: str, macros: dict[str, list[str]], where: Path, section: str,
            key: str) -> str:
    """`pattern` with every `{name}` replaced by up to MACRO_REPEAT words of macro `name`."""
    def word(found: re.Match[str]) -> str:
        words = macros.get(found.group(1))
        if not words:
            raise ConfigError(f"{where}: [{section}] {key}: unknown macro {found.group(0)}")
        return f"(?:{'|'.join(words)}){{0,{MACRO_REPEAT}}}"
    return MACRO.sub(word, pattern)


def _read(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read classifier keywords: {exc}") from exc


def _merge(merged: dict[str, dict[str, list[str]]], data: dict[str, object], path: Path) -> None:
    for section, keys in data.items():
        if not isinstance(keys, dict):
            continue
        target = merged.setdefault(section, {})
        for key, values in keys.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ConfigError(f"{path}: [{section}] {key} must be a list of strings")
            if section != "macros":
                _check([MACRO.sub("", v) for v in values], path, section, key)
            target.setdefault(key, []).extend(v for v in values if v not in target[key])


def _check(values: list[str], path: Path, section: str, key: str) -> None:
    try:
        alternation(values)
    except re.error as exc:
        raise ConfigError(f"{path}: [{section}] {key}: pattern does not compile: {exc}") from None
