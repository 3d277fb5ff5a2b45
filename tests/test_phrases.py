"""phrases.PhrasePrefix finds what the one pattern of all its phrases finds, where the pipeline
uses it in place of such a pattern: the byline prefixes (metadata._prefix_end), the openings of
the long marker groups (rules.tables().long_markers) and the weekday before a dateline
(rules._dateline). Each reference below is the pattern the code compiled before."""

from __future__ import annotations

import functools
import tomllib

import pytest
import regex
from conftest import FIXTURE_PAGES, body_corpus_pages
from hypothesis import given
from hypothesis import strategies as st

from newsclean import metadata, rules
from newsclean._data import DATA_DIR
from newsclean.decode import decode_html
from newsclean.parse import parse_html
from newsclean.phrases import PhrasePrefix, case_folding, longest_first
from newsclean.rules import match_selectors
from newsclean.segment import segment


@functools.cache
def old_prefix_re() -> regex.Pattern[str]:
    t = metadata._tables()["authors"]
    alts = "|".join(regex.escape(w) for w in sorted(t["prefixes"], key=len, reverse=True))
    articles = "|".join(regex.escape(w) for w in t["prefix_articles"])
    by_words = "|".join(regex.escape(w) for w in t["prefix_by_words"])
    phrase = rf"(?:{articles})\s+\p{{L}}[\p{{L}}\-]*\s+(?:{by_words})"
    return regex.compile(rf"^(?:{alts}|{phrase})(?:\s*[:\-–]\s*|\s+)", regex.IGNORECASE)


@functools.cache
def old_dateline() -> regex.Pattern[str]:
    names = "|".join(regex.escape(w) for w in metadata.weekday_names())
    return regex.compile(rf"^(?:(?i:{names})\.?,?\s*(?:[|·•–-]\s*)?)?{rules._DATELINE_DATE}")


@functools.cache
def old_long_markers() -> list[regex.Pattern[str]]:
    return [
        regex.compile(rf"^(?:{rules._alternation(g['phrases'])})\b", regex.IGNORECASE)  # type: ignore[arg-type]
        for g in long_marker_groups()
    ]


@functools.cache
def long_marker_groups() -> list[dict[str, object]]:
    """The marker groups with their own max_chars, in rules.toml's order (tables()' order)."""
    groups = tomllib.loads((DATA_DIR / "rules.toml").read_text(encoding="utf-8"))["markers"]
    return [g for g in groups if g.get("max_chars", 0) > rules.MARKER_MAX_CHARS]


def _end(m: object) -> int:
    return m.end() if m is not None else -1  # type: ignore[attr-defined]


def assert_same(text: str) -> None:
    assert metadata._prefix_end(text) == _end(old_prefix_re().match(text)), text
    assert _end(rules._dateline().match(text)) == _end(old_dateline().match(text)), text
    long_markers = rules.tables().long_markers
    assert len(long_markers) == len(old_long_markers()) > 0
    for (opening, _, _), old in zip(long_markers, old_long_markers(), strict=True):
        assert _end(opening.match(text)) == _end(old.match(text)), text


def _phrases() -> list[str]:
    t = metadata._tables()["authors"]
    groups = long_marker_groups()
    return [*t["prefixes"], *metadata.weekday_names(), *(p for g in groups for p in g["phrases"])]


EDGE_CASES = [
    "", " ", "Von", "Von ", "von Anna Muster", "VON: Anna", "Von- Anna", "Von–Anna", "Von Anna", "Vonanna",
    "Von\u00a0Anna", "Von\u2028Anna", "Von\x1cAnna", "Zeige alle Beiträge von Anna",
    "ZEIGE ALLE BEITRÄGE VON: x",
    "Eine Kolumne von Anna", "A column by Jane", "A  column  by  Jane", "Ein Gastbeitrag von X", "By Jane",
    "BY", "by: ", "Byline", "Text: Anna", "Von ſtefan", "İn", "ımx", "Straße von", "Von\u212a",
    "Freitag, 14.06.2019", "Freitag | 14. Juni 2019 | 15:49 Von Anna", "FREITAG 14.06.2019", "Fr. 14.06.2019",
    "Monday, November 18, 2019", "Mon, Nov 18, 2019", "Montag14.06.2019", "Montag, ", "Montag",
    "14.06.2019", "2019-06-14", "Sábado, 14.06.2019", "SÁBADO 14.06.2019", "Mi. 3.4.24",
    "Mittwoch – 3.4.2024",
    "Sunday November 18, 2019", "Sun. Nov. 18, 2019", "١٤.٠٦.٢٠١٩", "Montag, ١٤.٠٦.٢٠١٩",
    *(g["phrases"][0] for g in long_marker_groups()),  # type: ignore[index]
    *(str(g["phrases"][0]).upper() + " und mehr" for g in long_marker_groups()),  # type: ignore[index]
    *(str(g["phrases"][0]) + "x" for g in long_marker_groups()),  # type: ignore[index]
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_phrase_prefixes_match_their_old_patterns_on_edge_cases(text: str) -> None:
    assert_same(text)


def _block_texts(html: str | bytes) -> list[str]:
    tree = parse_html(decode_html(html))
    page = segment(tree, forced=match_selectors(tree, None), stripped=False)
    return [b.text for b in page.blocks if len(b.text) <= 400]


def test_phrase_prefixes_match_their_old_patterns_on_every_block_of_the_corpora() -> None:
    pages = [path.read_bytes() for path in FIXTURE_PAGES] + [html for _, html in body_corpus_pages()]
    texts = {text for html in pages for text in _block_texts(html)}
    assert len(texts) > 50_000
    for text in texts:
        assert_same(text)


@st.composite
def _near_a_phrase(draw: st.DrawFn) -> str:
    phrase = draw(st.sampled_from(_phrases()))
    flips = draw(st.lists(st.booleans(), min_size=len(phrase), max_size=len(phrase)))
    cased = "".join(c.upper() if up else c for c, up in zip(phrase, flips, strict=True))
    head = draw(st.sampled_from(["", "", " ", "x", "Von ", "Montag, "]))
    tail = draw(
        st.sampled_from(["", " ", ": ", " - ", "– ", ", 14.06.2019", " 14.06.2019", "x", ". 3.4.24", " | "])
    )
    rest = draw(st.text(max_size=12))
    return head + cased + tail + rest


@given(_near_a_phrase())
def test_phrase_prefixes_match_their_old_patterns_near_a_phrase(text: str) -> None:
    assert_same(text)


@given(st.text(max_size=40))
def test_phrase_prefixes_match_their_old_patterns_on_any_text(text: str) -> None:
    assert_same(text)


def test_phrase_prefixes_fold_their_characters_as_regex_matches_them() -> None:
    """For every character of the new phrase lists that the marker phrases do not already
    hold (tests/test_boxes.py checks those), the code points regex's IGNORECASE matches with
    it are exactly those the folding maps to the same character."""
    marker_chars = {c for _, words in rules.tables().marker_prefix._groups for w in words for c in w}
    chars = {c for w in longest_first(_phrases()) for c in w} - marker_chars
    folding = case_folding(chars)
    assert folding is not None
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for char in sorted(chars):
        matched = set(regex.findall(regex.escape(char), every, regex.IGNORECASE))
        assert matched == {c for c, f in folding.items() if f == folding[char]}, hex(ord(char))


@pytest.mark.parametrize("text", ["Von Anna", "VON: x", "Montag, 14.06.2019", "x", ""])
def test_without_case_tables_a_phrase_prefix_runs_its_pattern(text: str) -> None:
    """Where regex's case tables cannot be read, match runs the one pattern: same answers."""
    import copy

    prefixes, _ = metadata._prefix_matchers()
    fallback = copy.copy(prefixes)
    fallback._folded = False
    assert _end(fallback.match(text)) == _end(prefixes.match(text))


def test_a_phrase_prefix_tries_the_next_phrase_where_the_boundary_fails() -> None:
    """As the alternation backtracks: "abc" is followed by no boundary, "ab" is."""
    prefix = PhrasePrefix([("g", ["ab", "abc"])], r"c?d")
    m = prefix.match("ABCX")
    assert m is None and prefix.pattern.match("ABCX") is None
    m = prefix.match("abcd")
    assert m is not None and (m.phrase, m.end()) == ("abc", 4)
    m = prefix.match("abd")
    assert m is not None and (m.phrase, m.end()) == ("ab", 3)
