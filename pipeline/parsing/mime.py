"""The MIME layer: mail-parser parses the message once, we read its tree.

mail-parser decodes text parts with the declared charset only, which garbles
gb2312-labelled GBK text, and NFC-normalises what it decodes; so text parts are
decoded here from the same `email.message.Message` tree mail-parser built (the
message is parsed once).  Its texts are never taken: NFC folds characters a
sender wrote (a compatibility ideograph, a decomposed accent) into others, and
its output cannot tell where it did.
"""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.parser import HeaderParser
from functools import cached_property

import mailparser  # type: ignore[import-untyped]

from pipeline.errors import ParseError
from pipeline.parsing import attached, charsets, headers, html, parts

ATTACHED_TYPES = frozenset({"message/rfc822", "message/global"})
HEADER_ONLY_TYPES = frozenset({"text/rfc822-headers", "message/rfc822-headers"})
# Real mail nests a few levels; pathological mail nests until the stack runs out.
MAX_DEPTH = 60
MAX_NESTING = 8


@dataclass
class ParsedMail:
    """One message (outer or attached) reduced to what analysis needs."""

    message: Message
    subject: str = ""
    from_name: str = ""
    from_addr: str = ""
    to_addrs: list[str] = field(default_factory=list)
    date: datetime | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    plain: str = ""
    markup: str = ""
    attached: list[ParsedMail] = field(default_factory=list)
    attached_messages: list[Message] = field(default_factory=list)
    # Bytes of attachments that arrived as files (.eml); None for message/rfc822 parts.
    attached_files: list[bytes | None] = field(default_factory=list)
    raw: bytes = field(default=b"", repr=False)
    nesting: int = 0
    returned_headers: list[ParsedMail] = field(default_factory=list)
    status_recipients: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        """Decoded value of header `name` (case-insensitive), '' if absent."""
        return headers.decode_value(parts.fetch(self.message, self._header_map, name))

    @cached_property
    def _header_map(self) -> parts.Headers:
        return parts.read(self.message)

    @cached_property
    def html_text(self) -> str:
        """Visible text of the HTML part (converted on first use: it is costly)."""
        return html.to_text(self.markup) if self.markup else ""

    def attached_bytes(self, index: int) -> bytes | None:
        """Bytes of attached message `index` as received, None if there is none."""
        if index >= len(self.attached_messages):
            return None
        if self.attached_files[index] is not None:
            return self.attached_files[index]
        rfc822_index = self.attached_files[:index].count(None)
        return attached.original_bytes(self.raw, self.message, self.attached_messages[index], rfc822_index)

    @cached_property
    def content_type(self) -> str:
        # Asked by several steps; get_content_type() re-reads and re-splits the header.
        return self.message.get_content_type()


def parse(raw: bytes) -> ParsedMail:
    """Parse raw bytes; raise ParseError if they are not a message at all."""
    if not raw or raw.isspace():  # strip() would copy the whole message to find out
        raise ParseError("empty input: not a message")
    try:
        parsed = mailparser.parse_from_bytes(raw)
    except Exception as exc:  # mail-parser raises bare exceptions on garbage
        raise ParseError(f"mail-parser could not parse the message: {exc}") from exc
    message = parsed.message
    if message is None or (len(message) == 0 and not message.get_payload()):
        raise ParseError("no headers and no body: not a message")
    mail = from_message(message)
    mail.raw = raw
    if parts.fetch(message, mail._header_map, "Date") and mail.date is None:
        mail.defects.append("Date header cannot be parsed")
    mail.defects[:0] = sorted(parsed.defects_categories)
    return mail


def from_message(message: Message, nesting: int = 0) -> ParsedMail:
    """Build a ParsedMail from an already parsed stdlib message tree.

    `nesting` counts attached messages around this one; past MAX_NESTING
    (or MAX_DEPTH multipart levels) the rest is skipped and recorded as a defect.
    """
    mail = _with_headers(message)
    mail.nesting = nesting
    walk = _Walk()
    _collect(message, mail, 0, walk, mail._header_map)
    # Joined once at the end: appending part by part is quadratic on many-part mail.
    mail.plain = _joined(walk.bodies["text/plain"])
    mail.markup = _joined(walk.bodies["text/html"])
    return mail


def _joined(texts: list[str]) -> str:
    """The texts joined by newlines, from the first non-empty one (no leading separators)."""
    start = 0
    while start < len(texts) and not texts[start]:
        start += 1
    return "\n".join(texts[start:] if start else texts)


class _Walk:
    """The texts one walk gathers, and answers it reuses within the message.

    Parts of one message mostly repeat a few Content-Type values (one mail has
    3,000 identical ones); content_type_of() and charset_of() depend on nothing
    else when the value is a str, so each distinct value is read once.  Such a
    mail repeats whole parts back to back: a text part equal to the one before
    (stored body, Content-Type, Content-Transfer-Encoding) is not decoded again.
    """

    __slots__ = ("bodies", "types", "charsets", "last")

    def __init__(self) -> None:
        self.bodies: dict[str, list[str]] = {"text/plain": [], "text/html": []}
        self.types: dict[str, str] = {}
        self.charsets: dict[str, str | None] = {}
        # ((body, Content-Type, Content-Transfer-Encoding header), (text, defect)) of the last text part.
        self.last: tuple[tuple[object, object, object], tuple[str, str | None]] | None = None


# The headers _with_headers() reads, fetched in one call.
HEADER_NAMES = ("from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references")


def _with_headers(message: Message) -> ParsedMail:
    found = parts.read(message)
    sender, to, cc, subject, date, ids, replies, references = parts.fetch_each(message, found, HEADER_NAMES)
    from_name, from_addr = headers.sender(sender)
    first_id = headers.message_ids(ids)
    first_reply = headers.message_ids(replies)
    # Recipients' display names are never read: only their addresses are decoded.
    to_addrs = headers.bare_addresses(to) + headers.bare_addresses(cc)
    mail = ParsedMail(
        message=message, subject=headers.decode_value(subject), from_name=from_name,
        from_addr=from_addr, to_addrs=to_addrs, date=headers.date(date),
        message_id=first_id[0] if first_id else None,
        in_reply_to=first_reply[0] if first_reply else None,
        references=headers.message_ids(references),
    )
    # The map is kept for later header() calls (a cached_property: set, not recomputed).
    mail._header_map = found  # noqa: SLF001
    return mail


def _collect(part: Message, mail: ParsedMail, depth: int, walk: _Walk,
             found: parts.Headers | None = None) -> None:
    """Walk the MIME tree once, sorting parts into body, attachments and reports.

    `found` is the part's header map when the caller already has it; each part's
    headers are read once, not once per question asked of them.
    """
    found = parts.read(part) if found is None else found
    value = parts.fetch(part, found, "content-type")
    if type(value) is str:
        ctype = walk.types.get(value)
        if ctype is None:
            ctype = walk.types[value] = parts.content_type_of(part, value)
    else:
        ctype = parts.content_type_of(part, value)
    if depth == 0:
        mail.content_type = ctype  # the cached_property, answered already
    if depth > MAX_DEPTH or (ctype in ATTACHED_TYPES and mail.nesting >= MAX_NESTING):
        mail.defects.append(f"MIME structure deeper than the limits; skipped a {ctype} part")
    elif ctype in ATTACHED_TYPES and depth > 0:
        _attach(part, mail)
    elif ctype in HEADER_ONLY_TYPES:
        _attach_headers(part, mail)
    elif ctype == "message/delivery-status":
        mail.status_recipients.extend(_recipients(part))
    elif isinstance(part._payload, list):  # type: ignore[attr-defined]  # is_multipart(), without the call
        for child in _children(part):
            _collect(child, mail, depth + 1, walk)
    else:
        _leaf(part, found, value, ctype, mail, walk)


def _children(part: Message) -> list[Message]:
    payload = part._payload  # type: ignore[attr-defined]  # what get_payload() returns for a container
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


def _leaf(part: Message, found: parts.Headers, value: object, ctype: str, mail: ParsedMail,
          walk: _Walk) -> None:
    """`value` is the part's fetched Content-Type header, `ctype` what it says."""
    disposition = parts.fetch(part, found, "content-disposition")
    # Nearly every text part: no Content-Disposition, and a Content-Type (ASCII, or none)
    # naming no file.  Such a part is no .eml and no attachment: both tests are skipped.
    named = disposition is not None or (value is not None and (
        type(value) is not str or not value.isascii() or "name" in value.lower()))
    if named and parts.is_eml(part, value, disposition):
        _attach_bytes(part, mail)
        return
    texts = walk.bodies.get(ctype)
    if texts is None or (named and parts.disposition_of(disposition) == "attachment"):
        return
    # Empty texts are kept; _joined() drops those before the first text.
    texts.append(_text(part, found, value, ctype, mail, walk))


def _charset(part: Message, value: object, walk: _Walk) -> str | None:
    if type(value) is not str:
        return parts.charset_of(part, value)
    if value in walk.charsets:
        return walk.charsets[value]
    charset = walk.charsets[value] = parts.charset_of(part, value)
    return charset


def _text(part: Message, found: parts.Headers, value: object, ctype: str, mail: ParsedMail,
          walk: _Walk) -> str:
    # The decoding depends on these alone.  A Header-valued Content-Type is never kept
    # as a key: a Header compares equal to any str of its text.  The stdlib may note a
    # base64 defect on a part it decodes; nothing reads those after mail-parser has.
    keyed = value is None or type(value) is str
    key = (part._payload, value, found.get("content-transfer-encoding"))  # type: ignore[attr-defined]
    if keyed and walk.last is not None and walk.last[0] == key:
        text, defect = walk.last[1]
    else:
        text, defect = _decoded(part, found, value, walk)
        walk.last = (key, (text, defect)) if keyed else None
    if defect:
        mail.defects.append(f"{ctype}: {defect}")
    return text


def _decoded(part: Message, found: parts.Headers, value: object, walk: _Walk) -> tuple[str, str | None]:
    """The part's text with bare newlines, and the defect of its decoding if any."""
    data = parts.payload(part, found)
    if not isinstance(data, bytes):
        return "", None
    text, defect = charsets.decode(data, _charset(part, value, walk))
    return _newlines(text), defect


def _newlines(text: str) -> str:
    # Line-based steps (forwards, quotes) expect bare newlines whatever the sender used.
    # Looking for CR first is far cheaper than two replace() scans that find none.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _attach(part: Message, mail: ParsedMail) -> None:
    inner = _children(part)
    if not inner:
        _attach_bytes(part, mail)
        return
    mail.attached.append(from_message(inner[0], mail.nesting + 1))
    mail.attached_messages.append(inner[0])
    mail.attached_files.append(None)


def _attach_bytes(part: Message, mail: ParsedMail) -> None:
    data = part.get_payload(decode=True)
    if isinstance(data, bytes) and data.strip():
        inner = email.message_from_bytes(data)
        mail.attached.append(from_message(inner, mail.nesting + 1))
        mail.attached_messages.append(inner)
        mail.attached_files.append(data)


def _attach_headers(part: Message, mail: ParsedMail) -> None:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        text = payload.decode("utf-8", "surrogateescape")
    else:
        children = _children(part)
        text = children[0].as_string() if children else str(part.get_payload())
    mail.returned_headers.append(_with_headers(HeaderParser().parsestr(text)))


def _recipients(part: Message) -> list[str]:
    found = []
    for block in _children(part):
        for name in ("Final-Recipient", "Original-Recipient"):
            value = str(block.get(name, ""))
            _, _, addr = value.rpartition(";")
            if "@" in addr:
                found.append(addr.strip().strip("<>").lower())
    return found
