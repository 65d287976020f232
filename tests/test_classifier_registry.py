"""The classifier registry: names are unique, config names must exist, order is config's."""

from pathlib import Path

import pytest

from pipeline import classifiers
from pipeline.analysis import analyse
from pipeline.classifiers.bounce import Bounce
from pipeline.classifiers.rules import load_rules
from pipeline.errors import ConfigError, ParseError
from pipeline.findings import Kind
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = load_registry(ROOT / "config" / "providers.toml")
SHIPPED = "From: service@lakala.example\nSubject: x\n\n您的POS机已发货，订单号：LKL20240608154063\n".encode()


def test_every_builtin_classifier_has_a_name_and_a_one_line_description():
    for step in classifiers.registry().values():
        assert step.name and "\n" not in step.description


def test_a_duplicate_classifier_name_is_a_config_error():
    with pytest.raises(ConfigError, match="bounce"):
        classifiers.registry([Bounce, Bounce])


def test_an_unknown_classifier_name_in_config_is_a_config_error_naming_it():
    with pytest.raises(ConfigError, match="no_such_step"):
        analyse(SHIPPED, REGISTRY, ["provider", "no_such_step"])


def test_only_the_configured_classifiers_run():
    result = analyse(SHIPPED, REGISTRY, ["provider", "kind"])
    assert (result.provider, result.kind, result.order_number) == ("lakala", Kind.SHIPPED, None)


def test_the_default_order_lists_every_builtin_classifier_once():
    assert sorted(classifiers.DEFAULT_ORDER) == sorted(classifiers.registry())


def test_keyword_rules_load_from_another_directory(tmp_path):
    (tmp_path / "xx.toml").write_text("[kinds]\nshipped = ['发走了']\n", encoding="utf-8")
    result = analyse("From: service@lakala.example\nSubject: x\n\nPOS机发走了\n".encode(), REGISTRY,
                     rules_dir=tmp_path)
    assert result.kind is Kind.SHIPPED


def test_a_keyword_file_with_a_bad_pattern_is_a_config_error_naming_the_file(tmp_path):
    (tmp_path / "bad.toml").write_text("[kinds]\nshipped = ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_rules(tmp_path)


@pytest.mark.parametrize("raw", [b"", b"   \r\n  "])
def test_empty_input_is_a_parse_error(raw):
    with pytest.raises(ParseError):
        analyse(raw, REGISTRY)


@pytest.mark.parametrize("raw", [b"just some words", b"\x00\xff\xfe garbage", b"Subject: only a header\n"])
def test_odd_but_nonempty_input_still_gives_an_analysis(raw):
    assert analyse(raw, REGISTRY).kind in set(Kind)


def test_messages_nested_deeper_than_the_limits_are_analysed_with_a_defect():
    deep = b"From: a@b.example\nMIME-Version: 1.0\n" + b"".join(
        b'Content-Type: multipart/mixed; boundary="d%d"\n\n--d%d\n' % (i, i) for i in range(300)
    ) + b"Content-Type: text/plain\n\nbody\n"
    result = analyse(deep, REGISTRY)
    assert any("deeper than the limits" in defect for defect in result.defects)


def test_forwards_of_forwards_of_attached_messages_do_not_exhaust_the_stack():
    raw = b"From: a@b.example\nSubject: x\n\nhello"
    for i in range(40):
        raw = (
            b'From: f%d@b.example\nSubject: Fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b%d"\n\n'
            b"--b%d\nContent-Type: text/plain\n\nnote\n--b%d\nContent-Type: message/rfc822\n\n" % (i, i, i, i)
        ) + raw + b"\n--b%d--\n" % i
    assert analyse(raw, REGISTRY).forwarded
