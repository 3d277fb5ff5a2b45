"""Blocks → numbers: length, words, link density, stopword density, sentence shape.

Stopword lists are data files (``data/stopwords/<lang>.txt``), loaded once on first use.
The page language comes from the markup when declared, else from which list covers most of
the page's words.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import compress
from typing import NamedTuple

import regex

from . import _accel
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
# the characters a sentence may end with, then only white space
_SENTENCE_END_CHAR = r"[.!?…:;\"“”»«'’)\]]"
_SENTENCE_END = regex.compile(_SENTENCE_END_CHAR + r"\s*$")
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


class Features(NamedTuple):
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
    # each distinct word is looked up once per list, not each occurrence: a page's sample of
    # up to 3000 words has about a third as many distinct ones
    counts = Counter(words)
    distinct = counts.keys()
    best, best_hits = None, 0
    for lang in _available_languages():
        hits = sum(map(counts.__getitem__, distinct & stopwords(lang)))
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
    language = _primary(language_hint)
    if language not in _available_languages():
        language = detect_language(_language_sample(page)) or language
    # A language with no list (Latin filler, Arabic, Chinese …) gets no stopword evidence at
    # all: density then rests on length and links alone, as jusText does with an empty list.
    stop = stopwords(language) if language else frozenset()
    fast = c_block_features()
    if fast is not None:
        blocks, total = fast([b.text for b in page.blocks], [b.link_chars for b in page.blocks], stop)
    else:
        blocks = [block_features(b.text, b.link_chars, stop) for b in page.blocks]
        total = sum(f.chars for f in blocks)
    return Features(tuple(blocks), language, total, bool(stop))


def _language_sample(page: Page) -> list[str]:
    """The lower-cased words of the page's blocks, block by block, until LANGUAGE_SAMPLE_WORDS:
    _features.c's sample_words where it is built, else python_language_sample."""
    texts = [block.text for block in page.blocks]
    fast = c_sample_words()
    if fast is not None:
        return fast(texts, LANGUAGE_SAMPLE_WORDS, _words)
    return python_language_sample(texts)


def python_language_sample(texts: list[str]) -> list[str]:
    sample: list[str] = []
    for text in texts:
        sample.extend(_words(text))
        if len(sample) >= LANGUAGE_SAMPLE_WORDS:
            break
    return sample


def _words(text: str) -> list[str]:
    """The lower-cased words of ``text``."""
    return _WORD.findall(text.lower())


def block_features(text: str, link_chars: int, stop: frozenset[str]) -> BlockFeatures:
    """One block's features: the reference _features.c is held to."""
    # one lower() per block rather than per word: the same words, far fewer calls
    words = _WORD.findall(text.lower())
    raw_chars = len(text)
    chars = raw_chars
    if not text.isascii():
        chars += (DENSE_SCRIPT_WEIGHT - 1) * len(_DENSE_SCRIPT.findall(text))
    return BlockFeatures(
        chars,
        len(words),
        sum(map(stop.__contains__, words)),
        link_chars / raw_chars if raw_chars else 0.0,
        # only the last non-space character can start a match: search from there
        _SENTENCE_END.search(text, max(0, len(text.rstrip()) - 1)) is not None,
    )


# -- the C twin (_features.c) --------------------------------------------------------------

#: Code points _features.c classifies itself (a block with one beyond goes to block_features):
#: Latin, Greek, Cyrillic and the other alphabets, general punctuation, Han radicals.
C_TABLE_SIZE = 0x3000

PageFeatures = Callable[[list[str], list[int], frozenset[str]], tuple[list[BlockFeatures], int]]


def _table_mask(pattern: str, chars: str) -> int:
    """A byte per character of ``chars``, 1 where the one-character ``pattern`` matches it,
    else 0, read as one big-endian integer: shifted and or-ed, such masks make a table of bit
    flags. Matches come in runs (a script's letters sit together), set a run at a time."""
    ones = bytearray(len(chars))
    for run in regex.finditer(f"(?:{pattern})+", chars):
        start, end = run.span()
        ones[start:end] = b"\x01" * (end - start)
    return int.from_bytes(ones, "big")


@cache
def c_sample_words() -> Callable[[list[str], int, Callable[[str], list[str]]], list[str]] | None:
    """_features.c's twin of python_language_sample (set up with c_block_features), or None."""
    _features = _accel.twin("_features") if c_block_features() is not None else None
    return _features.sample_words if _features is not None else None


@cache
def c_block_features() -> PageFeatures | None:
    """The C twin of ``block_features`` over a page's blocks, set up on first use; None where it
    is not built or switched off (``NEWSCLEAN_PURE_PYTHON=1``)."""
    _features = _accel.twin("_features")
    if _features is None:
        return None
    # The tables are asked of the same regexes and str.lower() the reference uses, a whole
    # table at a time, with C-level loops (map, compress): per code point in Python, this was
    # 15 ms of a process's first page, and a loop per table 10 ms.
    chars = array("I", range(C_TABLE_SIZE)).tobytes().decode("utf-32-le")  # no surrogates below
    # a single character matches _SENTENCE_END exactly where it matches its end character
    sentence_ends = "".join(regex.findall(_SENTENCE_END_CHAR, chars))
    lowered = list(map(str.lower, chars))
    # a context-dependent lower case (final sigma) or one of several characters (İ): the C
    # code hands such a block to the reference, and its table keeps the character itself
    fallback = bytearray(map((1).__ne__, map(len, lowered)))
    fallback[0x3A3] = True
    for i in compress(range(C_TABLE_SIZE), fallback):
        lowered[i] = chars[i]
    classes = (
        _table_mask(r"[\p{L}\p{M}]", chars)
        | _table_mask(r"\p{L}", chars) << 1
        | _table_mask(_DENSE_SCRIPT.pattern, chars) << 2
        | int.from_bytes(fallback, "big") << 3
    ).to_bytes(C_TABLE_SIZE, "big")
    lower = "".join(lowered)
    _features.init(
        classes,
        lower.encode("utf-32-le"),
        DENSE_SCRIPT_WEIGHT,
        (BlockFeatures, _accel.field_names(BlockFeatures)),
        block_features,
        sentence_ends,
    )
    return _features.block_features
