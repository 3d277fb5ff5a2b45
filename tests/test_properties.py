"""Properties of ``extract`` and ``extract_text`` on generated news pages (``tests/strategies.py``).

Determinism, idempotence, invariance under spelling changes, faithfulness to the input and
totality. Hypothesis profiles come from ``conftest.py`` (``HYPOTHESIS_PROFILE=ci|deep``).
Counterexamples found in the extractor are kept as ``@example`` cases (and, where the extractor
is wrong, as strict xfails naming what is wrong).
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser
from strategies import (
    SURFACE_KNOBS,
    BodyItem,
    BoxSpec,
    GeneratedPage,
    Markup,
    PageSpec,
    Surface,
    inserted_boxes,
    markups,
    normalise_ws,
    page_specs,
    pages,
    render,
    soups,
    surface_variants,
    text_dumps,
)

import newsclean
from newsclean import Document, InvalidInputError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

# ---------------------------------------------------------------------------------------------
# helpers


def boxes_of(doc: Document) -> list[tuple[str, str | None, str]]:
    """The boxes as comparable values: (kind, title, text)."""
    return [(str(b.kind), b.title, b.text) for b in doc.boxes]


def squash(text: str) -> str:
    """``text`` without any whitespace: how characters are compared with the input."""
    return re.sub(r"\s+", "", text)


def visible_text(html: str) -> str:
    """The page's text as a parser sees it, without script/style/noscript/template content."""
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    root = tree.body or tree.root
    return root.text(separator=" ") if root is not None else ""


def assert_body_in_input_order(doc: Document, html: str) -> None:
    """Every body block's text (or table cells) occurs in ``html``'s visible text, in order."""
    haystack = squash(visible_text(html))
    pos = 0
    for block in doc.body_blocks:
        for piece in block.cells or (block.text,):
            needle = squash(piece)
            if not needle:
                continue
            found = haystack.find(needle, pos)
            assert found >= 0, (
                f"body block {block.index} ({block.label}) not in the input after position {pos}: "
                f"{piece[:120]!r} (anywhere: {haystack.find(needle) >= 0})"
            )
            pos = found + len(needle)


def assert_box_blocks_never_body(doc: Document) -> None:
    """Body blocks have no box; a box's blocks are never body and point back at their box."""
    for block in doc.blocks:
        if block.in_body:
            assert block.box is None, f"body block {block.index} is in box {block.box}"
    for k, box in enumerate(doc.boxes):
        for block in box.blocks:
            assert not block.in_body, f"box {k} holds body block {block.index} ({block.label})"
            assert block.box == k
            assert doc.blocks[block.index].box == k


def assert_valid_unicode(doc: Document) -> None:
    """Every output of ``doc`` is a str that encodes as UTF-8 (no lone surrogates)."""
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
    doc.to_text().encode("utf-8")
    doc.to_markdown(boxes="inline").encode("utf-8")
    doc.to_html(boxes="end").encode("utf-8")


def fixture_inputs() -> list[tuple[str, str | bytes]]:
    """(kind, source) of every hand-written fixture: ``html`` bytes or ``text`` str."""
    out: list[tuple[str, str | bytes]] = []
    for case in sorted(FIXTURES.iterdir()):
        if (case / "input.html").is_file():
            out.append(("html", (case / "input.html").read_bytes()))
        elif (case / "input.txt").is_file():
            out.append(("text", (case / "input.txt").read_text(encoding="utf-8")))
    return out


# ---------------------------------------------------------------------------------------------
# pinned counterexamples: pages the properties once failed on, kept small and readable

_P = (
    (
        "Der Stadtrat hat am Donnerstag mit großer Mehrheit beschlossen, die Grundsteuer im kommenden "
        "Jahr deutlich zu erhöhen. Die Kämmerin erklärte, ohne die Einnahmen sei der Haushalt nicht "
        "auszugleichen, und verwies auf die gestiegenen Kosten für Schulen und Kindergärten."
    ),
    (
        "Die Fraktionen der Opposition kritisierten den Beschluss scharf. „Die Bürgerinnen und Bürger "
        "tragen die Last einer Politik, die seit Jahren über ihre Verhältnisse lebt“, sagte Jürgen Weiß. "
        "Er forderte, zuerst die Ausgaben der Verwaltung auf den Prüfstand zu stellen."
    ),
    (
        "Für eine Familie im Einfamilienhaus steigt die Belastung nach Angaben der Stadt um etwa 85 Euro "
        "im Jahr. Mieter sind über die Nebenkosten ebenfalls betroffen, weil die Vermieter die Steuer "
        "umlegen dürfen. Der Mieterverein kündigte an, die Abrechnungen genau zu prüfen."
    ),
    (
        "Die neuen Hebesätze gelten vom ersten Januar an. Eine Bürgerversammlung zu den Plänen soll noch "
        "vor den Sommerferien im Rathaus stattfinden, kündigte die Bürgermeisterin an; der Termin wird "
        "in den kommenden Wochen bekannt gegeben."
    ),
)
_LEAD = (
    "Hausbesitzer und Mieter in Lindenau müssen sich auf höhere Kosten einstellen: Der Stadtrat "
    "erhöht die Grundsteuer B zum kommenden Jahr um fast ein Drittel."
)


def _spec(*body: BodyItem, boxes: tuple[tuple[int, BoxSpec], ...] = ()) -> PageSpec:
    return PageSpec(
        lang="de",
        headline="Stadtrat erhöht die Grundsteuer deutlich",
        lead=_LEAD,
        author="Katrin Vollmer",
        body=body,
        boxes=boxes,
        nav=("Startseite", "Lokales", "Politik"),
        footer=("Impressum", "Datenschutz"),
    )


def _page(spec: PageSpec, markup: Markup | None = None, surface: Surface | None = None) -> GeneratedPage:
    markup, surface = markup or Markup(), surface or Surface()
    return GeneratedPage(spec, markup, surface, render(spec, markup, surface))


def _p(i: int) -> BodyItem:
    return BodyItem("p", (_P[i],))


_ROWS = (("Haushalt", "Satz", "Euro"), ("Einfamilienhaus", "520", "85"), ("Wohnung", "520", "30"))
_TABLE = BodyItem("table", tuple(" | ".join(r) for r in _ROWS), _ROWS)
_LIST = BodyItem(
    "ul",
    (
        "Grundsteuer B steigt von 400 auf 520 Prozent im kommenden Jahr",
        "Gewerbesteuer bleibt auf dem Stand des vergangenen Jahres stehen",
        "Gebühren für Müllabfuhr und Abwasser werden im Herbst neu berechnet",
    ),
)
_CARD = BoxSpec(
    "related",
    "teaser-card",
    "Neues Schwimmbad öffnet im Sommer",
    ("Neues Schwimmbad öffnet im Sommer", "Nach zwei Jahren Bauzeit ist die Halle fast fertig."),
    ("/artikel/schwimmbad-77",),
)

#: A teaser card inside the article: to_html() wrote it as an <aside> with a plain-text title,
#: which read back as an explainer (before the [own_box] rule).
TEASER_CARD_PAGE = _page(_spec(_p(0), _p(1), _p(2), boxes=((0, _CARD),)), Markup(teaser_class="card"))
#: A table after the last paragraph: its " | " rows were after-body boilerplate to extract_text.
TRAILING_TABLE_PAGE = _page(_spec(_p(0), _p(1), _p(2), _TABLE))
#: A list between paragraphs and one after the last: lines without bullets were a menu (or,
#: being of one length, a hard-wrapped paragraph) to extract_text.
LISTS_PAGE = _page(_spec(_p(0), _LIST, _p(1), _p(2), BodyItem("ol", _LIST.texts[:2])))
#: A windows-1252 page whose <meta charset> spells a letter as a character reference
#: (``window&#115;-1252``): the label was not recognised and the bytes were mis-decoded.
ENTITY_CHARSET_PAGE = _page(
    _spec(_p(0), _p(1), _p(2)), surface=Surface(entities="mixed", encoding="cp1252", seed=8)
)


# ---------------------------------------------------------------------------------------------
# 1. determinism


@given(pages())
def test_repeated_extraction_gives_identical_dict(page: GeneratedPage) -> None:
    """Extracting one page twice in one process gives identical ``to_dict()`` output."""
    assert newsclean.extract(page.source).to_dict() == newsclean.extract(page.source).to_dict()


@given(text_dumps())
def test_repeated_text_extraction_gives_identical_dict(dump: tuple) -> None:
    """``extract_text`` on one dump twice gives identical ``to_dict()`` output."""
    text, _ = dump
    assert newsclean.extract_text(text).to_dict() == newsclean.extract_text(text).to_dict()


_CHILD = """
import base64, json, sys
import newsclean
out = []
for item in json.load(open(sys.argv[1], encoding="utf-8")):
    if item["kind"] == "text":
        doc = newsclean.extract_text(item["source"])
    else:
        src = base64.b64decode(item["source"]) if item["bytes"] else item["source"]
        doc = newsclean.extract(src)
    out.append(doc.to_dict())
sys.stdout.write(json.dumps(out, ensure_ascii=True))
"""


def _items(html_pages: list[GeneratedPage], dumps: list[tuple]) -> list[dict]:
    """Generated pages, text dumps and every fixture input, as JSON-ready items for ``_CHILD``."""
    sources = [("html", page.source) for page in html_pages] + [("text", text) for text, _ in dumps]
    items = []
    for kind, source in sources + fixture_inputs():
        if isinstance(source, bytes):
            items.append({"kind": kind, "bytes": True, "source": base64.b64encode(source).decode("ascii")})
        else:
            items.append({"kind": kind, "bytes": False, "source": source})
    return items


@settings(
    max_examples=2, phases=[Phase.explicit, Phase.reuse, Phase.generate]
)  # no shrinking: 3 processes a try
@given(st.lists(pages(), min_size=4, max_size=4), st.lists(text_dumps(), min_size=2, max_size=2))
def test_fresh_processes_with_other_hash_seeds_give_identical_json(
    tmp_path_factory, html_pages, dumps
) -> None:
    """Pages, dumps and fixtures give byte-identical ``to_dict()`` JSON in processes with
    different PYTHONHASHSEEDs."""
    # Every run in a fresh process (started together, one per seed), so that all of them see the
    # same code even while the package is being edited.
    path = tmp_path_factory.mktemp("determinism") / "items.json"
    path.write_text(json.dumps(_items(html_pages, dumps)), encoding="utf-8")
    seeds = ("random", "0", "4242")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
        )
        for seed in seeds
    ]
    outputs = [child.communicate() for child in children]
    for seed, child, (_, err) in zip(seeds, children, outputs, strict=True):
        assert child.returncode == 0, f"PYTHONHASHSEED={seed}: {err[-2000:]}"
    results = [json.loads(out) for out, _ in outputs]
    for seed, result in zip(seeds[1:], results[1:], strict=True):
        for i, (a, b) in enumerate(zip(results[0], result, strict=True)):
            assert a == b, f"item {i} differs between PYTHONHASHSEED=random and ={seed}"
        assert outputs[0][0] == outputs[seeds.index(seed)][0], f"JSON text differs with PYTHONHASHSEED={seed}"


# ---------------------------------------------------------------------------------------------
# 2. idempotence


@example(TEASER_CARD_PAGE)
@given(pages())
def test_html_round_trip_keeps_text_and_boxes(page: GeneratedPage) -> None:
    """``extract(doc.to_html(boxes="inline"))`` gives the same text and boxes (kind, title, text)."""
    doc = newsclean.extract(page.source)
    again = newsclean.extract(doc.to_html(boxes="inline"))
    assert again.text == doc.text
    assert boxes_of(again) == boxes_of(doc)


def test_boxes_next_to_each_other_in_to_html_stay_apart() -> None:
    """Two related lists in separate containers after the article are two boxes, and stay two
    when read back from ``to_html``, where they stand side by side (before, they merged there
    like the tiles of one grid; found on real pages)."""

    def links(*titles: str) -> str:
        return "".join(f'<li><a href="/a/{i}">{t}</a></li>' for i, t in enumerate(titles))

    html = (
        "<html lang=de><body><article>"
        + "".join(f"<p>{p}</p>" for p in _P[:3])
        + '</article><div class="related"><h3>Mehr zum Thema</h3><ul>'
        + links("Haushalt der Stadt wird knapp", "Kämmerin warnt vor neuen Schulden")
        + '</ul></div><div class="col"><div class="related"><h3>Meistgelesen</h3><ul>'
        + links("Neues Schwimmbad öffnet im Sommer", "Bahnhof wird bis 2027 saniert")
        + "</ul></div></div></body></html>"
    )
    doc = newsclean.extract(html)
    assert [b.title for b in doc.boxes] == ["Mehr zum Thema", "Meistgelesen"]
    assert boxes_of(newsclean.extract(doc.to_html(boxes="inline"))) == boxes_of(doc)


@given(pages())
def test_to_html_is_a_fixed_point_after_one_round(page: GeneratedPage) -> None:
    """For ``h = extract(page).to_html()``, ``extract(h).to_html() == h``."""
    h = newsclean.extract(page.source).to_html()
    assert newsclean.extract(h).to_html() == h


@example(TRAILING_TABLE_PAGE)
@example(LISTS_PAGE)
@given(pages())
def test_to_text_round_trips_through_extract_text(page: GeneratedPage) -> None:
    """``extract_text(doc.to_text()).text == doc.to_text()`` for a page extracted from HTML."""
    text = newsclean.extract(page.source).to_text()
    assert newsclean.extract_text(text).text == text


@given(text_dumps())
def test_text_dump_round_trips_through_extract_text(dump: tuple) -> None:
    """``extract_text(doc.to_text()).text == doc.to_text()`` for a page extracted from a text dump."""
    text = newsclean.extract_text(dump[0]).to_text()
    assert newsclean.extract_text(text).text == text


# ---------------------------------------------------------------------------------------------
# 3. invariance


@pytest.mark.parametrize("knob", SURFACE_KNOBS)
@given(data=st.data())
def test_spelling_of_the_markup_does_not_change_the_result(knob: str, data: st.DataObject) -> None:
    """Whitespace, attribute order, entities, comments, end tags, tag case and encoding leave
    text and boxes alone."""
    spec = data.draw(page_specs(), label="spec")
    markup = data.draw(markups(), label="markup")
    variant = data.draw(surface_variants(knob), label="surface")
    plain = newsclean.extract(render(spec, markup, Surface()))
    varied = newsclean.extract(render(spec, markup, variant))
    assert varied.text == plain.text
    assert boxes_of(varied) == boxes_of(plain)


@given(data=st.data())
def test_inserting_an_ad_or_related_teaser_keeps_the_text(data: st.DataObject) -> None:
    """An ad or related teaser put between body items leaves ``.text`` alone and comes back as
    a box of its kind."""
    page = data.draw(pages(), label="page")
    gap, box = data.draw(inserted_boxes(page.spec), label="inserted")
    before = newsclean.extract(page.source)
    after = newsclean.extract(page.with_spec(page.spec.with_box(gap, box)).source)
    assert after.text == before.text
    key = normalise_ws(box.key_text)
    assert any(str(b.kind) == box.kind and key in normalise_ws(b.text) for b in after.boxes), (
        f"inserted {box.kind} box ({box.form}) not among {boxes_of(after)}"
    )


@given(pages(specs=page_specs(min_boxes=1)))
def test_removing_a_detected_box_keeps_the_text(page: GeneratedPage) -> None:
    """Taking a box that was detected out of the page leaves ``.text`` alone."""
    doc = newsclean.extract(page.source)
    for j, (_, box) in enumerate(page.spec.boxes):
        key = normalise_ws(box.key_text)
        if any(str(b.kind) == box.kind and key in normalise_ws(b.text) for b in doc.boxes):
            removed = newsclean.extract(page.with_spec(page.spec.without_box(j)).source)
            assert removed.text == doc.text, f"removing {box.kind} box {j} ({box.form}) changed the text"


# ---------------------------------------------------------------------------------------------
# 4. faithfulness


@example(ENTITY_CHARSET_PAGE)
@given(pages())
def test_body_blocks_occur_in_the_input_in_order(page: GeneratedPage) -> None:
    """Every body block's text occurs in the page's visible text (whitespace aside), in page order."""
    assert_body_in_input_order(newsclean.extract(page.source), page.text)


@given(pages(specs=page_specs(min_boxes=1)))
def test_no_block_is_both_body_and_in_a_box(page: GeneratedPage) -> None:
    """Body blocks carry no box, and the blocks of a box are never body."""
    assert_box_blocks_never_body(newsclean.extract(page.source))


# ---------------------------------------------------------------------------------------------
# 5. totality


_ANY_TEXT = st.text() | st.text(st.characters(codec=None, categories=None, exclude_categories=()))


@example("\ud800§\x03\xa0Óô\x05<b><meta charset=utf-16>â&auml;")  # lone surrogate (extract_text)
@given(_ANY_TEXT)
def test_any_str_never_raises_and_gives_valid_unicode(text: str) -> None:
    """Any str through ``extract`` and ``extract_text`` returns a Document of valid Unicode."""
    assert_valid_unicode(newsclean.extract(text))
    assert_valid_unicode(newsclean.extract_text(text))


@given(st.binary())
def test_any_bytes_never_raise_and_give_valid_unicode(data: bytes) -> None:
    """Any bytes through ``extract`` return a Document of valid Unicode."""
    assert_valid_unicode(newsclean.extract(data))


def assert_nfc(doc: Document) -> None:
    """Every text field of ``doc`` is in Unicode NFC, and every link still spans its block."""
    fields = [doc.text, doc.title or "", doc.kicker or "", *doc.authors, doc.to_text()]
    fields += [box.text for box in doc.boxes] + [box.title or "" for box in doc.boxes]
    for block in doc.blocks:
        fields.append(block.text)
        assert all(0 <= ln.start <= ln.end <= len(block.text) for ln in block.links), block
    for text in fields:
        assert unicodedata.is_normalized("NFC", text), ascii(text)


# Letters that compose with the marks after them (Latin + combining marks, Hangul jamo,
# Bengali vowel signs, a letter NFC decomposes), cut up by tags so that a mark can start a
# text node, a link or a table cell.
_COMPOSING = st.lists(
    st.sampled_from(
        ["a", "u", "E", "\u0308", "\u0301", "\u0327", "\u1100", "\u1161", "\u09c7", "\u09be",
         "\u09df", "\u212b", " ", "Wort ", "<b>", "</b>", "<p>", "</p>", "<a href='/x'>", "</a>",
         "<table><tr><td>", "</td><td>", "<h1>", "</h1>", "<title>", "</title>"]
    ),
    max_size=80,
).map("".join)


@example("<p>Die Stadt <b>e</b>\u0301 hat <a href='/x'>fu\u0308r</a> B\u0308u</p>")
@given(_ANY_TEXT | _COMPOSING)
def test_returned_text_is_nfc(text: str) -> None:
    """Text comes back in NFC whatever form the page used (decomposed umlauts from macOS)."""
    assert_nfc(newsclean.extract(text))
    assert_nfc(newsclean.extract_text(text))


@given(soups())
def test_markup_soup_never_raises_and_gives_valid_unicode(soup: str | bytes) -> None:
    """Markup-ish soup (broken tags, references, controls, surrogates) returns a Document of valid Unicode."""
    doc = newsclean.extract(soup)
    assert_valid_unicode(doc)
    assert_box_blocks_never_body(doc)
    if isinstance(soup, str):
        assert_valid_unicode(newsclean.extract_text(soup))


@given(
    st.integers()
    | st.none()
    | st.floats()
    | st.lists(st.text(max_size=3), max_size=2)
    | st.dictionaries(st.text(max_size=2), st.text(max_size=2), max_size=1)
)
def test_wrong_input_types_raise_invalid_input_error(value: object) -> None:
    """A non-str/bytes page raises ``InvalidInputError`` from both entry points, nothing else."""
    with pytest.raises(InvalidInputError):
        newsclean.extract(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        newsclean.extract_text(value)  # type: ignore[arg-type]
