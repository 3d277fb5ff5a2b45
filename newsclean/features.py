"""Blocks → numbers: length, words, link density, stopword density, sentence shape.

Stopword lists are data files (``data/stopwords/<lang>.txt``), loaded once on first use.
The page language comes from the markup when declared, else from which list covers most of
the page's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ._data import DATA_DIR
from .segment import Page

__all__ = [
    "BlockFeatures",
    "Features",
    "compute_features",
    "stopwords",
    "detect_language",
    "fold_words",
    "dense_script_chars",
    "DENSE_SCRIPT_WEIGHT",
]

_NON_WORD = regex.compile(r"\W+")
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}]+)?")
# Prose ends like a sentence; headings, menu entries and labels do not.
# Han, kana and hangul characters each carry about a word: length thresholds written for
# alphabetic text count them this many times.
_DENSE_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
DENSE_SCRIPT_WEIGHT = 3
_SENTENCE_END = regex.compile(r"[.!?…:;\"“”»«'’)\]]\s*$")
# How many words of the page the language guess reads: enough to be sure, cheap to count.
LANGUAGE_SAMPLE_WORDS = 3000
LANGUAGE_MIN_HITS = 5
LANGUAGE_MIN_SHARE = 0.12


@dataclass(frozen=True, slots=True)
class BlockFeatures:
    chars: int  # length in alphabetic-text equivalents (see DENSE_SCRIPT_WEIGHT)
    words: int
    stopwords: int
    link_density: float  # share of characters inside links
    sentence_end: bool

    @property
    def stopword_density(self) -> float:
        return self.stopwords / self.words if self.words else 0.0


@dataclass(frozen=True, slots=True)
class Features:
    blocks: tuple[BlockFeatures, ...]
    language: str | None
    total_chars: int
    has_stoplist: bool  # False: stopword densities carry no evidence on this page


def dense_script_chars(text: str) -> int:
    """How many Han, kana and hangul characters ``text`` holds (each carries about a word)."""
    return 0 if text.isascii() else len(_DENSE_SCRIPT.findall(text))


def fold_words(text: str) -> str:
    """The words of ``text`` alone, case-folded: how a heading is compared with the title."""
    return _NON_WORD.sub(" ", text).strip().casefold()


@cache
def _available_languages() -> tuple[str, ...]:
    folder = DATA_DIR / "stopwords"
    return tuple(sorted(p.stem for p in folder.glob("*.txt"))) if folder.is_dir() else ()


@cache
def stopwords(language: str) -> frozenset[str]:
    path = DATA_DIR / "stopwords" / f"{language}.txt"
    if not path.is_file():
        return frozenset()
    text = path.read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


def detect_language(words: list[str]) -> str | None:
    """The language whose stopword list covers most of ``words`` (lower-cased)."""
    best, best_hits = None, 0
    for lang in _available_languages():
        stop = stopwords(lang)
        hits = sum(1 for w in words if w in stop)
        if hits > best_hits:
            best, best_hits = lang, hits
    # Real prose in a listed language is 30-50 % stopwords, whole pages 15-30 %; a lower share
    # is chance overlap (Latin filler hits Italian "in", "non", "est"), not that language.
    if best_hits < LANGUAGE_MIN_HITS or best_hits < LANGUAGE_MIN_SHARE * len(words):
        return None
    return best


def _primary(tag: str | None) -> str | None:
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def compute_features(page: Page, *, language_hint: str | None = None) -> Features:
    # one lower() per block rather than per word: the same words, far fewer calls
    find_words = _WORD.findall
    tokenised = [find_words(b.text.lower()) for b in page.blocks]
    language = _primary(language_hint)
    if language not in _available_languages():
        sample: list[str] = []
        for words in tokenised:
            sample.extend(words)
            if len(sample) >= LANGUAGE_SAMPLE_WORDS:
                break
        language = detect_language(sample) or language
    # A language with no list (Latin filler, Arabic, Chinese …) gets no stopword evidence at
    # all: density then rests on length and links alone, as jusText does with an empty list.
    stop = stopwords(language) if language else frozenset()
    is_stopword = stop.__contains__
    ends_sentence = _SENTENCE_END.search
    out = []
    total = 0
    for block, words in zip(page.blocks, tokenised, strict=True):
        text = block.text
        raw_chars = len(text)
        chars = raw_chars
        if not text.isascii():
            chars += (DENSE_SCRIPT_WEIGHT - 1) * len(_DENSE_SCRIPT.findall(text))
        total += chars
        out.append(
            BlockFeatures(
                chars,
                len(words),
                sum(map(is_stopword, words)),
                block.link_chars / raw_chars if raw_chars else 0.0,
                # only the last non-space character can start a match: search from there
                ends_sentence(text, max(0, len(text.rstrip()) - 1)) is not None,
            )
        )
    return Features(tuple(out), language, total, bool(stop))
