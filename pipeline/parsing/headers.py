"""Header values: RFC 2047 encoded words (split, malformed) and raw 8-bit bytes."""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from datetime import datetime
from email.header import Header, decode_header
from email.utils import getaddresses, parsedate_to_datetime

from pipeline.parsing.charsets import codec_for, decode_8bit

ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=")
# Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")
MSG_ID = re.compile(r"<[^<>\s]+>")
# One mailbox in its plain forms: 'Name <local@domain>', '<local@domain>', 'local@domain'.
# getaddresses() walks the header in Python character by character; for these forms
# it returns the atoms of the name joined by single spaces (decode_value() collapses
# whitespace anyway) and the address as written.  Anything else goes to getaddresses().
_ATEXT = r"A-Za-z0-9!#$%&'*+\-/=?^_`{|}~."
_ADDR = rf"[{_ATEXT}]+@[A-Za-z0-9.\-]+"
_FWS = r"[ \t\r\n]*"
SIMPLE_ADDRESS = re.compile(rf"{_FWS}(?:([{_ATEXT} \t\r\n]*?){_FWS}<({_ADDR})>|({_ADDR})){_FWS}")
# Raw 8-bit header bytes arrive as these surrogates (surrogateescape); a regex finds them in C.
RAW_BYTE = re.compile("[\udc80-\udcff]")


def decode_value(value: object) -> str:
    """Return a header value as clean text, whatever the sender did to it."""
    if value is None:
        return ""
    text = _raw_text(value)
    if RAW_BYTE.search(text):
        text = decode_8bit(text.encode("ascii", "surrogateescape"))
    if "=?" in text:
        text = _decode_words(text)
    return " ".join(text.split())


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
    text = BETWEEN_WORDS.sub(r"\1\2", text)
    out: list[str] = []
    pos = 0
    pending: list[tuple[str, bytes]] = []
    for match in ENCODED_WORD.finditer(text):
        if match.start() != pos:
            out.append(_flush(pending))
            out.append(text[pos:match.start()])
        pending.append((match.group(1), _word_bytes(match.group(2), match.group(3))))
        pos = match.end()
    out.append(_flush(pending))
    out.append(text[pos:])
    return "".join(out)


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding in "Bb":
        payload = payload + "=" * (-len(payload) % 4)
        try:
            return base64.b64decode(payload)
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    return quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"))


def _flush(pending: list[tuple[str, bytes]]) -> str:
    """Decode adjacent words together: senders split multibyte characters across words."""
    if not pending:
        return ""
    charset = pending[0][0].split("*")[0]
    data = b"".join(chunk for _, chunk in pending)
    pending.clear()
    codec = codec_for(charset)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return decode_8bit(data)


def addresses(value: object) -> list[tuple[str, str]]:
    """Return (display name, bare lowercase address) pairs of an address header."""
    if value is None:
        return []
    if isinstance(value, str) and value.isascii():
        simple = SIMPLE_ADDRESS.fullmatch(value)
        if simple:
            name, addr = simple.group(1) or "", simple.group(2) or simple.group(3)
            return [(decode_value(name), addr.lower())]
    raw = _raw_text(value)
    if RAW_BYTE.search(raw):
        raw = decode_8bit(raw.encode("ascii", "surrogateescape"))
    try:
        pairs = getaddresses([raw])
    except (ValueError, TypeError, IndexError, AttributeError):  # stdlib errors on garbage
        return []
    return [(decode_value(name), addr.strip().lower()) for name, addr in pairs if "@" in addr]


def date(value: object) -> datetime | None:
    """Parse a Date header; None when absent or unparseable."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None


def message_ids(value: object) -> list[str]:
    """Return the <id> tokens of In-Reply-To / References, brackets kept."""
    return MSG_ID.findall(str(value)) if value else []
