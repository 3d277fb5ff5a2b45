"""Renderers over hand-built Documents: no extraction involved."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from newsclean.errors import InvalidInputError
from newsclean.model import Block, BlockKind, Box, BoxKind, Document, Label, Link
from newsclean.render import (
    HTML_ALLOWED_ATTRIBUTE_VALUES,
    HTML_ALLOWED_ATTRIBUTES,
    HTML_ALLOWED_TAGS,
    HTML_TEXT_NODE_CHARS,
    SAFE_URL_SCHEMES,
    body_text,
    render_dict,
    render_html,
    render_markdown,
    render_text,
    safe_href,
    sanitize_html,
)

P, H, LI, Q, PRE, TR = (
    BlockKind.PARAGRAPH,
    BlockKind.HEADING,
    BlockKind.LIST_ITEM,
    BlockKind.QUOTE,
    BlockKind.PREFORMATTED,
    BlockKind.TABLE_ROW,
)


def blk(index: int, text: str, kind: BlockKind = P, label: Label = Label.BODY, **kw) -> Block:
    return Block(index=index, text=text, kind=kind, label=label, **kw)


def doc_of(*blocks: Block, boxes: tuple[Box, ...] = (), title: str | None = None) -> Document:
    return Document(text=body_text([b for b in blocks if b.in_body]), blocks=blocks, boxes=boxes, title=title)


def roundtrip(html: str) -> str:
    node = LexborHTMLParser(html).css_first("article")
    assert node is not None
    return node.html


@pytest.fixture
def article() -> Document:
    ad = blk(9, "Buy now", label=Label.AD, box=0)
    explainer = blk(10, "What is it", H, Label.EXPLAINER, level=3, box=1)
    explainer_body = blk(11, "It is a thing.", label=Label.EXPLAINER, box=1)
    return doc_of(
        blk(0, "The headline", H, Label.TITLE, level=1),
        blk(1, "A lead paragraph.", label=Label.LEAD),
        blk(2, "Read the report here.", links=(Link(9, 15, "https://example.com/report"),)),
        blk(3, "Subhead", H, Label.HEADING, level=2),
        blk(4, "first", LI, group=7),
        blk(5, "nested", LI, group=7, level=1, ordered=True),
        blk(6, "second", LI, group=7),
        blk(7, "Name | Age", TR, group=8, cells=("Name", "Age"), header_row=True),
        blk(8, "Ann | 41", TR, group=8, cells=("Ann", "41")),
        ad,
        explainer,
        explainer_body,
        blk(12, "Share this", label=Label.BOILERPLATE),
        boxes=(
            Box(BoxKind.AD, None, "Buy now", (ad,), ("ad-marker",), 1),
            Box(BoxKind.EXPLAINER, "What is it", "It is a thing.", (explainer, explainer_body), (), -1),
        ),
        title="The headline",
    )


# ------------------------------------------------------------------------------------- text


def test_text_joins_blocks_lists_and_table_rows(article: Document) -> None:
    """Body blocks are split by blank lines, list items and table rows of a group by newlines."""
    assert render_text(article) == (
        "A lead paragraph.\n\nRead the report here.\n\nSubhead\n\n"
        "first\nnested\nsecond\n\nName | Age\nAnn | 41"
    )


def test_render_text_equals_doc_text(article: Document) -> None:
    """render_text and the body_text the assembler uses agree."""
    assert render_text(article) == article.text == article.to_text()


def test_body_text_keeps_ungrouped_list_items_apart_and_skips_blank_blocks() -> None:
    """Items with group None are not merged; whitespace-only blocks leave no empty paragraph."""
    blocks = [
        blk(0, "a", LI),
        blk(1, "b", LI),
        blk(2, "  "),
        blk(3, "c", LI, group=1),
        blk(4, "d", LI, group=1),
    ]
    assert body_text(blocks) == "a\n\nb\n\nc\nd"


def test_text_without_blocks_falls_back_to_doc_text() -> None:
    """A Document built with text only (plain-text input) renders that text."""
    assert render_text(Document(text="one\n\ntwo")) == "one\n\ntwo"


# --------------------------------------------------------------------------------- markdown


def test_markdown_structure(article: Document) -> None:
    """Title, lead, links, headings, nested lists and a GitHub table come out in order."""
    assert render_markdown(article) == (
        "# The headline\n\n"
        "A lead paragraph.\n\n"
        "Read the [report](https://example.com/report) here.\n\n"
        "## Subhead\n\n"
        "- first\n  1. nested\n- second\n\n"
        "| Name | Age |\n| --- | --- |\n| Ann | 41 |\n"
    )


def test_markdown_table_without_header_gets_an_empty_header() -> None:
    """GitHub tables need a header row; one is invented empty rather than promoting data."""
    doc = doc_of(blk(0, "a | b", TR, group=1, cells=("a", "b")), blk(1, "c", TR, group=1, cells=("c",)))
    assert render_markdown(doc) == "|  |  |\n| --- | --- |\n| a | b |\n| c |  |\n"


def test_markdown_escapes_specials_and_block_starts() -> None:
    """Text that looks like Markdown syntax stays literal text."""
    doc = doc_of(blk(0, "1. not *a* list\n- nor [this](x)\n# nor <b>this</b>\n---\n    no code | pipe"))
    assert render_markdown(doc) == (
        "1\\. not \\*a\\* list\n\\- nor \\[this\\](x)\n\\# nor \\<b\\>this\\</b\\>\n\\---\nno code \\| pipe\n"
    )


def test_markdown_quote_code_and_ordered_numbering() -> None:
    """Quotes get '> ' per line, code a fence longer than any backtick run, ordered items count up."""
    doc = doc_of(
        blk(0, "said\nthis", Q),
        blk(1, "x = '```'", PRE),
        blk(2, "a", LI, group=1, ordered=True),
        blk(3, "b", LI, group=1, ordered=True),
    )
    assert render_markdown(doc) == "> said\n> this\n\n````\nx = '```'\n````\n\n1. a\n2. b\n"


def test_markdown_boxes_inline_end_and_none(article: Document) -> None:
    """Inline boxes sit after body block `position` (-1: first); end puts them after the body."""
    inline = render_markdown(article, boxes="inline")
    explainer = "> **Explainer: What is it**\n>\n> It is a thing."
    ad = "> **Ad**\n>\n> Buy now"
    assert inline.index(explainer) < inline.index("A lead paragraph.") < inline.index("Read the [report]")
    assert inline.index("Read the [report]") < inline.index(ad) < inline.index("## Subhead")
    end = render_markdown(article, boxes="end")
    assert end.index("| Ann | 41 |") < end.index(ad) < end.index(explainer)
    assert "Buy now" not in render_markdown(article)


def test_markdown_drops_unsafe_links_but_keeps_anchor_text() -> None:
    """javascript: links render as plain text; hrefs with parentheses are percent-encoded."""
    doc = doc_of(
        blk(0, "bad good", links=(Link(0, 3, "javascript:alert(1)"), Link(4, 8, "https://e.com/a (b)")))
    )
    assert render_markdown(doc) == "bad [good](https://e.com/a%20%28b%29)\n"


def test_unknown_box_placement_is_rejected(article: Document) -> None:
    """A typo in boxes= is an InvalidInputError, not silently 'none'."""
    with pytest.raises(InvalidInputError):
        render_markdown(article, boxes="middle")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------- html


def test_html_structure(article: Document) -> None:
    """Title, paragraphs, link, heading, nested list and table with thead/tbody."""
    assert render_html(article) == (
        '<article class="newsclean-article">\n<h1>The headline</h1>\n<p>A lead paragraph.</p>\n'
        '<p>Read the <a href="https://example.com/report" rel="noopener noreferrer">report</a> here.</p>\n'
        "<h2>Subhead</h2>\n"
        "<ul><li>first<ol><li>nested</li></ol></li><li>second</li></ul>\n"
        "<table>\n<thead><tr><th>Name</th><th>Age</th></tr></thead>\n"
        "<tbody><tr><td>Ann</td><td>41</td></tr></tbody>\n</table>\n</article>"
    )


def test_html_boxes_inline_as_aside(article: Document) -> None:
    """Boxes become <aside class="newsclean-box" data-kind=...> with an <h2> title, in place."""
    out = render_html(article, boxes="inline")
    explainer = (
        '<aside class="newsclean-box" data-kind="explainer">\n'
        "<h2>What is it</h2>\n<p>It is a thing.</p>\n</aside>"
    )
    ad = '<aside class="newsclean-box" data-kind="ad">\n<p>Buy now</p>\n</aside>'
    assert out.index("<h1>") < out.index(explainer) < out.index("A lead") < out.index("Read the")
    assert out.index("Read the") < out.index(ad) < out.index("Subhead")


def test_html_escapes_text() -> None:
    """Markup in text is shown, not interpreted."""
    doc = doc_of(blk(0, '<script>alert("x")</script> & <img src=x onerror=y>'), title="<b>T</b>")
    out = render_html(doc)
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;img src=x onerror=y&gt;' in out


def test_html_of_a_long_paragraph_is_its_text_whole() -> None:
    """A paragraph longer than one text node handed to nh3 comes out as one escaped text: the
    cuts leave no comment behind and never split an entity or a nbsp."""
    text = "Wort · «Zitat» & <Tag>\u00a0© " * (3 * HTML_TEXT_NODE_CHARS // 25)
    out = render_html(doc_of(blk(0, text)))
    assert "<!--" not in out
    escaped = html.escape(text.strip(), quote=False).replace("\u00a0", "&nbsp;")
    assert f"<p>{escaped}</p>" in out
    assert sanitize_html(out) == out


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "jav\x00ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "http://Der Text oben ist eine Übersetzung von https://example.org/a",
        "",
        "   ",
    ],
)
def test_html_drops_unsafe_hrefs(href: str) -> None:
    """Script-capable, obfuscated and non-web URLs lose the link, keep the anchor text."""
    doc = doc_of(blk(0, "click me", links=(Link(0, 5, href),)))
    assert safe_href(href) is None
    assert render_html(doc) == '<article class="newsclean-article">\n<p>click me</p>\n</article>'


@pytest.mark.parametrize(
    ("href", "emitted"),
    [
        ("https://e.com/?a=1&b=2", "https://e.com/?a=1&amp;b=2"),
        ("http://e.com/a b\"c'd<e>", "http://e.com/a%20b%22c%27d%3Ce%3E"),
        ("mailto:a@b.c", "mailto:a@b.c"),
        ("/relative/path#frag", "/relative/path#frag"),
        ("../up", "../up"),
        ("//cdn.example.com/x", "//cdn.example.com/x"),
    ],
)
def test_html_keeps_safe_hrefs(href: str, emitted: str) -> None:
    """http/https/mailto/relative links survive, with quotes/spaces/brackets percent-encoded."""
    out = render_html(doc_of(blk(0, "link", links=(Link(0, 4, href),))))
    assert f'<a href="{emitted}" rel="noopener noreferrer">link</a>' in out


def test_html_links_in_table_cells_and_malformed_links() -> None:
    """Links map into the cell holding them; out-of-range or overlapping links are ignored."""
    doc = doc_of(
        blk(0, "a | bc", TR, group=1, cells=("a", "bc"), links=(Link(4, 6, "/bc"),)),
        blk(1, "abc", links=(Link(0, 2, "/x"), Link(1, 3, "/overlap"), Link(2, 9, "/out"))),
    )
    out = render_html(doc)
    assert '<td><a href="/bc" rel="noopener noreferrer">bc</a></td>' in out
    assert '<p><a href="/x" rel="noopener noreferrer">ab</a>c</p>' in out


def test_html_is_a_fixed_point(article: Document) -> None:
    """Parsing the output and serialising it again gives the same string."""
    for boxes in ("none", "inline", "end"):
        out = render_html(article, boxes=boxes)
        assert roundtrip(out) == out


def test_html_fixed_point_on_awkward_text() -> None:
    """CR, controls, NBSP, quotes, a leading newline in <pre> and lone surrogates round-trip."""
    doc = doc_of(
        blk(0, "a\r\nb\rc\x00d\x0ce\u00a0f \"g\" 'h' & <i>"),
        blk(1, "\n\n  code\r\n", PRE),
        blk(2, "bad \ud800 surrogate"),
        title="T\u00a0&\x07",
    )
    out = render_html(doc)
    assert roundtrip(out) == out
    out.encode("utf-8")


_texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(
    st.lists(
        st.tuples(st.sampled_from([P, H, LI, Q, PRE, TR]), _texts, st.integers(0, 3), st.booleans()),
        max_size=8,
    ),
    st.one_of(st.none(), _texts),
)
def test_html_fixed_point_property(specs: list[tuple[BlockKind, str, int, bool]], title: str | None) -> None:
    """Any text in any block kind renders to HTML that survives a parse/serialise round trip."""
    blocks = [
        blk(
            i,
            text,
            kind,
            Label.HEADING if kind is H else Label.BODY,
            level=level,
            group=1 if kind in (LI, TR) else None,
            ordered=flag,
            header_row=flag and kind is TR,
            cells=(text, text) if kind is TR else (),
            links=(Link(0, len(text), "https://e.com/x"),) if flag and text else (),
        )
        for i, (kind, text, level, flag) in enumerate(specs)
    ]
    doc = doc_of(*blocks, title=title)
    out = render_html(doc, boxes="inline")
    assert roundtrip(out) == out
    assert render_html(doc, boxes="inline") == out


# ------------------------------------------------------------------------------------- dict


def test_dict_is_json_serialisable_with_fixed_key_order(article: Document) -> None:
    """to_dict: metadata fields, then text/boxes/blocks/empty_reason/extractor, plain JSON values."""
    d = render_dict(article)
    assert list(d)[:2] == ["title", "kicker"]
    assert list(d)[-5:] == ["text", "boxes", "blocks", "empty_reason", "extractor"]
    assert json.loads(json.dumps(d)) == d
    assert d["blocks"][2] == {
        "index": 2,
        "text": "Read the report here.",
        "kind": "paragraph",
        "label": "body",
        "reasons": [],
        "level": 0,
        "group": None,
        "box": None,
        "link_density": 0.0,
        "links": [[9, 15, "https://example.com/report"]],
    }
    assert d["boxes"][0] == article.boxes[0].to_dict()
    assert type(d["blocks"][0]["kind"]) is str


def test_dict_is_deterministic() -> None:
    """Same Document, same JSON bytes: metadata_sources is sorted, density rounded to 4 places."""
    a = Document(
        text="x",
        blocks=(blk(0, "x", link_density=1 / 3),),
        metadata_sources={"title": "og", "date": "jsonld"},
        authors=("A", "B"),
    )
    b = Document(
        text="x",
        blocks=(blk(0, "x", link_density=1 / 3),),
        metadata_sources={"date": "jsonld", "title": "og"},
        authors=("A", "B"),
    )
    assert json.dumps(render_dict(a)) == json.dumps(render_dict(b))
    assert render_dict(a)["blocks"][0]["link_density"] == 0.3333
    assert render_dict(a)["authors"] == ["A", "B"]


# ------------------------------------------------------------------------- hostile input

_URL_ATTRS = ("href",)
_UNSAFE_URL = ("javascript:", "vbscript:", "data:")


def _xss_vectors(shared_dir: Path) -> list[str]:
    path = shared_dir / "security" / "xss-vectors.json"
    if not path.is_file():
        pytest.skip(f"XSS vectors not found: {path}")
    vectors = json.loads(path.read_text(encoding="utf-8"))
    assert len(vectors) >= 300
    return vectors


_BROWSER_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def _browser_scheme(href: str) -> str | None:
    """The scheme a browser's URL parser reads in ``href`` (already unescaped by the HTML
    parser): leading/trailing C0 controls and spaces go, tab/LF/CR anywhere go."""
    squeezed = re.sub(r"[\t\n\r]", "", href.strip("".join(map(chr, range(0x21)))))
    m = _BROWSER_SCHEME.match(squeezed)
    return m.group(1).lower() if m else None


def _assert_inert(out: str) -> None:
    """Only allow-listed tags and attributes, only safe hrefs, and a parse/serialise fixed point."""
    assert roundtrip(out) == out
    tree = LexborHTMLParser(out)
    for node in tree.css("article, article *"):
        assert node.tag in HTML_ALLOWED_TAGS, node.tag
        allowed = HTML_ALLOWED_ATTRIBUTES.get(node.tag, frozenset()) | set(
            HTML_ALLOWED_ATTRIBUTE_VALUES.get(node.tag, {})
        )
        for name, value in node.attributes.items():
            assert name in allowed or (node.tag == "a" and name == "rel"), (node.tag, name)
            if name in _URL_ATTRS:
                squeezed = "".join(ch for ch in (value or "") if ch > " ").lower()
                assert not squeezed.startswith(_UNSAFE_URL), value
                assert _browser_scheme(value or "") in (None, *SAFE_URL_SCHEMES), value


def test_xss_vectors_as_text_titles_and_hrefs_render_inert(shared_dir: Path) -> None:
    """Each shared XSS vector, used as block text, title, box title and href, renders inert."""
    for vector in _xss_vectors(shared_dir):
        box_block = blk(3, vector, label=Label.EXPLAINER, box=0)
        doc = doc_of(
            blk(0, vector, links=(Link(0, len(vector), vector),)),
            blk(1, vector, LI, group=1),
            blk(2, vector, TR, group=2, cells=(vector, vector), header_row=True),
            box_block,
            boxes=(Box(BoxKind.EXPLAINER, vector, vector, (box_block,), (), 0),),
            title=vector,
        )
        for placement in ("none", "inline", "end"):
            out = render_html(doc, boxes=placement)
            _assert_inert(out)
            assert sanitize_html(out) == out
            render_markdown(doc, boxes=placement)


def test_xss_vectors_through_the_pipeline_render_inert(shared_dir: Path) -> None:
    """Each XSS vector inside a real article page comes out of extract().to_html() inert."""
    import newsclean

    prose = (
        "<p>The council met on Tuesday evening to discuss the new budget for the coming year, and "
        "the members agreed that the money for the schools and the roads should be raised again, "
        "although several of them warned that the town would have to borrow more than it had planned.</p>"
    )
    for vector in _xss_vectors(shared_dir):
        # Prose first: some vectors (an unclosed <textarea>, <!--) swallow everything after them.
        article = f"<h1>Budget</h1>{prose}{prose}<p>{vector}</p>{prose}{vector}"
        doc = newsclean.extract(f"<html><body><article>{article}</article></body></html>")
        assert doc.text, "the page must yield an article, or the check below proves nothing"
        for placement in ("none", "inline", "end"):
            _assert_inert(doc.to_html(boxes=placement))


# -- hypothesis: obfuscated URLs and hostile attributes --------------------------------------
# The shared vectors are fixed strings; these mutate the two places an attack rides on
# (an href and any attribute of any element) the ways browsers forgive: case, ignored
# characters inside the scheme, character references, leading controls, broken quoting.

_PROSE = (
    "The council met on Tuesday evening to discuss the new budget for the coming year, and the "
    "members agreed that the money for the schools and the roads should be raised again."
)
_IGNORED_INSIDE = ["\t", "\n", "\r", "&Tab;", "&NewLine;", "&#9;", "&#x0A;", "&#13;"]
_NOT_IGNORED = ["\x00", "\x0b", "\x0c", " ", "\u00a0", "%09", "\u2028", "&#0;"]
_PREFIXES = ["", " ", "\x01", "\x00", "\t", "&#x20;", "\u2028", "\ufeff", "&#1;", "  \n"]
_COLONS = [":", "&colon;", "&#58;", "&#x3a;", "&#x3A", "&#0000058", "%3a"]


def _char_ref(ch: str, data: st.DataObject) -> str:
    form = data.draw(st.sampled_from(["raw", "upper", "dec", "hex"]))
    if form == "raw":
        return ch
    if form == "upper":
        return ch.upper()
    pad = "0" * data.draw(st.integers(0, 6))
    semi = data.draw(st.sampled_from([";", ""]))
    return f"&#{pad}{ord(ch)}{semi}" if form == "dec" else f"&#x{pad}{ord(ch):x}{semi}"


@st.composite
def hostile_urls(draw: st.DrawFn) -> str:
    data = draw(st.data())
    scheme = draw(st.sampled_from(["javascript", "vbscript", "data", "livescript", "jar"]))
    out = [draw(st.sampled_from(_PREFIXES))]
    for ch in scheme:
        out.append(_char_ref(ch, data))
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(_IGNORED_INSIDE + _NOT_IGNORED)))
    out.append(draw(st.sampled_from(_COLONS)))
    out.append(draw(st.sampled_from(["alert(1)", "text/html,<script>alert(1)</script>", "//x%0aalert(1)"])))
    return "".join(out)


_ATTR_NAMES = ["href", "src", "srcdoc", "onclick", "onerror", "onload", "onmouseover", "style",
               "xlink:href", "formaction", "action", "data", "background", "poster", "srcset", "ping",
               "content", "http-equiv", "class", "id", "target", "rel", "type", "is", "slot"]
_TAG_NAMES = ["a", "img", "svg", "math", "iframe", "object", "embed", "form", "button", "input",
              "video", "source", "details", "base", "meta", "link", "area", "image", "use", "animate",
              "set", "style", "script", "template", "noscript", "textarea", "title", "xmp", "p", "span",
              "table", "select", "option", "frameset", "isindex", "marquee", "annotation-xml", "mglyph"]


@cache
def _shared_vectors() -> tuple[str, ...]:
    path = Path(__file__).resolve().parent.parent.parent / "shared" / "security" / "xss-vectors.json"
    return tuple(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else ("<b>x</b>",)


@st.composite
def hostile_elements(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(_TAG_NAMES))
    vector = st.integers(0, len(_shared_vectors()) - 1).map(lambda i: _shared_vectors()[i])
    attrs = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(_ATTR_NAMES))
        value = draw(st.one_of(hostile_urls(), vector, st.sampled_from(["alert(1)", "expression(alert(1))"])))
        quote = draw(st.sampled_from(['"', "'", ""]))
        attrs.append(f"{name}={quote}{value}{quote}")
    inner = draw(st.one_of(st.sampled_from(["click here", "", "x<b>y</b>"]), vector))
    close = draw(st.sampled_from([f"</{tag}>", ""]))
    return f"<{tag} {' '.join(attrs)}>{inner}{close}"


def _unescape_fully(text: str) -> str:
    for _ in range(4):
        text = html.unescape(text)
    return text


@given(hostile_urls())
def test_obfuscated_urls_are_refused(href: str) -> None:
    """safe_href refuses every mutation of a non-web scheme once the HTML parser has decoded
    it, and a link carrying it renders as plain text."""
    decoded = LexborHTMLParser(f'<a href="{href}">x</a>').css_first("a").attributes["href"] or ""
    for candidate in (href, decoded):
        kept = safe_href(candidate)
        assert kept is None or _browser_scheme(_unescape_fully(kept)) in (None, *SAFE_URL_SCHEMES)
        out = render_html(doc_of(blk(0, "click me", links=(Link(0, 5, candidate),))))
        _assert_inert(out)


@given(st.lists(hostile_urls(), min_size=1, max_size=3), st.sampled_from(['"', "'", ""]))
def test_obfuscated_urls_through_the_pipeline(hrefs: list[str], quote: str) -> None:
    """Obfuscated hrefs in a real article come out of extract().to_html() inert."""
    import newsclean

    links = " ".join(f"<a href={quote}{h}{quote}>link {i}</a>" for i, h in enumerate(hrefs))
    page = f"<article><h1>Budget</h1><p>{_PROSE}</p><p>{_PROSE} {links}</p><p>{_PROSE}</p></article>"
    doc = newsclean.extract(page, url="https://example.com/news/a.html")
    assert doc.text, "the page must yield an article, or the check proves nothing"
    for placement in ("none", "inline", "end"):
        out = doc.to_html(boxes=placement)
        _assert_inert(out)
        assert sanitize_html(out) == out


@given(st.lists(hostile_elements(), min_size=1, max_size=4))
def test_hostile_attributes_through_the_pipeline(elements: list[str]) -> None:
    """Any element with hostile attributes (event handlers, srcdoc, obfuscated URLs, shared
    vectors as values, broken quoting) inside an article renders inert."""
    import newsclean

    # prose first: an unclosed <textarea> or <xmp> rightly swallows what follows it
    page = f"<article><h1>Budget</h1><p>{_PROSE}</p><p>{_PROSE}</p><p>{' '.join(elements)}</p></article>"
    doc = newsclean.extract(page, url="https://example.com/news/a.html")
    assert doc.text
    for placement in ("none", "inline", "end"):
        out = doc.to_html(boxes=placement)
        _assert_inert(out)
        assert sanitize_html(out) == out
