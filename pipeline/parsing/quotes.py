"""Quoted replies: keep only the newest text a sender wrote on top."""

from __future__ import annotations

import re
from types import EllipsisType

from pipeline.parsing import forwards
from pipeline.parsing.linestart import LineStart

# Attribution lines clients put above a quote, zh and en (NFKC text); the bare
# "... wrote:" form is kept apart below: it is tried at every line start.
ATTRIBUTION = (
    r"[ \t]*(?:(?:在|于|於).{0,120}(?:写道|寫道|wrote)\s*[:：]?\s*$"
    r"|On .{0,200}\bwrote:?\s*$"
    r"|-{2,}\s*(?:Original Message|原始邮件|原始郵件|回复的邮件|Reply message)\s*-{2,}.*$"
    # A sender's own old notice pasted under a correction: "--- 以下为误发通知原文，请以本更正为准 ---".
    r"|(?:[-=]{2,}\s*)?以下(?:为|是|係|為)[^\n]{0,24}(?:原文|原邮件|原郵件|原通知)(?:[^\n]{0,24}[-=]{2,}|\s*[:：])\s*$"
    r"|_{8,}\s*$)"
)
# Gmail wraps long attributions: "On Mon, ... Name <" / "addr> wrote:".
WRAPPED_ON = r"On [^\n]{0,200}\n[^\n]{0,120}wrote:\s*$"
QUOTED_LINE = r"[ \t]*(?:>|＞)"
# The earliest of these is where the quote starts: one scan finds it.
QUOTE_START = LineStart(f"{ATTRIBUTION}|{WRAPPED_ON}|{QUOTED_LINE}", re.IGNORECASE, r" \t在于於以o\-=_>＞")
# Backtracks through up to 80 characters at each line start: only tried when the
# text has a "wrote:" at all.
WROTE = LineStart(r"[ \t]*.{0,80}\bwrote:\s*$", re.IGNORECASE)
WROTE_WORD = re.compile(r"wrote:", re.IGNORECASE)
QUOTED = re.compile(QUOTED_LINE)
# A reply's own text is short: a quote marker further down than this is not looked for.
SEARCH_LIMIT = 50_000
# A salutation above a quote ("Dear Mr Li," "李先生，") is no reply of its own.
LEAD_IN = 16
# Nor is a line pointing below it ("您的问题已在下方逐条回复", "answers inline"), up to this long.
POINTER_LINE = 60
POINTER = re.compile(r"下方|下文|见下|行内|逐条|文中|inline|below", re.IGNORECASE)


def newest(text: str, whole: forwards.Embedded | None | EllipsisType = ...) -> str:
    """Return the text above the first quote marker (all of it if none).

    `whole` is forwards.find(text) when the caller has it (a whole-text scan saved).
    """
    cut = _quote_start(text)
    embedded = whole if cut == len(text) and whole is not ... else forwards.find(text[:cut])
    top = embedded.note if embedded is not None else text[:cut].rstrip()
    # Bottom-posted or interleaved replies write below the quote, under at most a
    # salutation ("周先生:") or a pointer ("回复见下文:"): then drop only quoted lines.
    return top if _says_something(top) else _unquoted(text)


def _says_something(top: str) -> bool:
    """False for nothing, for one line that only leads into what follows, or for a short
    pointer to answers written below, between the quoted questions."""
    # (isspace() is strip()'s test, stopping at the first other character: no copy.)
    if not top or top.isspace():
        return False
    if len(top) > LEAD_IN * 8:
        return True  # far longer than any lead-in line: no copy of a long text to find out
    top = top.strip()
    if len(top) <= POINTER_LINE and POINTER.search(top):
        return False
    return "\n" in top or not (top.endswith((":", "：")) or len(top) <= LEAD_IN and top.endswith((",", "，")))


def _quote_start(text: str) -> int:
    cut = QUOTE_START.first(text, 0, SEARCH_LIMIT)
    end = SEARCH_LIMIT if cut is None else cut
    # Only a "wrote:" line above the earliest other marker can move the cut.  Every
    # "wrote:" holds "e:" or "E:", which str finds skipping ahead; the IGNORECASE
    # pattern has no literal prefix, so the engine tries it at every position.
    # Both look only above `end`: a long text without either is not read to its end.
    if (text.find("e:", 0, end) >= 0 or text.find("E:", 0, end) >= 0) and WROTE_WORD.search(text, 0, end):
        wrote = WROTE.first(text, 0, end)
        cut = wrote if wrote is not None else cut
    return len(text) if cut is None else cut


def _unquoted(text: str) -> str:
    lines = [line for line in text.split("\n") if not QUOTED.match(line)]
    return "\n".join(lines).strip()
