"""nfkc() folds only the characters that change, yet equals a full NFKC pass."""

import itertools
import sys
import unicodedata

from pipeline.parsing import normalise


def _reference(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for old, new in normalise.EXTRA_FOLD:
        text = text.replace(old, new)
    return text


def test_every_bmp_character_alone_and_between_neighbours_folds_as_full_nfkc():
    for code in range(0x80, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        for text in (f"订单{char}", f"Ａ{char}\u0301：", f"\u1100{char}\u1161，", f"e\u0301{char}（x）"):
            assert normalise.nfkc(text) == _reference(text), hex(code)


def test_whole_planes_in_one_text_fold_as_full_nfkc():
    for start in range(0x80, sys.maxunicode + 1, 0x1000):
        text = "：".join(chr(c) for c in range(start, min(start + 0x1000, sys.maxunicode + 1))
                       if not 0xD800 <= c < 0xE000)
        assert normalise.nfkc(text) == _reference(text), hex(start)


def test_marks_that_compose_with_folded_characters_fold_as_full_nfkc():
    pieces = ["Ａ", "A", "\u0301", "\u0327", "（", "\u3000", "\u00a0", "ｶ", "\u3099", "\u1100", "\u1161",
              "\u11a8", "가", "ﬁ", "①", "…", "订", "\u200b", "￥"]
    for combo in itertools.product(pieces, repeat=3):
        text = "".join(combo)
        assert normalise.nfkc(text) == _reference(text), ascii(text)
