"""Column tables: a header row of labels over a row of values, read as 'label: value'.

Provider status mails print 订单号 | 商户编号 | 当前状态 in one row and the values in the
next; as text each value sits a line below its label, where no label pattern reaches.
The pairs are offered as one more text for extraction; the HTML body itself is unchanged.
"""

from __future__ import annotations

import re

from pipeline.parsing import html

# Rows and cells up to the next of their kind: end tags are often left out.  The
# content is one run of non-'<' characters and tags that do not start the next row
# (or cell), scanned in C rather than a lazy dot that tries the lookahead everywhere.
ROW = re.compile(r"<[tT][rR]\b[^>]*+>((?:[^<]++|<(?![tT][rR]\b|/[tT][aA][bB][lL][eE]))*+)")
CELL = re.compile(r"<[tT][dDhH]\b[^>]*+>((?:[^<]++|<(?![tT][dDhH]\b|/[tT][rR]))*+)")
TAG = re.compile(r"<[^>]*+>")
ROW_START = re.compile(r"<[tT][rR]\b")
# A header cell is a short label: no digit, a few words at most.
MAX_LABEL = 16


def pairs(markup: str) -> str:
    """'label: value' lines for every header row followed by a value row of as many cells."""
    if not ROW_START.search(markup):
        return ""
    rows = [[_text(cell) for cell in CELL.findall(row)] for row in ROW.findall(markup)]
    lines = []
    for header, values in zip(rows, rows[1:], strict=False):
        if len(header) < 2 or len(header) != len(values) or not all(map(_is_label, header)):
            continue
        if not any(_has_digit(value) for value in values):
            continue
        lines += [f"{label}: {value}" for label, value in zip(header, values, strict=True) if value]
    return "\n".join(lines)


def _text(cell: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", cell)).split())


def _is_label(cell: str) -> bool:
    return 0 < len(cell) <= MAX_LABEL and not _has_digit(cell)


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


# Plain-text lists: "订单号/SN：A / B", or a line "订单号 / 机身号 / 登记号" over "A / B / C".
LABEL_SPLIT = re.compile(r"\s*[/|｜]\s*")
VALUE_SPLIT = re.compile(r"\s*[|｜]\s*|\s+/\s+")
SAME_LINE = re.compile(r"^([^:：\n]{2,40})[:：][ \t]*(\S[^\n]*)$", re.MULTILINE)


def text_pairs(text: str) -> str:
    """'label: value' lines for label lists separated by '/' or '|' and their values."""
    if "/" not in text and "|" not in text and "｜" not in text:
        return ""
    lines = []
    rows = text.split("\n")
    for index, row in enumerate(rows):
        # Only a row with a separator can hold a list; most rows are passed over in C.
        if "/" not in row and "|" not in row and "｜" not in row:
            continue
        same = SAME_LINE.match(row)
        if same is not None:
            lines += _paired(LABEL_SPLIT.split(same.group(1).strip()), VALUE_SPLIT.split(same.group(2).strip()))
        elif index + 1 < len(rows) and ":" not in row and "：" not in row:
            lines += _paired(LABEL_SPLIT.split(row.strip()), VALUE_SPLIT.split(rows[index + 1].strip()))
    return "\n".join(lines)


def _paired(labels: list[str], values: list[str]) -> list[str]:
    if len(labels) < 2 or len(labels) != len(values) or not all(map(_is_label, labels)):
        return []
    if not any(_has_digit(value) for value in values):
        return []
    return [f"{label}: {value}" for label, value in zip(labels, values, strict=True) if value]
