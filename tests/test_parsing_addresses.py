"""Addresses in running text: found from each '@' exactly as the plain pattern finds them."""

import itertools
import random
import re

from pipeline.parsing import addresses
from tests.corpus_texts import context_texts

PLAIN = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def test_the_pattern_is_the_plain_one():
    assert addresses.ADDRESS.pattern == PLAIN.pattern


def test_addresses_are_what_findall_finds_in_corpus_texts():
    texts = [t for t in context_texts() if "@" in t]
    assert len(texts) > 50
    for text in texts:
        assert addresses.find_all(text) == PLAIN.findall(text), text[:80]


def test_addresses_are_what_findall_finds_in_crafted_texts():
    pieces = ["a", "Ü", "_", ".", "+", "-", "@", "b.c", " ", "\n", "x@y", ".com", "@@", "é", "李"]
    for combo in itertools.product(pieces, repeat=4):
        text = "".join(combo)
        assert addresses.find_all(text) == PLAIN.findall(text), text
    for text in ["x@y.com+z@w.org", "a.b@c.d.e@f.g", "@a.b", "a@", "a@b", "a@b.", "a@.b", "-@-.-",
                 "foo bar.baz@qux.example, <x.y+tag@sub.domain.example>", "1@2.3@4.5", ""]:
        assert addresses.find_all(text) == PLAIN.findall(text), text


def test_addresses_are_what_findall_finds_in_random_soups():
    rng = random.Random(3)
    alphabet = "ab.+-_@ \n1é李"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        assert addresses.find_all(text) == PLAIN.findall(text), text
