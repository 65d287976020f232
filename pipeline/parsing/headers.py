"""Header values: RFC 2047 encoded words (split, malformed) and raw 8-bit bytes."""

from __future__ import annotations

import binascii
import re
from datetime import datetime
from email.header import Header, decode_header
from email.utils import getaddresses, parsedate_to_datetime

from pipeline.parsing.charsets import COMMON_CODECS, codec_for, decode_8bit, strict

ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=")
# Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
BETWEEN_WORDS = re.compile(r"\?=\s+=\?")
MSG_ID = re.compile(r"<[^<>\s]+>")
# One mailbox in its plain forms: 'Name <local@domain>', '<local@domain>', 'local@domain'.
# getaddresses() walks the header in Python character by character; for these forms
# it returns the atoms of the name joined by single spaces (decode_value() collapses
# whitespace anyway) and the address as written.  Anything else goes to getaddresses().
_ATEXT = r"A-Za-z0-9!#$%&'*+\-/=?^_`{|}~."
_ADDR = rf"[{_ATEXT}]+@[A-Za-z0-9.\-]+"
_FWS = r"[ \t\r\n]*"
# A quoted name without backslashes is returned as written between the quotes.
# The unquoted name is taken up to the '<' (greedy: a lazy group retries at every
# character); its trailing whitespace is stripped after the match.
SIMPLE_ADDRESS = re.compile(
    rf'{_FWS}(?:"([^"\\\r]*)"{_FWS}<({_ADDR})>|([{_ATEXT} \t\r\n]*)<({_ADDR})>|({_ADDR})){_FWS}'
)
# 'Tue, 07 May 2024 07:50:03 +0800 (CST)': what nearly all mail sends.  The stdlib
# parser splits on whitespace, drops the day name, ignores anything after the zone and
# takes a four-digit year from 1000 up as is.  Fields are range-checked here so that
# datetime.fromisoformat() accepts exactly what the stdlib's datetime() call accepts.
MONTHS = {name: f"{number:02d}" for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
SIMPLE_DATE = re.compile(
    r"[ \t\r\n]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2})"
    r" ((?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)) ([1-9]\d{3})"
    r" ((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d) ([+-](?:0\d|1[0-4]))([0-5]\d)"
    r"(?: \([A-Za-z0-9 +:-]*\))?[ \t\r\n]*"
)
# Raw 8-bit header bytes arrive as these surrogates (surrogateescape); a regex finds them in C.
RAW_BYTE = re.compile("[\udc80-\udcff]")
WORD_ENCODINGS = frozenset("BbQq")


def decode_value(value: object) -> str:
    """Return a header value as clean text, whatever the sender did to it."""
    if value is None:
        return ""
    if type(value) is str and value.isascii():  # most headers: nothing raw to decode first
        return _clean(value)
    return _clean(_text(value))


def _text(value: object) -> str:
    """The header as text with raw 8-bit bytes decoded; encoded words are left as they are."""
    text = _raw_text(value)
    if not text.isascii() and RAW_BYTE.search(text):
        text = decode_8bit(text.encode("ascii", "surrogateescape"))
    return text


def _clean(text: str) -> str:
    if "=?" not in text:
        return " ".join(text.split())
    tokens = text.split()
    if len(tokens) == 1:  # one word alone (most subjects and names): decoded here
        fields = tokens[0].split("?")
        if len(fields) == 5 and fields[0] == "=" == fields[4] and fields[1] and fields[2] in WORD_ENCODINGS:
            return " ".join(_decoded(fields[1], _word_bytes(fields[2], fields[3])).split())
    decoded = _token_words(tokens)
    return " ".join((_decode_words(text) if decoded is None else decoded).split())


def _token_words(tokens: list[str]) -> str | None:
    """_decode_words() of the text split into `tokens` when each token is one whole
    encoded word or holds neither '=?' nor '?=' (nearly every header), else None.

    Then no word starts or ends inside a token, words are apart exactly where only
    whitespace parts them, and the tokens around a run stay apart: the runs decoded
    and the other tokens, joined by spaces, split as the decoded text splits.
    """
    out: list[str] = []
    charset = ""
    encodings: list[str] = []  # of the current run of adjacent words
    payloads: list[str] = []
    for token in tokens:
        fields = token.split("?")
        if len(fields) == 5 and fields[0] == "=" == fields[4] and fields[1] and fields[2] in WORD_ENCODINGS:
            if not payloads:
                charset = fields[1]
            encodings.append(fields[2])
            payloads.append(fields[3])
        elif "=?" in token or "?=" in token:
            return None
        else:
            if payloads:
                out.append(_run_text(charset, encodings, payloads))
                encodings, payloads = [], []
            out.append(token)
    if payloads:
        out.append(_run_text(charset, encodings, payloads))
    return " ".join(out)


def _raw_text(value: object) -> str:
    """The header as text; compat32 wraps raw 8-bit headers in a Header object."""
    if not isinstance(value, Header):
        return str(value)
    chunks = []
    for data, charset in decode_header(value):
        if isinstance(data, str):
            chunks.append(data)
        elif charset in (None, "unknown-8bit"):
            chunks.append(decode_8bit(data))
        else:
            chunks.append(data.decode(codec_for(charset) or "utf-8", "replace"))
    return "".join(chunks)


def _decode_words(text: str) -> str:
    # One word and nothing else (a display name, a short subject) holds one '=?':
    # a failing fullmatch backtracks through the first word's payload.
    whole = ENCODED_WORD.fullmatch(text) if text.count("=?") == 1 else None
    if whole:
        return _joined(whole.group(1), [_word_bytes(whole.group(2), whole.group(3))])
    # split() yields literal text, then (charset, encoding, payload, literal) per word:
    # words with nothing between them (after BETWEEN_WORDS) are decoded together.
    # A literal replacement: a template with group references is expanded in Python.
    pieces = ENCODED_WORD.split(BETWEEN_WORDS.sub("?==?", text))
    out = [pieces[0]]
    first = 1
    for i in range(1, len(pieces), 4):
        literal = pieces[i + 3]
        if literal or i + 4 >= len(pieces):
            run = pieces[first:i + 3]
            out.append(_joined(run[0], _run_bytes(run[1::4], run[2::4])))
            out.append(literal)
            first = i + 4
    return "".join(out)


def _run_bytes(encodings: list[str], payloads: list[str]) -> list[bytes]:
    """The bytes of a run of adjacent words.

    A run of Q words is decoded in one call when no word ends inside an '=XX'
    escape: a2b_qp then reads every escape within its own word, as word by word.
    """
    if len(payloads) > 2 and all(e in "Qq" for e in encodings) and not any(
        "=" in payload[-2:] for payload in payloads[:-1]
    ):
        return [_word_bytes("Q", "".join(payloads))]
    return list(map(_word_bytes, encodings, payloads))


def _word_bytes(encoding: str, payload: str) -> bytes:
    # binascii directly: base64.b64decode and quopri.decodestring are wrappers around it.
    if encoding in "Bb":
        payload = payload + "=" * (-len(payload) % 4)
        try:
            return binascii.a2b_base64(payload)
        except ValueError:  # binascii.Error, or a non-ASCII payload
            return payload.encode("ascii", "replace")
    return binascii.a2b_qp(payload.replace("_", " ").encode("ascii", "replace"))


def _run_text(charset: str, encodings: list[str], payloads: list[str]) -> str:
    """_joined(charset, _run_bytes(encodings, payloads)); a lone word (most headers) directly."""
    if len(payloads) == 1:
        return _decoded(charset, _word_bytes(encodings[0], payloads[0]))
    return _decoded(charset, b"".join(_run_bytes(encodings, payloads)))


def _joined(charset: str, chunks: list[bytes]) -> str:
    """Decode adjacent words together: senders split multibyte characters across words."""
    return _decoded(charset, b"".join(chunks))


def _decoded(charset: str, data: bytes) -> str:
    # A label of the table holds no '*' (an RFC 2231 language): it is its own lookup.
    codec = COMMON_CODECS.get(charset) or codec_for(charset.split("*")[0])
    if codec:
        try:
            return strict(data, codec)
        except UnicodeDecodeError:
            pass
    return decode_8bit(data)


def addresses(value: object) -> list[tuple[str, str]]:
    """Return (display name, bare lowercase address) pairs of an address header."""
    if value is None:
        return []
    return _simple_address(value) or _parsed_addresses(_text(value))


def bare_addresses(value: object) -> list[str]:
    """The bare lowercase addresses of addresses(value), without decoding any name."""
    if value is None:
        return []
    if isinstance(value, str) and value.isascii():
        # Without quotes, commas only separate mailboxes; each must be a simple one.
        found = [SIMPLE_ADDRESS.fullmatch(item) for item in (value.split(",") if '"' not in value else [value])]
        if all(found):
            return [(simple.group(2) or simple.group(4) or simple.group(5)).lower() for simple in found]
    return [addr.strip().lower() for _, addr in _address_pairs(_text(value)) if "@" in addr]


def sender(value: object) -> tuple[str, str]:
    """(display name, bare lowercase address) of a From header's first mailbox.

    Without any address the whole decoded header is the name; it is decoded once
    for both questions (a raw 8-bit header may need charset guessing).
    """
    if value is None:
        return "", ""
    simple = _simple_address(value)
    if simple:
        return simple[0]
    text = _text(value)
    pairs = _parsed_addresses(text)
    return pairs[0] if pairs else (_clean(text), "")


def _simple_address(value: object) -> list[tuple[str, str]]:
    """The one mailbox of a SIMPLE_ADDRESS header, [] for any other header."""
    if not isinstance(value, str) or not value.isascii():
        return []
    simple = SIMPLE_ADDRESS.fullmatch(value)
    if not simple:
        return []
    quoted, quoted_addr, name, named_addr, addr = simple.groups()
    if quoted is not None:
        return [(decode_value(quoted), quoted_addr.lower())]
    return [(decode_value((name or "").rstrip(" \t\r\n")), (named_addr or addr).lower())]


def _parsed_addresses(text: str) -> list[tuple[str, str]]:
    return [(decode_value(name), addr.strip().lower()) for name, addr in _address_pairs(text) if "@" in addr]


def _address_pairs(text: str) -> list[tuple[str, str]]:
    try:
        return getaddresses([text])
    except (ValueError, TypeError, IndexError, AttributeError):  # stdlib errors on garbage
        return []


def date(value: object) -> datetime | None:
    """Parse a Date header; None when absent or unparseable."""
    if not value:
        return None
    text = str(value)
    simple = SIMPLE_DATE.fullmatch(text)
    try:
        if simple:
            return _simple_date(*simple.groups())
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _simple_date(day: str, month: str, year: str, clock: str, hours: str, minutes: str) -> datetime:
    """parsedate_to_datetime() of a SIMPLE_DATE match; -0000 means no zone (RFC 5322 §3.3)."""
    stamp = f"{year}-{MONTHS[month.lower()]}-{day:0>2}T{clock}"
    if hours == "-00" and minutes == "00":
        return datetime.fromisoformat(stamp)
    return datetime.fromisoformat(f"{stamp}{hours}:{minutes}")


def message_ids(value: object) -> list[str]:
    """Return the <id> tokens of In-Reply-To / References, brackets kept."""
    if not value:
        return []
    text = str(value)
    # One bare '<id>' (nearly every Message-ID): what findall() returns is the text itself.
    # split() finds whitespace as \s does (str.isspace); no other '<' or '>' may occur.
    if (text[0] == "<" and text[-1] == ">" and len(text) > 2 and text.count("<") == 1
            and text.count(">") == 1 and len(text.split(None, 1)) == 1):
        return [text]
    return MSG_ID.findall(text)
