"""The C pre-scan (newsclean/_prescan.c) gives the verdicts of the Python model.

``parse._Scan(text, strip_formatting=False, emit=False).run()`` is the reference: ``is_clean``
may say True only where it returns an empty set, and must say True on every real page (else
the C scan saves nothing). ``_verdict`` tells a tripped cap ("hit") from input the C scan does
not model ("bail": only a character reference in a MathML <annotation-xml> encoding), so
that every test below can demand exact agreement. Hostile shapes are checked just past each cap and
just below it; hypothesis drives tag soup up to the caps (300 nested elements, 70 distinct
formatting elements, 270 attributes on a tag).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURE_PAGES, body_corpus_pages
from hypothesis import given
from hypothesis import strategies as st
from strategies import GeneratedPage, pages, soups

from newsclean import parse
from newsclean.decode import decode_html

prescan = pytest.importorskip("newsclean._prescan", reason="the C pre-scan is not built")


def prepared(page: str | bytes) -> str:
    """The text parse_html_with_report hands to the scan."""
    text = page if isinstance(page, str) else decode_html(page)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\x00", "\ufffd")


def reference(text: str) -> set[str]:
    return parse._Scan(text, strip_formatting=False, emit=False).run()


def assert_agrees(text: str, *, bail_ok: bool = False) -> str:
    """The C verdict matches the model's (a bail only where allowed); returns the verdict."""
    verdict = prescan._verdict(text)
    assert verdict in ("clean", "hit", "bail")
    assert prescan.is_clean(text) == (verdict == "clean")
    if verdict == "bail":
        assert bail_ok, "the C scan gave up on input it should model"
    else:
        assert (verdict == "clean") == (reference(text) == set())
    return verdict


# -- the tables and caps compiled in -----------------------------------------------------------


def test_caps_match_the_model() -> None:
    assert prescan.CAPS == (parse.DEPTH_CAP, parse.FORMATTING_CAP, parse.ATTRIBUTE_CAP, parse.ELEMENT_CAP,
                            parse.RECONSTRUCTION_SLACK)


def test_name_sets_match_the_model() -> None:
    """Every set of tag names the model consults is the same in C."""
    boundaries = dict(zip(["B_DEFAULT", "B_BUTTON", "B_LIST", "B_TABLE", "B_SPECIAL", "B_LIST_ITEM",
                           "B_INTEGRATION"], parse._BOUNDARY_SETS, strict=True))
    expected = boundaries | {
        "FORMATTING": parse._FORMATTING, "SELF_LIMITING": parse._SELF_LIMITING,
        "FOREIGN_SPECIAL": parse._FOREIGN_SPECIAL, "HEADING": parse._HEADINGS, "CLOSES_P": parse._CLOSES_P,
        "MARKER": parse._MARKERS, "VOID": parse._VOID, "RAW_TEXT": parse._RAW_TEXT,
        "TABLE_SECTION": parse._TABLE_SECTIONS, "TABLE_PART": parse._TABLE_PARTS,
        "TABLE_END_SCOPED": parse._TABLE_END_SCOPED, "RECONSTRUCTING": parse._RECONSTRUCTING_SPECIAL,
        "IGNORED_START": parse._IGNORED_START, "IGNORED_END": parse._IGNORED_END,
        "FOREIGN_ROOT": parse._FOREIGN_ROOTS, "BREAKOUT": parse._BREAKOUT, "NOT_PLAIN": parse._NOT_PLAIN,
        "MODELLED_START": parse._MODELLED_START, "PLAIN_VOID": parse._PLAIN_VOID,
        "PLAIN_BLOCK": parse._PLAIN_BLOCKS, "MARKED": parse._INTEGRATION_POINTS,
        "SVG_SPECIAL": parse._SVG_SPECIAL, "TEXT_INTEGRATION": parse._TEXT_INTEGRATION_POINTS,
        "MATHML_GLYPH": parse._MATHML_GLYPHS, "PLAIN_TWIN": parse._PLAIN_TWINS,
        "END_IN_SCOPE": parse._END_IN_SCOPE,
    }
    assert boundaries["B_SPECIAL"] == parse._SPECIAL  # C has one bit for both
    assert prescan._tables() == expected


def test_parse_uses_the_c_scan() -> None:
    """parse.py calls the C scan, unless NEWSCLEAN_PURE_PYTHON=1 was set when it was imported."""
    pure = os.environ.get("NEWSCLEAN_PURE_PYTHON") == "1"
    assert parse._fast_is_clean is (None if pure else prescan.is_clean)


# -- real pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=[p.parent.name for p in FIXTURE_PAGES])
def test_fixture_pages_are_clean(path: Path) -> None:
    text = prepared(path.read_bytes())
    assert prescan.is_clean(text)
    assert reference(text) == set()


def test_every_corpus_page_is_clean() -> None:
    """No page of the corpora trips a cap, and the C scan bails on none."""
    pages = body_corpus_pages()
    assert len(pages) > 700
    not_clean = []
    for key, html in pages:
        text = prepared(html)
        if not prescan.is_clean(text) or reference(text):
            not_clean.append(f"{key}: C {prescan._verdict(text)}, Python {sorted(reference(text))}")
    assert not not_clean, "\n".join(not_clean)


# -- hostile shapes, just past each cap and just below it --------------------------------------


def _words(n: int) -> str:
    return "".join(f"<div>w{i} " for i in range(n))


# name → (page of size n, the smallest n that trips a cap); the shapes of test_parse.py,
# test_robustness.py and bench/stress.py
HOSTILE = {
    "nested-divs": (lambda n: "".join(f"<div>w{i} " for i in range(n)) + "</div>" * n, 257),
    "spans": (lambda n: "".join(f"<span>w{i} " for i in range(n)), 257),
    "lists": (lambda n: "<ul><li>" * n + "x", 129),
    "tables": (lambda n: "<table><tr><td>" * n + "x", 65),
    "object-scope": (lambda n: "<div><object></div></object>" * n + "x", 256),
    "blockquotes": (lambda n: "".join(f"<blockquote>w{i} " for i in range(n)), 257),
    "sections": (lambda n: "".join(f"<section><article>w{i} " for i in range(n)), 129),
    "quoted-gt": (lambda n: '<div title="a > <div> b">' * n + "x" + "</div>" * n, 257),
    "svg-mathml": (lambda n: "<math><mfrac><mi>a</mi><mn>2</mn></mfrac>" * n + "</math>" * n, 255),
    "svg-paths": (lambda n: "<svg>" + "<g>" * n + "<path d='M0 0'/>" + "</g>" * n + "</svg>", 256),
    "lexbor-340": (
        lambda n: "".join(f"<b {i}>" for i in range(n)) + "".join(f"<i {i}>" for i in range(n)) + "x</b>" * n,
        33,
    ),
    "reconstruction": (lambda n: "<div>" + "".join(f"<b {i}>" for i in range(60)) + "</div><div>x" * n, 172),
    "em-flood": (lambda n: "<p><a href='/1'>one</a> " + "".join(f"<em {i}>" for i in range(n)) + "x</p>", 65),
    "misnested": (
        lambda n: "<div><b><p>x</b>y</p><i><div>z</i></div><a href=1><a href=2>l</a><nobr><nobr>n" * n,
        65,
    ),
    "attributes": (lambda n: "<p " + " ".join(f"a{i}='{i}'" for i in range(n)) + ">hello</p><p>world</p>",
                   257),
    "end-tag-attributes": (lambda n: "<p>x</p " + " ".join(f"a{i}" for i in range(n)) + ">", 257),
    # markup the model once read differently from the tokenizer (test_parse.BYPASSES)
    "kelvin-sign": (lambda n: "".join(f"<lin\u212a>w{i} " for i in range(n)) + "</x>" * n, 257),
    "equals-name": (lambda n: "<p =\"x>a='" + "".join(f"<div>w{i} " for i in range(n)) + "'\">", 257),
    "font-quoted-color": (
        lambda n: "<svg><font data-x=\" color=1\"><title>" + "".join(f"<div>w{i} " for i in range(n)), 254
    ),
    "font-long-s-size": (
        lambda n: "<svg><font \u017fize=1><title>" + "".join(f"<div>w{i} " for i in range(n)), 254
    ),
    "svg-value-solidus": (lambda n: "<svg>" + "".join(f"<g d=x/>w{i} " for i in range(n)), 256),
    "raw-text-long-s": (
        lambda n: "<script></\u017fcript><p a='</script>" + "".join(f"<div>w{i} " for i in range(n)) + "'>",
        257,
    ),
    "end-tag-quoted-gt": (
        lambda n: "<style></style x=\"><p a='\">" + "".join(f"<div>w{i} " for i in range(n)) + "'>", 257
    ),
    "script-double-escape": (
        lambda n: "<script><!--<script></script><p a='</script>" + "".join(f"<div>w{i} " for i in range(n))
        + "'>",
        257,
    ),
    "mathml-title": (lambda n: "<math><title><style><div>" + _words(n) + "</style>", 256),
    "svg-mi": (lambda n: "<svg><mi><style><div>" + _words(n) + "</style>", 256),
    "annotation-xml-no-encoding": (
        lambda n: "<math><annotation-xml><style><div>" + _words(n) + "</style>", 256
    ),
    "mglyph-in-mi": (lambda n: "<math><mi><mglyph><style><div>" + _words(n) + "</style>", 254),
    "svg-cdata": (lambda n: "<svg><![CDATA[><p a=']]>" + _words(n) + "'>", 257),
    "nested-svg-breakout": (lambda n: "<svg><svg><div><title><p a='</title>" + _words(n) + "'>", 256),
    "svg-self-closing": (lambda n: "<svg/><title><p a='</title>" + _words(n) + "'>", 257),
    "foreign-end-tag": (lambda n: "<math><script><mo></script><style><div>" + _words(n) + "</style>", 256),
    "html-end-tag-in-svg": (
        lambda n: "<svg><foreignObject><span></foreignObject><title><p a='</title>" + _words(n) + "'>", 254
    ),
    "noscript-end-tag": (lambda n: "".join(f"<noscript><div>w{i} </noscript>" for i in range(n)), 129),
    "form-end-tag": (lambda n: "".join(f"<form><div>w{i} </form>" for i in range(n)), 129),
    "xmp-reconstruction": (
        lambda n: "<div>" + "".join(f"<b k{i}>" for i in range(60)) + "</div><div><xmp>x</xmp>" * n, 174
    ),
    "noscript-reconstruction": (
        lambda n: "<div>" + "".join(f"<b k{i}>" for i in range(60)) + "x"
        + "</div><div><noscript></noscript>" * n,
        174,
    ),
    "ark-unicode-space": (
        lambda n: "".join(f"<b k{i}>w <b k{i}\u00a0>w <b k{i}\u3000>w <b k{i}\x85>w " for i in range(n)), 17
    ),
}
# Past the element cap: only the C scan runs at both sizes, the model (0.1-0.6 s a run) at one.
ELEMENT_CAP_SHAPES = {
    "siblings": (lambda n: "<p>x</p>" * n, 250_000),
    "br": (lambda n: "<br>" * n + "x", 250_001),
    "comments": (lambda n: "<!---->" * n + "x", 250_001),
    "stray-end-tags": (lambda n: "</p></br>" * n + "end", 125_001),
    "unclosed": (
        lambda n: "<body>" + "<p>para <b>bold <i>both</b> it</i><li>item<td>cell<a href=/x>link<font size=2>f"
        * n,
        41_667,
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_shape_at_the_cap(name: str) -> None:
    make, n = HOSTILE[name]
    assert assert_agrees(make(n)) == "hit"
    assert assert_agrees(make(n - 1)) == "clean"


@pytest.mark.parametrize("name", list(ELEMENT_CAP_SHAPES))
def test_element_cap_shape(name: str) -> None:
    make, n = ELEMENT_CAP_SHAPES[name]
    assert not prescan.is_clean(make(n))
    assert prescan.is_clean(make(n - 1))
    if name == "comments":
        assert reference(make(n)) == {parse.DEGRADED_ELEMENTS}


@pytest.mark.parametrize(
    "page",
    ["<!--" * 20000 + "x", "<a" * 20000 + "x", '<a b="' * 20000 + "x", "<" * 100000 + "x", "<div", "</",
     "<!", "<?", "<!---->" * 5000, "</>" * 5000, "<script>" + "<div>" * 300, "<plaintext>" + "<div>" * 300,
     "a" * 100_000, ""],
)
def test_unterminated_and_raw_constructs(page: str) -> None:
    assert assert_agrees(page) == "clean"


def test_large_hostile_pages_are_quick() -> None:
    """The full-size hostile shapes of bench/stress.py run through the C scan in linear time."""
    assert not prescan.is_clean("".join(f"<div>w{i} " for i in range(100_000)) + "</div>" * 100_000)
    assert not prescan.is_clean("".join(f"<b {i}>" for i in range(30_000)) * 2 + "x</b>" * 30_000)
    assert not prescan.is_clean("<p " + " ".join(f"a{i}={i}" for i in range(100_000)) + ">hello</p>")
    assert not prescan.is_clean("<p>x</p>" * 1_000_000)
    assert prescan.is_clean("<!--" * 100_000 + "x")
    assert prescan.is_clean("<a b='" + "x" * 1_000_000)
    assert not prescan.is_clean("<lin\u212a>" * 40_000 + "</x>" * 40_000)
    assert not prescan.is_clean("<p =\"x>a='" + "<div>" * 40_000 + "'\">")
    assert not prescan.is_clean("<svg><font data-x=\" color=1\"><title>" + "<div>" * 20_000)
    assert not prescan.is_clean("<div>" + "".join(f"<b k{i}>" for i in range(60))
                                + "</div><div><xmp>x</xmp>" * 100_000)
    # escapes that never end, and ones that end at once
    assert prescan.is_clean("<script><!--<script>" + "</script>-" * 100_000)
    assert prescan.is_clean("<script>" + "<!--<script>-->" * 100_000)


# -- the corners: case folding, Unicode space, foreign content ---------------------------------


@pytest.mark.parametrize(
    "page",
    [
        # only ASCII letters compare case-insensitively: these do not end the raw text
        "<script>var a;</ſcript>" + "<div>" * 300,
        "<title>t</tıtle>" + "<div>" * 300,
        "<TITLE>t</TİTLE >" + "<div>" * 300,
        "<script>x</scriptx>" + "<div>" * 300,
        "<script>x</script" + "<div>" * 300,
        "<textarea>x</TEXTAREA/>" + "<div>" * 300,
        # an attribute named color, face or size (ASCII case) takes <font> out of SVG content
        "<svg><font ſize=1><title>" + "<div>" * 300 + "</title>",
        "<svg><font x\u3000size=1><title>" + "<div>" * 300 + "</title>",
        "<svg><font x/color><title>" + "<div>" * 300 + "</title>",
        "<svg><font sizes=1><title>" + "<div>" * 300 + "</title>",
        "<svg><font FACE><title>" + "<div>" * 300 + "</title>",
        "<svg><font x=' size'><title>" + "<div>" * 300 + "</title>",
        "<svg><font =size><title>" + "<div>" * 300 + "</title>",
        "<svg><font a='1'size><title>" + "<div>" * 300 + "</title>",
        "<svg><font a=1/size><title>" + "<div>" * 300 + "</title>",
        "<svg><font a = 1 size = 2><title>" + "<div>" * 300 + "</title>",
        # attributes the tokenizer's way: "=" and quotes in names, "/" in unquoted values
        '<p =">' + "<div>" * 300 + '">', "<p a\"b='>" + "<div>" * 300 + "'>",
        "<p a='x'b=\">" + "<div>" * 300 + '">', "<svg>" + "<g d=x/>" * 300, "<svg>" + "<g d='x'/>" * 300,
        "<svg>" + "<g/ >" * 300, "<svg>" + "<g d=x />" * 300, "<svg>" + "<g d=/>" * 300,
        # raw text: end tags with attributes, script escapes
        "<title></title a='>'>" + "<div>" * 300, "<script><!--</script>" + "<div>" * 300,
        "<script><!--<script>--></script>" + "<div>" * 300,
        "<script><!--<script>x</script></script>" + "<div>" * 300,
        "<script><!-->" + "<div>" * 300, "<script><!--<scripts></script>" + "<div>" * 300,
        "<script><!--<SCRIPT/></SCRIPT x='>'></script>" + "<div>" * 300,
        # Noah's ark keys are attrs.strip(" \t\n\f\r"): U+00A0, U+3000, \x1c are part of a name
        "".join(f"<b k{i}><b k{i}><b k{i}\u00a0><b k{i}\u3000\x1c>" for i in range(20)),
        "".join(f"<b k{i}><b  k{i}><b k{i}\x0b><b \x85k{i}>" for i in range(20)),
        "".join(f"<b k{i}><b k{i}><b k{i}\u200b><b k{i}\u200b>" for i in range(20)),  # U+200B is no space
        # comments
        "<!--->" + "<div>" * 300, "<!-- --!>" + "<div>" * 300, "<!-- -- >" + "<div>" * 300,
        # SVG/MathML twins of HTML names
        "<svg><title>" + "<div>" * 300, "<svg><foreignObject>" + "<div>" * 300,
        "<math><mi>" + "<p>" * 300, "<svg><desc></desc>" + "<b>" * 300,
        "<table><td>" * 40 + "</table>" * 40 + "<b>" * 70,
        "<template>" + "<b k>" * 3 + "".join(f"<b {i}>" for i in range(70)),
    ],
)
def test_corners(page: str) -> None:
    assert_agrees(page)


@pytest.mark.parametrize(
    ("page", "verdict"),
    [("<lin\u212a rel=x>" + "<div>" * 255, "clean"), ("<lin\u212a rel=x>" + "<div>" * 256, "hit"),
     ("<bſ>x</b>", "clean"), ("<straße>" * 256, "clean"), ("<straße>" * 257, "hit"),
     ("<STRAßE>" * 257 + "</straße>" * 300, "hit"), ("<x\u0130>" * 257, "hit"),
     ("<x\U0001f600>" * 257, "hit")],
)
def test_non_ascii_tag_names(page: str, verdict: str) -> None:
    """Tag names are lowercased in ASCII only (<lin\u212a> is no <link>), in C as in the model."""
    assert assert_agrees(page) == verdict


def test_parse_html_with_report_takes_the_c_verdict() -> None:
    page = "<p>" + "<div>" * 100 + "x"
    assert parse.parse_html_with_report(page)[1] == ()
    assert parse.parse_html_with_report("<div>" * 300)[1] == (parse.DEGRADED_DEPTH,)
    assert parse.parse_html_with_report("<lin\u212a rel=x>" + "<div>" * 300)[1] == (parse.DEGRADED_DEPTH,)
    assert parse.parse_html_with_report("<lin\u212a>" * 300)[1] == (parse.DEGRADED_DEPTH,)


def test_character_reference_in_an_encoding_is_left_to_the_model() -> None:
    """An <annotation-xml encoding> with a character reference: the C scan bails, the model
    decodes it (text&sol;html is text/html: an integration point, so <style> is raw text)."""
    page = "<math><annotation-xml encoding='text&sol;html'><style>" + "<div>" * 300 + "</style>"
    assert prescan._verdict(page) == "bail"
    assert reference(page) == set()
    assert reference(page.replace("&sol;", "&amp;")) == {parse.DEGRADED_DEPTH}


def test_not_a_str() -> None:
    with pytest.raises(TypeError):
        prescan.is_clean(b"<p>")


# -- generated input ---------------------------------------------------------------------------

# Tag names with a part in the model, in any case; a few SVG/MathML ones and custom elements.
NAMES = (
    "b", "i", "a", "em", "strong", "font", "nobr", "u", "s", "code", "p", "div", "span", "br",
    "hr", "img", "image", "input", "wbr", "table", "tbody", "thead", "tr", "td", "th", "caption",
    "colgroup", "col", "li", "ul", "ol", "dd", "dt", "dl", "h1", "h2", "h3", "svg", "math", "mi",
    "mo", "foreignObject", "desc", "annotation-xml", "path", "g", "select", "option", "optgroup",
    "template", "object", "applet", "marquee", "button", "script", "style", "textarea", "title",
    "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript", "html", "head", "body",
    "frameset", "form", "pre", "dialog", "x-card", "mglyph", "malignmark", "mtext", "ms",
)
FORMATTING = ("b", "i", "em", "font", "nobr", "a", "code", "strong")
RAW = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")


def _case(name: str, upper: list[bool]) -> str:
    return "".join(c.upper() if u else c for c, u in zip(name, upper, strict=False)) + name[len(upper):]


names = st.builds(_case, st.sampled_from(NAMES), st.lists(st.booleans(), max_size=3))
plain_values = st.sampled_from(["x", "1", "/a b", "a>b", "", "'", '"', "=", "red"])
attribute = st.one_of(
    st.sampled_from(["k", "k1", "color", "size=2", "FACE", " color = x", "/", "x/", "=y", 'x"y', "k'",
                     "d=x/", "=", '="', "='", "a='x'b", 'data-x=" color=1"', "a=1/size", "/ /",
                     "encoding=text/html", "ENCODING='Application/XHTML+XML'", 'encoding="text/htm"']),
    st.builds(lambda k, v: f'{k}="{v}"', st.sampled_from(["k", "href", "size", "class"]), plain_values),
    st.builds(lambda k, v: f"{k}='{v}'", st.sampled_from(["k", "href", "color"]), plain_values),
    st.builds(lambda k, v: f"{k}={v}", st.sampled_from(["k", "face"]), st.sampled_from(["x", "1"])),
)
spaces = st.sampled_from([" ", "  ", "\t", "\n", "\f", "\r", " \n "])


@st.composite
def tags(draw: st.DrawFn) -> str:
    name = draw(names)
    attrs = "".join(draw(spaces) + a for a in draw(st.lists(attribute, max_size=3)))
    end = draw(st.sampled_from([">", ">", ">", "/>", " />", " >"]))
    return f"<{'/' if draw(st.booleans()) else ''}{name}{attrs}{end}"


OTHER = ["<!---->", "<!-->", "<!--->", "<!-- c -->", "<!-- a --!>", "<!-- -- -->", "<!doctype html>",
         "<?php x ?>", "</>", "</ x>", "</3>", "<3", "<", ">", "x", " ", "\n", "w w", "&amp;", "a < b",
         "</script>", "</SCRIPT >", "</script", "</scriptx>", "</style/>", "</textarea\t>", "</title>",
         "</script a='>'>", "</title a=\">", "<!--<script>", "<script>", "-->", "--!>", "'", '"', "'>", '">',
         "<![CDATA[", "<![CDATA[x>", "]]>", "<svg/>", "<math/>", "<svg/ >"]


@st.composite
def runs(draw: st.DrawFn) -> str:
    """The shapes that reach the caps: a block of markup repeated (up to 300 times), nesting
    around the depth cap, a run of distinct formatting elements, formatting reconstructed
    after every block end, a flood of attributes."""
    kind = draw(st.sampled_from(["repeat", "nest", "distinct", "reconstruct", "attributes"]))
    if kind == "repeat":
        block = "".join(draw(st.lists(tags() | st.sampled_from(OTHER), min_size=1, max_size=4)))
        return block * draw(st.integers(1, 300))
    if kind == "nest":
        name = draw(names)
        text = draw(st.sampled_from(["", "", "x", " ", "<!---->", "<br>", "</p>", "</b>"]))
        return f"<{name}>{text}" * draw(st.integers(120, 270))
    if kind == "distinct":
        name = draw(st.sampled_from(FORMATTING))
        start = draw(st.integers(0, 30))
        return "".join(f"<{name} k{i}>" for i in range(start, start + draw(st.integers(1, 80))))
    if kind == "reconstruct":
        count = draw(st.integers(1, 64))
        formatting = "".join(f"<{draw(st.sampled_from(FORMATTING))} k{i}>" for i in range(count))
        block = draw(st.sampled_from(["</div><div>x", "</p><p>x", "</td><td>x", "</li><li>x", "</div><div>",
                                      "</div><div><xmp></xmp>", "</div><div><noscript></noscript>",
                                      "</div><div><dialog></dialog>", "</p><dialog>", "</div><div><nobr>"]))
        return f"<div>{formatting}" + block * draw(st.integers(1, 400))
    name = draw(names)
    style = draw(st.sampled_from(["a{}", "a{}=v", "a{}='x y'", 'a{}="v"', "a{} = {}"]))
    attrs = " ".join(style.format(i, i) for i in range(draw(st.integers(240, 270))))
    return f"<{draw(st.sampled_from(['', '/']))}{name} {attrs}>"


@st.composite
def tag_soups(draw: st.DrawFn, exotic: bool = False) -> str:
    """Tag soup from the names above: nesting, misnesting, unclosed and stray tags,
    attributes, comments, doctypes, raw text; with ``exotic``, also the characters whose
    handling is easiest to get wrong (case folding, Unicode space, non-ASCII names)."""
    parts = st.one_of(tags(), st.sampled_from(OTHER), runs(), st.sampled_from(RAW).map(lambda r: f"<{r}>"))
    if exotic:
        parts |= st.sampled_from(
            ["</ſcript>", "</tıtle>", "</TİTLE>", "<font ſize=1>", "<font x\u3000size>", "<b x\u00a0>",
             "<b \x1cx\x85>", "<b x\x0b>", "<lin\u212a>", "<ſpan>", "\u2028", "\U0001f600", "ä", "<b\x00>",
             "\x00", "<a href='\ud800'>", "</lin\u212a>", "<Straße>", "</STRAßE>", "<SVG\u212a>",
             "<b k\u3000>", "</\u017fcript x='>"]
        ) | st.text(max_size=8)
    page = "".join(draw(st.lists(parts, max_size=25)))
    # the same text as a 1-, 2- or 4-byte str: a prefix before the first tag changes nothing
    page = draw(st.sampled_from(["", "\u0100", "\U0001f600"])) + page
    if draw(st.integers(0, 9)) == 0:
        page += draw(st.sampled_from(["<div class='x", "<a", "<!--", "<script>", "<b k='>"]))
    return page


@given(tag_soups())
def test_tag_soup_verdicts_agree(page: str) -> None:
    assert_agrees(page)


@given(tag_soups(exotic=True))
def test_exotic_tag_soup_verdicts_agree(page: str) -> None:
    assert_agrees(page)


@given(soups())
def test_markup_soup_verdicts_agree(soup: str | bytes) -> None:
    assert_agrees(prepared(soup))


@given(pages())
def test_generated_pages_are_clean(page: GeneratedPage) -> None:
    assert assert_agrees(prepared(page.source)) == "clean"
