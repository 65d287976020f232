"""Clause and sentence starts by rfind agree with the regex scans they replace."""

import random
import re
from bisect import bisect_right
from pathlib import Path

from pipeline.analysis import Analyser
from pipeline.classifiers.kind import _clause_start, _quoted, _sentence_start
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
CLAUSE_END = re.compile(r"[,，。;；!！?？\n]|\.(?=\s)")
SENTENCE_END = re.compile(r"[。;；!！?？\n]|\.(?:\s|$)")


def by_scan(pattern, text, stop):
    ends = [0, *(m.end() for m in pattern.finditer(text))]
    return ends[bisect_right(ends, stop) - 1]


def sentence_by_scan(text, stop):
    return stop if stop and text[stop - 1] == "." else by_scan(SENTENCE_END, text, stop)


def agree(text):
    for stop in range(len(text) + 1):
        assert _clause_start(text, stop) == by_scan(CLAUSE_END, text, stop), (text, stop)
        assert _sentence_start(text, stop) == sentence_by_scan(text, stop), (text, stop)


def test_starts_agree_with_the_scans_on_the_corpus_texts():
    analyser = Analyser(load_registry(ROOT / "config" / "providers.toml"))
    for path in sorted(ROOT.glob("tests/corpus*/*.eml"))[::3]:
        found = analyser.analyse(path.read_bytes())
        agree(found.subject)
        agree(found.new_text[:1500])


def test_starts_agree_with_the_scans_on_random_punctuation_and_spaces():
    rng = random.Random(3)
    alphabet = ".。,，;；!！?？\n \t\u3000\u00a0\x1ca取消."
    for _ in range(3000):
        agree("".join(rng.choice(alphabet) for _ in range(rng.randrange(12))))


def quoted_by_rfind(before):
    opened = max(before.rfind(mark) for mark in "“「『‘《")
    closed = max(before.rfind(mark) for mark in "”」』’》")
    return opened > closed or before.count('"') % 2 == 1


def test_an_open_quotation_is_told_as_by_the_last_marks_of_each_kind():
    rng = random.Random(5)
    alphabet = "“「『‘《”」』’》\"a取消 ,"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(10)))
        for start in range(len(text) + 1):
            for stop in range(start, len(text) + 1):
                assert _quoted(text, start, stop) == quoted_by_rfind(text[start:stop]), (text, start, stop)
