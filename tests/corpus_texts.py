"""The texts classifiers see on our labelled corpora: the oracle input of the exactness tests.

Fast paths (sieve, label finder, date and amount scans) are checked against the
plain patterns they replace on these texts; built once per test session.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.analysis import Analyser
from pipeline.classifiers import context as contexts
from pipeline.classifiers.rules import load_rules
from pipeline.errors import ParseError
from pipeline.parsing import mime
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
CORPORA = tuple(sorted(ROOT.glob("tests/corpus*/*.eml")))


@cache
def corpus_mails() -> tuple[mime.ParsedMail, ...]:
    """Every corpus message parsed (those that are no message left out)."""
    found = []
    for path in CORPORA:
        try:
            found.append(mime.parse(path.read_bytes()))
        except ParseError:
            continue
    return tuple(found)


@cache
def corpus_contexts() -> tuple[contexts.Context, ...]:
    """The classifier context of every corpus message (before any classifier ran)."""
    registry, rules = load_registry(ROOT / "config" / "providers.toml"), load_rules()
    return tuple(contexts.build(mail, registry, rules) for mail in corpus_mails())


@cache
def context_texts() -> tuple[str, ...]:
    """Every text ctx.texts() offers, over all corpus messages."""
    return tuple(text for ctx in corpus_contexts() for text in ctx.texts())


@cache
def analysed_heads() -> tuple[tuple[str, str], ...]:
    """(subject, head) of every corpus message as analysed: what keyword lists are asked about."""
    analyser = Analyser(load_registry(ROOT / "config" / "providers.toml"))
    found = [analyser.analyse(path.read_bytes()) for path in CORPORA]
    return tuple((f.subject, f.new_text[:6000]) for f in found)
