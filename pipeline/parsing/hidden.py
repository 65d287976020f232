"""Elements a mail client never shows: cut out of HTML before its text is read.

Transactional templates put a "preheader" in the body, styled display:none (or
visibility:hidden, mso-hide:all), for the inbox preview line.  It often says
something else than the visible mail: an old status, a slogan, "取消成功" above
a refusal.  A reader of the rendered mail never sees it, so neither do we.
"""

from __future__ import annotations

import re

# An opening tag whose style hides it; group 1 is the element's name.
HIDDEN_TAG = re.compile(
    r"<([A-Za-z][A-Za-z0-9]*)\b[^>]*?\bstyle\s*=\s*(?:\"[^\"]*?|'[^']*?)"
    r"(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)[^>]*>",
    re.IGNORECASE,
)
# Elements without an end tag: hiding one hides nothing more.
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr", "source"})
# Cheap tests first: most markup hides nothing.
WORDS = ("none", "hidden", "mso-hide")


def cut(markup: str) -> str:
    """`markup` without the elements its inline styles hide (nested same-name tags counted)."""
    lowered = None
    if not any(word in markup for word in WORDS):
        lowered = markup.lower()
        if not any(word in lowered for word in WORDS):
            return markup
    pieces: list[str] = []
    pos = 0
    while (opening := HIDDEN_TAG.search(markup, pos)) is not None:
        name = opening.group(1).lower()
        pieces.append(markup[pos:opening.start()])
        if name in VOID or opening.group(0).endswith("/>"):
            pos = opening.end()
            continue
        pos = _element_end(markup, name, opening.end())
    pieces.append(markup[pos:])
    return " ".join(pieces) if len(pieces) > 1 else markup


def _element_end(markup: str, name: str, start: int) -> int:
    """Where the element opened before `start` ends (after its end tag); the text's end if never."""
    tag = re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.IGNORECASE)
    depth = 1
    for found in tag.finditer(markup, start):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    return len(markup)
