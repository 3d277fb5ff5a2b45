"""parse_html: exact on normal pages, flat and text-preserving on hostile ones.

Sizes here are the smallest that still cross each cap, so the file stays fast; the
full-size cases (10^5 nested divs, 10^6 paragraphs, #340 at 30000...) live in
``bench/stress.py``, which also measures time and memory.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from conftest import FIXTURE_PAGES
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from newsclean import parse
from newsclean.decode import decode_html, decode_page
from newsclean.parse import (
    DEGRADED_ATTRIBUTES,
    DEGRADED_DEPTH,
    DEGRADED_ELEMENTS,
    DEGRADED_FORMATTING,
    parse_decoded_with_report,
    parse_html,
    parse_html_with_report,
    strip_non_content,
)

# html > body > (cap) plus the tbody/tr and reconstructed formatting the tree builder
# adds on its own; the model errs deep, so real trees stay well inside this.
DEPTH_SLACK = 8


def max_depth(tree: LexborHTMLParser) -> int:
    """Element depth of the deepest element (html = 1), without recursion."""
    deepest = 0
    todo = [(tree.root, 1)] if tree.root is not None else []
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        todo.extend((child, depth + 1) for child in node.iter(include_text=False))
    return deepest


def text_chars(tree: LexborHTMLParser) -> Counter[str]:
    """Multiset of the non-space characters of the document's text."""
    root = tree.root
    return Counter("".join((root.text() if root is not None else "").split()))


def words(n: int) -> list[str]:
    return [f"w{i}" for i in range(n)]


# -- normal pages ----------------------------------------------------------------------------


def test_normal_page_is_parsed_as_written() -> None:
    """A normal page is not rewritten: same tree as Lexbor alone, empty report."""
    page = (
        "<!doctype html><html><head><title>T</title><script type='application/ld+json'>"
        '{"@type": "NewsArticle", "x": "<b>not a tag</b>"}</script></head><body>'
        "<article><h1>Head</h1><p>One <b>bold <i>both</b> italic</i> <a href='/x'>link</a>"
        "<p>Two<ul><li>a<li>b</ul><table><tr><td>c<td>d</table>"
        "<svg><path d='M0 0'/><use href='#i'/></svg><img src=x alt='a > b'></article>"
    )
    tree, report = parse_html_with_report(page)
    assert report == ()
    assert tree.html == LexborHTMLParser(page).html


def test_parse_html_returns_the_tree() -> None:
    """parse_html returns the Lexbor tree itself."""
    tree = parse_html("<p>hello</p>")
    assert isinstance(tree, LexborHTMLParser)
    assert tree.body is not None and tree.body.text() == "hello"


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.parent.name)
def test_fixture_pages_are_not_degraded(path: Path) -> None:
    """None of the hand-written fixture pages trips a cap."""
    page = decode_html(path.read_bytes())
    tree, report = parse_html_with_report(page)
    assert report == ()
    assert tree.html == LexborHTMLParser(page).html


def test_bom_and_nul_in_str_input() -> None:
    """A str's leading BOM is dropped and NUL becomes U+FFFD, as decode_html does."""
    tree = parse_html("\ufeff<p>a\x00b</p>")
    assert tree.body is not None and tree.body.text() == "a\ufffdb"


def test_the_page_bytes_parse_as_their_text() -> None:
    """Given the page's own UTF-8 bytes, Lexbor reads them: the same tree as from the text."""
    as_bytes = 0
    for path in FIXTURE_PAGES:
        decoded = decode_page(path.read_bytes())
        as_bytes += decoded.utf8 is not None
        tree, report = parse_decoded_with_report(*decoded)
        reference, expected = parse_html_with_report(decoded.text)
        assert (tree.html, report) == (reference.html, expected), path
    assert as_bytes >= len(FIXTURE_PAGES) - 3  # a few fixtures are not UTF-8 on purpose


def test_a_rewritten_page_is_parsed_from_the_rewrite_not_its_bytes() -> None:
    """The guard's rewrite wins over the bytes: they are the page before it."""
    page = "".join(f"<div>{w} " for w in words(5000)) + "</div>" * 5000
    tree, report = parse_decoded_with_report(page, page.encode())
    assert report == (DEGRADED_DEPTH,)
    assert max_depth(tree) <= parse.DEPTH_CAP + DEPTH_SLACK


def test_markup_inside_script_is_not_counted() -> None:
    """Tags inside <script> and <style> text are not modelled, so they trip no cap."""
    page = "<script>var s = '" + "<div><b x>" * 2000 + "';</script><p>after</p>"
    page += "<style>" + "<i>" * 2000 + "</style>"
    tree, report = parse_html_with_report(page)
    assert report == ()
    assert tree.css_first("p").text() == "after"


def test_quoted_gt_in_attribute() -> None:
    """A ">" inside a quoted attribute value does not end the tag for the model."""
    page = '<div title="a > <div> b">' * 300 + "x" + "</div>" * 300
    _, report = parse_html_with_report(page)
    assert report == (DEGRADED_DEPTH,)


def test_unclosed_and_misnested_tags_untouched() -> None:
    """Ordinary tag soup (unclosed p/li/td, misnested b/i, nested a) parses unchanged."""
    page = (
        "<div><p>a<b>b<i>c</b>d</i><p>e<ul><li>f<li>g</ul><table><tr><td>h<td>i</table>"
        "<a href=1>j<a href=2>k</a><font><p>l<p>m</font><dl><dt>n<dd>o</dl><h2>p<h3>q</div>"
    )
    tree, report = parse_html_with_report(page)
    assert report == ()
    assert tree.html == LexborHTMLParser(page).html


@pytest.mark.parametrize(
    "page",
    ["<!--" * 20000 + "x", "<a" * 20000 + "x", '<a b="' * 20000 + "x", "<" * 100000 + "x",
     "<div", "</", "<!", "<?", "<!---->" * 5000, "</>" * 5000],
    ids=["open-comments", "open-tags", "open-quotes", "lt", "cut-tag", "cut-end", "bang", "pi",
         "empty-comments", "empty-end-tags"],
)
def test_unterminated_constructs(page: str) -> None:
    """Unterminated comments, tags and quotes parse without error or degradation."""
    tree, report = parse_html_with_report(page)
    assert report == ()
    assert tree.html == LexborHTMLParser(page).html


# -- hostile pages ---------------------------------------------------------------------------


def test_deep_div_nesting_is_flattened() -> None:
    """5000 nested divs: depth capped, every word kept."""
    page = "".join(f"<div>{w} " for w in words(5000)) + "</div>" * 5000
    tree, report = parse_html_with_report(page)
    assert report == (DEGRADED_DEPTH,)
    assert max_depth(tree) <= parse.DEPTH_CAP + DEPTH_SLACK
    assert tree.body.text().split() == words(5000)


@pytest.mark.parametrize(
    ("unit", "closing"),
    [("<span>", ""), ("<ul><li>", ""), ("<table><tr><td>", ""), ("<div><object>", "</div></object>"),
     ("<blockquote>", ""), ("<section><article>", "")],
    ids=["spans", "lists", "tables", "object-scope-trick", "blockquotes", "sections"],
)
def test_other_deep_nesting_is_flattened(unit: str, closing: str) -> None:
    """Deep nesting of inline, list, table and scope-boundary elements is capped too."""
    page = "".join(f"{unit}{w} {closing}" for w in words(3000))
    tree, report = parse_html_with_report(page)
    assert DEGRADED_DEPTH in report
    assert max_depth(tree) <= parse.DEPTH_CAP + DEPTH_SLACK
    assert text_chars(tree) == Counter("".join(words(3000)))


def test_lexbor_340_pattern() -> None:
    """Lexbor #340 (<b k>×n <i k>×n x</b>×n, n=3000): formatting renamed, all x kept."""
    n = 3000
    page = "".join(f"<b {i}>" for i in range(n)) + "".join(f"<i {i}>" for i in range(n))
    page += "x</b>" * n
    tree, report = parse_html_with_report(page)
    assert DEGRADED_FORMATTING in report  # the renamed elements then also hit the depth cap
    assert tree.body.text() == "x" * n
    assert not tree.css("b") and not tree.css("i")
    assert max_depth(tree) <= parse.DEPTH_CAP + DEPTH_SLACK


def test_lexbor_340_pattern_large() -> None:
    """The #340 pattern at n=30000 (0.7 MB) is handled the same way."""
    n = 30000
    page = "".join(f"<b {i}>" for i in range(n)) + "".join(f"<i {i}>" for i in range(n))
    page += "x</b>" * n
    tree, report = parse_html_with_report(page)
    assert DEGRADED_FORMATTING in report
    assert tree.body.text() == "x" * n


def test_reconstruction_amplification() -> None:
    """60 open <b k> re-created before every "x" after </div><div> is caught as formatting."""
    page = "<div>" + "".join(f"<b {i}>" for i in range(60)) + "</div><div>x" * 20000
    tree, report = parse_html_with_report(page)
    assert report == (DEGRADED_FORMATTING,)
    assert tree.body.text() == "x" * 20000
    assert len(tree.css("b")) == 0


# Markup the model once read differently from the tokenizer, so that it saw no cap where Lexbor
# built a deep tree or re-created thousands of elements; each page is the smallest that trips
# the cap (bench/stress.py has them at full size).
_B60 = "".join(f"<b k{i}>" for i in range(60))


def _divs(n: int) -> str:
    return "".join(f"<div>w{i} " for i in range(n))

BYPASSES = {
    # str.lower() made <lin\u212a> (KELVIN SIGN) a void <link>; the tokenizer lowercases ASCII only
    "kelvin-sign": (lambda n: "".join(f"<lin\u212a>w{i} " for i in range(n)) + "</x>" * n, 257,
                    DEGRADED_DEPTH),
    # "=" where an attribute name starts is that name's first character, not a value
    "equals-name": (lambda n: "<p =\"x>a='" + "".join(f"<div>w{i} " for i in range(n)) + "'\">", 257,
                    DEGRADED_DEPTH),
    # a <font> leaves SVG only with an attribute *named* color, face or size (ASCII case)
    "font-quoted-color": (
        lambda n: "<svg><font data-x=\" color=1\"><title>" + "".join(f"<div>w{i} " for i in range(n)), 254,
        DEGRADED_DEPTH,
    ),
    "font-long-s-size": (
        lambda n: "<svg><font \u017fize=1><title>" + "".join(f"<div>w{i} " for i in range(n)), 254,
        DEGRADED_DEPTH,
    ),
    # a "/" ending an unquoted value does not make the tag self-closing
    "svg-value-solidus": (
        lambda n: "<svg>" + "".join(f"<g d=x/>w{i} " for i in range(n)), 256, DEGRADED_DEPTH
    ),
    # raw text ends at "</script" in ASCII case only, after its escapes, and its end tag's
    # attributes are read like any tag's
    "raw-text-long-s": (
        lambda n: "<script></\u017fcript><p a='</script>" + "".join(f"<div>w{i} " for i in range(n)) + "'>",
        257, DEGRADED_DEPTH,
    ),
    "end-tag-quoted-gt": (
        lambda n: "<style></style x=\"><p a='\">" + "".join(f"<div>w{i} " for i in range(n)) + "'>", 257,
        DEGRADED_DEPTH,
    ),
    "script-double-escape": (
        lambda n: "<script><!--<script></script><p a='</script>" + "".join(f"<div>w{i} " for i in range(n))
        + "'>",
        257, DEGRADED_DEPTH,
    ),
    # SVG/MathML: integration points only in their own namespace (and <annotation-xml> only
    # with an HTML encoding), glyphs, CDATA, nested roots, <svg/>: where the model took markup
    # for raw text or the reverse
    "mathml-title": (lambda n: "<math><title><style><div>" + _divs(n) + "</style>", 256, DEGRADED_DEPTH),
    "svg-mi": (lambda n: "<svg><mi><style><div>" + _divs(n) + "</style>", 256, DEGRADED_DEPTH),
    "annotation-xml-no-encoding": (
        lambda n: "<math><annotation-xml><style><div>" + _divs(n) + "</style>", 256, DEGRADED_DEPTH
    ),
    "mglyph-in-mi": (lambda n: "<math><mi><mglyph><style><div>" + _divs(n) + "</style>", 254, DEGRADED_DEPTH),
    "svg-cdata": (lambda n: "<svg><![CDATA[><p a=']]>" + _divs(n) + "'>", 257, DEGRADED_DEPTH),
    "nested-svg-breakout": (
        lambda n: "<svg><svg><div><title><p a='</title>" + _divs(n) + "'>", 256, DEGRADED_DEPTH
    ),
    "svg-self-closing": (lambda n: "<svg/><title><p a='</title>" + _divs(n) + "'>", 257, DEGRADED_DEPTH),
    # end tags: an SVG/MathML current node closes the innermost element of the name among the
    # SVG/MathML elements (a special one in between does not stop it); the HTML rules do not
    # close a foreign element, </noscript> stops at a special element, </form> takes the form
    # alone off the stack
    "foreign-end-tag": (
        lambda n: "<math><script><mo></script><style><div>" + _divs(n) + "</style>", 256, DEGRADED_DEPTH
    ),
    "html-end-tag-in-svg": (
        lambda n: "<svg><foreignObject><span></foreignObject><title><p a='</title>" + _divs(n) + "'>", 254,
        DEGRADED_DEPTH,
    ),
    "noscript-end-tag": (
        lambda n: "".join(f"<noscript><div>w{i} </noscript>" for i in range(n)), 129, DEGRADED_DEPTH
    ),
    "form-end-tag": (lambda n: "".join(f"<form><div>w{i} </form>" for i in range(n)), 129, DEGRADED_DEPTH),
    # <xmp> and (scripting off) <noscript> re-create the open formatting elements
    "xmp-reconstruction": (
        lambda n: "<div>" + _B60 + "</div><div><xmp>x</xmp>" * n, 174, DEGRADED_FORMATTING
    ),
    "noscript-reconstruction": (
        lambda n: "<div>" + _B60 + "x" + "</div><div><noscript></noscript>" * n, 174, DEGRADED_FORMATTING
    ),
    # Noah's ark tells <b k> from <b k\u00a0>: only the tokenizer's space is not part of a name
    "ark-unicode-space": (
        lambda n: "".join(f"<b k{i}>w <b k{i}\u00a0>w <b k{i}\u3000>w <b k{i}\x85>w " for i in range(n)), 17,
        DEGRADED_FORMATTING,
    ),
}


@pytest.mark.parametrize("name", list(BYPASSES))
def test_model_reads_tags_as_the_tokenizer(name: str) -> None:
    """Markup the tokenizer reads differently from a naive reading trips the caps like any other."""
    make, n, degradation = BYPASSES[name]
    page = make(n)
    tree, report = parse_html_with_report(page)
    assert report == (degradation,)
    assert max_depth(tree) <= parse.DEPTH_CAP + DEPTH_SLACK
    assert text_chars(tree) == text_chars(LexborHTMLParser(page))
    if degradation == DEGRADED_FORMATTING:
        assert not tree.css("b")
    assert parse_html_with_report(make(n - 1))[1] == ()


def test_dialog_closes_p_and_reconstructs_nothing() -> None:
    """<dialog> closes an open <p> and, unlike an unknown element, re-creates no formatting."""
    page = "<div>" + _B60 + "</div><div><dialog></dialog>" * 200 + "<p>a<dialog>b</dialog>"
    tree, report = parse_html_with_report(page)
    assert report == ()
    assert tree.html == LexborHTMLParser(page).html


def test_links_survive_formatting_degradation() -> None:
    """The formatting degradation keeps <a> elements (later stages need link density)."""
    page = "<p><a href='/1'>one</a> " + "".join(f"<em {i}>" for i in range(200)) + "x</p>"
    tree, report = parse_html_with_report(page)
    assert report == (DEGRADED_FORMATTING,)
    assert [a.attributes["href"] for a in tree.css("a")] == ["/1"]
    assert not tree.css("em") and len(tree.css("nc-em")) == 200


def test_many_attributes_are_capped() -> None:
    """One tag with 20000 attributes keeps the first ATTRIBUTE_CAP and its text."""
    page = "<p " + " ".join(f"a{i}='{i}'" for i in range(20000)) + ">hello</p><p>world</p>"
    tree, report = parse_html_with_report(page)
    assert report == (DEGRADED_ATTRIBUTES,)
    first = tree.css_first("p")
    assert len(first.attributes) == parse.ATTRIBUTE_CAP
    assert first.attributes["a0"] == "0"
    assert tree.body.text() == "helloworld"


def test_element_cap_keeps_text() -> None:
    """Past the element cap, markup is dropped and every paragraph's text is kept."""
    page = "<html><body>" + "".join(f"<p>{w}</p><!-- c --><script>junk()</script>" for w in words(3000))
    with mock.patch.object(parse, "ELEMENT_CAP", 1000):
        tree, report = parse_html_with_report(page)
    assert report == (DEGRADED_ELEMENTS,)
    text = tree.body.text(separator=" ").split()
    assert [w for w in text if w != "junk()"] == words(3000)
    assert text.count("junk()") < 1000  # scripts past the cap go with their content
    assert 300 <= len(tree.css("p")) <= 1000


def test_stray_end_tags_count_as_elements() -> None:
    """A stray </p> makes an empty <p> (and </br> a <br>), so floods of them hit the cap."""
    with mock.patch.object(parse, "ELEMENT_CAP", 1000):
        tree, report = parse_html_with_report("</p></br>" * 2000 + "end")
    assert report == (DEGRADED_ELEMENTS,)
    assert tree.body.text().strip().endswith("end")
    assert len(tree.css("p")) <= 1000


def test_sibling_paragraphs_past_element_cap() -> None:
    """260000 sibling paragraphs (2 MB) cross the real element cap and keep all text."""
    n = parse.ELEMENT_CAP + 10000
    tree, report = parse_html_with_report("<p>x</p>" * n)
    assert report == (DEGRADED_ELEMENTS,)
    assert tree.body.text().count("x") == n


def test_huge_text_node() -> None:
    """A 2 MB text node without spaces is parsed as is."""
    page = "<p>" + "a" * 2_000_000 + "</p>"
    tree, report = parse_html_with_report(page)
    assert report == ()
    assert len(tree.body.text()) == 2_000_000


# Raw-text elements (script, textarea, title...) are left out: whether their content is text
# depends on SVG/MathML context the model only approximates, and their content is not
# article text anyway.
SOUP_TAGS = ["div", "p", "span", "b", "i", "em", "a", "li", "ul", "td", "tr", "table", "h2",
             "section", "font", "nobr", "object", "button", "select", "option", "svg", "dd"]
soup_token = st.one_of(
    st.sampled_from(SOUP_TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(SOUP_TAGS).map(lambda t: f"</{t}>"),
    st.tuples(st.sampled_from(["b", "i", "font", "span"]), st.integers(0, 9)).map(
        lambda t: f"<{t[0]} k{t[1]}>"
    ),
    st.from_regex(r"[a-z]{1,5} ", fullmatch=True),
)


@given(st.lists(soup_token, max_size=400))
def test_degraded_soup_keeps_text(tokens: list[str]) -> None:
    """With tiny caps, tag soup keeps every text character (a superset: see comment)."""
    # Closing a <template> at the depth cap brings its content into the document, so the
    # degraded text may hold more than the original, never less.
    page = "".join(tokens)
    with mock.patch.multiple(parse, DEPTH_CAP=8, FORMATTING_CAP=4, ELEMENT_CAP=120,
                             RECONSTRUCTION_SLACK=10):
        tree, report = parse_html_with_report(page)
    assert not text_chars(LexborHTMLParser(page)) - text_chars(tree)
    if not report:
        assert tree.html == LexborHTMLParser(page).html


@given(st.lists(soup_token, max_size=300))
def test_random_soup_is_never_degraded_at_real_caps(tokens: list[str]) -> None:
    """At the real caps, short random soup is parsed exactly as Lexbor would."""
    page = "".join(tokens)
    tree, report = parse_html_with_report(page)
    assert report == ()
    assert tree.html == LexborHTMLParser(page).html


# -- strip_non_content ----------------------------------------------------------------------


def test_strip_non_content() -> None:
    """Scripts, styles, embeds, form controls and comments go; article text stays."""
    page = (
        "<html><head><style>p{}</style><script type='application/ld+json'>{}</script></head>"
        "<body><!-- note --><article><p>Keep me</p><script>x()</script><noscript>Enable JS"
        "</noscript><template><p>tpl</p></template><iframe src=a></iframe><object>o</object>"
        "<embed src=e><svg><title>icon</title></svg><math><mi>m</mi></math><canvas>c</canvas>"
        "<form><select><option>opt</select><button>Send</button><input value=v>"
        "<textarea>ta</textarea><label>Name</label></form><p>Also <b>me</b></p></article>"
    )
    tree = parse_html(page)
    strip_non_content(tree)
    html = tree.html
    for gone in ("<script", "<style", "<noscript", "<template", "<iframe", "<object", "<embed",
                 "<svg", "<math", "<canvas", "<select", "<button", "<input", "<textarea",
                 "<!--", "Enable JS", "icon", "opt", "Send", "ta<"):
        assert gone not in html, gone
    assert tree.body.text(separator=" ").split() == ["Keep", "me", "Name", "Also", "me"]


def test_noscript_images_survive() -> None:
    """An <img> that only exists inside <noscript> is kept; the noscript text is not."""
    page = (
        "<article><p>Text</p><img class=lazy data-src=real.jpg><noscript><img src=real.jpg "
        "alt=Photo>Please enable JavaScript</noscript></article>"
    )
    tree = parse_html(page)
    strip_non_content(tree)
    assert [img.attributes.get("src") for img in tree.css("img")] == [None, "real.jpg"]
    assert "enable" not in tree.body.text()
    assert not tree.css("noscript")
