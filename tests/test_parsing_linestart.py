"""Line-start scanners find exactly what the '^'-anchored MULTILINE regexes find."""

import re
from pathlib import Path

import pytest

from pipeline.parsing import forwards, quotes
from pipeline.parsing.linestart import LineStart
from pipeline.parsing.mime import parse
from pipeline.parsing.normalise import nfkc

CORPORA = sorted(Path(__file__).parent.glob("corpus*/*.eml"))
# The regexes quotes.py and forwards.py used before the line-start scanners.
OLD_ATTRIBUTION = re.compile(
    r"^[ \t]*(?:(?:在|于|於).{0,120}(?:写道|寫道|wrote)\s*[:：]?\s*$"
    r"|On .{0,200}\bwrote:?\s*$"
    r"|.{0,80}\bwrote:\s*$"
    r"|-{2,}\s*(?:Original Message|原始邮件|原始郵件|回复的邮件|Reply message)\s*-{2,}.*$"
    r"|_{8,}\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
OLD_WRAPPED_ON = re.compile(r"^On [^\n]{0,200}\n[^\n]{0,120}wrote:\s*$", re.IGNORECASE | re.MULTILINE)
OLD_QUOTED_LINE = re.compile(r"^[ \t]*(?:>|＞)", re.MULTILINE)
SAMPLES = [
    "", "\n", "> a", "x\n> a", "x\n\n＞ b\n", "On Mon, A <\nb@c.example> wrote:\n> q",
    "hi\nJohn wrote:\n\n> q", "top\n" + "x" * 90 + " wrote:\n> q", "a\n-----Original Message-----\nFrom: b",
    "在 2024年11月3日 王 写道：\n> 取消", "line\r\n> crlf", "________\n", "me\nWROTE:\nOn x wrote:",
    "x\nON Mon, A wrote:\n", "x\n\t> q", "x\n  发件人: a\n主题: b", "x\n*From: a\nTo: b", "x\n>>FROM: a",
    "x\n于 周一 写道\n", "x\n於 週一 寫道:\n", "x\nvon: a\nan: b", "x\n寄件者: a", "x\n發件人: a", "x\n---- 原始邮件 ----",
]


def _texts():
    yield from SAMPLES
    for path in CORPORA:
        mail = parse(path.read_bytes())
        for part in (mail, *mail.attached):
            yield nfkc(part.plain)
            yield nfkc(part.html_text)


@pytest.fixture(scope="module")
def texts():
    return [text for text in _texts() if text]


def test_first_is_the_start_of_the_first_anchored_match(texts):
    bodies = [(quotes.QUOTE_START, f"{quotes.ATTRIBUTION}|{quotes.WRAPPED_ON}|{quotes.QUOTED_LINE}", re.I),
              (quotes.WROTE, r"[ \t]*.{0,80}\bwrote:\s*$", re.I),
              (forwards.FROM_LINE, r"[ \t>*|]*(?:From|发件人|發件人|寄件人|寄件者|发信人|Von)[ \t*]*[:|]", re.I)]
    for scanner, body, flags in bodies:
        anchored = re.compile(f"^(?:{body})", flags | re.MULTILINE)
        for text in texts:
            for endpos in (len(text), 50, quotes.SEARCH_LIMIT):
                match = anchored.search(text, 0, endpos)
                assert scanner.first(text, 0, endpos) == (match.start() if match else None)


def test_starts_lists_every_line_start_where_the_body_matches(texts):
    body = r"[ \t>*]*(?:From|发件人)[ \t*]*:"
    scanner, anchored = LineStart(body, re.I), re.compile(f"^(?:{body})", re.I | re.M)
    for text in texts:
        line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        assert list(scanner.starts(text)) == [s for s in line_starts if anchored.match(text, s)]


def test_quote_start_is_the_earliest_marker_of_the_three_old_patterns(texts):
    for text in texts:
        starts = [m.start() for p in (OLD_ATTRIBUTION, OLD_WRAPPED_ON, OLD_QUOTED_LINE)
                  if (m := p.search(text, 0, quotes.SEARCH_LIMIT))]
        assert quotes._quote_start(text) == min(starts, default=len(text))
