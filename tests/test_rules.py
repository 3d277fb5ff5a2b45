"""The rule stage's shortcuts decide as the patterns they stand in front of would.

rules.py skips a pattern where a cheap test proves it cannot match: the punctuation strip of
``normalise_marker`` when a text starts and ends with a letter or digit, the ad-badge patterns
when a text does not start or end with a badge (and its bracket), the dateline pattern when a
text holds no digit. Each test here holds a shortcut to the pattern it skips, on texts built
to come close to a match.
"""

from __future__ import annotations

import gc
import sys

import pytest
import regex
from conftest import FIXTURE_PAGES
from hypothesis import given
from hypothesis import strategies as st

from newsclean import rules
from newsclean.decode import decode_html
from newsclean.metadata import weekday_names
from newsclean.model import BlockKind, Link
from newsclean.parse import parse_html
from newsclean.phrases import case_folding
from newsclean.segment import RawBlock, segment


def test_no_letter_or_digit_is_space_punctuation_or_a_symbol() -> None:
    """normalise_marker's shortcut: an alphanumeric edge leaves _PUNCT_EDGES nothing to strip
    (checked on every code point, as Python and regex each classify it)."""
    edge = regex.compile(r"[\s\p{P}\p{S}]")
    clash = [hex(c) for c in range(sys.maxunicode + 1) if chr(c).isalnum() and edge.match(chr(c))]
    assert clash == []


@given(st.text(max_size=30))
def test_normalise_marker_strips_as_the_pattern_does(text: str) -> None:
    assert rules.normalise_marker(text) == rules._PUNCT_EDGES.sub("", text).casefold()


def test_normalise_marker_strips_every_edge_character_as_the_pattern_does() -> None:
    """Each code point below U+3000, before, after and around a word and a mark: the str.strip
    shortcut takes exactly the characters the pattern would."""
    for code in range(0x3000):
        c = chr(code)
        for text in (c + "Wort", "Wort" + c, c + "» x" + c, c + c + ":" + c):
            assert rules.normalise_marker(text) == rules._PUNCT_EDGES.sub("", text).casefold(), hex(code)


# ASCII punctuation and space around words, and the non-ASCII marks and spaces pages put there
_EDGE_ALPHABET = st.sampled_from(list("\t\n\x1c .:;!?-–—»«„“\"'()[]|/*#…·•\u00a0\u2009\u3000§\U0001f449"))


@given(st.text(_EDGE_ALPHABET, max_size=4), st.text(max_size=12), st.text(_EDGE_ALPHABET, max_size=4))
def test_normalise_marker_strips_edges_as_the_pattern_does(before: str, middle: str, after: str) -> None:
    text = before + middle + after
    assert rules.normalise_marker(text) == rules._PUNCT_EDGES.sub("", text).casefold()


_JUNK = st.text(alphabet="()[] \n\u00a0\x1c-–|:7x.", max_size=3)
# junk, an optional bracket, a badge, an optional bracket, junk: a match about half the time
_NEAR_BADGE = st.builds(
    "".join,
    st.tuples(_JUNK, st.sampled_from(["", "(", "["]), st.sampled_from(rules._AD_BADGES),
              st.sampled_from(["", ")", "]"]), _JUNK),
)


@given(_NEAR_BADGE)
def test_the_ad_badge_shortcuts_never_skip_a_match(text: str) -> None:
    if rules._AD_LABEL_SUFFIX.search(text):
        assert text.rstrip().endswith(rules._AD_SUFFIX_ENDINGS)
        tail = max(0, len(text.rstrip()) - rules.AD_BADGE_MAX_CHARS)
        assert rules._AD_LABEL_SUFFIX.search(text, tail)
    if rules._AD_LABEL_PREFIX.match(text):
        assert text.startswith(rules._AD_PREFIX_OPENINGS)


def test_the_ad_badge_shortcuts_pass_every_badge_in_every_bracket() -> None:
    for badge in rules._AD_BADGES:
        for open_, close in (("", ""), ("(", ")"), ("[", "]"), ("(", ""), ("", "]")):
            suffix, prefix = f"Heute 12 {open_}{badge}{close} \n", f"{open_}{badge}{close} | Jetzt"
            assert rules._AD_LABEL_SUFFIX.search(suffix) and rules._AD_LABEL_PREFIX.match(prefix)
            assert rules._table_marker_verdict.__wrapped__(suffix) == rules.AD_SUFFIX_VERDICT
            assert rules._table_marker_verdict.__wrapped__(prefix) == rules.AD_SUFFIX_VERDICT


def test_the_ad_badge_shortcuts_let_real_badges_through() -> None:
    for text in ("Heute wird es heiß 6.652 Anzeige", "Gratis testen (Sponsored) ", "ANZEIGE - Jetzt los"):
        assert rules._table_marker_verdict.__wrapped__(text) == rules.AD_SUFFIX_VERDICT


# digits of any script: \d is every decimal digit, not only ASCII's
_DIGITS = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=4),
    st.text(alphabet="\u0660\u0661\u0662\u0969\uff11", min_size=1, max_size=4),
)
_DATE = st.one_of(
    st.builds("{}.{}.{}".format, _DIGITS, _DIGITS, _DIGITS),
    st.builds("{}-{}-{}".format, _DIGITS, _DIGITS, _DIGITS),
    st.builds("{}. {} {}".format, _DIGITS, st.sampled_from(["Februar", "März", "x"]), _DIGITS),
    st.builds("{} {}, {}".format, st.sampled_from(["Feb", "Sept.", "November"]), _DIGITS, _DIGITS),
)
_NEAR_DATELINE = st.builds(
    "".join,
    st.tuples(st.sampled_from(["", *weekday_names()]), st.sampled_from(["", ", ", " | ", ". "]), _DATE,
              st.sampled_from(["", " Uhr", "x"])),
)


@given(_NEAR_DATELINE)
def test_every_dateline_holds_a_digit(text: str) -> None:
    if rules._dateline().match(text):
        assert rules._DIGIT.search(text)


def test_the_marker_cache_answers_as_its_function_bounded_and_out_of_the_collectors_way() -> None:
    calls: list[str] = []

    def verdict_of(text: str) -> rules.Verdict | None:
        calls.append(text)
        return rules.Verdict("related", "r") if text.startswith("Mehr") else None

    cache = rules._TextCache(verdict_of, maxsize=3)
    texts = ["Mehr zum Thema", "Absatz", "Mehr zum Thema", "Mehr dazu", "x", "y", "Mehr zum Thema"]
    expected = [verdict_of(t) for t in texts]
    calls.clear()
    assert [cache(t) for t in texts] == expected
    assert calls.count("Mehr zum Thema") == 2  # the second from the cache, the third after a restart
    assert len(cache._index) <= 3
    assert not gc.is_tracked(cache._index)
    assert not gc.is_tracked(rules._table_marker_verdict._index)


_LINK = Link(0, 4, "https://example.com/a")
_MARKER_BLOCK_TEXTS = (
    "Mehr zum Thema", "Mehr zum Thema:", "Mehr dazu sagte er nicht.", "Lesen Sie auch: Der Fall",
    "Hintergrund", "Hintergrund der Entscheidung ist die Haushaltslage.", "Anzeige", "Foto: dpa",
    "Von Anna Muster", "Von der Leyen sagte am Montag, sie komme.", "12.03.2024", "",
    "Cloud-Gaming: Das Wichtigste in Kürze", "x" * 130, "Cookies " + "y" * 200,
)


def _marker_blocks() -> list[RawBlock]:
    blocks = []
    for i, text in enumerate(_MARKER_BLOCK_TEXTS * 2):
        links = (_LINK,) if i % 2 else ()
        blocks.append(RawBlock(i, text, BlockKind.PARAGRAPH, "p", 0, links=links))
    return blocks


def _reference_marker(block: RawBlock, user_markers: dict[str, str] | None) -> rules.Verdict | None:
    verdict = rules.marker_verdict(block.text, user_markers)
    return rules._unless_a_sentence(verdict, block.text, bool(block.links)) if verdict else None


def test_the_marker_loop_gives_what_marker_verdict_gives_per_block() -> None:
    """classify_rules' loop over a page's blocks decides as marker_verdict and the sentence
    check do block by block, with the cache empty (every text computed) and full (every text
    looked up), and with a user's markers."""
    blocks = _marker_blocks()
    fixture_blocks = []
    for path in FIXTURE_PAGES:
        tree = parse_html(decode_html(path.read_bytes()))
        fixture_blocks.extend(segment(tree, forced={}, stripped=False).blocks)
    for page_blocks in (blocks, fixture_blocks):
        expected = tuple(_reference_marker(b, None) for b in page_blocks)
        assert any(v is not None for v in expected) and any(v is None for v in expected)
        rules._table_marker_verdict.cache_clear()
        assert rules._block_markers(page_blocks, None) == expected
        assert rules._block_markers(page_blocks, None) == expected
    user = {"Hintergrund": "explainer"}
    expected = tuple(_reference_marker(b, user) for b in blocks)
    assert any(v is not None and v.rule == "user-marker:Hintergrund" for v in expected)
    assert rules._block_markers(blocks, user) == expected


def test_case_folding_refuses_overlapping_case_lists() -> None:
    """regex's "i" matches "İ" and its "I" matches "ı": one folding cannot serve both."""
    assert case_folding({"i", "I"}) is None
    assert case_folding({"k"}) == {"k": "k", "K": "k", "\u212a": "k"}


@pytest.mark.parametrize(
    "phrases", [["ıx"], ["σοφ", "ςα"], ["straße", "ss"], ["i", "im", "imx"], ["mehr", "mehr zum thema"]]
)
def test_marker_prefix_matches_odd_cases_like_its_pattern(phrases: list[str]) -> None:
    """Phrases whose characters match others outside ASCII's case pairs (dotless i, final
    sigma, sharp s) and phrases that open one another, against texts in every case."""
    prefix = rules.MarkerPrefix([("g0", phrases[:1]), ("g1", phrases[1:])])
    texts = ["Ix", "ıX", "İx", "ΣΟΦ x", "ςα", "STRASSE", "Straẞe", "ss!", "I", "İm", "IMX", "imx y",
             "Mehr zum Thema", "MEHR ZUM THEMA:", "mehr zum", ""]
    for text in texts:
        fast, whole = prefix.match(text), prefix.pattern.match(text)
        assert (fast is None) == (whole is None), text
        if fast is not None and whole is not None:
            assert (fast.lastgroup, fast.end(fast.lastgroup), fast.end()) == (
                whole.lastgroup, whole.end(whole.lastgroup), whole.end()
            ), text


# -- newsclean's own markup: asked for only where a container may be it ------------------------


def _own_markup_check(html: str | bytes) -> tuple[bool, dict]:
    tree = parse_html(decode_html(html) if isinstance(html, bytes) else html)
    page = segment(tree, forced=None, stripped=False)
    return rules.may_hold_own_markup(page), rules.match_selectors(tree, None)


# (page, a container may be newsclean's markup, the selectors match): the check may say yes
# where the selectors do not (a look-alike class), never the other way round
OWN_MARKUP_CASES = [
    ('<!doctype html><body><article class="newsclean-article"><p>Text</p></article>', True, True),
    ('<!doctype html><body><aside class="note newsclean-box" data-kind="ad"><p>Ad</p></aside>', True, True),
    ('<body><ASIDE CLASS="NEWSCLEAN-BOX" data-kind="related"><p>Quirks mode</p></ASIDE>', True, True),
    ('<body><aside class="&#110;ewsclean-box" data-kind="ad"><p>A reference</p></aside>', True, True),
    ("<!doctype html><body><article><p>A page from the web</p></article>", False, False),
    ('<!doctype html><body><div class="newsclean-box"><p>The class on another tag</p></div>', False, False),
    ('<!doctype html><body><aside class="newsclean-boxes-of-mine"><p>A look-alike</p></aside>', True, False),
]


@pytest.mark.parametrize(("html", "possible", "matched"), OWN_MARKUP_CASES)
def test_own_markup_check_against_the_selectors(html: str, possible: bool, matched: bool) -> None:
    found, forced = _own_markup_check(html)
    assert (found, bool(forced)) == (possible, matched)


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.parent.name)
def test_a_page_without_a_possible_own_container_has_no_forced_verdict(path) -> None:  # type: ignore[no-untyped-def]
    possible, forced = _own_markup_check(path.read_bytes())
    assert possible or not forced


@given(
    st.sampled_from(["aside", "article", "div", "section"]),
    st.sampled_from(["newsclean-box", "newsclean-article", "NewsClean-Box", "x newsclean-box y", "box"]),
    st.sampled_from(["<!doctype html>", ""]),
)
def test_the_own_markup_check_never_misses_what_the_selectors_match(tag: str, cls: str, doctype: str) -> None:
    possible, forced = _own_markup_check(
        f'{doctype}<body><p>Lead</p><{tag} class="{cls}" data-kind="ad"><p>Inside</p></{tag}><p>End</p>'
    )
    assert possible or not forced
