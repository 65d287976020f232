"""Order numbers, SNs and merchant ids: by label, by registry pattern, never look-alikes."""

from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.analysis import Analyser
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(load_registry(ROOT / "config" / "providers.toml"))


def message(body: str, sender: str = "service@lakala.example", subject: str = "通知") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "shop@qq.example", subject
    msg.set_content(body)
    return msg.as_bytes()


def test_labelled_order_number_with_spaces_and_full_width_digits_is_normalised(analyser):
    result = analyser.analyse(message("您的POS机已发货。\n订单号：ＬＫＬ ２０２４ ０６０８ １５４０６３"))
    assert result.order_number == "LKL20240608154063"


@pytest.mark.parametrize(
    "distractor",
    ["快递单号：SF4682951333887", "工单号：WO24071507259", "客服电话：400-066-0917",
     "银行流水号：2024110588123456", "运单号 75312345678901", "受理编号：GD2024111500123"],
)
def test_look_alikes_are_never_order_numbers(analyser, distractor):
    result = analyser.analyse(message(f"您的取消申请已受理。\n{distractor}"))
    assert result.order_number is None


def test_an_order_number_is_found_by_registry_pattern_without_a_label(analyser):
    result = analyser.analyse(message("关于LKL20241107715196的取消申请已受理。"))
    assert result.order_number == "LKL20241107715196"


def test_the_providers_number_beats_a_wrong_one_in_the_merchants_quote(analyser):
    body = "您的取消申请已受理，正确订单号：LKL20240000000002\n\n> 订单号：LKL20240000000001 请取消"
    assert analyser.analyse(message(body)).order_number == "LKL20240000000002"


def test_terminal_sn_and_merchant_id_are_taken_by_their_labels(analyser):
    body = "商户入网审核通过。\n机身号(SN)：N9V3J7487030\n商户编号：WD4716125860"
    result = analyser.analyse(message(body))
    assert (result.terminal_sn, result.merchant_id) == ("N9V3J7487030", "WD4716125860")


def test_an_order_number_only_in_the_subject_is_found(analyser):
    result = analyser.analyse(message("您的POS机已发货，请查收。", subject="订单LKL20240608154063发货通知"))
    assert result.order_number == "LKL20240608154063"


def test_a_label_with_a_remark_and_no_value_gives_nothing(analyser):
    result = analyser.analyse(message("请提供以下信息：\n1. 订单号（可在下单短信中查看）\n2. 机身号"))
    assert (result.order_number, result.terminal_sn) == (None, None)
    assert result.extra["requested_info"][:2] == ["order_number", "terminal_sn"]


def test_marketing_mail_extracts_nothing(analyser):
    body = "拉卡拉POS免费领取！费率低至0.38%，订单号：LKL20240608154063，仅需99元"
    result = analyser.analyse(message(body, sender="agent@sohu.example"))
    assert (result.order_number, result.amount_cny, result.provider) == (None, None, "unknown")


def test_courier_numbers_and_refund_account_digits_land_in_extra(analyser):
    body = "您的设备已发货，快递单号：SF4682951333887。\n退款将退回至尾号6621的银行卡。"
    extra = analyser.analyse(message(body)).extra
    assert extra["tracking_numbers"] == ["SF4682951333887"]
    assert extra["refund_account_last_digits"] == ["6621"]


def test_a_bilingual_label_pair_gives_the_value_after_the_second_label(analyser):
    body = "閣下的取消申請已受理。\n申請編號 Order No.:  HT2609140371\n商戶編號 Merchant ID: 852003318471\n"
    result = analyser.analyse(message(body, sender="service@huitong-hk.example"))
    assert (result.order_number, result.merchant_id) == ("HT2609140371", "852003318471")


def test_a_value_split_into_digit_groups_after_letters_is_still_one_value(analyser):
    result = analyser.analyse(message("您的取消申请已受理。\n订单号：SQ 2024 0827 6198\n"))
    assert result.order_number == "SQ202408276198"
