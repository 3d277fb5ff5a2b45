"""The metadata stage's fast paths give what the slow paths they skip would give."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import regex as re
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from newsclean import metadata as m

# The characters urljoin and urlsplit treat specially, and some they do not.
_URL_CHARS = "aZ09.-:/?#;@[]%&= \t\n\u00e4\uff0f\u0661"
_urlish = st.builds(
    lambda scheme, rest: scheme + rest,
    st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "//", "/", ""]),
    st.text(alphabet=_URL_CHARS, max_size=30),
)


@settings(max_examples=1000)
@given(href=_urlish, base=st.one_of(st.none(), _urlish))
@example(href="https://a.de:8080/x;p?q;r#f", base="https://b.de/")
@example(href="https://a.de/x?", base="https://a.de/")
@example(href="https://a.de/x;", base="https://b.de/")
@example(href="https://a.de/x#", base=None)
@example(href="https://a.de", base="https://[::1/")
@example(href="http://a.de/p", base="ftp://[x/")
def test_plain_url_fast_path_is_what_urljoin_gives(href: str, base: str | None) -> None:
    cleaned = m._clean(href)
    assert m._absolute(href, base) == (m._joined(cleaned, base) if cleaned and cleaned[0] != "#" else None)



@settings(max_examples=1000)
@given(url=_urlish)
@example(url="https://User@A.de:80/x")
@example(url="https://A.de:8o/x")
@example(url="https://a.de\n")
@example(url="https://a.de\t/x")
def test_plain_host_fast_path_is_what_urlsplit_gives(url: str) -> None:
    try:
        expected = urlsplit(url).hostname
    except ValueError:
        with pytest.raises(ValueError):
            m._hostname(url)
        return
    assert m._hostname(url) == expected


# Pieces of bylines and datelines, and the characters the patterns hinge on.
_PIECES = [
    "Anna", "WWW", "www", "März", "May", "Mon", "min", "de", "12", "2020", "1", "٣", "@", "://", ".",
    ",", ":", "/", "-", "–", "(", ")", "[", "]", "{", "}", " ", "  ", "\t", "\n", "\xa0", "\x1f", "„", "’",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=1000)
@given(_TEXT)
@example("x [at] y.de")
@example("WWW.a.de")
@example("Anna 12. März 2020")
@example("May 12, 2020 12:30")
@example("2020-03-12")
@example("12.03.20")
def test_patterns_skipped_without_their_required_characters_cannot_match(text: str) -> None:
    if not ("@" in text or "://" in text or "www." in text.lower() or m._BRACKETS.search(text)):
        assert not m._url_or_mail_re().search(text)
    if not m._BRACKETS.search(text):
        assert not m._parenthesis_re().search(text)
    if not m._HAS_DIGIT.search(text):
        assert not m._date_tail_re().search(text)
        assert not any(p.search(text) for p in m._text_date_patterns())
    if not m._FOUR_DIGITS.search(text):
        assert all(p is m._DOTTED_DATE or not p.search(text) for p in m._text_date_patterns())
    if not m._WS_TO_COLLAPSE.search(text):
        assert m._ws_re().sub(" ", text) == text
    assert m._fold(text) == m._plain_fold(text).translate(m._TYPOGRAPHIC_FOLD)


def _date_tail_inline() -> re.Pattern[str]:
    """_date_tail_re as it was written before the month names were defined once and called."""
    months = "|".join(re.escape(w) for w in sorted(m._months(), key=len, reverse=True))
    weekdays = "|".join(re.escape(w) for w in m.weekday_names())
    time_units = m._tables()["authors"]["time_units"]
    units = "|".join(re.escape(w) for w in sorted(time_units, key=len, reverse=True))
    return re.compile(
        rf"(?<![\s,])[\s,]++(?:(?:{weekdays})\.?,?\s++)?(?:"
        rf"(?:{months})\.?\s++\d{{1,2}}\b"
        rf"|\d{{1,2}}(?:\.|st|nd|rd|th|er)?\s++(?:de\s++)?(?:{months})\b"
        r"|\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}"
        rf"|\d+\s*(?:{units})\b"
        r").*$",
        re.IGNORECASE | re.DOTALL,
    )


# Month and weekday names whole, cut short and run on, in any case, between numbers and the
# separators the pattern hinges on.
_DATE_WORDS = ["märz", "MÄRZ", "mar", "marzo", "marz", "Sept", "september", "juin", "mai", "maio",
               "Mon", "monday", "Montag", "min", "Stunden", "uhr", "de", "st", "th", "Anna", "x",
               "12", "2020", "1", "05", "12th", "2020-03-12", "12:30", "12.03.20"]
_DATE_SEPARATORS = ["", " ", "  ", ". ", ", ", ".", ",", "-", "/", ":", "\n"]
_BYLINE_DATE = st.lists(
    st.tuples(st.sampled_from(_DATE_WORDS), st.sampled_from(_DATE_SEPARATORS)).map("".join), max_size=8
).map("".join)


@settings(max_examples=3000)
@given(_BYLINE_DATE)
@example("Anna Muster 12. März 2020")
@example("Jane Doe Monday, November 18, 2019")
@example("Anna, 12 de marzo")
@example("Bob marzo 5x")
@example("Bob marz 5")
def test_date_tail_with_months_defined_once_is_the_inline_pattern(text: str) -> None:
    assert m._date_tail_re().sub("", text) == _date_tail_inline().sub("", text)


def _links_of_every_link(tree: LexborHTMLParser) -> dict[str, str]:
    """_read_links as it was, over every <link rel> (and microdata <link>) of the page."""
    links: dict[str, str] = {}
    seen: set[int] = set()
    for node in tree.css("link[rel], [itemprop]"):
        if node.tag != "link" or node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        href = node.attributes.get("href")
        if href:
            for r in (node.attributes.get("rel") or "").casefold().split():
                links.setdefault(r, href)
    return {rel: href for rel, href in links.items() if rel in m._LINK_RELS}


# rel tokens in any case, with the two characters outside ASCII that casefold into ASCII
# letters (long s, Kelvin sign), joined by ASCII and other whitespace.
_REL_TOKENS = ["canonical", "CANONICAL", "Canonical", "canon", "image_src", "IMAGE_SRC", "image_\u017frc",
               "\u212aanonical", "image", "src", "stylesheet", "alternate", "x-canonical", "image_src2"]
_REL = st.lists(
    st.tuples(st.sampled_from(_REL_TOKENS), st.sampled_from([" ", "  ", "\t", "\xa0", "\x1f", "\u2003", ""])),
    max_size=3,
).map(lambda parts: "".join(token + sep for token, sep in parts))
_LINK = st.builds(
    lambda rel, href, itemprop: "<link"
    + (f' rel="{rel}"' if rel is not None else "")
    + (f' href="{href}"' if href is not None else "")
    + (' itemprop="url"' if itemprop else "")
    + ">",
    st.one_of(st.none(), _REL),
    st.sampled_from([None, "", "https://a.de/1", "https://a.de/2"]),
    st.booleans(),
)


@settings(max_examples=1000)
@given(st.lists(_LINK, max_size=6))
@example(['<link rel="stylesheet" href="s.css">', '<link rel="Canonical" href="https://a.de/1">'])
@example(['<link rel="image_\u017frc" href="https://a.de/1">', '<link rel="image_src" href="https://a.de/2">'])
@example(['<link rel="x\xa0canonical" href="https://a.de/1">'])
def test_scan_finds_every_link_read(links: list[str]) -> None:
    tree = LexborHTMLParser(f"<html><head>{''.join(links)}</head><body><p>x</p></body></html>")
    assert m._read_links(m._scan(tree).links) == _links_of_every_link(tree)
