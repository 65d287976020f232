"""HTML to plain text that keeps table rows on one line and drops script/style.

Regular expressions rather than a DOM: mail HTML is often broken, this never
raises, and it is an order of magnitude faster than building a tree.
"""

from __future__ import annotations

import html as entities
import re

from pipeline.parsing import hidden, invisible

# Every tag start '<' is tried against each pattern below, so what a pattern does
# at a '<' that is no match decides its cost.  In an alternation the engine skips a
# branch that starts with a plain literal after one comparison, but enters every
# branch that starts with an re.IGNORECASE literal or a class; so block names are a
# tree with one branch per spelling of the first letter (d, D) and case classes
# ([iI]) below.  IGNORECASE also matches these non-ASCII letters; the tree keeps them.
CASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
BLOCK_NAMES = (
    "p", "div", "tr", "table", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer", "dl", "dt", "dd",
    "center", "form", "tbody", "thead", "body", "html",
)


def _spellings(char: str) -> str:
    return char + char.upper() + CASE_EXTRA.get(char, "") if char.isalpha() else char


def _nocase(char: str) -> str:
    return f"[{_spellings(char)}]" if char.isalpha() else re.escape(char)


def _alternation(words: list[str], literal_heads: bool = False) -> str:
    """A case-insensitive regex for `words`, as a tree by first letter.

    With `literal_heads` the first letter is one literal branch per spelling.
    """
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[:1], []).append(word[1:])
    branches = []
    for head, tails in heads.items():
        rest = [tail for tail in tails if tail]
        tail = f"(?:{_alternation(rest)})" if rest else ""
        if rest and "" in tails:
            tail += "?"
        starts = [re.escape(c) for c in _spellings(head)] if literal_heads else [_nocase(head)]
        branches += [start + tail for start in starts]
    return "|".join(branches)


# Quoted attribute values may contain '>'.  Unrolled (runs of plain characters
# between quoted values) so the engine loops in C instead of branching per character.
# Possessive (*+): followed by '>' the body has one way to match (giving back any
# character leaves one that is no '>'), so the engine need keep no backtrack points.
TAG_BODY = r"""[^'">]*+(?:(?:"[^"]*+"|'[^']*+')[^'">]*+)*+"""
# An end tag of hr is no block; hr itself is.
BLOCK_TAG = (
    rf"<(?:/(?:{_alternation(list(BLOCK_NAMES), literal_heads=True)})"
    rf"|{_alternation([*BLOCK_NAMES, 'hr'], literal_heads=True)})\b{TAG_BODY}>"
)
# Adjacent block boundaries (</tr><tr>, </div></div>) and the spaces after them make
# one line break.  Spaces before a block are left to tidy(), which strips line ends:
# a pattern starting with '<' lets the engine skip to the next '<' in C, where one
# that may start at any space is tried at every space of the text.  Once one tag
# matched the tail cannot fail, so it is possessive: nothing to give back.
BLOCKS = re.compile(rf"{BLOCK_TAG}\s*+(?:{BLOCK_TAG}\s*+)*+")
BREAK = re.compile(rf"<br\b{TAG_BODY}>", re.IGNORECASE)
CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
TAG = re.compile(rf"<[/!?]?[A-Za-z]{TAG_BODY}>")
IMG_ALT = re.compile(r"""<img\b[^>]*?\balt[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)')[^>]*>""", re.IGNORECASE)
# The commonest references, replaced by plain str.replace before html.unescape, which
# calls back into Python for each '&'.  Exact: a reference never spans another '&',
# none of these results is '&' (which could start a new reference), and one that
# lengthens an unterminated name before it ("&copy&nbsp;") leaves that name's longest
# known prefix, which is all html.unescape looks up.
COMMON_ENTITIES = (("&nbsp;", "\u00a0"), ("&#39;", "'"), ("&quot;", '"'), ("&lt;", "<"), ("&gt;", ">"))
# Two or more blank lines become one.
BLANK_LINES = re.compile(r"\n\n\n+")
# Every space-like character becomes a plain space first (str.replace runs in C);
# then only runs of two or more are matched, found by their literal two-space prefix.
SPACE_LIKE = ("\t", "\u00a0", "\u3000")
SPACE_RUNS = re.compile("  +")


def to_text(markup: str) -> str:
    """Return the visible text of an HTML document, one block per line."""
    # isspace() is strip()'s test without the copy of megabytes of markup.
    if not markup or markup.isspace():
        return ""
    # Source line breaks are mere spaces in HTML; only tags break lines.
    text = hidden.cut(invisible.cut(markup))
    if "\r" in text:
        text = text.replace("\r", " ")
    text = text.replace("\n", " ")
    text = BREAK.sub("\n", BLOCKS.sub("\n", CELL_END.sub("\t", text)))
    if "<img" in text or "<IMG" in text:
        # A client that blocks images (most Chinese webmail does by default) shows their alt text:
        # some templates print a label only as an image ("订单号" drawn, its alt the word).
        text = IMG_ALT.sub(r" \1\2 ", text)
    return tidy(unescape(TAG.sub("", text)))


# A character reference left in a text part by a sender that made it from HTML: numeric,
# or named and closed by ';' (html.unescape alone would read "&nothing" as "¬hing").
REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});")


def references(text: str) -> str:
    """`text` (a plain text part) with its complete character references decoded."""
    if "&" not in text:
        return text
    return REFERENCE.sub(lambda found: entities.unescape(found.group(0)), text)


def unescape(text: str) -> str:
    """html.unescape(), with the commonest references replaced in C first."""
    if "&" not in text:
        return text
    for reference, char in COMMON_ENTITIES:
        text = text.replace(reference, char)
        # Most texts hold only the first few: the rest would each be one more scan.
        if "&" not in text:
            return text
    return entities.unescape(text)


def tidy(text: str) -> str:
    """Collapse runs of spaces and blank lines; strip each line."""
    # A one-character test runs at memchr speed; replace() counts first, slower.
    if "\r" in text:
        text = text.replace("\r", "")
    for char in SPACE_LIKE:
        if char in text:
            text = text.replace(char, " ")
    # The engine looks for a multi-character prefix one position at a time; str's
    # own search skips ahead, so a text without the prefix is not handed to it.
    if "  " in text:
        text = SPACE_RUNS.sub(" ", text)
    # map(str.strip) runs in C; stripped lines leave only bare newlines to collapse.
    text = "\n".join(map(str.strip, text.split("\n")))
    if "\n\n\n" in text:
        text = BLANK_LINES.sub("\n\n", text)
    return text.strip()
