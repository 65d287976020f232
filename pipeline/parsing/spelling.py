"""The forms the keyword lists read as one, each the length of the form it stands for.

Agents typing on a phone write 你 where a template writes 您, and slip into
homophones the input method offers (取校 for 取消, 注消 for 注销, 审合 for 审核).
The lists are written in the template's words; a text is read with these forms
replaced, and the lists are loaded the same way.  Every replacement keeps the
length, so offsets into the text read are offsets into the text as written.
"""

from __future__ import annotations

# Each pair the same length (tests/test_hans.py holds them to it).
FORMS = (("你", "您"), ("取校", "取消"), ("注消", "注销"), ("註消", "註銷"), ("审合", "审核"), ("到帐", "到账"))


def standard(text: str) -> str:
    """`text` with each form in FORMS replaced by the one the lists are written in."""
    if text.isascii():
        return text
    for old, new in FORMS:
        if old in text:
            text = text.replace(old, new)
    return text
