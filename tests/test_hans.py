"""Traditional Chinese folded to Simplified, one character for one, for the keyword lists."""

from __future__ import annotations

from pathlib import Path

from pipeline.analysis import Analyser
from pipeline.classifiers.rules import load_rules
from pipeline.findings import Kind
from pipeline.parsing import hans, spelling
from pipeline.parsing.normalise import nfkc
from pipeline.registry import load_registry
from tests.test_classifier_generalisation import message

ROOT = Path(__file__).resolve().parents[1]


def test_folding_keeps_every_offset_and_leaves_simplified_text_alone():
    traditional = "閣下的終端註銷申請已受理，訂單編號 HT2502170431。"
    folded = hans.simplified(traditional)
    assert folded == "阁下的终端注销申请已受理，订单编号 HT2502170431。"
    assert len(folded) == len(traditional)
    simplified = "您的终端注销申请已受理，订单编号 LKL20250101123456。"
    assert hans.simplified(simplified) == simplified


def test_every_hint_is_a_traditional_character_the_table_folds():
    assert all(hans.simplified(char) != char for char in hans.HINTS)
    assert hans.is_traditional("無法辦理", "")
    assert not hans.is_traditional("无法办理", "Cancel order")


def test_the_folded_rules_are_apart_from_the_rules_as_written():
    rules = load_rules()
    folded = rules.folded
    assert folded is rules.folded and folded is not rules
    written = rules.words("kinds", "cancel_acknowledged")
    assert any(hans.simplified(p) != p for p in written)  # zh-HK patterns as written
    assert all(hans.simplified(p) == p for p in folded.words("kinds", "cancel_acknowledged"))


TRADITIONAL = [
    ("經覆核，閣下的取消申請未能獲得批准，訂單維持有效。", Kind.CANCEL_REJECTED),
    ("閣下的終端按金須用作維修費用，恕不退還。", Kind.REFUND_REJECTED),
    ("本公司已收到閣下於3月2日經網點遞交的終端服務取消申請，現正安排處理。", Kind.CANCEL_ACKNOWLEDGED),
    ("閣下的服務協議已於12月1日正式解除，終端毋須寄回。", Kind.CANCEL_CONFIRMED),
]


def test_traditional_mail_is_read_by_the_simplified_lists():
    analyser = Analyser(load_registry(ROOT / "config" / "providers.toml"))
    for body, kind in TRADITIONAL:
        found = analyser.analyse(message(body, subject="通知", sender="cs@huitong-hk.example"))
        assert found.kind is kind, body
        assert found.new_text.strip() == nfkc(body)  # the text shown is the text as written


def test_every_spelling_form_keeps_the_length_so_offsets_hold():
    assert all(len(old) == len(new) for old, new in spelling.FORMS)
    assert spelling.standard("你那个取校好了") == "您那个取消好了"
