"""Text parts read as the sender wrote them, not as mail-parser's texts read.

mail-parser NFC-normalises every text it decodes (a compatibility ideograph becomes
its unified twin, a decomposed accent a precomposed one), and nothing in its
output says where it did; so its texts are never taken for ours.
"""

from __future__ import annotations

import base64
import quopri
import random
import unicodedata

import mailparser  # type: ignore[import-untyped]
import pytest

from pipeline.parsing import mime

# U+F92C is GBK's compatibility form of 郎 (U+90CE); 'e' + U+0301 is 'é' decomposed.
NOT_NFC = "订单 \uf92c 郎 cafe\u0301 K\u212a"
ENCODINGS = {
    "base64": base64.encodebytes,
    "quoted-printable": quopri.encodestring,
    "8bit": lambda data: data,
}


def message(body: bytes, charset: str, encoding: str, subtype: str = "plain") -> bytes:
    return (f"From: a@b.example\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/{subtype}; charset={charset}\r\n"
            f"Content-Transfer-Encoding: {encoding}\r\n\r\n").encode() + ENCODINGS[encoding](body)


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_a_text_part_keeps_characters_that_nfc_would_fold(charset, encoding):
    text = NOT_NFC if charset == "utf-8" else NOT_NFC.replace("\u0301", "").replace("\u212a", "")
    raw = message(text.encode(charset), charset, encoding)
    assert unicodedata.normalize("NFC", text) != text
    assert mime.parse(raw).plain.rstrip("\n") == text


def test_mail_parser_still_folds_them_so_its_texts_cannot_stand_for_ours():
    raw = message(NOT_NFC.encode(), "utf-8", "base64", "html")
    parsed = mailparser.parse_from_bytes(raw)
    assert parsed.text_html[0].rstrip("\n") == unicodedata.normalize("NFC", NOT_NFC)
    assert mime.parse(raw).markup.rstrip("\n") == NOT_NFC


def repeated_parts_message(order: list[int]) -> bytes:
    bodies = [
        (b'text/html; charset="utf-8"', b"base64", base64.encodebytes("<p>订单 1</p>\r\n".encode())),
        (b'text/html; charset="utf-8"', b"base64", base64.encodebytes("<p>订单 2</p>\r\n".encode())),
        (b"text/plain; charset=utf-8", b"8bit", "退款\r\n".encode("gb18030")),  # fails as UTF-8: a defect
        (b"text/plain; charset=gbk", b"8bit", "退款\r\n".encode("gb18030")),
        (b"text/plain", b"base64", b"not base64!\r\n"),
        ('text/plain; charset=utf-8; x="中"'.encode(), b"8bit", "中文\r\n".encode()),  # a Header-valued type
    ]
    out = b'From: a@b.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
    for index in order:
        ctype, encoding, body = bodies[index]
        out += b"--b\r\nContent-Type: " + ctype + b"\r\nContent-Transfer-Encoding: " + encoding + b"\r\n\r\n" + body + b"\r\n"
    return out + b"--b--\r\n"


def test_repeated_parts_decode_as_each_part_alone():
    rnd = random.Random(7)
    for _ in range(200):
        order = [rnd.choice([0, 0, 0, 1, 2, 3, 4, 5, 5]) for _ in range(rnd.randint(1, 12))]
        mail = mime.parse(repeated_parts_message(order))
        expected: dict[str, list[str]] = {"text/plain": [], "text/html": []}
        defects = []
        for part in mail.message.walk():
            if part.is_multipart():
                continue
            found = mime.parts.read(part)
            value = mime.parts.fetch(part, found, "content-type")
            text, defect = mime._decoded(part, found, value, mime._Walk())
            ctype = part.get_content_type()
            expected[ctype].append(text)
            if defect:
                defects.append(f"{ctype}: {defect}")
        assert mail.plain == mime._joined(expected["text/plain"]), order
        assert mail.markup == mime._joined(expected["text/html"]), order
        assert [d for d in mail.defects if d in defects] == defects, order
