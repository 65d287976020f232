"""mime.parse() takes mail-parser's decoded texts only where they are its own.

If mail-parser changes how it picks or decodes text parts, these fail: every
corpus message must parse to the same bodies and defects with and without the
shared texts, and most simple messages must still take them.
"""

from __future__ import annotations

import base64
import quopri
import random

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


class RandomMail:
    """Random MIME trees of the shapes where mail-parser and we might part ways."""

    TEXTS = ("hello\r\nworld", "", "订单号 123", "ﾃｽﾄ \r line", "x" * 50, "\u2015 dash", "a\rb", "  ")
    CHARSETS = (None, "utf-8", "UTF-8", "gbk", "gb2312", "gb18030", "us-ascii", "big5", "iso-8859-1", "utf8", "bogus")

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def message(self, depth: int = 0) -> bytes:
        return b"From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\n" + self.tree(depth)

    def tree(self, depth: int) -> bytes:
        roll = self.rnd.random()
        if depth > 2 or roll < 0.45:
            return self.leaf()
        if roll < 0.55:
            name = b'; name="f.eml"' if self.rnd.random() < 0.3 else b""
            return b"Content-Type: message/rfc822" + name + b"\r\n\r\n" + self.message(depth + 1)
        boundary = f"b{depth}{self.rnd.randrange(1000)}"
        subtype = self.rnd.choice(["mixed", "alternative", "digest", "related", "report"])
        kids = [self.tree(depth + 1) for _ in range(self.rnd.randint(0, 3))]
        if subtype == "report" and self.rnd.random() < 0.5:
            kids.append(b"Content-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; a@b.c\r\n")
        out = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\npreamble\r\n'.encode()
        for kid in kids:
            out += f"--{boundary}\r\n".encode() + kid + b"\r\n"
        if self.rnd.random() < 0.9:
            out += f"--{boundary}--\r\n".encode()
        if self.rnd.random() < 0.1:
            out += b"epilogue text\r\n"
        return out

    def leaf(self) -> bytes:
        rnd = self.rnd
        ctype = rnd.choice(["text/plain", "text/html", "text/plain", "text/html", "application/pdf", "text/enriched", None])
        charset, text = rnd.choice(self.CHARSETS), rnd.choice(self.TEXTS)
        encoding = rnd.choice(["base64", "quoted-printable", "7bit", "8bit", None])
        try:
            data = text.encode(charset if charset and charset != "bogus" else "utf-8")
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        if rnd.random() < 0.1:
            data += b"\xff\xfe"
        lines = []
        if ctype:
            value = ctype + (f'; charset="{charset}"' if charset else "")
            value += '; name="a.txt"' if rnd.random() < 0.15 else ""
            value += '; name="m.eml"' if rnd.random() < 0.05 else ""
            lines.append(f"Content-Type: {value}")
        if rnd.random() < 0.2:
            lines.append("Content-Disposition: " + rnd.choice(
                ["inline", "attachment", 'inline; filename="x.txt"', 'attachment; filename="y.eml"']))
        if rnd.random() < 0.1:
            lines.append("Content-ID: <cid@x>")
        if encoding:
            lines.append(f"Content-Transfer-Encoding: {encoding}")
        body = {"base64": base64.encodebytes, "quoted-printable": quopri.encodestring}.get(encoding or "", bytes)(data)
        return "\r\n".join(lines).encode() + b"\r\n\r\n" + body


def parsed_both_ways(raw: bytes) -> tuple[object, object]:
    def attempt() -> object:
        try:
            return facts(mime.parse(raw))
        except ParseError:
            return "not a message"

    shared = attempt()
    original = mime._Shared.of
    mime._Shared.of = classmethod(lambda cls, parsed: None)  # type: ignore[method-assign,assignment]
    try:
        return shared, attempt()
    finally:
        mime._Shared.of = original  # type: ignore[method-assign]


def test_shared_texts_give_the_bodies_and_defects_of_own_decoding_on_random_trees():
    mails = RandomMail(1)
    for _ in range(1500):
        raw = mails.message()
        shared, own = parsed_both_ways(raw)
        assert shared == own, raw
