"""Comments, CDATA and the elements whose text is never shown: cut out of HTML.

What is cut is what the lazy pattern (DOTALL, IGNORECASE)

    <!--.*?-->|<(script|style|head|title|noscript|template)\\b.*?</\\1\\s*>|<!\\[CDATA\\[.*?\\]\\]>

finds: each opening, left to right, up to the first end marker after it.  A
pattern that spans the element steps through its content, stopping at every
'<' in it (a 1 MB <title> costs 3 ms); here the opening is one search and the
end marker another (str.find, or a pattern whose '</' the engine skips to),
about 1 us more per construct but never more per character.  An opening left
unclosed is remembered, so a run of them is not each searched to the end.
"""

from __future__ import annotations

import re

OPENING = re.compile(r"<(?=[!snht])(?:!--|(script|style|head|title|noscript|template)\b|!\[CDATA\[)", re.IGNORECASE)
# An element's end marker: the name is checked against the opening's below.
ELEMENT_END = re.compile(r"</(script|style|head|title|noscript|template)\s*>", re.IGNORECASE)
# The pattern's back-reference test of the two spellings, asked of the engine itself
# (IGNORECASE back-references compare characters by their own rule).
SAME_NAME = re.compile(r"(\w+)/\1", re.IGNORECASE)


def cut(markup: str, replacement: str = " ") -> str:
    """`markup` with every comment, CDATA section and invisible element replaced."""
    pieces: list[str] = []
    done = pos = 0
    # Openings found unclosed: a later one of the same spelling has no end marker either.
    unclosed: set[str] = set()
    while (opening := OPENING.search(markup, pos)) is not None:
        name = opening.group(1)
        key = name or opening.group(0)
        if key in unclosed:
            end = -1
        elif name is None:
            # A comment or CDATA section (any case): its end marker is fixed.
            end = markup.find("-->" if key == "<!--" else "]]>", opening.end())
            end = end + 3 if end >= 0 else -1
        else:
            end = _element_end(markup, opening.end(), name)
        if end < 0:
            unclosed.add(key)
            pos = opening.start() + 1
            continue
        pieces += (markup[done:opening.start()], replacement)
        done = pos = end
    if not pieces:
        return markup
    pieces.append(markup[done:])
    return "".join(pieces)


def _element_end(markup: str, start: int, name: str) -> int:
    """Where the element `name` opened before `start` ends; -1 if it is never closed."""
    end = ELEMENT_END.search(markup, start)
    while end is not None:
        spelt = end.group(1)
        if spelt == name or SAME_NAME.fullmatch(f"{name}/{spelt}"):
            return end.end()
        end = ELEMENT_END.search(markup, end.start() + 1)
    return -1
