"""Inline forwards and quoted originals: find the embedded header block.

Every client that forwards or quotes inline writes a small header block
(From/发件人, Date/发送时间, To/收件人, Subject/主题), often under a separator
line.  Text must be NFKC-normalised first so full-width colons are ASCII.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.parsing import addresses
from pipeline.parsing.linestart import LineStart

FIELD = re.compile(
    r"^[ \t>*|]*(From|Sent|Date|To|Cc|Subject|Reply-To|发件人|發件人|寄件人|寄件者|发信人|"
    r"发送时间|發送時間|发送日期|發送日期|寄件日期|傳送時間|日期|时间|時間|收件人|收件者|抄送|副本|"
    r"主题|主題|主旨|標題|"
    r"Von|Gesendet|An|Betreff)[ \t*]*[:|][ \t]*(.*?)[ \t|]*$",
    re.IGNORECASE,
)
# The lines FIELD matches with a FROM_NAMES name: only these can open a block.  NetEase's
# mobile client prints the block as a table: "| 发件人 | 名字<地址> |".
FROM_LINE = LineStart(
    r"[ \t>*|]*(?:From|发件人|發件人|寄件人|寄件者|发信人|Von)[ \t*]*[:|]", re.IGNORECASE, r" \t>*|f发發寄v"
)
FROM_NAMES = frozenset({"from", "发件人", "發件人", "寄件人", "寄件者", "发信人", "von"})
SUBJECT_NAMES = frozenset({"subject", "主题", "主題", "主旨", "標題", "betreff"})
# Lines a client puts above a forwarded or quoted header block.
SEPARATOR = re.compile(
    r"^[ \t>]*(?:[-_=*]{2,}.*|Begin forwarded message:?|转发的邮件:?|轉寄的郵件:?|轉發的郵件:?|轉寄郵件:?|"
    r"Forwarded message:?|原始邮件:?|原始郵件:?|Original Message:?)[ \t]*$",
    re.IGNORECASE,
)
FORWARD_WORDS = re.compile(
    r"forward|转发|轉寄|轉發|原始邮件|原始郵件|Original Message|原邮件", re.IGNORECASE
)
# One level of quoting at a line's start: "> text", ">text", ">> text" (one taken).
QUOTE_LEVEL = re.compile(r"^[ \t]*> ?")
MAX_BLOCK_GAP = 2


@dataclass
class Embedded:
    """An embedded message found inline: text above it, its headers, its body."""

    separator: str
    sender_name: str
    sender_addr: str
    subject: str
    # The text's lines, and where the note ends and the body starts.  Most blocks
    # found are quotes the caller drops: note and body are joined only when read.
    lines: list[str] = field(repr=False)
    top: int
    end: int
    quoted: bool = False
    # Filled on first read (functools.cached_property would take a lock each time).
    _note: str | None = field(default=None, repr=False, compare=False)
    _body: str | None = field(default=None, repr=False, compare=False)

    @property
    def note(self) -> str:
        """The text above the block (and its separator line)."""
        if self._note is None:
            self._note = "\n".join(self.lines[: self.top]).strip()
        return self._note

    @property
    def body(self) -> str:
        """The embedded message's text, below its header block.

        A block written as a quote ("> 发件人: ...", Apple Mail's forward) quotes its
        body too: one level of '>' is taken off, or the whole message would read as a quote.
        """
        if self._body is None:
            body = self.lines[self.end :]
            if self.quoted:
                body = [QUOTE_LEVEL.sub("", line, count=1) for line in body]
            self._body = "\n".join(body).strip()
        return self._body

    @property
    def says_forward(self) -> bool:
        """True if the separator line names a forward (not merely a quote)."""
        return bool(FORWARD_WORDS.search(self.separator))


def find(text: str) -> Embedded | None:
    """Return the first embedded header block in `text`, or None."""
    lines: list[str] | None = None
    i, counted = 0, 0
    for start in FROM_LINE.starts(text):
        if lines is None:
            lines = text.split("\n")
        i, counted = i + text.count("\n", counted, start), start
        end = _block_end(lines, i)
        if end - _block_start(lines, i) >= 2 or _has_separator(lines, i):
            return _embedded(lines, i, end)
    return None


def _block_end(lines: list[str], start: int) -> int:
    """Index after the last header line of the block starting at `start`."""
    end, gap = start + 1, 0
    for j in range(start + 1, min(len(lines), start + 14)):
        if FIELD.match(lines[j]):
            end, gap = j + 1, 0
        elif lines[j].strip() and not lines[j].startswith((" ", "\t")):
            break
        else:
            gap += 1
            if gap > MAX_BLOCK_GAP:
                break
    return end


def _has_separator(lines: list[str], start: int) -> bool:
    return _separator_index(lines, start) is not None


def _separator_index(lines: list[str], start: int) -> int | None:
    for j in range(start - 1, max(-1, start - 4), -1):
        if SEPARATOR.match(lines[j]):
            return j
        if lines[j].strip():
            return None
    return None


def _block_start(lines: list[str], start: int) -> int:
    """Some clients (Thunderbird) print Subject and Date above From."""
    while start > 0 and FIELD.match(lines[start - 1]):
        start -= 1
    return start


def _embedded(lines: list[str], from_line: int, end: int) -> Embedded:
    start = _block_start(lines, from_line)
    sep = _separator_index(lines, start)
    top = start if sep is None else sep
    fields = [FIELD.match(line) for line in lines[start:end]]
    values = {m.group(1).lower(): m.group(2).strip() for m in fields if m}
    sender = next((values[k] for k in values if k in FROM_NAMES), "")
    address = addresses.ADDRESS.search(sender)
    return Embedded(
        separator=lines[sep].strip() if sep is not None else "",
        sender_name=_display_name(sender, address),
        sender_addr=address.group(0).lower() if address else "",
        subject=next((values[k] for k in values if k in SUBJECT_NAMES), ""),
        lines=lines,
        top=top,
        end=end,
        quoted=lines[from_line].lstrip(" \t").startswith(">"),
    )


def _display_name(sender: str, address: re.Match[str] | None) -> str:
    name = sender[: address.start()] if address else sender
    return name.replace("[mailto:", "").strip(" \t\"'<>;[]")
