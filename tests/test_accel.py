"""The C twins give exactly what their Python references give.

The walk (newsclean/_walk.c): ``segment.segment`` uses it where it is built,
``segment.python_segment`` is the reference. The per-block features (_features.c):
``features.c_block_features()`` against ``features.block_features``. The container verdicts
(_rules.c): ``rules.c_container_verdicts()`` against ``rules.python_container_verdicts``.
Every test compares the two on the same input: hand-written edge cases of each decision,
every fixture and corpus page, and generated pages, markup soup and text. The pre-scan's
twin (_prescan.c) has its own tests in test_prescan.py, the marker check's (_markers.c) in
test_markers.py.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from dataclasses import FrozenInstanceError, dataclass
from pathlib import Path

import pytest
from conftest import FIXTURE_PAGES, body_corpus_pages
from hypothesis import given
from hypothesis import strategies as st
from strategies import GeneratedPage, pages, soups

import newsclean
from newsclean import _accel, assemble, combine, density, features, rules, segment
from newsclean.config import DENSITY, LENIENT_DENSITY, DensityThresholds
from newsclean.decode import decode_html
from newsclean.model import Block, BlockKind, Label, Link
from newsclean.parse import parse_html, strip_non_content
from newsclean.rules import match_selectors

C_WALK = segment.c_walk()
needs_c_walk = pytest.mark.skipif(C_WALK is None, reason="the C walk is not built or switched off")


def test_the_c_walk_is_built_where_ci_expects_it() -> None:
    """CI sets NEWSCLEAN_EXPECT_ACCEL=1: there the extensions must have been built and load."""
    if os.environ.get("NEWSCLEAN_EXPECT_ACCEL") != "1":
        pytest.skip("NEWSCLEAN_EXPECT_ACCEL is not set")
    twins = ("prescan", "walk", "features", "rules", "markers", "density", "combine", "select", "slots")
    assert _accel.status() == dict.fromkeys(twins, True)


def assert_same_walk(html: str | bytes) -> None:
    """The C walk on the unstripped tree (as api.extract runs it) and on the stripped tree
    give the Page the Python walk gives on the stripped tree."""
    text = html if isinstance(html, str) else decode_html(html)
    stripped = parse_html(text)
    forced = match_selectors(stripped, None)
    strip_non_content(stripped)
    reference = segment.python_segment(stripped, forced=forced)
    unstripped = parse_html(text)
    fast = segment.segment(unstripped, forced=match_selectors(unstripped, None), stripped=False)
    assert fast.containers == reference.containers
    assert fast.blocks == reference.blocks
    assert segment.segment(stripped, forced=forced) == reference
    # and _walk.c's Page helpers give what Page's Python ones do
    own = [len(c.hints) + c.depth for c in fast.containers]
    marked = [c.depth % 3 == 1 or bool(c.role) for c in fast.containers]
    assert fast.subtree_totals(own) == fast.python_subtree_totals(own)
    assert fast.subtree_totals(marked) == fast.python_subtree_totals(marked)  # type: ignore[arg-type]
    assert fast.innermost(marked) == fast.python_innermost(marked)


EDGE_CASES = {
    "text and links": "<p>Ein <a href=' /a '>Link</a><a href='/a'> weiter</a> und <a>ohne</a> Ziel.</p>",
    "link split by markup": "<p><a href='/x'>eins <b>zwei</b></a> <a href='/x'>drei</a></p>",
    "button links": "<p><a class='btn-primary' href='/k'>Kaufen</a> <a class='Buttonset'>x</a>"
    "<a class='cta'>Jetzt</a> <a class='größe button'>Los</a></p>",
    "glued words": "<p><span>Selling Like Crazy</span><span>Sponsored by X</span> und ich<i>Anzeige</i>"
    "<b>D</b>er Satz.<b>Neu</b>er?<b>Ja</b>!<i>So</i></p>",
    "white space": "<p>  a\u00a0\u00a0b \x1c c\u2028d\t</p><p>\u3000</p><p> \n </p>",
    "br": "<p>eins<br>zwei<br> \n <br>drei<br><!-- c --><br>vier</p>",
    "br then blank then text": "<div>a<br>\u00a0<br>b</div>",
    "hidden": "<p hidden>weg</p><span aria-hidden='true'>weg</span><div aria-hidden='true'>bleibt</div>"
    "<p style='DISPLAY : none'>weg</p><p style='visibility:hidden'>weg</p>"
    "<p style='diſplay:none'>weg?</p><p style='color:red'>bleibt</p><amp-x aria-hidden=true>weg</amp-x>",
    "containers": "<div class='  a b ' id='x y'><section role='Region Main' itemprop='ArticleBody'>"
    "<p class='ÄRGER'>t</p></section></div><amp-ad class='ad'>Anzeige</amp-ad><my-box>Kasten</my-box>",
    "lists": "<ul><li>a<ol><li>b</li><li><p>c</p></li></ol></li></ul><dl><dt>t</dt><dd>d</dd></dl>"
    "<menu><li>m</li></menu>",
    "kinds": "<blockquote><p>q</p>r</blockquote><pre>  code  </pre><figure><figcaption>cap"
    "</figcaption></figure><h2>Head <span>x</span></h2><h3><p>in heading</p></h3><li><p>p in li</p></li>",
    "data table": "<table><caption>Cap</caption><tr><th>A</th><th>B</th></tr><tr><td>1<b> x</b></td>"
    "<td>2</td></tr><tr><td></td><td> </td></tr></table>",
    "layout table": "<table><tr><td><p>Absatz</p></td></tr></table>",
    "table in a cell": "<table><tr><td><table><tr><td>innen</td></tr></table></td></tr></table>",
    "table with a list": "<table><tr><th><ul><li>x</li></ul></th></tr></table>",
    "table in a caption": "<table><caption><table><tr><td>x</td></tr></table></caption>"
    "<tr><td>y</td></tr></table>",
    "decomposed umlauts": "<p>Gru\u0308\u00dfe <a href='/u'>a\u0308rger</a> \u0308x</p>",
    "combining mark opening a node": "<p>e<a href='/e'>\u0301t\u00e9</a></p>",
    "empty": "",
    "no body text": "<html><head><title>t</title></head></html>",
    "custom element with dash": "<p>a<x-y>b</x-y>c</p>",
    "deep": "<div>" * 300 + "tief" + "</div>" * 300,
    # what strip_non_content removes, which the C walk skips on an unstripped tree
    "comment between brs": "<p>eins<br><!-- x --><br>zwei<br> <!--y--> \n <br>drei</p>",
    "scripts and forms": "<p>a<script>var x = '<p>';</script>b<style>p{}</style>c<button>Klick</button>"
    "<select><option>o</option></select><textarea>t</textarea><input value=v>d</p>",
    "ruby": "<p><ruby>漢<rp>(</rp><rt>kan</rt>字<rtc>z</rtc></ruby> und <meter>5</meter>"
    "<progress>1</progress></p>",
    "noscript": "<div><noscript><img src=x><p>Bitte JavaScript</p></noscript>Text</div>",
    "non-content in a table": "<table><tr><td>a<script>x</script>b</td><td><object><p>o</p></object>c"
    "</td></tr><tr><td><!-- c -->d<noscript><p>n</p></noscript></td><td><svg><text>s</text></svg>e</td>"
    "</tr></table>",
    "removed layout marker": "<table><tr><td><template><p>t</p></template><iframe><p>i</p></iframe>x"
    "</td></tr></table>",
    "frameset": "<html><frameset><frame src=a><noframes>kein</noframes></frameset></html>",
    "applet and embeds": "<div>a<applet><p>ap</p></applet><embed src=x>b<canvas>c</canvas>"
    "<datalist>d</datalist></div>",
}


@needs_c_walk
@pytest.mark.parametrize("html", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_c_walk_matches_python_on_edge_cases(html: str) -> None:
    assert_same_walk(html)


@needs_c_walk
def test_c_walk_passes_forced_verdicts() -> None:
    tree = parse_html("<div class='a'><p>x</p></div><div class='b'><p>y</p></div>")
    div = tree.css("div")[1]
    forced = {div.mem_id: "drop"}
    strip_non_content(tree)
    fast = segment.segment(tree, forced=forced)
    assert fast.containers == segment.python_segment(tree, forced=forced).containers
    assert [c.forced for c in fast.containers if c.tag == "div"] == [None, "drop"]


@needs_c_walk
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=[p.parent.name for p in FIXTURE_PAGES])
def test_c_walk_matches_python_on_fixtures(path: Path) -> None:
    assert_same_walk(path.read_bytes())


@needs_c_walk
def test_c_walk_matches_python_on_every_corpus_page() -> None:
    pages = body_corpus_pages()
    assert len(pages) > 700
    for _, html in pages:
        assert_same_walk(html)


@needs_c_walk
@given(pages())
def test_c_walk_matches_python_on_generated_pages(page: GeneratedPage) -> None:
    assert_same_walk(page.source)


@needs_c_walk
@given(soups())
def test_c_walk_matches_python_on_markup_soup(soup: str | bytes) -> None:
    assert_same_walk(soup)


# -- per-block features (_features.c against features.block_features) ------------------------

C_FEATURES = features.c_block_features()
needs_c_features = pytest.mark.skipif(C_FEATURES is None, reason="the C features are not built or off")
# the lists as features.stopwords gives them (frozensets _features.c copies into its own tables),
# and containers it asks through the set protocol instead: a set, a frozenset holding a non-str
STOPLISTS = (
    features.stopwords("de"), features.stopwords("en"), features.stopwords("fr"), frozenset(),
    set(features.stopwords("de")), frozenset({"die", "und", 7, "the"}),
    frozenset({"l'homme", "gru\u0308\u00dfe", "o'brien’s"}),
)


def assert_same_features(texts: list[str], link_chars: list[int] | None = None) -> None:
    assert C_FEATURES is not None
    links = link_chars if link_chars is not None else [len(t) // 3 for t in texts]
    for stop in STOPLISTS:
        reference = [features.block_features(t, n, stop) for t, n in zip(texts, links, strict=True)]
        fast, total = C_FEATURES(texts, links, stop)
        assert fast == reference
        assert total == sum(f.chars for f in reference)


def assert_same_sample(texts: list[str]) -> None:
    sample_words = features.c_sample_words()
    assert sample_words is not None
    for limit in (features.LANGUAGE_SAMPLE_WORDS, 1, 7, 0):
        reference: list[str] = []
        for text in texts:  # python_language_sample, with this limit
            reference.extend(features._words(text))
            if len(reference) >= limit:
                break
        found = sample_words(texts, limit, features._words)
        assert found == reference
        assert [type(w) for w in found] == [str] * len(found)
    assert features._language_sample(_page_of_texts(texts)) == features.python_language_sample(texts)


def _page_of_texts(texts: list[str]) -> segment.Page:
    blocks = [segment.RawBlock(i, t, BlockKind.PARAGRAPH, "p", 0) for i, t in enumerate(texts)]
    return segment.Page(blocks, [segment.Container(0, "div", -1, 0, "", "", "", chain=(0,))])


FEATURE_TEXTS = [
    "Die Stadt und der Rat haben es beschlossen.",
    "l'homme qu'il aime, don't, rock'n'roll, l’été, O'Brien’s, 'quoted', it'",
    "Gru\u0308\u00dfe aus Ko\u0308ln \u0301x e\u0301\u0301 und a'\u0301b",
    "İstanbul ΣΟΦΟΣ ΟΔΟΣ ẞ Straße ǅemal Kelvin \u212a",
    "漢字とかなの文。한국어 문장입니다. カタカナ",
    "\u2e80\u2f00 radicals and \u3005 iteration",
    "ends with a quote»", "ends with space after a mark. \u2028", "no end", "",
    "trailing control.\x1c", "(parenthesis)", "Frage?  ", "x\u00a0", "…", "1234 5678",
    "Wörter mit Ziffern2x und_Unterstrich-Bindestrich",
    "\U0001d400\U0001d401 math letters past the table",
]


@needs_c_features
@pytest.mark.parametrize("text", FEATURE_TEXTS)
def test_c_features_match_python_on_edge_cases(text: str) -> None:
    assert_same_features([text])
    assert_same_sample([text, text])


@needs_c_features
def test_c_features_take_link_density_from_link_chars() -> None:
    assert_same_features(["abcd", "abcd", ""], [0, 4, 0])


@needs_c_features
@given(st.lists(st.text(max_size=80), max_size=8))
def test_c_features_match_python_on_any_text(texts: list[str]) -> None:
    assert_same_features(texts)
    assert_same_sample(texts)


@needs_c_features
@given(st.lists(st.text(alphabet=st.characters(max_codepoint=0x2FFF), max_size=80), max_size=8))
def test_c_features_match_python_on_text_the_table_covers(texts: list[str]) -> None:
    assert_same_features(texts)
    assert_same_sample(texts)


@needs_c_features
def test_c_features_match_python_on_every_code_point_of_the_table() -> None:
    """Each code point the twin's tables describe (letter, mark, dense script, lower case,
    sentence end), alone, inside a word and at a sentence's end: the tables hold what the
    reference's regexes and str.lower() say of it."""
    assert C_FEATURES is not None
    chars = [chr(code) for code in range(features.C_TABLE_SIZE)]
    # every one-character lower case is a stopword: a wrong lower-case entry miscounts its word;
    # "ος" is how str.lower() writes "ΟΣ", with the final sigma only a whole word shows
    stop = frozenset(low for low in map(str.lower, chars) if len(low) == 1) | {"ος"}
    for shape in ("{}", "ab{}cd ef", "Wort {}", "{}Straße.", "Ο{} ΣΟΦΟ{}"):
        texts = [shape.format(c, c) for c in chars]
        fast, _ = C_FEATURES(texts, [0] * len(texts), stop)
        assert fast == [features.block_features(t, 0, stop) for t in texts], shape
        sample_words = features.c_sample_words()
        assert sample_words is not None
        assert sample_words(texts, len(chars) * 9, features._words) == [
            word for t in texts for word in features._words(t)
        ], shape


# -- container verdicts (_rules.c against rules.python_container_verdicts) -------------------

C_CONTAINERS = rules.c_container_verdicts()
needs_c_rules = pytest.mark.skipif(C_CONTAINERS is None, reason="C container verdicts not built or off")


def assert_same_tokens(hints: str) -> None:
    from newsclean import _rules

    fast = _rules.token_verdicts(hints)
    if fast is None:  # handed back: only a string the C side does not read
        assert not hints.isascii() or any(c in hints for c in "\x1c\x1d\x1e\x1f")
    else:
        assert fast == rules.python_token_verdicts(hints)


def assert_same_containers(containers: list[segment.Container]) -> None:
    assert C_CONTAINERS is not None
    assert C_CONTAINERS(containers) == rules.python_container_verdicts(containers)


def _container(tag: str = "div", hints: str = "", role: str = "", itemprop: str = "", forced: object = None):
    return segment.Container(0, tag, -1, 0, hints, role, itemprop, forced)


TOKEN_HINTS = [
    "", " ", "article-body", "articleBody", "ArticleBody mehrZumThema", "mehr-zum-thema-box",
    "mehr_zum_thema", "ad", "adress", "adBox", "ad2box", "teaser123card", "aBcDeFgH",
    "imageEmbed ArticleBody", "AD-SLOT", "ADslot", "x\ty\nad\x0bbox\x0c\rteaser", "ad\x00box",
    "-_-_ 0 9", "related related related-articles", "story-body-text story-body",
    "Weitere Artikel zum Thema", "ads ad ad-container  sponsored", "ad\x1cbox", "wérbung ad",
    "ob-dynamic-rec-container", "OB-Dynamic-Rec-Container ob-p", "videoCube syndicatedItem",
    "videocube teaser", "share share-bar", "teaser card", "post-teaser", "nav-teaser-card",
]
CONTAINER_TAGS = ["div", "article", "aside", "nav", "blockquote", "section", "li", "footer", "ärticle"]


@needs_c_rules
@pytest.mark.parametrize("hints", TOKEN_HINTS)
def test_c_tokens_match_python_on_edge_cases(hints: str) -> None:
    assert_same_tokens(hints)


@needs_c_rules
@pytest.mark.parametrize("hints", TOKEN_HINTS)
def test_c_container_verdicts_match_python_on_edge_cases(hints: str) -> None:
    assert_same_containers([_container(tag, hints) for tag in CONTAINER_TAGS])
    handed_back = [
        _container("div", hints, role="article"),
        _container("li", hints, itemprop="articleBody"),
        _container("div", hints, forced="related"),
        _container("div", hints, forced=rules.Verdict("ad", "x")),
    ]
    assert_same_containers(handed_back)


@needs_c_rules
def test_c_container_verdicts_match_python_on_every_corpus_page() -> None:
    seen = set()
    for _, html in body_corpus_pages():
        tree = parse_html(decode_html(html))
        containers = segment.segment(tree, forced=match_selectors(tree, None), stripped=False).containers
        assert_same_containers(containers)
        seen.update(c.hints for c in containers)
    assert len(seen) > 50_000
    for hints in seen:
        assert_same_tokens(hints)


@needs_c_rules
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.parent.name)
def test_c_container_verdicts_match_python_on_fixtures(path: Path) -> None:
    tree = parse_html(decode_html(path.read_bytes()))
    page = segment.segment(tree, forced=match_selectors(tree, None), stripped=False)
    assert_same_containers(page.containers)


# class-name material: table words, camelCase humps, separators, digits, control characters
_CLASS_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["ad", "Ad", "AD", "box", "Box", "teaser", "mehr", "Zum", "thema", "article", "x"]),
        st.sampled_from(["card", "share", "videoCube", "ob-p", "syndicatedItem", "related", "Related"]),
        st.text(alphabet="aZ-_ 09\t\n\x00\x7f\x1c", max_size=3),
    ),
    max_size=12,
).map("".join)


@needs_c_rules
@given(_CLASS_TEXT, st.sampled_from(CONTAINER_TAGS))
def test_c_rules_match_python_on_class_names(hints: str, tag: str) -> None:
    assert_same_tokens(hints)
    assert_same_containers([_container(tag, hints)])


@needs_c_rules
@given(st.text(max_size=40), st.text(max_size=8))
def test_c_rules_match_python_on_any_text(hints: str, tag: str) -> None:
    assert_same_tokens(hints)
    assert_same_containers([_container(tag, hints)])


@needs_c_rules
@given(
    st.sampled_from(CONTAINER_TAGS),
    _CLASS_TEXT,
    st.sampled_from(["", "main", "x"]),
    st.sampled_from(["", "articleBody"]),
    st.sampled_from([None, "drop", rules.Verdict("ad", "x")]),
)
def test_c_container_verdicts_hand_back_what_they_do_not_decide(
    tag: str, hints: str, role: str, itemprop: str, forced: object
) -> None:
    assert_same_containers([_container(tag, hints, role, itemprop, forced)])


# -- the first density pass (_density.c against density.python_initial_verdicts) ---------------

C_DENSITY = density.c_initial_verdicts()
needs_c_density = pytest.mark.skipif(C_DENSITY is None, reason="C density pass not built or off")
THRESHOLDS = (
    DENSITY,
    LENIENT_DENSITY,
    DensityThresholds(length_low=60.5, stopwords_low=0.2, max_link_density=0.0),  # type: ignore[arg-type]
)


def assert_same_initial(page: segment.Page, feats: features.Features, headline: str | None = None) -> None:
    card_sums = density.c_card_sums()
    assert card_sums is not None
    for t in THRESHOLDS:
        fast = density.initial_verdicts(page, feats, t)
        assert fast == density.python_initial_verdicts(page, feats, t)
        for folded in (None, headline):
            sums = card_sums(page.blocks, feats.blocks, len(page.containers), t.card_link_density, folded)
            assert sums == density.python_card_sums(page, feats, t, folded)


def assert_same_main_sums(
    page: segment.Page, feats: features.Features, verdicts: tuple[density.DensityVerdict, ...]
) -> None:
    """choose_main's two loops over the blocks (_density.c's block_prose and main_sums) against
    their references, with density's verdicts and without, under no negative container, under
    every third one and under all."""
    block_prose, main_sums = density.c_block_prose(), density.c_main_sums()
    assert block_prose is not None and main_sums is not None
    n = len(page.containers)
    for given_verdicts in (verdicts, None):
        found = block_prose(page.blocks, feats.blocks, given_verdicts, n)
        assert found == combine.python_block_prose(page, feats, given_verdicts)
        good = found[0]
        for negative in ([False] * n, [c % 3 == 0 for c in range(n)], [True] * n):
            under = page.innermost(negative)
            structured = combine.STRUCTURED_KINDS, combine.STRUCTURED_MAX_LINK_DENSITY
            sums = main_sums(page.blocks, feats.blocks, good, under, *structured)
            assert sums == combine.python_main_sums(page, feats, good, under)


@needs_c_density
def test_c_density_matches_python_on_every_corpus_page() -> None:
    for _, html in body_corpus_pages():
        tree = parse_html(decode_html(html))
        page = segment.segment(tree, forced={}, stripped=False)
        headings = [b.text for b in page.blocks if b.kind is BlockKind.HEADING]
        headline = features.fold_words(headings[-1]) if headings else None  # not always the h1
        assert_same_sample([b.text for b in page.blocks])  # the language guess's words
        for language in ("de", "en", "xx"):  # a stopword list, another, none (no stoplist)
            feats = features.compute_features(page, language_hint=language)
            assert_same_initial(page, feats, headline)
            assert_same_main_sums(page, feats, density.classify_density(page, feats))


_FEATURE_VALUES = st.builds(
    features.BlockFeatures,
    st.integers(0, 400),
    st.integers(0, 80),
    st.integers(0, 80),
    st.one_of(st.sampled_from([0.0, 0.5, 0.50000001, 1.0, -0.0]), st.floats(0, 1)),
    st.booleans(),
).filter(lambda f: f.stopwords <= f.words)


_HREFS = st.sampled_from(["#top", "#", "", "/a", "https://x.de/"])
_LINKS = st.lists(st.builds(Link, st.just(0), st.just(1), _HREFS), max_size=3).map(tuple)


@needs_c_density
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(BlockKind)), _FEATURE_VALUES, st.integers(0, 3), st.integers(0, 3), _LINKS,
            st.sampled_from(["Rivers rise", "Other news", "x"]),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_c_density_matches_python_on_any_features(blocks: list, has_stoplist: bool) -> None:
    raw = [
        segment.RawBlock(i, text, kind, "p", cid, level=level, links=links)
        for i, (kind, _, cid, level, links, text) in enumerate(blocks)
    ]
    containers = [
        segment.Container(c, "div", c - 1, c, "", "", "", chain=tuple(range(c + 1))) for c in range(4)
    ]
    page = segment.Page(raw, containers)
    feats = features.Features(tuple(b[1] for b in blocks), "de", 0, has_stoplist)
    assert_same_initial(page, feats, "rivers rise")
    finals = (density.Density.GOOD, density.Density.BAD, density.Density.GOOD)
    verdicts = tuple(density.DensityVerdict(finals[i % 3], finals[i % 2], "") for i in range(len(raw)))
    assert_same_main_sums(page, feats, verdicts)
    assert C_DENSITY is not None
    assert C_DENSITY(raw, feats.blocks, has_stoplist, *density._threshold_args(DENSITY)) is not None


# -- slotted dataclass constructors (_slots.c against the classes' own __init__) -----------------


needs_c_combine = pytest.mark.skipif(
    combine._c_combine() is None, reason="_combine is not built or switched off"
)


def _page_owners(htmls: list[str | bytes], monkeypatch: pytest.MonkeyPatch) -> list[combine._Owners]:
    """The _Owners that combine() builds for each page (once per pass it makes)."""
    seen: list[combine._Owners] = []
    real = combine.owner_lookups

    def capture(owners: combine._Owners):  # type: ignore[no-untyped-def]
        seen.append(owners)
        return real(owners)

    monkeypatch.setattr(combine, "owner_lookups", capture)
    for html in htmls:
        newsclean.extract(html)
    return seen


def assert_same_owner_verdicts(owners: combine._Owners) -> None:
    fast = combine._c_combine()
    assert fast is not None
    depths = {len(c.chain) for c in owners.containers}
    for start in sorted({0, 1, 2, *depths}):
        for cid in range(-1, len(owners.containers)):
            assert fast.innermost_verdict(owners, cid, start) == owners.innermost_verdict(cid, start)
            if cid >= 0:
                assert fast.box_verdict(owners, cid, start) == owners.box_verdict(cid, start)


@needs_c_combine
def test_c_owner_verdicts_match_python_on_every_corpus_page(monkeypatch: pytest.MonkeyPatch) -> None:
    found = _page_owners([html for _, html in body_corpus_pages()], monkeypatch)
    assert len(found) > 700
    for owners in found:
        assert_same_owner_verdicts(owners)


@needs_c_combine
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.parent.name)
def test_c_owner_verdicts_match_python_on_fixtures(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for owners in _page_owners([path.read_bytes()], monkeypatch):
        assert_same_owner_verdicts(owners)


@needs_c_combine
@given(
    st.lists(
        st.tuples(
            st.integers(-1, 7),
            st.one_of(
                st.none(),
                st.builds(
                    rules.Verdict,
                    st.sampled_from(["ad", "related", "box", "caption", "lead", "explainer", "content"]),
                    st.sampled_from(["r1", "r2", "organic-widget", "x+titled-box"]),
                ),
            ),
        ),
        min_size=1,
        max_size=9,
    ),
    st.sets(st.integers(0, 8)),
    st.sets(st.integers(0, 8)),
)
def test_c_owner_verdicts_match_python_on_any_tree(
    shape: list[tuple[int, rules.Verdict | None]], wrappers: set[int], main: set[int]
) -> None:
    """Containers whose parent comes before them, any verdicts, wrappers and main chain."""
    containers: list[segment.Container] = []
    for cid, (parent, _) in enumerate(shape):
        parent = parent if parent < cid else cid - 1
        chain = (*containers[parent].chain, cid) if parent >= 0 else (cid,)
        containers.append(segment.Container(cid, "div", parent, len(chain) - 1, "", "", "", chain=chain))
    verdicts = tuple(v if v is None or v.verdict != "content" else None for _, v in shape)
    page = segment.Page([], containers)
    in_page = frozenset(w for w in wrappers if w < len(containers))
    owners = combine._Owners(page, rules.RuleVerdicts(verdicts, ()), in_page, frozenset(main))
    owners.organic = "organic-widget"
    assert_same_owner_verdicts(owners)


needs_c_blocks = pytest.mark.skipif(
    assemble._c_blocks() is None, reason="_slots is not built or switched off"
)


def _labelled_pages(htmls: list[str | bytes], monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """(page, labelling) of each page as extract() hands them to assemble()."""
    seen: list[tuple] = []
    real = newsclean.api.assemble

    def capture(page, labelling, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((page, labelling))
        return real(page, labelling, *args, **kwargs)

    monkeypatch.setattr(newsclean.api, "assemble", capture)
    for html in htmls:
        newsclean.extract(html)
    return seen


def assert_same_blocks(page: segment.Page, labelling: combine.Labelling) -> None:
    fast = assemble._c_blocks()
    assert fast is not None
    box_of: list[int | None] = [None] * len(page.blocks)
    for box, run in enumerate(assemble.box_runs(labelling, page)):
        for i in run.members:
            box_of[i] = box
    for base in (None, "https://example.org/news/story.html"):
        resolve = assemble._resolver(base)
        made = fast(page.blocks, labelling.blocks, box_of, resolve, Label.BOILERPLATE)
        expected = assemble.python_blocks(page, labelling, box_of, resolve)
        assert made == expected
        assert [type(b) for b in made] == [Block] * len(expected)
        assert [type(b.link_density) for b in made] == [float] * len(expected)


@needs_c_blocks
def test_c_blocks_match_python_on_every_corpus_page(monkeypatch: pytest.MonkeyPatch) -> None:
    for page, labelling in _labelled_pages([html for _, html in body_corpus_pages()], monkeypatch):
        assert_same_blocks(page, labelling)


@needs_c_blocks
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.parent.name)
def test_c_blocks_match_python_on_fixtures(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for page, labelling in _labelled_pages([path.read_bytes()], monkeypatch):
        assert_same_blocks(page, labelling)


@needs_c_blocks
def test_c_blocks_hand_back_what_they_do_not_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = "The council said on Monday that the new bridge over the river will open in the spring. "
    html = f'<article><h1>T</h1><p>{sentence * 3}<a href="/a">More</a> {sentence * 3}</p></article>'
    ((page, labelling),) = _labelled_pages([html], monkeypatch)
    fast = assemble._c_blocks()
    assert fast is not None
    box_of: list[int | None] = [None] * len(page.blocks)
    # lengths that differ, and a label that is no BlockLabel: the reference decides (and raises)
    assert fast(page.blocks, labelling.blocks, box_of[:-1], lambda links: links, Label.BOILERPLATE) is None
    foreign = (object(),) + labelling.blocks[1:]
    assert fast(page.blocks, foreign, box_of, lambda links: links, Label.BOILERPLATE) is None

    def failing(links: tuple[Link, ...]) -> tuple[Link, ...]:
        raise RuntimeError("resolver failed")

    assert any(raw.links for raw in page.blocks) and Label.BODY in {lab.label for lab in labelling.blocks}
    with pytest.raises(RuntimeError, match="resolver failed"):
        fast(page.blocks, labelling.blocks, box_of, failing, Label.BOILERPLATE)


@pytest.mark.skipif(_accel.slot_maker(Block) is Block, reason="_slots is not built or switched off")
def test_slot_maker_builds_what_the_class_builds() -> None:
    values = (3, "Text", BlockKind.LIST_ITEM, Label.RELATED, ("r",), 2, 7, True, ("a", "b"), True, (), 1, 0.5)
    made = _accel.slot_maker(Block)(*values)
    assert made == Block(*values)
    assert type(made) is Block and hash(made) == hash(Block(*values))
    with pytest.raises(FrozenInstanceError):
        made.text = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        _accel.slot_maker(Block)(*values[:-1])
    with pytest.raises(TypeError):
        _accel.slot_maker(Block)(*values, extra=1)


def test_what_the_twins_build_is_left_to_reference_counting() -> None:
    """Blocks, containers, links and features made in C are untracked by the cyclic collector
    (_slotted.h: they cannot be part of a cycle), so full collections do not walk them."""
    if not all(_accel.status().values()):
        pytest.skip("not every twin is built or switched on")
    doc = newsclean.extract(FIXTURE_PAGES[0].read_bytes())
    tree = parse_html(decode_html(FIXTURE_PAGES[0].read_bytes()))
    page = segment.segment(tree, forced={}, stripped=False)
    made = [doc.blocks[0], page.blocks[0], page.containers[0], features.compute_features(page).blocks[0]]
    made += [link for b in page.blocks for link in b.links][:1]
    assert len(made) == 5
    assert not any(gc.is_tracked(obj) for obj in made)


def test_slot_maker_refuses_a_class_without_slots() -> None:
    @dataclass
    class Plain:
        x: int

    if _accel.slot_maker(Block) is Block:
        pytest.skip("_slots is not built or switched off")
    with pytest.raises(TypeError):
        _accel.slot_maker(Plain)


def test_pure_python_and_accelerated_extraction_agree_on_the_fixtures() -> None:
    """The whole pipeline, end to end: a process with NEWSCLEAN_PURE_PYTHON=1 (every C twin
    off) gives the same Document for every fixture page as this one."""
    if _accel.status() == dict.fromkeys(_accel.status(), False):
        pytest.skip("no accelerator in use here: both runs would be pure Python")
    script = (
        "import json, sys, newsclean, newsclean._accel as a\n"
        "assert not any(a.status().values()), a.status()\n"
        "paths = sys.argv[1:]\n"
        "print(json.dumps([newsclean.extract(open(p, 'rb').read()).to_dict() for p in paths]))\n"
    )
    paths = [str(p) for p in FIXTURE_PAGES]
    env = {**os.environ, "NEWSCLEAN_PURE_PYTHON": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script, *paths], env=env, capture_output=True, text=True, check=True
    )
    pure = json.loads(done.stdout)
    fast = [newsclean.extract(Path(p).read_bytes()).to_dict() for p in paths]
    assert fast == pure
