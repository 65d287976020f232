"""HTML to plain text that keeps table rows on one line and drops script/style."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

SKIP = frozenset({"script", "style", "head", "title", "noscript", "template"})
BLOCK = frozenset({
    "p", "div", "tr", "table", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer", "dl", "dt", "dd", "hr",
    "center", "form", "tbody", "thead", "body",
})
CELL = frozenset({"td", "th"})
TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
ENCODING_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def to_text(markup: str) -> str:
    """Return the visible text of an HTML document, one block per line."""
    if not markup.strip():
        return ""
    try:
        root = lxml_html.document_fromstring(ENCODING_DECL.sub("", markup))
    except (etree.ParserError, ValueError):
        return tidy(TAG.sub(" ", markup))
    return tidy("".join(_pieces(root)))


def _pieces(root: etree._Element) -> list[str]:
    out: list[str] = []
    skipping = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            skipping += tag in SKIP
            if not skipping:
                _open(tag, el, out)
            continue
        if tag in SKIP:
            skipping -= 1
        elif not skipping:
            _close(tag, out)
        if el.tail and not skipping:
            out.append(el.tail)
    return out


def _open(tag: str, el: etree._Element, out: list[str]) -> None:
    if tag == "br" or (tag in BLOCK and not _at_line_start(out)):
        out.append("\n")
    if el.text and isinstance(el.tag, str):
        out.append(el.text)


def _close(tag: str, out: list[str]) -> None:
    if tag in CELL:
        out.append("\t")
    elif tag in BLOCK and not _at_line_start(out):
        out.append("\n")


def _at_line_start(out: list[str]) -> bool:
    # One block boundary is one line break; nested blocks must not stack blank lines.
    return not out or out[-1].endswith("\n")


def tidy(text: str) -> str:
    """Collapse runs of spaces and blank lines; strip each line."""
    lines = (SPACES.sub(" ", line).strip() for line in text.replace("\r", "").split("\n"))
    return BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
