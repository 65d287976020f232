"""A leaf with no Content-Disposition and an ASCII Content-Type without 'name' (or none)
skips _leaf()'s .eml and attachment tests: both are shown here to answer no for it."""

from __future__ import annotations

import email
import random
from email.message import Message

from pipeline.parsing import mime, parts
from tests.test_parsing_header_fastpaths import corpus_files


def unnamed(value: object) -> bool:
    """_leaf()'s test, for a part without Content-Disposition."""
    return value is None or (type(value) is str and value.isascii() and "name" not in value.lower())


def assert_neither_eml_nor_attachment(part: Message) -> None:
    found = parts.read(part)
    value = parts.fetch(part, found, "content-type")
    if unnamed(value):
        assert not parts.is_eml(part, value, None), value
        assert parts.disposition_of(None) != "attachment"
        assert part.get_filename() is None, value


def test_unnamed_corpus_parts_are_no_eml_and_no_attachment():
    for path in corpus_files():
        for part in email.message_from_bytes(path.read_bytes()).walk():
            if part.get("content-disposition") is None:
                assert_neither_eml_nor_attachment(part)


def test_unnamed_crafted_parts_are_no_eml_and_no_attachment():
    rnd = random.Random(3)
    pieces = ["text/plain", "; charset=utf-8", '; charset="gb2312"', "; x*=utf-8''a.eml", "; format=flowed",
              '; boundary="n.eml"', "; nam=e.eml", "; NAME*0=a", '; filename="m.eml"', "; Name=m.eml",
              "\r\n\t", " ", "application/octet-stream", "message/rfc822", "; name*=utf-8''%61.eml"]
    for _ in range(5000):
        value = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 5)))
        part = email.message_from_string(f"Content-Type: {value}\n\nbody\n")
        assert_neither_eml_nor_attachment(part)


def test_a_named_part_still_takes_the_full_tests():
    raw = (b'From: a@b.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
           b'Content-Type: text/plain; name="m.eml"\r\n\r\nSubject: inner\r\n\r\nhello\r\n--b--\r\n')
    mail = mime.parse(raw)
    assert [inner.subject for inner in mail.attached] == ["inner"]
    assert mail.plain == ""
