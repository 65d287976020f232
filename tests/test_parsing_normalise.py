"""Normalisation: NFKC, Chinese numerals, numbers and dates."""

from datetime import date

from pipeline.parsing import normalise


def test_full_width_digits_letters_and_colons_become_ascii():
    assert normalise.nfkc("订单号：ＬＫＬ２０２４") == "订单号:LKL2024"


def test_chinese_uppercase_numerals_are_read():
    assert normalise.chinese_number("贰佰") == 200
    assert normalise.chinese_number("壹佰玖拾玖") == 199
    assert normalise.chinese_number("壹仟贰佰捌拾") == 1280
    assert normalise.chinese_number("一万零五百") == 10500


def test_non_numerals_are_not_numbers():
    assert normalise.chinese_number("元整") is None


def test_thousands_separators_are_dropped():
    assert normalise.number("1,280.50") == 1280.5


def test_dates_in_chinese_iso_and_english_forms_are_found():
    found = normalise.dates("2024年11月3日 与 2024-11-05，以及 Nov 7, 2024")
    assert found == [date(2024, 11, 3), date(2024, 11, 5), date(2024, 11, 7)]


def test_eight_digit_dates_are_recognised_as_distractors():
    assert normalise.looks_like_date("20241103")
    assert not normalise.looks_like_date("20241399")
