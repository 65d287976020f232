"""Sentences a sender's mail client broke at a fixed width, joined again for reading.

Plain-text mail is often hard-wrapped at 60-100 columns, in the middle of a
sentence and, in Chinese, in the middle of a word ("贵商户名下终端\\n(SN:…)已同步停机",
"Merchant account 123 was\\nclosed on …").  The keyword lists read a clause
within a line, so a wrapped clause says nothing to them.  A line is taken for
a wrap only when it is long, ends inside a sentence, and neither it nor the
next line looks like a table row, a list item or a quote; the texts shown to
people keep the lines as written.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.parsing.linestart import LineStart

# Display columns a line must reach to be taken for a wrap (a CJK character counts two).
# Clients wrap at 60-100 columns; a shorter line ending without punctuation is a heading,
# a signature or a table cell.
MIN_COLUMNS = 60
# Characters such a line holds at least (a CJK character counts two columns).
MIN_CHARS = MIN_COLUMNS // 2
# A line of MIN_CHARS or more followed by a line with text (the break is left to the next match).
CANDIDATE = LineStart(rf"([^\n]{{{MIN_CHARS},}})(?=\n[ \t]*\S)")
# A line ending in one of these ends its sentence, its label ("退回地址：") or its quotation.
ENDS = frozenset("。！？；：:!?;…」』”》】)）>")
# The next line opens an item of its own: a bullet, a number, a quote, a label in brackets.
ITEM = re.compile(r"[ \t]*(?:[·•\-*●○▪◆■>【\[#]|[0-9]{1,2}[.、)）]|[(（][0-9]{1,2}[)）]|[①-⑳])")
# The next line opens a field or a note of its own: a short label and a colon (温馨提示：, 备注:, Note:).
# A bracket opens no label: "(SN:…)已同步停机" goes on with the sentence above.
LABEL = re.compile(r"[ \t]*[^\s:：,，。;；(（]{1,8}[:：]")
# Columns of a table or a key-value grid: cells apart by runs of spaces or a tab.
CELLS = re.compile(r"\S(?: {2,}|\t)\S")
# Chinese phrases apart by a space: chat typed without punctuation, where every line is a message
# ("我这查不到 应该是…吧 后面两位您打反了").
CHAT = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


def unwrapped(text: str) -> str:
    """`text` with each wrapped line joined to the next: nothing between Chinese, a space
    between Latin words."""
    if len(text) < MIN_CHARS or "\n" not in text:
        return text
    # Only a line long enough before a line with text can be a wrap: found in C, most texts have none.
    joins = [found.end() for _, found in CANDIDATE.matches(text)
             if _wrapped(found.group(1).rstrip(" \t\r"), _line_at(text, found.end() + 1))]
    if not joins:
        return text
    pieces, start = [], 0
    for newline in joins:
        end = text[start:newline].rstrip(" \t\r")
        pieces.append(end)
        start = newline + 1
        while text[start] in " \t":
            start += 1
        pieces.append(_joint(end, text[start]))
    pieces.append(text[start:])
    return "".join(pieces)


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:end if end >= 0 else len(text)]


def _wrapped(end: str, line: str) -> bool:
    """True if the line `end` (trailing blanks off) was broken by a client before `line`."""
    if not end or not line.strip() or end[-1] in ENDS or ITEM.match(line) or LABEL.match(line):
        return False
    if CELLS.search(line) or CELLS.search(end) or CHAT.search(end) or end.lstrip().startswith(">"):
        return False
    return _columns(end) >= MIN_COLUMNS


def _columns(line: str) -> int:
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def _joint(end: str, first: str) -> str:
    """A space between two Latin words; nothing where Chinese meets anything, nor inside a
    number broken after its separator ("CNY 1,\n150.00")."""
    last = end[-1]
    if last in ",." and end[-2:-1].isdigit() and first.isdigit():
        return ""
    return " " if last.isascii() and first.isascii() else ""
