"""What the MIME walk asks of each part, answered from its headers read once.

`email.message.Message` scans the whole header list on every get() and
re-parses Content-Type on every get_param(); a part is asked five or six
questions, so each part's headers go into one map (`Headers`) and the common
simple forms are answered from it.  Every answer equals the stdlib call named
in its docstring; anything unusual is passed to that call.
"""

from __future__ import annotations

import binascii
import re
from email._encoded_words import decode_b  # the stdlib's own lenient base64 (get_payload's)
from email.message import Message
from email.policy import compat32

from pipeline.parsing import headers

# Lower-cased name -> the first (name, raw value) of that name.
Headers = dict[str, tuple[str, str]]

# 'type/subtype; charset=name' (name optionally quoted): the form nearly all parts use.
SIMPLE_CHARSET = re.compile(
    r'\s*[^\s;="/]+/[^\s;="]+\s*;\s*charset\s*=\s*("?)([A-Za-z0-9_.:+-]+)\1\s*;?\s*', re.IGNORECASE
)
# 'multipart/x; boundary="b"' (or unquoted): get_boundary() unquotes it twice, then rstrips.
SIMPLE_BOUNDARY = re.compile(
    r'\s*[^\s;="/]+/[^\s;="]+\s*;\s*boundary\s*=\s*(?:"([^"\\]*)"|([^\s";\\]+))\s*', re.IGNORECASE
)
UUENCODINGS = frozenset({"x-uuencode", "uuencode", "uue", "x-uue"})
IDENTITY = frozenset({"", "7bit", "8bit", "binary"})
# A quoted-printable body shows it in its first lines.
QP_SAMPLE = 2000
KNOWN_ENCODINGS = frozenset({"", "7bit", "8bit", "binary", "base64", "quoted-printable", *UUENCODINGS})
CTE_NOISE = re.compile(r"[\s_\-\"']")
MISSPELT = {"base64": "base64", "b64": "base64", "quotedprintable": "quoted-printable", "qp": "quoted-printable"}
# Unquoting only drops quotes and backslashes, so a plain file name ending in 'eml'
# shows 'eml' in the raw header; encoded words and RFC 2231 ('*') names are decoded.
# An RFC 2231 parameter: name*=, name*0*= or name*0=, and its (possibly quoted) value;
# the name starts the parameter (x-name*0 is no section of name).
RFC2231_PARAM = re.compile(r'(?<![^;\s])([a-z0-9_]+)\*(\d*)(\*?)\s*=\s*("[^"]*"|[^;\s"]*)')
ASCII_ESCAPE = re.compile(r"%[0-7][0-9a-f]")
# Charsets in which an ASCII character is only ever decoded from that same byte.
ASCII_CHARSETS = frozenset({"", "us-ascii", "ascii", "utf-8", "utf8", "gbk", "gb2312", "gb18030",
                            "big5", "iso-8859-1", "latin-1", "latin1"})


def read(part: Message) -> Headers:
    """One pass over the part's headers; items() would run each through the policy.

    The stored (name, value) pairs are kept as they are: raw_items() copies the
    list, and a new tuple per header costs more than the test for a repeat.
    """
    found: Headers = {}
    for item in part._headers:  # type: ignore[attr-defined]  # noqa: SLF001
        name = item[0].lower()
        if name not in found:
            found[name] = item
    return found


def fetch(part: Message, found: Headers, name: str) -> object:
    """part.get(name): the first such header through the part's policy.

    compat32 returns an ASCII string untouched (it only wraps raw 8-bit values).
    """
    item = found.get(name.lower())
    if item is None:
        return None
    value = item[1]
    if isinstance(value, str) and value.isascii() and part.policy is compat32:
        return value
    return part.policy.header_fetch_parse(*item)


def fetch_each(part: Message, found: Headers, names: tuple[str, ...]) -> list[object]:
    """[fetch(part, found, name) for name in names], `names` in lower case, in one call."""
    plain = part.policy is compat32
    values: list[object] = []
    for name in names:
        item = found.get(name)
        if item is None:
            values.append(None)
        elif plain and isinstance(item[1], str) and item[1].isascii():
            values.append(item[1])
        else:
            values.append(part.policy.header_fetch_parse(*item))
    return values


def content_type(part: Message, found: Headers) -> str:
    """part.get_content_type()."""
    return content_type_of(part, fetch(part, found, "content-type"))


def content_type_of(part: Message, value: object) -> str:
    """content_type() from the part's fetched Content-Type header `value`."""
    if value is None:
        return part.get_default_type()
    ctype = str(value).partition(";")[0].strip().lower()
    return ctype if ctype.count("/") == 1 else "text/plain"


def disposition(part: Message, found: Headers) -> str | None:
    """part.get_content_disposition()."""
    return disposition_of(fetch(part, found, "content-disposition"))


def disposition_of(value: object) -> str | None:
    """disposition() from the part's fetched Content-Disposition header `value`."""
    return None if value is None else str(value).partition(";")[0].strip().lower()


def charset(part: Message, found: Headers) -> str | None:
    """part.get_content_charset(); get_param() splits and RFC 2231-decodes every parameter."""
    return charset_of(part, fetch(part, found, "content-type"))


def charset_of(part: Message, value: object) -> str | None:
    """charset() from the part's fetched Content-Type header `value`."""
    if isinstance(value, str):
        simple = SIMPLE_CHARSET.fullmatch(value)
        if simple:
            return simple.group(2).lower()
    if value is None or "charset" not in str(value).lower():
        return None
    return part.get_content_charset()


def boundary(part: Message, found: Headers | None = None) -> str | None:
    """part.get_boundary(); without `found`, only the Content-Type header is looked up."""
    value = part.get("content-type") if found is None else fetch(part, found, "content-type")
    if value is None or "boundary" not in str(value).lower():
        return None
    simple = SIMPLE_BOUNDARY.fullmatch(value) if isinstance(value, str) else None
    if simple is None:
        return part.get_boundary()
    quoted, bare = simple.groups()
    return (bare if quoted is None else quoted).rstrip()


def is_eml(part: Message, ctype_value: object, disposition_value: object) -> bool:
    """True if the part's decoded file name ends with .eml (a message attached as a file),
    given its fetched Content-Type and Content-Disposition values."""
    if not (_may_name_eml(disposition_value) or _may_name_eml(ctype_value)):
        return False
    try:
        name = part.get_filename()
    except (TypeError, ValueError, LookupError):
        return False
    return bool(name) and headers.decode_value(name).lower().endswith(".eml")


def _may_name_eml(value: object) -> bool:
    if value is None:
        return False
    if not isinstance(value, str) or not value.isascii():
        return True
    lowered = value.lower()
    if "name" not in lowered:
        return False
    if "eml" in lowered or "=?" in lowered or "\\" in lowered:
        return True
    return "*" in lowered and not _plain_rfc2231(lowered)


def _plain_rfc2231(lowered: str) -> bool:
    """True when this header's RFC 2231 names cannot decode to anything ending in 'eml'.

    Each name's sections (name*0*, name*1, .. or name*) are joined in order as the
    stdlib joins them; with escapes of non-ASCII bytes only and an ASCII-compatible
    charset, every ASCII letter of the decoded name is a letter of that joined text.
    The caller has found neither 'eml' nor '=?' in the raw text.
    """
    found = RFC2231_PARAM.findall(lowered)
    stars = sum(1 + len(star) for _, _, star, _ in found)
    quotes = sum(2 for _, _, _, value in found if value.startswith('"'))
    if stars != lowered.count("*") or quotes != lowered.count('"') or ASCII_ESCAPE.search(lowered):
        return False  # a '*', quoted string or escape this reading does not account for
    sections: dict[str, list[tuple[int, str]]] = {}
    for name, number, _, value in found:
        sections.setdefault(name, []).append((int(number) if number else -1, value.strip('"')))
    for pieces in sections.values():
        numbers = [number for number, _ in pieces]
        if len(set(numbers)) != len(numbers) or (-1 in numbers and len(numbers) > 1):
            return False  # the stdlib cannot order these (or may raise)
        joined = "".join(value for _, value in sorted(pieces))
        declared = joined.split("'", 2)
        if "eml" in joined or "=?" in joined or (len(declared) == 3 and declared[0] not in ASCII_CHARSETS):
            return False
    return True


def _looks_quoted_printable(sample: str) -> bool:
    # HTML is full of '=' (attributes): only its soft breaks and UTF-8 lead bytes say QP.
    return "=\n" in sample or "=E" in sample or "=\r" in sample


def _encoding_among_duplicates(part: Message, first: str) -> str:
    values = [str(v).strip().lower() for v in part.get_all("content-transfer-encoding") or ()]
    return next((v for v in values if v in ("quoted-printable", "base64")), first)


def _misspelt(body: str, encoding: str) -> bytes:
    data = body.encode("ascii", "surrogateescape")
    if encoding == "base64":
        return decode_b(b"".join(data.splitlines()))[0]
    return binascii.a2b_qp(data)


def payload(part: Message, found: Headers) -> object:
    """part.get_payload(decode=True), decoding ASCII base64 and quoted-printable directly.

    The stdlib checks the whole body for surrogates and re-reads the header first;
    for a well-padded, valid base64 body its decode is exactly a strict a2b_base64
    of the joined lines, with no defect recorded.
    """
    body = part._payload  # noqa: SLF001 - get_payload() converts it; we need it as stored
    if not isinstance(body, str):
        return part.get_payload(decode=True)
    value = fetch(part, found, "content-transfer-encoding")
    encoding = "" if value is None else str(value).lower()
    if encoding in IDENTITY and _looks_quoted_printable(body[:QP_SAMPLE]):
        # Two Content-Transfer-Encoding headers ("7bit", then "quoted-printable"): a body that
        # looks encoded is read by the one that encodes.
        encoding = _encoding_among_duplicates(part, encoding)
    if encoding not in KNOWN_ENCODINGS and CTE_NOISE.sub("", encoding) in MISSPELT:
        # Senders misspell it ("base-64", "Quoted-Printable " with a space): decoded as a client
        # reads it, the way the stdlib decodes the encoding spelt right.
        return _misspelt(body, MISSPELT[CTE_NOISE.sub("", encoding)])
    try:
        data = body.encode("ascii")
    except UnicodeEncodeError:  # 8-bit text or surrogate-escaped bytes
        return part.get_payload(decode=True)
    if encoding == "base64":
        # Deleting CR and LF is what joining bytes.splitlines() does.  replace() finds
        # each LF with memchr, several times faster than translate()'s byte-by-byte
        # table; CR is rare and costs one more scan only when present.
        joined = data.replace(b"\n", b"")
        if b"\r" in joined:
            joined = joined.replace(b"\r", b"")
        if len(joined) % 4 == 0:
            try:
                return binascii.a2b_base64(joined, strict_mode=True)
            except binascii.Error:
                pass
        return part.get_payload(decode=True)
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data)
    if encoding in UUENCODINGS:
        return part.get_payload(decode=True)
    return data
