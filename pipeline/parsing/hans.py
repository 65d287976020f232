"""Traditional Chinese read as Simplified, one character for one.

Providers in Hong Kong and Taiwan write 註銷申請已受理 where the mainland writes
注销申请已受理.  The keyword lists are written once, mostly in Simplified: a
Traditional text is folded to Simplified characters before the lists are asked,
and every list also holds the folded form of its Traditional patterns.  The fold
maps one character to one (OpenCC's character table, first choice), so offsets
into a folded text are offsets into the text as written.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

TABLE_FILE = ("opencc", "dictionary", "TSCharacters.txt")
# Frequent characters that only Traditional text writes: a text holding none is
# read as written (folding every text would cost a lookup per character).
HINTS = "們個這為與請於會來時說對後將經過還無關處務費額戶機號單訂銷終問題應該從當動態寫閣謝電郵註"


@cache
def _table() -> dict[int, str]:
    folder = resources.files(TABLE_FILE[0]).joinpath(*TABLE_FILE[1:])
    table = {}
    for line in folder.read_text(encoding="utf-8").splitlines():
        traditional, _, simplified = line.partition("\t")
        first = simplified.split(" ")[0]
        if len(traditional) == 1 and len(first) == 1 and traditional != first:
            table[ord(traditional)] = first
    return table


HINT = re.compile(f"[{HINTS}]")


def is_traditional(*texts: str) -> bool:
    """True if any of `texts` writes a character only Traditional Chinese uses often."""
    return any(HINT.search(text) for text in texts)


def simplified(text: str) -> str:
    """`text` with each Traditional character replaced by its Simplified one."""
    return text if text.isascii() else text.translate(_table())
