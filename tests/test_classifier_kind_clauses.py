"""Clause and sentence starts from one scan per text equal those from scanning up to each position."""

import re
from pathlib import Path

from pipeline.classifiers import kind
from pipeline.classifiers.context import Context

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "订单已取消。退款将在3个工作日内退回，如有疑问请联系客服！您说系统显示取消成功?",
    "Your order was cancelled. Refund pending.\nThanks. Regards.x.y. End.",
    "a.b. c.\n. .. ...\n\n；；！？?,，\n.",
    "",
    ".",
]


def scanned(pattern, text, stop):
    return max((m.end() for m in pattern.finditer(text, 0, stop)), default=0)


def corpus_texts():
    texts = list(TEXTS)
    for path in sorted(ROOT.glob("tests/corpus/*.eml"))[:40]:
        body = path.read_bytes().decode("utf-8", "replace")
        texts.append(body[:3000])
    return texts


def test_clause_and_sentence_starts_equal_a_scan_up_to_each_position():
    for text in corpus_texts():
        ctx = Context.__new__(Context)
        ctx.memo = {}
        for stop in range(len(text) + 1):
            assert kind._clause_start(ctx, text, stop) == scanned(kind.CLAUSE_END, text, stop), (text, stop)
            assert kind._sentence_start(ctx, text, stop) == scanned(kind.SENTENCE_END, text, stop), (text, stop)


def test_a_final_dot_ends_a_sentence_whatever_follows_it():
    ctx = Context.__new__(Context)
    ctx.memo = {}
    text = "Version 2.5 is out"
    assert kind._sentence_start(ctx, text, text.index("5")) == text.index("5")
    assert scanned(re.compile(kind.SENTENCE_END.pattern), text, text.index("5")) == text.index("5")
