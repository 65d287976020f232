"""Header fast paths answer exactly what the stdlib (or the plain algorithm) answers.

Each fast path is checked against its reference on every header of the corpora
and on hand-made variants around the edges of the fast form.
"""

from __future__ import annotations

import base64
import email
import quopri
import random
import re
from datetime import datetime
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

import pytest

from pipeline.parsing import headers
from pipeline.parsing.charsets import codec_for, decode_8bit

TESTS = Path(__file__).resolve().parent
SHARED = TESTS.parents[1] / "shared" / "corpus"
ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To", "Sender")


def corpus_files() -> list[Path]:
    files = sorted(TESTS.glob("corpus*/*.eml")) + sorted((SHARED / "domain-dev").glob("*.eml"))
    listing = SHARED / "peer" / "raw-files.txt"
    if listing.exists():
        files += [SHARED / "peer" / line.strip() for line in listing.read_text().splitlines() if line.strip()]
    return [f for f in files if f.is_file()]


@pytest.fixture(scope="module")
def corpus_headers() -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for path in corpus_files():
        for part in email.message_from_bytes(path.read_bytes()).walk():
            for name in (*ADDRESS_HEADERS, "Subject", "Date", "Message-ID", "In-Reply-To", "References"):
                for value in part.get_all(name) or []:
                    found.setdefault(name, []).append(value)
    return found


def reference_date(value: object) -> datetime | None:
    try:
        return parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None


def reference_addresses(value: str) -> list[tuple[str, str]]:
    pairs = getaddresses([value])
    return [(headers.decode_value(name), addr.strip().lower()) for name, addr in pairs if "@" in addr]


def reference_words(text: str) -> str:
    """The plain algorithm: finditer over the words, flushing each run of adjacent ones."""
    text = re.sub(r"(\?=)\s+(=\?)", r"\1\2", text)
    out, pending, pos = [], [], 0

    def flush() -> str:
        if not pending:
            return ""
        data = b"".join(chunk for _, chunk in pending)
        codec = codec_for(pending[0][0].split("*")[0])
        pending.clear()
        if codec:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
        return decode_8bit(data)

    for match in headers.ENCODED_WORD.finditer(text):
        if match.start() != pos:
            out.append(flush())
            out.append(text[pos:match.start()])
        payload = match.group(3)
        if match.group(2) in "Bb":
            padded = payload + "=" * (-len(payload) % 4)
            try:
                chunk = base64.b64decode(padded)
            except ValueError:
                chunk = padded.encode("ascii", "replace")
        else:
            chunk = quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"))
        pending.append((match.group(1), chunk))
        pos = match.end()
    out.append(flush())
    out.append(text[pos:])
    return "".join(out)


DATES = [
    "Tue, 07 May 2024 07:50:03 +0800",
    "7 May 2024 07:50:03 +0800",
    "Tue, 7 MAY 2024 07:50:03 +0800 (CST)",
    "  Tue, 07 may 2024 07:50:03 -0000\r\n",
    "Tue, 07 May 2024 07:50:03 +0000",
    "Tue, 07 May 2024 07:50:03 -0030",
    "Tue, 07 May 2024 07:50:03 +1400",
    "Tue, 07 May 2024 07:50:03 +1459",
    "Tue, 07 May 2024 07:50:03 +0860",
    "Tue, 07 May 2024 07:50:03 +2400",
    "Tue, 07 May 2024 07:50:03 +9999",
    "Tue, 31 Feb 2024 07:50:03 +0800",
    "Tue, 00 May 2024 07:50:03 +0800",
    "Tue, 07 May 0024 07:50:03 +0800",
    "Tue, 07 May 1024 07:50:03 +0800",
    "Tue, 07 May 2024 24:00:00 +0800",
    "Tue, 07 May 2024 23:59:60 +0800",
    "Tue, 07 May 2024 23:60:00 +0800",
    "Tue, 07 Foo 2024 07:50:03 +0800",
    "Tue, 07 May 2024 07:50:03 CST",
    "Tue,07 May 2024 07:50:03 +0800",
    "Tue, 07 May 2024 07:50 +0800",
    "Tue, 07 May 24 07:50:03 +0800",
    "Tue, 07 May 2024 07:50:03 +0800 (China Standard Time)",
]


@pytest.mark.parametrize("value", DATES)
def test_date_matches_parsedate_to_datetime_on_edge_forms(value):
    assert repr(headers.date(value)) == repr(reference_date(value))


def test_date_matches_parsedate_to_datetime_on_every_corpus_date(corpus_headers):
    for value in corpus_headers["Date"]:
        assert repr(headers.date(value)) == repr(reference_date(value)), value


ADDRESSES = [
    '"Chen Jing" <chenjing.shop@gmail.example>',
    '"Chen  Jing"\r\n <Chen@Gmail.Example>',
    '  "" <a@b.example>  ',
    '"Last, First" <a@b.example>',
    '"a (b) c" <a@b.example>',
    '"=?utf-8?B?5ouJ5Y2h5ouJ?=" <a@b.example>',
    '"Chen\\" Jing" <a@b.example>',
    '"Chen" Jing <a@b.example>',
    '"Chen Jing" <a@b.example>, b@c.example',
    '=?gb2312?B?1cXOsA==?= <zhangwei@outlook.example>',
    "Zhang Wei <zhang.wei@x.example>",
    "  Zhang \t Wei \r\n <zhang.wei@x.example> ",
    "=?utf-8?B?5ouJ5Y2h5ouJ?=   <a@b.example>",
    "=?utf-8?B?5ouJ?= =?utf-8?B?5Y2h5ouJ?=\r\n\t<a@b.example>",
    "<intake@pos-assist.test>",
    "intake@pos-assist.test",
]


@pytest.mark.parametrize("value", ADDRESSES)
def test_addresses_match_getaddresses_on_edge_forms(value):
    assert headers.addresses(value) == reference_addresses(value)


def test_addresses_match_getaddresses_on_every_plain_corpus_address(corpus_headers):
    for name in ADDRESS_HEADERS:
        for value in corpus_headers.get(name, []):
            if isinstance(value, str) and value.isascii():
                assert headers.addresses(value) == reference_addresses(value), value


WORDS = [
    "=?utf-8?B?5ouJ5Y2h5ouJ?=",
    "Fwd: =?UTF-8?B?5rW356eR?= =?UTF-8?B?6J6N6YCa?= tail",
    "=?gb2312?B?yqK4ts2o?=\r\n =?gb2312?B?vLDV277Jt9E=?= x =?utf-8?Q?a_b=2E?=",
    "=?utf-8?B?5ouJ?==?gbk?B?sePD8c2o?=",
    "=?utf-8?B?not*base64?= =?utf-8?B?5ouJ5Y2h?=",
    "=?unknown-charset?B?5ouJ5Y2h5ouJ?=",
    "=?utf-8*zh?Q?=E4=B8=AD?=",
    "=?utf-8?B?5ouJ5Y2h5ouJ?= plain =?",
    "plain only",
    "=?utf-8?Q?a=E4?= =?utf-8?Q?=B8=AD?= =?utf-8?Q?b_c?= =?utf-8?Q?=E4=B8=AD?=",
    "=?utf-8?Q?a=E?= =?utf-8?Q?4=B8?= =?utf-8?Q?=AD?= =?utf-8?Q?x?=",
    "=?utf-8?Q?a=?= =?utf-8?Q?3Db?= =?utf-8?Q?=3?= =?utf-8?Q?D?=",
    "=?utf-8?Q?a==?= =?utf-8?Q?=3D?= =?utf-8?Q?b=?=",
    "=?utf-8?Q?=E4=B8?= =?utf-8?B?rQ==?= =?utf-8?q?=E4=B8=AD?= =?utf-8?Q?\u00e9?=",
]


@pytest.mark.parametrize("value", WORDS)
def test_encoded_words_decode_as_the_plain_algorithm_on_edge_forms(value):
    assert headers._decode_words(value) == reference_words(value)


def test_encoded_words_decode_as_the_plain_algorithm_on_every_corpus_header(corpus_headers):
    for values in corpus_headers.values():
        for value in values:
            text = headers._raw_text(value)
            assert headers._decode_words(text) == reference_words(text), text


TOKEN_WORDS = [
    *WORDS,
    "Re:  =?utf-8?B?5ouJ?=\r\n =?gbk?B?sePD8c2o?=  tail  ",
    "=?utf-8?B??=",
    "x =?utf-8?B??= y",
    "a?= =?utf-8?B?5ouJ?=",
    "=?utf-8?B?5ouJ?= =?x",
    "=?utf-8?B?5ouJ?= ?= y",
    "=?=",
    "=??B?abc?=",
    "=?utf-8?X?abc?=",
    "=?utf-8?BB?abc?=",
    "=?utf-8?B?a?b?=",
    "\u3000=?utf-8?B?5ouJ?=\u3000=?utf-8?B?5Y2h?=\x85x",
    "=?utf-8?B?IA==?= =?utf-8?B?IGEg?= b",
    "=?utf-8?Q?=E4=B8?= =?utf-8?Q?=AD?= =?gb2312?B?1tA=?=",
    "=?utf-8?B?5ouJ?=\x1c=?utf-8?B?5Y2h?=",
]


@pytest.mark.parametrize("value", TOKEN_WORDS)
def test_clean_headers_equal_the_plain_algorithm_collapsed_on_edge_forms(value):
    assert headers._clean(value) == " ".join(reference_words(value).split())


def test_clean_headers_equal_the_plain_algorithm_collapsed_on_every_corpus_header(corpus_headers):
    for values in corpus_headers.values():
        for value in values:
            text = headers._raw_text(value)
            assert headers._clean(text) == " ".join(reference_words(text).split()), text


def test_clean_headers_equal_the_plain_algorithm_collapsed_on_random_token_mixes():
    rnd = random.Random(11)
    pieces = ["=?utf-8?B?5ouJ?=", "=?UTF-8?b?5Y2h5ouJ?=", "=?gb2312?B?1tA=?=", "=?utf-8?Q?a_=E4=B8?=",
              "=?utf-8?Q?=AD?=", "=?gbk?B?sePD8c2o?=", "=?utf-8?B?IA==?=", "Fwd:", "a?=", "=?", "?=",
              "=?x?B?", "abc", "=?utf-8?B??=", "?", "="]
    gaps = ["", " ", "  ", "\r\n ", "\t", "\u3000"]
    for _ in range(20000):
        text = "".join(rnd.choice(gaps) + rnd.choice(pieces) for _ in range(rnd.randint(1, 5)))
        text += rnd.choice(gaps)
        assert headers._clean(text) == " ".join(reference_words(text).split()), text


def reference_sender(value: object) -> tuple[str, str]:
    pairs = headers.addresses(value)
    return pairs[0] if pairs else (headers.decode_value(value), "")


@pytest.mark.parametrize("value", [*ADDRESSES, None, "", "Undisclosed recipients:;", "=?utf-8?B?5ouJ?="])
def test_sender_is_the_first_mailbox_or_the_whole_decoded_header(value):
    assert headers.sender(value) == reference_sender(value)


def test_sender_is_the_first_mailbox_or_the_whole_decoded_header_on_the_corpus(corpus_headers):
    for value in corpus_headers["From"]:
        assert headers.sender(value) == reference_sender(value), value


def test_bare_addresses_are_the_addresses_of_addresses(corpus_headers):
    values = [*ADDRESSES, None, "Undisclosed recipients:;", "a@b.example, \"X, Y\" <C@D.example>",
              "<a@b.example>,\n\t<C@d.example>, e@f.example", "A <a@b.example>,, c@d.example",
              "a@b.example, (x, y) c@d.example", "g: a@b.example, c@d.example;", "a@b.example,",
              "J. Doe <j@d.example>, k@e.example"]
    for name in ADDRESS_HEADERS:
        values += corpus_headers.get(name, [])
    for value in values:
        assert headers.bare_addresses(value) == [addr for _, addr in headers.addresses(value)], value


@pytest.mark.parametrize("value", ["<a@b>", "<>", "<a b>", "<a\x1cb>", "<a\u3000b>", " <a@b>", "<a@b> ",
                                   "<<a@b>>", "<a@b><c@d>", "<a\n b>", "<\x85>", "<a>"])
def test_message_ids_match_findall_on_edge_forms(value):
    assert headers.message_ids(value) == headers.MSG_ID.findall(value)


def test_message_ids_match_findall_on_every_corpus_id(corpus_headers):
    for name in ("Message-ID", "In-Reply-To", "References"):
        for value in corpus_headers.get(name, []):
            assert headers.message_ids(value) == headers.MSG_ID.findall(str(value))


def test_message_ids_match_findall_on_random_strings():
    rnd = random.Random(5)
    alphabet = ["<", ">", "a", "@", ".", " ", "\t", "\n", "\x1c", "\x85", "\u3000", "\x0b", "-"]
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 8)))
        text = f"<{text}>" if rnd.random() < 0.5 else text
        assert headers.message_ids(text) == headers.MSG_ID.findall(text)
