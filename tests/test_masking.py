from pipeline.masking import mask
from pipeline.settings import Masking

POLICY = Masking()


def test_a_bank_card_keeps_only_its_last_four_digits() -> None:
    assert mask("卡号 6222021234567890123 请退款", POLICY) == "卡号 ***************0123 请退款"


def test_a_grouped_visa_number_keeps_its_shape_and_last_four() -> None:
    assert mask("card 4111 1111 1111 1111.", POLICY) == "card **** **** **** 1111."


def test_an_order_number_that_is_not_a_card_is_left_alone() -> None:
    assert mask("订单号 2025011012345678901", POLICY) == "订单号 2025011012345678901"


def test_a_terminal_sn_with_letters_is_left_alone() -> None:
    assert mask("SN: NP13800000000123", POLICY) == "SN: NP13800000000123"


def test_a_resident_id_is_hidden_entirely() -> None:
    assert mask("身份证110105199003072316", POLICY) == "身份证" + "*" * 18


def test_a_resident_id_ending_in_x_is_hidden_entirely() -> None:
    assert mask("ID 11010519900307231X ok", POLICY) == "ID " + "*" * 18 + " ok"


def test_a_mobile_number_keeps_its_last_four_digits() -> None:
    assert mask("电话13800001234，谢谢", POLICY) == "电话*******1234，谢谢"


def test_a_mobile_number_with_country_code_and_spaces_is_masked() -> None:
    assert mask("+86 138 0000 1234", POLICY) == "+** *** **** 1234"


def test_a_landline_keeps_its_last_four_digits() -> None:
    assert mask("call 021-62345678", POLICY) == "call ***-****5678"


def test_each_kind_can_be_switched_off() -> None:
    policy = Masking(phones=False, bank_cards=False)
    assert mask("13800001234 6222021234567890123", policy) == "13800001234 6222021234567890123"


def test_masking_can_be_disabled() -> None:
    assert mask("110105199003072316", Masking(enabled=False)) == "110105199003072316"


def test_the_number_of_kept_digits_is_configurable() -> None:
    assert mask("13800001234", Masking(keep_last=2, mask_char="#")) == "#########34"


def test_empty_text_stays_empty() -> None:
    assert mask(None, POLICY) == ""


LUHN_VALID_ORDER = "2025011012345678905"  # a 19-digit order number that passes the Luhn check by chance


def test_an_order_number_that_passes_the_luhn_check_is_masked_unless_it_is_known() -> None:
    assert mask(f"订单号 {LUHN_VALID_ORDER}", POLICY) == f"订单号 {'*' * 15}8905"
    text = f"订单号 {LUHN_VALID_ORDER}，退款卡号 6222021234567890123"
    assert mask(text, POLICY, keep=[LUHN_VALID_ORDER, None]) == f"订单号 {LUHN_VALID_ORDER}，退款卡号 {'*' * 15}0123"


def test_a_known_identifier_written_in_groups_is_still_recognised() -> None:
    grouped = "2025 0110 1234 5678 905"
    assert mask(f"Order {grouped}", POLICY, keep=[LUHN_VALID_ORDER]) == f"Order {grouped}"
