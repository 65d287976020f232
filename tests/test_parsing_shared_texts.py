"""mime.parse() takes mail-parser's decoded texts only where they are its own.

If mail-parser changes how it picks or decodes text parts, these fail: every
corpus message must parse to the same bodies and defects with and without the
shared texts, and most simple messages must still take them.
"""

from __future__ import annotations

import pytest

from pipeline.errors import ParseError
from pipeline.parsing import mime
from tests.test_parsing_header_fastpaths import corpus_files


def facts(mail: mime.ParsedMail) -> list[object]:
    found: list[object] = [mail.plain, mail.markup, mail.defects, mail.subject]
    for inner in mail.attached:
        found.append(facts(inner))
    return found


@pytest.fixture(scope="module")
def both_ways() -> list[tuple[list[object], list[object], bool]]:
    results = []
    taken: list[bool] = []
    finish = mime._Shared.finish

    def recording(shared: mime._Shared) -> bool:
        taken.append(finish(shared))
        return taken[-1]

    for path in corpus_files():
        raw = path.read_bytes()
        taken.clear()
        mime._Shared.finish = recording  # type: ignore[method-assign]
        try:
            shared = facts(mime.parse(raw))
        except ParseError:
            continue
        finally:
            mime._Shared.finish = finish  # type: ignore[method-assign]
        original = mime._Shared.of
        mime._Shared.of = classmethod(lambda cls, parsed: None)  # type: ignore[method-assign,assignment]
        try:
            own = facts(mime.parse(raw))
        finally:
            mime._Shared.of = original  # type: ignore[method-assign]
        results.append((shared, own, any(taken)))
    return results


def test_shared_texts_give_the_bodies_and_defects_of_own_decoding(both_ways):
    for shared, own, _ in both_ways:
        assert shared == own


def test_simple_messages_still_take_mail_parsers_texts(both_ways):
    # About a third of the corpus is plain UTF-8 (or GB18030) text and HTML parts.
    assert sum(taken for _, _, taken in both_ways) > len(both_ways) // 5


def decodings_differ(declared: str, used: str) -> list[bytes]:
    """Byte strings of one or two bytes that `declared` decodes, and `used` otherwise."""
    differ = []
    for data in [bytes([b]) for b in range(256)] + [bytes([a, b]) for a in range(0x80, 256) for b in range(256)]:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            continue
        try:
            if data.decode(used) != text:
                differ.append(data)
        except UnicodeDecodeError:
            differ.append(data)
    return differ


def test_every_shared_charset_decodes_as_the_codec_we_use():
    # Both are stateless codecs reading the same one- and two-byte units (GB18030's
    # four-byte units need a second byte GBK never accepts), so equal units suffice.
    for declared in sorted(c for c in mime.SHARED_CHARSETS if c):
        used = mime.charsets.codec_for(declared)
        assert used is not None
        assert decodings_differ(declared, used) == [], declared


def test_gb2312_is_not_shared_because_gb18030_reads_two_of_its_characters_otherwise():
    assert len(decodings_differ("gb2312", "gb18030")) == 2
