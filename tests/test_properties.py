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
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser
from strategies import (
    SURFACE_KNOBS,
    GeneratedPage,
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


@settings(max_examples=2, phases=[Phase.explicit, Phase.reuse, Phase.generate])  # no shrinking: 3 processes a try
@given(st.lists(pages(), min_size=4, max_size=4), st.lists(text_dumps(), min_size=2, max_size=2))
def test_fresh_processes_with_other_hash_seeds_give_identical_json(tmp_path_factory, html_pages, dumps) -> None:
    """Pages, dumps and fixtures give byte-identical ``to_dict()`` JSON in processes with different PYTHONHASHSEEDs."""
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


@given(pages())
def test_html_round_trip_keeps_text_and_boxes(page: GeneratedPage) -> None:
    """``extract(doc.to_html(boxes="inline"))`` gives the same text and boxes (kind, title, text)."""
    doc = newsclean.extract(page.source)
    again = newsclean.extract(doc.to_html(boxes="inline"))
    assert again.text == doc.text
    assert boxes_of(again) == boxes_of(doc)


@given(pages())
def test_to_html_is_a_fixed_point_after_one_round(page: GeneratedPage) -> None:
    """For ``h = extract(page).to_html()``, ``extract(h).to_html() == h``."""
    h = newsclean.extract(page.source).to_html()
    assert newsclean.extract(h).to_html() == h


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
    """Whitespace, attribute order, entities, comments, end tags, tag case and encoding leave text and boxes alone."""
    spec = data.draw(page_specs(), label="spec")
    markup = data.draw(markups(), label="markup")
    variant = data.draw(surface_variants(knob), label="surface")
    plain = newsclean.extract(render(spec, markup, Surface()))
    varied = newsclean.extract(render(spec, markup, variant))
    assert varied.text == plain.text
    assert boxes_of(varied) == boxes_of(plain)


@given(data=st.data())
def test_inserting_an_ad_or_related_teaser_keeps_the_text(data: st.DataObject) -> None:
    """An ad or related teaser put between body items leaves ``.text`` alone and comes back as a box of its kind."""
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


@given(_ANY_TEXT)
def test_any_str_never_raises_and_gives_valid_unicode(text: str) -> None:
    """Any str through ``extract`` and ``extract_text`` returns a Document of valid Unicode."""
    assert_valid_unicode(newsclean.extract(text))
    assert_valid_unicode(newsclean.extract_text(text))


@given(st.binary())
def test_any_bytes_never_raise_and_give_valid_unicode(data: bytes) -> None:
    """Any bytes through ``extract`` return a Document of valid Unicode."""
    assert_valid_unicode(newsclean.extract(data))


@given(soups())
def test_markup_soup_never_raises_and_gives_valid_unicode(soup: str | bytes) -> None:
    """Markup-ish soup (broken tags, references, controls, surrogates) returns a Document of valid Unicode."""
    doc = newsclean.extract(soup)
    assert_valid_unicode(doc)
    assert_box_blocks_never_body(doc)
    if isinstance(soup, str):
        assert_valid_unicode(newsclean.extract_text(soup))


@given(st.integers() | st.none() | st.floats() | st.lists(st.text(max_size=3), max_size=2) | st.dictionaries(st.text(max_size=2), st.text(max_size=2), max_size=1))
def test_wrong_input_types_raise_invalid_input_error(value: object) -> None:
    """A non-str/bytes page raises ``InvalidInputError`` from both entry points, nothing else."""
    with pytest.raises(InvalidInputError):
        newsclean.extract(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        newsclean.extract_text(value)  # type: ignore[arg-type]
