"""Header decoding: RFC 2047 (split, malformed), raw 8-bit bytes, addresses."""

import base64
import email

from pipeline.parsing import headers


def test_encoded_words_split_inside_a_character_are_joined_before_decoding():
    data = "申请取消订单".encode()
    first = base64.b64encode(data[:4]).decode()
    second = base64.b64encode(data[4:]).decode()
    value = f"=?utf-8?B?{first}?= =?utf-8?B?{second}?="
    assert headers.decode_value(value) == "申请取消订单"


def test_gb2312_encoded_word_with_gbk_characters_decodes():
    word = base64.b64encode("玥玥美甲".encode("gbk")).decode()
    assert headers.decode_value(f"=?gb2312?B?{word}?=") == "玥玥美甲"


def test_encoded_word_with_missing_padding_still_decodes():
    word = base64.b64encode("退款".encode()).decode().rstrip("=")
    assert headers.decode_value(f"=?utf-8?B?{word}?=") == "退款"


def test_q_encoding_with_underscores_decodes_to_spaces():
    assert headers.decode_value("=?utf-8?Q?Order_No=2E_1?=") == "Order No. 1"


def test_raw_gb18030_bytes_in_a_header_decode_through_the_stdlib_message():
    raw = b"Subject: " + "取消申请".encode("gb18030") + b"\nFrom: a@b.example\n\nbody"
    message = email.message_from_bytes(raw)
    assert headers.decode_value(message.get("Subject")) == "取消申请"


def test_addresses_are_bare_and_lowercase_with_decoded_names():
    name = base64.b64encode("拉卡拉".encode()).decode()
    pairs = headers.addresses(f"=?utf-8?B?{name}?= <Service@Lakala.Example>, other@x.example")
    assert pairs == [("拉卡拉", "service@lakala.example"), ("", "other@x.example")]


def test_a_broken_date_is_none_rather_than_an_error():
    assert headers.date("not a date at all") is None
