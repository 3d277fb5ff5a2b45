"""Language detection: the shortcut of features.py gives what the plain loop gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsclean import features

# words of the stopword lists and others, with marks and spaces that are no words
_PIECES = st.sampled_from(
    ["der", "die", "und", "the", "and", "of", "le", "la", "et", "ΟΔΟΣ", "Σ", "ΣΑ", "l'homme", "o’", "e\u0301",
     "Haus", "HOUSE", " ", "\n", ".", "'", "’", "-", "\u00a0", "Ǆ", "İ", "x"]
)


def _reference_language(words: list[str]) -> str | None:
    best, best_hits = None, 0
    for lang in features._available_languages():
        hits = sum(map(features.stopwords(lang).__contains__, words))
        if hits > best_hits:
            best, best_hits = lang, hits
    if best_hits < features.LANGUAGE_MIN_HITS or best_hits < features.LANGUAGE_MIN_SHARE * len(words):
        return None
    return best


@given(st.lists(_PIECES.map(str.lower), max_size=60), st.integers(0, 3))
def test_detect_language_counts_as_the_plain_loop(words: list[str], repeat: int) -> None:
    words = words * repeat
    assert features.detect_language(words) == _reference_language(words)
