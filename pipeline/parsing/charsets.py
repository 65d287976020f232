"""Decoding bytes whose declared charset is often wrong.

Chinese mail is routinely labelled gb2312 while carrying GBK-only characters,
and big5 while carrying HKSCS ones; decoding with the superset loses nothing.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Supersets that decode everything the declared label can, and more.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "x-euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}


def codec_for(declared: str | None) -> str | None:
    """Return a Python codec name for a declared charset, or None if unknown."""
    if not declared:
        return None
    known = COMMON_CODECS.get(declared)
    if known:
        return known
    return _lookup(declared)


def _lookup(declared: str) -> str | None:
    name = declared.strip().strip('"\'').lower()
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# Labels nearly every Chinese mail declares, resolved once at import: codec_for() is
# asked for every text part and encoded word, and codecs.lookup() normalises each time.
COMMON_CODECS = {label: codec for label in (
    *SUPERSETS, *(name.upper() for name in SUPERSETS), "utf-8", "UTF-8", "utf8", "gb18030", "GB18030",
) if (codec := _lookup(label))}


# Labels whose codec decodes any byte: a wrong one never fails, so it is checked.
WESTERN = frozenset(codecs.lookup(name).name for name in ("cp1252", "latin-1", "iso-8859-15", "windows-1250"))
# Share of the non-ASCII characters that must be CJK to read GB18030 over a Western label.
CJK_SHARE = 0.8
CJK = re.compile("[\u3000-\u9fff\uff00-\uffef]+")


# bytes.decode() looks its codec up by name on every call: about 0.4 us for the CJK
# codecs, more than decoding a subject takes.  Their decode functions, fetched once,
# skip that (UTF-8 has its own fast path in bytes.decode()).
DECODERS = {codec: codecs.lookup(codec).decode for codec in {*COMMON_CODECS.values(), "big5hkscs"}
            if codec != "utf-8"}


def strict(data: bytes, codec: str) -> str:
    """data.decode(codec): the same text, or the same UnicodeDecodeError."""
    decoder = DECODERS.get(codec)
    return data.decode(codec) if decoder is None else decoder(data)[0]


def decode(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode `data`; return (text, defect) where defect explains any fallback.

    Order: the declared charset (widened to its superset), then UTF-8, then
    charset-normalizer's guess, then the declared charset with replacement.
    """
    codec = codec_for(declared)
    if codec in WESTERN and not data.isascii():
        mislabelled = _cjk_under_western_label(data)
        if mislabelled is not None:
            return mislabelled[0], f"charset {declared!r} holds {mislabelled[1]} bytes; read as {mislabelled[1]}"
    for candidate in (codec, "utf-8"):
        if candidate:
            try:
                return strict(data, candidate), None
            except (UnicodeDecodeError, LookupError):
                pass
    guess = _guess(data)
    if guess:
        return guess, f"charset {declared!r} failed; guessed by charset-normalizer"
    return data.decode(codec or "utf-8", "replace"), f"charset {declared!r} failed; replaced bad bytes"


def _cjk_under_western_label(data: bytes) -> tuple[str, str] | None:
    """(text, codec) when bytes labelled with a Western single-byte charset, which decodes
    anything without error, are really UTF-8 or mostly-CJK GB18030 (a misconfigured
    gateway's label); None when the label may be right ("café" is no valid GB18030)."""
    for candidate in ("utf-8", "gb18030"):
        try:
            text = strict(data, candidate)
        except UnicodeDecodeError:
            continue
        if candidate == "utf-8":
            return text, candidate
        # Counted in C: characters beyond ASCII, and of those the CJK ones.
        wide = len(text) - len(text.encode("ascii", "ignore"))
        cjk = len(text) - len(CJK.sub("", text))
        if cjk >= CJK_SHARE * wide:
            return text, candidate
    return None


def _guess(data: bytes) -> str | None:
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def decode_8bit(data: bytes) -> str:
    """Decode raw 8-bit header bytes: UTF-8 first, then GB18030, then a guess."""
    for codec in ("utf-8", "gb18030", "big5hkscs"):
        try:
            return strict(data, codec)
        except UnicodeDecodeError:
            continue
    return _guess(data) or data.decode("utf-8", "replace")
