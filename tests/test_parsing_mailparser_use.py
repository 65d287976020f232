"""mime.parse() runs mail-parser without building its header dictionaries.

These fail loudly if mail-parser changes so that skipping _make_mail() would
alter what analysis reads: the message tree, the text lists, the defect categories.
"""

from __future__ import annotations

import inspect

import mailparser  # type: ignore[import-untyped]

from pipeline.parsing import mime
from tests.test_parsing_header_fastpaths import corpus_files


def outcome(parser: type, raw: bytes) -> object:
    try:
        parsed = parser.from_bytes(raw)
    except Exception as exc:  # the same failure, or none, either way
        return type(exc).__name__
    message = parsed.message
    return (
        sorted(parsed.defects_categories),
        parsed.text_plain,
        parsed.text_html,
        None if message is None else message.as_bytes(),
    )


def test_parse_builds_its_header_dictionaries_only_through_make_mail():
    source = inspect.getsource(mailparser.MailParser.parse)
    assert source.count("self._make_mail(") == 2
    assert "_make_mail" in mailparser.MailParser.__dict__
    others = inspect.getsource(mailparser.MailParser).replace(inspect.getsource(mailparser.MailParser.parse), "")
    assert "self._make_mail(" not in others


def test_what_analysis_reads_equals_the_stock_parsers_on_every_corpus_message():
    for path in corpus_files():
        raw = path.read_bytes()
        assert outcome(mime._MailParser, raw) == outcome(mailparser.MailParser, raw), path
