"""Elements a mail client never shows: cut out of HTML before its text is read.

Transactional templates put a "preheader" in the body, styled display:none (or
visibility:hidden, mso-hide:all), for the inbox preview line.  It often says
something else than the visible mail: an old status, a slogan, "取消成功" above
a refusal.  A reader of the rendered mail never sees it, so neither do we.
"""

from __future__ import annotations

import re

# The values that hide, as templates write them; str.find skips to each in C, where a
# case-insensitive pattern would try every position (or lower() copy megabytes first).
SPELLINGS = {"none": ("none", "None", "NONE"), "hidden": ("hidden", "Hidden", "HIDDEN"),
             "mso-hide": ("mso-hide", "Mso-hide", "MSO-HIDE")}
# What must stand before a value (read lower-cased) for it to hide the element.
NAMES = {"none": re.compile(r"display\s*:\s*\Z"), "hidden": re.compile(r"visibility\s*:\s*\Z")}
MSO_HIDE = re.compile(r"\s*:\s*all", re.IGNORECASE)
ZERO_SIZE = re.compile(r"\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?=[;\"'!]|$)", re.IGNORECASE)
WHITE_VALUE = re.compile(r"\s*(?:#fff(?:fff)?|white|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\))\s*(?=[;\"'!]|$)",
                         re.IGNORECASE)
WHITE = re.compile(WHITE_VALUE.pattern.replace("\\s*(?:#", "\\s*:\\s*(?:#", 1), re.IGNORECASE)
# A background set shortly before a white text (its cell, its button) makes it readable.
BACKGROUND = re.compile(r"(?:background(?:-color)?\s*:|bgcolor\s*=\s*[\"']?)\s*([^;\"'>]+)", re.IGNORECASE)
BACKGROUND_REACH = 400
# How far before its value a declaration's name may start.
NAME_REACH = 24
# The opening tag a declaration sits in, read from its '<': the name, then a style
# attribute still open where the declaration starts.
OPENING = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*?\bstyle\s*=\s*[\"'][^\"']*\Z", re.IGNORECASE)
TAG_END = re.compile(r"[^>]*>")
# Elements without an end tag: hiding one hides nothing more.
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr", "source"})


def cut(markup: str) -> str:
    """`markup` without the elements its inline styles hide (nested same-name tags counted).

    The hiding declarations are looked for first; only the few tags holding one are
    read, not every tag of a long document.
    """
    pieces: list[str] = []
    pos = 0
    for start, end in _declarations(markup):
        if start < pos:
            continue  # inside an element already cut
        tag_start = markup.rfind("<", pos, start)
        if tag_start < 0 or ">" in markup[tag_start:start]:
            continue  # not inside a tag
        opening = OPENING.match(markup[tag_start:start])
        tag_end = TAG_END.match(markup, end)
        if opening is None or tag_end is None:
            continue
        pieces.append(markup[pos:tag_start])
        name = opening.group(1).lower()
        if name in VOID or markup[tag_end.end() - 2] == "/":
            pos = tag_end.end()
        else:
            pos = _element_end(markup, name, tag_end.end())
    if not pieces:
        return markup
    pieces.append(markup[pos:])
    return " ".join(pieces)


def _declarations(markup: str) -> list[tuple[int, int]]:
    """(start, end) of every display:none, visibility:hidden, mso-hide:all, font-size:0 and
    white text on no coloured background, in order."""
    found = _zero_size(markup) + _white_on_white(markup)
    for word, spellings in SPELLINGS.items():
        for spelling in spellings:
            at = markup.find(spelling)
            while at >= 0:
                end = at + len(spelling)
                if word == "mso-hide":
                    rest = MSO_HIDE.match(markup, end)
                    if rest is not None:
                        found.append((at, rest.end()))
                else:
                    reach = max(0, at - NAME_REACH)
                    declared = NAMES[word].search(markup[reach:at].lower())
                    if declared is not None:
                        found.append((reach + declared.start(), end))
                at = markup.find(spelling, end)
    return sorted(found)


def _element_end(markup: str, name: str, start: int) -> int:
    """Where the element opened before `start` ends (after its end tag); the text's end if never."""
    tag = re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.IGNORECASE)
    depth = 1
    for found in tag.finditer(markup, start):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    return len(markup)


def _zero_size(markup: str) -> list[tuple[int, int]]:
    """font-size:0 (0px, 0pt …): text nobody can read."""
    found = []
    at = markup.find("font-size")
    while at >= 0:
        rest = ZERO_SIZE.match(markup, at + len("font-size"))
        if rest is not None:
            found.append((at, rest.end()))
        at = markup.find("font-size", at + 1)
    return found


def _white_on_white(markup: str) -> list[tuple[int, int]]:
    """color:#fff (white) on an element with no coloured background of its own or nearby
    before it (a button or badge sets one): text that shows nothing on a white page."""
    found = []
    at = markup.find("color")
    while at >= 0:
        rest = WHITE.match(markup, at + len("color"))
        if rest is not None and markup[at - 1:at] != "-":
            before = markup[max(0, at - BACKGROUND_REACH):at]
            coloured = [m for m in BACKGROUND.finditer(before)]
            if not coloured or WHITE_VALUE.match(coloured[-1].group(1)):
                found.append((at, rest.end()))
        at = markup.find("color", at + 1)
    return found
