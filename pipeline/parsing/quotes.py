"""Quoted replies: keep only the newest text a sender wrote on top."""

from __future__ import annotations

import re

from pipeline.parsing import forwards

# Attribution lines clients put above a quote, zh and en (NFKC text).
ATTRIBUTION = re.compile(
    r"^[ \t]*(?:(?:在|于|於).{0,120}(?:写道|寫道|wrote)\s*[:：]?\s*$"
    r"|On .{0,200}\bwrote:?\s*$"
    r"|.{0,80}\bwrote:\s*$"
    r"|-{2,}\s*(?:Original Message|原始邮件|原始郵件|回复的邮件|Reply message)\s*-{2,}.*$"
    r"|_{8,}\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
# Gmail wraps long attributions: "On Mon, ... Name <" / "addr> wrote:".
WRAPPED_ON = re.compile(r"^On [^\n]{0,200}\n[^\n]{0,120}wrote:\s*$", re.IGNORECASE | re.MULTILINE)
QUOTED_LINE = re.compile(r"^[ \t]*(?:>|＞)", re.MULTILINE)
# A reply's own text is short: a quote marker further down than this is not looked for.
SEARCH_LIMIT = 50_000


def newest(text: str) -> str:
    """Return the text above the first quote marker (all of it if none)."""
    cut = len(text)
    for pattern in (ATTRIBUTION, WRAPPED_ON, QUOTED_LINE):
        match = pattern.search(text, 0, SEARCH_LIMIT)
        if match:
            cut = min(cut, match.start())
    embedded = forwards.find(text[:cut])
    top = embedded.note if embedded is not None else text[:cut].rstrip()
    # Bottom-posted replies write below the quote: then drop only quoted lines.
    return top if top.strip() else _unquoted(text)


def _unquoted(text: str) -> str:
    lines = [line for line in text.split("\n") if not QUOTED_LINE.match(line)]
    return "\n".join(lines).strip()
