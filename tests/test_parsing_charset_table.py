"""The import-time table of common charset labels answers as the lookup does."""

from pipeline.parsing import charsets


def test_common_labels_resolve_as_the_lookup_resolves_them():
    for label, codec in charsets.COMMON_CODECS.items():
        assert codec == charsets._lookup(label)


def test_labels_outside_the_table_still_resolve():
    assert charsets.codec_for(' "GB2312" ') == "gb18030"
    assert charsets.codec_for("Big5") == "big5hkscs"
    assert charsets.codec_for("no-such-charset") is None
    assert charsets.codec_for("") is None
    assert charsets.codec_for(None) is None
