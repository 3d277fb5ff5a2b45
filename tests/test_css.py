"""newsclean.css: its C twin (_select.c) gives the nodes Lexbor's node.css() gives.

Every test compares the two on the same tree: by node (mem_id), in order, duplicates
included, on hand-written edge cases of each matching rule, the selector lists the pipeline
uses on every fixture and corpus page, and generated markup.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURE_PAGES, body_corpus_pages
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean import css, metadata
from newsclean.decode import decode_html
from newsclean.parse import parse_html

C_SELECT = css._c_select()
needs_c_select = pytest.mark.skipif(C_SELECT is None, reason="_select.c is not built or switched off")

#: The lists the metadata stage asks through css.select: each must compile, or it runs in
#: Lexbor and the twin buys nothing.
PIPELINE_SELECTORS = (
    metadata._SCAN_SELECTOR,
    metadata._BYLINE_SELECTOR,
    metadata._DATE_SELECTOR,
    metadata._SUBHEADLINE_SELECTOR,
    "h1",
)


def ids(nodes: list[LexborNode]) -> list[tuple[int, str]]:
    return [(n.mem_id, n.tag) for n in nodes]


def assert_same_selection(node: LexborHTMLParser | LexborNode, selectors: str) -> None:
    root = node.root if isinstance(node, LexborHTMLParser) else node
    assert root is not None
    expected = ids(root.css(selectors))
    assert ids(css.select(node, selectors)) == expected
    first = css.select_first(node, selectors)
    assert (first.mem_id if first is not None else None) == (expected[0][0] if expected else None)


def test_the_pipeline_selectors_compile() -> None:
    for selectors in PIPELINE_SELECTORS:
        assert css.compile_selectors(selectors) is not None, selectors


@pytest.mark.parametrize(
    "selectors",
    [
        "div p",  # combinator
        "div > p",
        "p:first-child",  # pseudo-class
        "*",
        '[class="x"]',  # operation the twin does not know
        '[class^="x"]',
        '[class*="x" s]',
        '[class*=""]',  # empty value
        '[rel~="author"]',  # HTML compares rel without case: only with the flag
        '[type*="json"]',
        '[class~="a b"]',
        '[class*="a\\"b"]',
        "div[class][id]",
        ".byline",
        "#main",
        "DIV",
    ],
)
def test_compile_refuses_what_the_twin_cannot_answer(selectors: str) -> None:
    assert css.compile_selectors(selectors) is None


def test_refused_selectors_still_select_through_lexbor() -> None:
    tree = LexborHTMLParser("<div><p class='x'>a</p></div><p>b</p>")
    assert ids(css.select(tree, "div p")) == ids(tree.css("div p"))
    assert ids(css.select(tree, ".x")) == ids(tree.css(".x"))


EDGE_CASES = {
    "svg and foreign attributes": "<svg><title>s</title><a xlink:href='/author/x'>l</a>"
    "<a href='/author/y' xlink:href='/z'>m</a><g class='AUTHOR' rel='Author'>g</g></svg>"
    "<math><mi class='byline' title='t'>x</mi></math>",
    "template content": "<template><h1>in template</h1><p class='author'>a</p></template><h1>out</h1>",
    "valueless and empty": "<div class id=''><p itemprop>x</p><a href>y</a><abbr title>z</abbr></div>",
    "case": "<DIV CLASS='By-LINE Autorin'><A HREF='/AUTHOR/x'>A</A><a href='/Author/y' REL='AUTHOR'>"
    "b</a><span class='byline'>c</span></DIV>",
    "words": "<a rel='author'>1</a><a rel=' nofollow\tauthor\n'>2</a><a rel='authors'>3</a>"
    "<a rel='co-author'>4</a><a rel='author\u00a0x'>5</a><a rel='\fauthor\r'>6</a>",
    "several clauses on one node": "<h1 itemprop='headline' class='author byline'>H</h1>"
    "<time class='date-published' datetime='2020'>t</time>",
    "non-ascii values": "<div class='Äuthor byline-ü ıauthor AUTHOR\u0130'>x</div>"
    "<p class='\u212aAUTHOR'>k</p><span class='autorın'>s</span>",
    "long values": f"<div class='{'x' * 5000} author'>l</div><div id='{'y' * 70000}byline'>m</div>",
    "head and scripts": "<html><head><title>T</title><meta name='author' content='A'>"
    "<script type='application/LD+JSON'>{}</script><link rel='Canonical' href='/c'></head>"
    "<body><script type='text/ld+json;x'>1</script></body></html>",
    "empty": "",
    "nested matches": "<div class='author'><div class='author'><span class='author'>x</span></div></div>",
    "comments and text": "<p><!-- <h1> -->text<h1>h</h1>more</p>",
}


@needs_c_select
@pytest.mark.parametrize("html", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_c_select_matches_lexbor_on_edge_cases(html: str) -> None:
    tree = parse_html(html)
    for selectors in (*PIPELINE_SELECTORS, '[rel~="author" i]', '[class~="author" i]', "[title]"):
        assert_same_selection(tree, selectors)
    # searched from a node: the node itself counts, its siblings do not
    for node in tree.css("div, svg, p"):
        for selectors in PIPELINE_SELECTORS:
            assert_same_selection(node, selectors)


@needs_c_select
@pytest.mark.parametrize("selectors", ['[class*="Ä" i]', '[class*="ä" i]', '[class*="XÄ" i]', '[id~="ÄB" i]'])
def test_the_i_flag_folds_ascii_letters_only(selectors: str) -> None:
    """Lexbor's "i" compares ASCII letters without case and every other character as it is:
    "Ä" matches "Ä" but not "ä"."""
    tree = parse_html("<p class='xÄy' id='äb'>1</p><p class='xäy' id='ÄB'>2</p><p class='XÄY' id='Äb'>3</p>")
    assert css.compile_selectors(selectors) is not None
    assert_same_selection(tree, selectors)


@needs_c_select
@pytest.mark.parametrize("selectors", ["foreignobject", "clippath[id]", 'textpath[class*="author"]'])
def test_tags_svg_writes_in_camel_case_match_as_in_lexbor(selectors: str) -> None:
    tree = parse_html(
        "<svg><foreignObject><p>x</p></foreignObject><clipPath id='a'></clipPath>"
        "<textPath class='author'></textPath></svg><math><annotation-xml></annotation-xml></math>"
    )
    assert css.compile_selectors(selectors) is not None
    assert_same_selection(tree, selectors)
    assert css.select(tree, selectors)


@needs_c_select
def test_c_select_gives_nodes_that_work_like_lexbors() -> None:
    tree = parse_html("<div class='byline'>Von <b>Anna</b></div>")
    (node,) = css.select(tree, metadata._BYLINE_SELECTOR)
    (theirs,) = tree.css(metadata._BYLINE_SELECTOR)
    assert node.parser is tree
    assert node == theirs
    assert node.text(deep=True) == "Von Anna"
    assert node.parent is not None and node.parent.tag == "body"
    assert [n.tag for n in node.css("b")] == ["b"]
    del tree  # the node keeps its tree alive, as Lexbor's do
    assert node.html == "<div class=\"byline\">Von <b>Anna</b></div>"


@needs_c_select
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=[p.parent.name for p in FIXTURE_PAGES])
def test_c_select_matches_lexbor_on_fixtures(path) -> None:  # type: ignore[no-untyped-def]
    tree = parse_html(decode_html(path.read_bytes()))
    for selectors in PIPELINE_SELECTORS:
        assert_same_selection(tree, selectors)


@needs_c_select
def test_c_select_matches_lexbor_on_every_corpus_page() -> None:
    pages = body_corpus_pages()
    assert len(pages) > 700
    for _, html in pages:
        tree = parse_html(html if isinstance(html, str) else decode_html(html))
        for selectors in PIPELINE_SELECTORS:
            assert_same_selection(tree, selectors)


_TAGS = (
    "div", "span", "p", "a", "h1", "h2", "title", "time", "abbr", "meta", "link", "script", "svg", "template",
)  # fmt: skip
_ATTRS = ("class", "id", "rel", "href", "type", "itemprop", "title", "xlink:href", "CLASS")
_VALUES = st.text(alphabet="aAuUtThHoOrRbByYlLiInNeE /-\t\n\u00e4\u00c4\u0130\u212a", max_size=14)


@st.composite
def _markup(draw: st.DrawFn) -> str:
    parts: list[str] = []
    open_tags: list[str] = []
    for _ in range(draw(st.integers(0, 14))):
        action = draw(st.sampled_from(("open", "open", "close", "text")))
        if action == "open":
            tag = draw(st.sampled_from(_TAGS))
            attrs = draw(st.lists(st.tuples(st.sampled_from(_ATTRS), _VALUES), max_size=3))
            rendered = "".join(f' {name}="{value}"' for name, value in attrs)
            parts.append(f"<{tag}{rendered}>")
            open_tags.append(tag)
        elif action == "close" and open_tags:
            parts.append(f"</{open_tags.pop()}>")
        else:
            parts.append(draw(st.sampled_from(("x", "author", "<!-- c -->"))))
    return "".join(parts)


@st.composite
def _selector_list(draw: st.DrawFn) -> str:
    def one(draw: st.DrawFn = draw) -> str:
        tag = draw(st.sampled_from(("", "a", "div", "title", "h1", "svg")))
        attr = draw(st.sampled_from(("", "class", "id", "href", "itemprop", "title", "rel", "type")))
        if not attr:
            return tag or "span"
        op = draw(st.sampled_from(("", "*=", "~=")))
        if not op:
            return f"{tag}[{attr}]"
        value = draw(st.sampled_from(("author", "AUTHOR", "by", "/aut", "ä", "Ä", "xÄ", "l", "i")))
        flag = " i" if attr in ("rel", "type") else draw(st.sampled_from(("", " i")))
        return f'{tag}[{attr}{op}"{value}"{flag}]'

    return ", ".join(draw(st.lists(st.builds(one), min_size=1, max_size=5)))


@needs_c_select
@given(_markup(), _selector_list())
def test_c_select_matches_lexbor_on_generated_markup(html: str, selectors: str) -> None:
    assert css.compile_selectors(selectors) is not None
    tree = parse_html(html)
    assert_same_selection(tree, selectors)
    for node in tree.css("div, a"):
        assert_same_selection(node, selectors)
