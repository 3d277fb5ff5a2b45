"""One Unicode form for all text newsclean returns: NFC.

Pages mix forms: text pasted from macOS keeps German umlauts decomposed ("u" + U+0308), and
some scripts have precomposed letters that NFC decomposes (Bengali U+09DF). A reader sees no
difference, but string search, deduplication and comparison with other tools' output (which
normalise to NFC, as trafilatura does) all fail on it. Text is normalised where it is read
from the page - never the markup, where a combining mark after ">" would compose with it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["nfc"]


def nfc(text: str) -> str:
    # ASCII is always NFC; the check is much cheaper than normalize's own quick check.
    return text if text.isascii() else unicodedata.normalize("NFC", text)
