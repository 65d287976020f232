"""E-mail addresses written in running text (bounce reports, forwarded header blocks)."""

from __future__ import annotations

import re

ADDRESS = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# The two halves of ADDRESS.  The local part is matched backwards from its '@', in the
# reversed text: ADDRESS, which has no literal to start from, is tried at every
# position and reads each word to its end before it fails (150 us on 6,000 characters).
LOCAL_PART = re.compile(r"[\w.+\-]*+")
DOMAIN = re.compile(r"[\w\-]+(?:\.[\w\-]+)+")


def find_all(text: str) -> list[str]:
    """ADDRESS.findall(text), found from each '@' instead of from every position.

    A match holds one '@' and starts where the run of local-part characters before it
    starts (or where the previous match ended, if that is later); its domain half
    matches after the '@' whatever came before.
    """
    found: list[str] = []
    at = text.find("@")
    if at < 0:
        return found
    backwards = text[::-1]
    done = 0
    while at >= 0:
        # The character before text[at] is backwards[len(text) - at].
        local = LOCAL_PART.match(backwards, len(text) - at)
        start = max(done, at - (local.end() - local.start()))
        domain = DOMAIN.match(text, at + 1) if start < at else None
        if domain is not None:
            found.append(text[start:domain.end()])
            done = domain.end()
        at = text.find("@", max(at + 1, done))
    return found
