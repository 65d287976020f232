"""The fast HTML patterns find exactly what the plain IGNORECASE forms would."""

import html as entities
import itertools
import re
import sys

from pipeline.parsing import html, invisible
from tests.corpus_texts import corpus_mails

EVERY_CHARACTER = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
OLD_BLOCK_TAG = (
    r"<(?:hr|/?(?:p|div|tr|table|li|ul|ol|h[1-6]|blockquote|pre|section|article|header|"
    r"footer|dl|dt|dd|center|form|tbody|thead|body|html))\b" + html.TAG_BODY + ">"
)


def test_letter_classes_match_what_ignorecase_matches():
    for letter in sorted(set("".join(html.BLOCK_NAMES) + "hr")):
        if letter.isalpha():
            expected = set(re.findall(f"(?i){letter}", EVERY_CHARACTER))
            assert set(re.findall(html._nocase(letter), EVERY_CHARACTER)) == expected, letter


def test_block_tags_are_found_as_the_ignorecase_pattern_finds_them():
    names = [*html.BLOCK_NAMES, "hr", "span", "td", "br", "a", "b", "font", "h7", "pa", "divx"]
    samples = []
    for name, slash, case, tail in itertools.product(names, ("", "/"), ("lower", "upper", "title"),
                                                     ("", " a='>'", "-x", "1")):
        samples.append(f"x<{slash}{getattr(name, case)()}{tail}> y")
    samples += ["<ſection>", "<blocKquote>", "<lİ>", "<Lı>", "</hr>", "<h1 class=x>"]
    old = re.compile(OLD_BLOCK_TAG, re.IGNORECASE)
    new = re.compile(html.BLOCK_TAG)
    for sample in samples:
        assert [m.span() for m in new.finditer(sample)] == [m.span() for m in old.finditer(sample)], sample


OLD_INVISIBLE = re.compile(
    r"<!--.*?-->|<(script|style|head|title|noscript|template)\b.*?</\1\s*>|<!\[CDATA\[.*?\]\]>",
    re.DOTALL | re.IGNORECASE,
)


# The unrolled pattern html.py used before invisible.cut(): the same cuts, faster.
POSSESSIVE_INVISIBLE = re.compile(
    r"<(?=[!snht])(?:!--[^-]*+(?:-(?!->)[^-]*+)*+-->"
    r"|(script|style|head|title|noscript|template)\b[^<]*+(?:<(?!/\1\s*>)[^<]*+)*+</\1\s*>"
    r"|!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+\]\]>)",
    re.IGNORECASE,
)


def _assert_cut_as_the_patterns(text):
    expected = OLD_INVISIBLE.sub(" ", text)
    assert invisible.cut(text) == expected == POSSESSIVE_INVISIBLE.sub(" ", text), text


def test_invisible_blocks_are_the_lazy_pattern_s_blocks():
    for sample in ["<SCRIPT>x</script>", "<ſtyle>p{}</ſtyle>", "<!-- a -->b", "<![cdata[x]]>",
                   "<Head><title>t</TITLE></head>", "<noscript>n</noscript>", "<template>t</template>",
                   "<a><b><s>x</s>", "<ſtyle>x</style>", "<style>x</ſtyle>", "<tİtle>x</title>",
                   "<title>x</tİtle>", "<tıtle>x</title>", "<tıtle>x</TıTLE>", "<!-->x-->", "<!--->x",
                   "<title>a<title>b</title>", "<title>a</title >b</title>", "<script>x</scripts></script>",
                   "<scripts>x</scripts>", "<title>x</title\n\t>", "<title>x</title\u3000>", "<title>x</ title>"]:
        _assert_cut_as_the_patterns(sample)
    pieces = ["<!--", "-->", "--", "-", ">", "<title>", "</title>", "</TITLE >", "<script x='<'>", "</script",
              "<![CDATA[", "]]>", "]", "<", "x\n", "<titlex>", "</", "<Title", "<style>"]
    for combo in itertools.product(pieces, repeat=4):
        _assert_cut_as_the_patterns("".join(combo))


def test_runs_of_unclosed_openings_are_left_as_the_patterns_leave_them():
    for opening in ("<title>", "<!--", "<![CDATA[", "<SCRIPT x='<'>"):
        _assert_cut_as_the_patterns(opening * 300 + "text <style>p{}</style> " + opening * 3)
        _assert_cut_as_the_patterns("<title>a" + opening * 300 + "</title>b" + opening)


def test_invisible_blocks_are_cut_as_the_patterns_cut_them_on_the_corpus():
    for mail in corpus_mails():
        for part in (mail, *mail.attached):
            if part.markup:
                _assert_cut_as_the_patterns(part.markup)


def test_unescape_gives_what_html_unescape_gives():
    pieces = ["&nbsp;", "&#39;", "&quot;", "&lt;", "&gt;", "&amp;", "&copy", "&co", "&#39", "&x",
              "&amp;nbsp;", "a" * 31, ";", " ", "&"]
    for combo in itertools.product(pieces, repeat=3):
        text = "".join(combo)
        assert html.unescape(text) == entities.unescape(text), text


def _regex_tidy(text: str) -> str:
    spaces = re.compile(r"[ \t\u00a0\u3000](?:(?<= )[ \t\u00a0\u3000]+|(?<! )[ \t\u00a0\u3000]*)")
    lines = (line.strip() for line in spaces.sub(" ", text.replace("\r", "")).split("\n"))
    return re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n\n", "\n".join(lines)).strip()


def test_tidy_collapses_space_runs_as_the_single_regex_did():
    for combo in itertools.product([" ", "\t", "\u00a0", "\u3000", "\u2003", "x", "\n", "\r"], repeat=5):
        text = "a" + "".join(combo) + "b"
        assert html.tidy(text) == _regex_tidy(text), repr(text)


# The same patterns before their quantifiers were made possessive.
BACKTRACKING_TAG_BODY = r"""[^'">]*(?:(?:"[^"]*"|'[^']*')[^'">]*)*"""


def test_possessive_tag_patterns_match_what_the_backtracking_forms_match():
    body = html.TAG_BODY
    old_blocks = html.BLOCKS.pattern.replace(body, BACKTRACKING_TAG_BODY).replace("*+", "*")
    assert body not in old_blocks and "*+" not in BACKTRACKING_TAG_BODY
    pairs = [
        (html.BLOCKS, re.compile(old_blocks)),
        (html.BREAK, re.compile(html.BREAK.pattern.replace(body, BACKTRACKING_TAG_BODY), re.IGNORECASE)),
        (html.TAG, re.compile(html.TAG.pattern.replace(body, BACKTRACKING_TAG_BODY))),
    ]
    pieces = ["<div", "</P", "<br", "<hr", "</hr", "<span", "<", ">", '"', "'", " a=", "\t", "x", "<td>"]
    for combo in itertools.product(pieces, repeat=5):
        text = "".join(combo)
        for new, old in pairs:
            assert new.sub("|", text) == old.sub("|", text), (new.pattern[:20], text)
