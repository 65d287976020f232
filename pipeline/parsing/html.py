"""HTML to plain text that keeps table rows on one line and drops script/style.

Regular expressions rather than a DOM: mail HTML is often broken, this never
raises, and it is an order of magnitude faster than building a tree.
"""

from __future__ import annotations

import html as entities
import re

INVISIBLE = re.compile(
    r"<!--.*?-->|<(script|style|head|title|noscript|template)\b.*?</\1\s*>|<!\[CDATA\[.*?\]\]>",
    re.DOTALL | re.IGNORECASE,
)
# Quoted attribute values may contain '>'.  Unrolled (runs of plain characters
# between quoted values) so the engine loops in C instead of branching per character.
TAG_BODY = r"""[^'">]*(?:(?:"[^"]*"|'[^']*')[^'">]*)*"""
BLOCK_TAG = (
    rf"<(?:hr|/?(?:p|div|tr|table|li|ul|ol|h[1-6]|blockquote|pre|section|article|header|"
    rf"footer|dl|dt|dd|center|form|tbody|thead|body|html))\b{TAG_BODY}>"
)
# Adjacent block boundaries (</tr><tr>, </div></div>) and the spaces after them make
# one line break.  Spaces before a block are left to tidy(), which strips line ends:
# a pattern starting with '<' lets the engine skip to the next '<' in C, where one
# that may start at any space is tried at every space of the text.
BLOCKS = re.compile(rf"{BLOCK_TAG}\s*(?:{BLOCK_TAG}\s*)*", re.IGNORECASE)
BREAK = re.compile(rf"<br\b{TAG_BODY}>", re.IGNORECASE)
CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
TAG = re.compile(rf"<[/!?]?[A-Za-z]{TAG_BODY}>")
BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
# A run of spaces becomes one space.  A lone ' ' (between most words) is left alone:
# matching and re-inserting it for every word costs more than the rest of tidy().
# Starting with a character class lets the engine skip to candidates in C.
SPACES = re.compile(r"[ \t\u00a0\u3000](?:(?<= )[ \t\u00a0\u3000]+|(?<! )[ \t\u00a0\u3000]*)")


def to_text(markup: str) -> str:
    """Return the visible text of an HTML document, one block per line."""
    if not markup.strip():
        return ""
    # Source line breaks are mere spaces in HTML; only tags break lines.
    text = INVISIBLE.sub(" ", markup).replace("\r", " ").replace("\n", " ")
    text = BREAK.sub("\n", BLOCKS.sub("\n", CELL_END.sub("\t", text)))
    return tidy(entities.unescape(TAG.sub("", text)))


def tidy(text: str) -> str:
    """Collapse runs of spaces and blank lines; strip each line."""
    # One pass over the whole text: SPACES never spans a line break.
    lines = (line.strip() for line in SPACES.sub(" ", text.replace("\r", "")).split("\n"))
    return BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
