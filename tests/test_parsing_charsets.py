"""Charset handling: wrong labels are widened to supersets, failures fall back."""

from pipeline.parsing import charsets

GBK_ONLY = "玥镕"  # in GBK, not in GB2312


def test_gb2312_labelled_gbk_text_decodes_without_loss():
    text, defect = charsets.decode(f"{GBK_ONLY}美甲".encode("gbk"), "gb2312")
    assert (text, defect) == (f"{GBK_ONLY}美甲", None)


def test_big5_labelled_hkscs_text_decodes_without_loss():
    text, defect = charsets.decode("我哋收到你嘅申請".encode("big5hkscs"), "big5")
    assert (text, defect) == ("我哋收到你嘅申請", None)


def test_an_unknown_charset_label_falls_back_to_utf8():
    assert charsets.decode("订单".encode(), "x-made-up") == ("订单", None)


def test_undecodable_bytes_are_guessed_and_the_defect_is_recorded():
    text, defect = charsets.decode("您的订单已发货，请注意查收。".encode("gb18030"), "utf-8")
    assert "订单" in text
    assert defect is not None and "utf-8" in defect


def test_raw_8bit_header_bytes_try_utf8_then_gb18030():
    assert charsets.decode_8bit("拉卡拉".encode("gb18030")) == "拉卡拉"
    assert charsets.decode_8bit("拉卡拉".encode()) == "拉卡拉"


def test_strict_decoding_equals_bytes_decode_for_every_prepared_codec():
    samples = [b"", b"abc", "订单玥镕".encode("gb18030"), "我哋".encode("big5hkscs"), "가나".encode("cp949"),
               "café€".encode("cp1252"), "订单".encode(), b"\xff\xfe\x81", b"\x81\x30", b"\xa1"]
    for codec in [*charsets.DECODERS, "utf-8"]:
        for data in samples:
            try:
                expected: object = data.decode(codec)
            except UnicodeDecodeError as exc:
                expected = (type(exc), exc.start, exc.end, exc.reason)
            try:
                got: object = charsets.strict(data, codec)
            except UnicodeDecodeError as exc:
                got = (type(exc), exc.start, exc.end, exc.reason)
            assert got == expected, (codec, data)
