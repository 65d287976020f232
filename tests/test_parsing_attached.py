"""Cutting attached messages from the raw bytes: the fast line search finds what '^' finds."""

from __future__ import annotations

import pytest

import re

from pipeline.parsing import attached
from tests.test_parsing_header_fastpaths import corpus_files

# The plain form the fast line search replaces.
RFC822_PART = re.compile(rb"^content-type:[ \t]*message/(?:rfc822|global)\b", re.IGNORECASE | re.MULTILINE)


def reference_ends(raw: bytes) -> list[int]:
    return [match.end() for match in RFC822_PART.finditer(raw)]


def test_rfc822_part_ends_match_the_anchored_pattern_on_every_corpus_file():
    for path in corpus_files():
        raw = path.read_bytes()
        assert list(attached.rfc822_part_ends(raw)) == reference_ends(raw), path


@pytest.mark.parametrize("raw", [
    b"Content-Type: message/rfc822\n\nx",
    b"x\r\nCONTENT-TYPE:\tMessage/RFC822\r\n\r\nx\ncontent-type: message/global; a=b\n",
    b"x\rContent-Type: message/rfc822\r\n",
    b"x\nContent-Type: message/rfc822x\nContent-Type:  message/rfc822-headers\n",
    b"x\n Content-Type: message/rfc822\n",
    b"",
])
def test_rfc822_part_ends_match_the_anchored_pattern_on_crafted_bytes(raw):
    assert list(attached.rfc822_part_ends(raw)) == reference_ends(raw)
