"""Each answer of parts.py equals the stdlib call it replaces, on every corpus part."""

from __future__ import annotations

import copy
import re

import base64
import email
import random
from email.header import Header
from email.message import Message

import pytest

from pipeline.parsing import headers, parts
from tests.test_parsing_header_fastpaths import corpus_files


def stdlib_is_eml(part: Message) -> bool:
    try:
        name = part.get_filename()
    except (TypeError, ValueError, LookupError):
        return False
    return bool(name) and headers.decode_value(name).lower().endswith(".eml")


def same_value(ours: object, stdlib: object) -> bool:
    if isinstance(stdlib, Header):
        return isinstance(ours, Header) and ours.encode() == stdlib.encode()
    return type(ours) is type(stdlib) and ours == stdlib


def is_eml(part: Message, found: parts.Headers) -> bool:
    return parts.is_eml(part, parts.fetch(part, found, "content-type"), parts.fetch(part, found, "content-disposition"))


def assert_same_answers(part: Message) -> None:
    found = parts.read(part)
    for name in ("Content-Type", "content-disposition", "CONTENT-TRANSFER-ENCODING", "Subject"):
        assert same_value(parts.fetch(part, found, name), part.get(name))
    names = ("from", "to", "subject", "date", "content-type", "message-id")
    for each, name in zip(parts.fetch_each(part, found, names), names, strict=True):
        assert same_value(each, part.get(name))
    assert parts.content_type(part, found) == part.get_content_type()
    assert parts.disposition(part, found) == part.get_content_disposition()
    assert parts.charset(part, found) == part.get_content_charset()
    assert is_eml(part, found) == stdlib_is_eml(part)
    assert parts.boundary(part, found) == parts.boundary(part) == part.get_boundary()
    if not part.is_multipart():
        assert parts.payload(part, found) == stdlib_payload(part)


def stdlib_payload(part: Message) -> bytes | None:
    """The stdlib's decoding of the transfer encoding a mail client reads: a misspelt one
    ("base-64", "BASE64 ", "Quoted-Printable ") as the encoding it misspells."""
    value = part.get("Content-Transfer-Encoding")
    spelt = str(value).lower() if value is not None else ""
    canonical = MISSPELT.get(re.sub(r"[\s_\-\"']", "", spelt))
    # Duplicate headers ("7bit" then "quoted-printable") over a body that looks encoded: the one that encodes.
    body = part._payload  # as stored, as parts.payload reads it
    if spelt in ("", "7bit", "8bit", "binary") and isinstance(body, str) and any(m in body[:2000] for m in ("=\n", "=E", "=\r")):
        others = [str(v).strip().lower() for v in part.get_all("Content-Transfer-Encoding") or ()]
        canonical = next((v for v in others if v in ("quoted-printable", "base64")), None)
    if canonical is None or spelt == canonical:
        return part.get_payload(decode=True)
    clone = copy.deepcopy(part)
    clone.replace_header("Content-Transfer-Encoding", canonical)
    return clone.get_payload(decode=True)


MISSPELT = {"base64": "base64", "b64": "base64", "quotedprintable": "quoted-printable", "qp": "quoted-printable"}


def corpus_parts() -> list[Message]:
    found = []
    for path in corpus_files():
        found.extend(email.message_from_bytes(path.read_bytes()).walk())
    return found


def test_parts_answer_as_the_stdlib_on_every_corpus_part():
    for part in corpus_parts():
        assert_same_answers(part)


CRAFTED = [
    b"Content-Type: text/plain; charset=\"GB2312\"\n\nhi",
    b"Content-Type: text/plain;\r\n\tcharset=utf-8; format=flowed\r\n\r\nhi",
    b"Content-Type: TEXT/HTML\n\nhi",
    b"Content-Type: text\n\nhi",
    b"Content-Type: text/plain; charset*=utf-8''gbk\n\nhi",
    b"Content-Type: text/plain; charset=\xe4\xb8\xad\n\nhi",
    b"Content-Disposition: ATTACHMENT ; filename=a.eml\n\nhi",
    b"Content-Disposition: attachment; filename=\"a.EML\"\n\nhi",
    b"Content-Disposition: attachment; filename*=utf-8''a%2Eeml\n\nhi",
    b"Content-Disposition: attachment; filename*0=\"a.e\"; filename*1=\"ml\"\n\nhi",
    b"Content-Disposition: attachment; filename=\"=?utf-8?B?YS5lbWw=?=\"\n\nhi",
    b"Content-Disposition: attachment; filename=\"report.pdf\"\n\nhi",
    b"Content-Disposition: attachment; filename*=utf-8''a.%65ml\n\nhi",
    b"Content-Disposition: attachment; filename*=UTF-8''a.%45%4D%4c\n\nhi",
    b"Content-Disposition: attachment; filename*=utf-8''%3D%3Futf-8%3FB%3FYS5lbWw%3D%3F%3D\n\nhi",
    b"Content-Disposition: attachment; filename*=utf-7''a.+AGUAbQBs-\n\nhi",
    b"Content-Disposition: attachment; filename*=gbk''%CE%A5%D4%BC.pdf\n\nhi",
    b"Content-Disposition: attachment;\r\n filename*=\"utf-8'zh-cn'%E6%B3%A8.pdf\"\r\n\r\nhi",
    b"Content-Disposition: attachment; filename*0*=utf-8''a.e; filename*1*=ml\n\nhi",
    b"Content-Disposition: attachment; filename*0*=utf-8''%E9%80%80.pdf\n\nhi",
    b"Content-Type: application/pdf; name*=us-ascii'en'report.pdf\n\nhi",
    b"Content-Type: application/pdf; name*=us-ascii'en'John's.eml\n\nhi",
    b"Content-Disposition: attachment; filename=\"a*b.pdf\"\n\nhi",
    b"Content-Disposition: attachment;\n filename*0*=utf-8''%E9%80%80;\n filename*1*=%E5%87%AD.pdf\n\nhi",
    b"Content-Disposition: attachment; filename*1*=ml; filename*0*=utf-8''a.e\n\nhi",
    b"Content-Disposition: attachment; filename*0=\"a.e\"; filename*1=\"ml\"\n\nhi",
    b"Content-Disposition: attachment; filename*0=\"a.e\"; name*0=\"x\"; filename*1=\"ml\"\n\nhi",
    b"Content-Disposition: attachment; filename*0*=utf-7''a.+AGUA; filename*1*=bQBs-\n\nhi",
    b"Content-Disposition: attachment; filename*0*=gbk''%CE; filename*0*=%A5.pdf\n\nhi",
    b"Content-Disposition: attachment; filename*=utf-8''%CE.pdf; filename*0=\"b.eml\"\n\nhi",
    b"Content-Disposition: attachment; filename*0=\"a*b\"; filename*1=\"c.pdf\"\n\nhi",
    b"Content-Disposition: attachment; filename*0=\"a.e\"; x-filename*1=\"zz\"; filename*2=\"ml\"\n\nhi",
    b"Content-Disposition: attachment; x=\"; filename*1=zz\"; filename*0=\"a.e\"; filename*2=\"ml\"\n\nhi",
    b"Content-Disposition: attachment; filename=\"x.pdf\"; filename*=gbk''%CE%A5.pdf\n\nhi",
    b"Content-Type: application/octet-stream; name=\"fwd.eml\"\n\nhi",
    b"Content-Disposition: attachment; filename=\"\xe4\xb8\xad.eml\"\n\nhi",
    b"Content-Transfer-Encoding: base64\n\n5Lit5paH\n5Lit5paH\n",
    b"Content-Transfer-Encoding: BASE64 \n\n5Lit5paH5Lit\n",
    b"Content-Transfer-Encoding: base64\n\n5Lit5pa\n",
    b"Content-Transfer-Encoding: base64\n\n5Lit*5paH\n",
    b"Content-Transfer-Encoding: base64\n\n5Li=t5paH\n",
    b"Content-Transfer-Encoding: quoted-printable\n\n=E4=B8=AD=\nabc=3D\n",
    b"Content-Transfer-Encoding: 8bit\n\n\xe4\xb8\xad\n",
    b"Content-Transfer-Encoding: x-uuencode\n\nbegin 644 a\n#86)C\n`\nend\n",
    b"\n\nno headers at all",
    b"Content-Type: multipart/mixed;\r\n boundary=\"----=_NextPart_000 \"\r\n\r\nhi",
    b"Content-Type: multipart/mixed; BOUNDARY=----=_Part_1\n\nhi",
    b"Content-Type: multipart/mixed; boundary=\"a;b\"\n\nhi",
    b"Content-Type: multipart/mixed; boundary=\"\"\n\nhi",
    b"Content-Type: multipart/mixed; boundary=\"a\\\"b\"\n\nhi",
    b"Content-Type: multipart/mixed; boundary=abc; charset=x\n\nhi",
    b"Content-Type: multipart/mixed; boundary*=us-ascii''a%41b\n\nhi",
    b"Content-Type: multipart/mixed; boundary=\"\xe4\xb8\xad\"\n\nhi",
    b"Content-Type: text/plain; x-boundary=1\n\nhi",
]


@pytest.mark.parametrize("raw", CRAFTED)
def test_parts_answer_as_the_stdlib_on_crafted_headers(raw):
    assert_same_answers(email.message_from_bytes(raw))


TYPES = ["text/plain", "TEXT/html", "text", "multipart/mixed", "application/pdf", "message/rfc822", ""]
TYPE_PARAMS = ["; charset=utf-8", '; charset="GBK"', ";\r\n\tcharset=gb2312", "; CHARSET = big5 ", "; charset*=utf-8''x",
               '; name="a.eml"', "; name=report.pdf", "; name*=gbk''%CE%A5.pdf", "; name*=utf-8''%65ml", '; boundary="b1"',
               "; boundary=b=2", '; boundary="a;b"', "; format=flowed", ";", "; name*0*=utf-8''a.e; name*1*=ml",
               '; name="=?utf-8?B?YS5lbWw=?="', '; boundary=" s "']
NAME_PARAMS = ['; filename*0="a.e"', '; filename*2="ml"', "; filename*1*=ml", '; x-filename*1="zz"', '; x="; filename*1=zz"',
               "; filename*0*=utf-8''a.e", "; filename*=gbk''%CE.pdf", '; filename="x.pdf"', "; filename*3=l",
               '; filename*1="m"', "; filename*0*=utf-7''a.+AGUA", '; name*0="b.e"', "; filename*=utf-8''a%2Eeml"]
ENCODINGS = [None, "base64", "BASE64 ", "quoted-printable", "7bit", "8bit", "x-uuencode"]
BODIES = [b"hello\r\nworld\r\n", base64.encodebytes("中文".encode() * 9), b"YWJ", b"5Lit*5paH\n", b"=E4=B8=AD=\r\nx=3D\r\n",
          "中文".encode("gbk"), b"", b"5Li=t5paH\n"]


def outcome(call, *args):
    try:
        return "ok", call(*args)
    except Exception as exc:  # the stdlib raises on some malformed parameters
        return "error", type(exc)


def test_parts_answer_as_the_stdlib_on_random_headers():
    rnd = random.Random(2026)
    for _ in range(4000):
        lines = ["Content-Type: " + rnd.choice(TYPES) + "".join(rnd.sample(TYPE_PARAMS, rnd.randint(0, 2)))]
        lines.append("Content-Disposition: attachment" + "".join(rnd.choice(NAME_PARAMS) for _ in range(rnd.randint(0, 4))))
        if encoding := rnd.choice(ENCODINGS):
            lines.append("Content-Transfer-Encoding: " + encoding)
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + rnd.choice(BODIES)
        try:
            part = email.message_from_bytes(raw)
        except TypeError:  # the stdlib's own parser fails on some mixed RFC 2231 sections
            continue
        found = parts.read(part)
        header = str(part.get("content-type")).lower()
        assert outcome(is_eml, part, found) == outcome(stdlib_is_eml, part), raw
        assert outcome(parts.disposition, part, found) == outcome(part.get_content_disposition), raw
        assert outcome(parts.content_type, part, found) == outcome(part.get_content_type), raw
        # Where the header names no charset/boundary the stdlib is not asked (it may raise).
        if "charset" in header:
            assert outcome(parts.charset, part, found) == outcome(part.get_content_charset), raw
        if "boundary" in header:
            assert outcome(parts.boundary, part, found) == outcome(part.get_boundary), raw
        if not part.is_multipart():
            assert outcome(parts.payload, part, found) == outcome(stdlib_payload, part), raw


def test_type_and_charset_depend_only_on_the_content_type_string():
    # The MIME walk keeps content_type_of()/charset_of() answers per message by
    # header string: any two parts sharing the string must get the same answers
    # from the stdlib, and the first part's answers must be right for the second.
    seen: dict[str, tuple[str, str | None]] = {}
    for part in corpus_parts():
        value = parts.fetch(part, parts.read(part), "content-type")
        if type(value) is not str:
            continue
        stdlib = (part.get_content_type(), part.get_content_charset())
        assert (parts.content_type_of(part, value), parts.charset_of(part, value)) == stdlib
        assert seen.setdefault(value, stdlib) == stdlib
