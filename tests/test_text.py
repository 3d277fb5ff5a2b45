"""``extract_text``: plain-text page dumps, segmented by line rhythm, density and marker phrases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean.model import BlockKind, BoxKind, Document, Label
from newsclean.text import extract_text

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed-text" / "input.txt"


def _norm(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def seed() -> Document:
    return extract_text(SEED.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- the seed


def test_seed_body_starts_with_lead_and_ends_before_signoff(seed: Document) -> None:
    """The body runs from the lead (tail split off) to the last paragraph before "Lesen Sie auch"."""
    body = seed.body_blocks
    assert len(body) == 19
    assert body[0].label is Label.LEAD
    assert body[0].text.endswith("stehen die Zeichen auf Annäherung.")
    assert body[-1].text.startswith("Am Mittwoch - also einen Tag nach")
    assert seed.text.split("\n\n") == [b.text for b in body]


def test_seed_subheadings_are_headings(seed: Document) -> None:
    """The four short lines between paragraphs are labelled heading, nothing else is."""
    headings = [b.text for b in seed.body_blocks if b.label is Label.HEADING]
    assert headings == [
        "Beide Präsidenten schicken enge Berater",
        "Kreml: Putin zu Treffen mit Selenskyj bereit",
        "Gespräche über Wirtschaft",
        "Selenskyj auf eigener Reise im Nahen Osten",
    ]


def test_seed_header_breadcrumbs_kicker_title_caption(seed: Document) -> None:
    """Breadcrumbs are boilerplate, the glued kicker splits off, caption and credit stay out of the body."""
    by_text = {b.text: b for b in seed.blocks}
    assert by_text["Startseite"].label is Label.BOILERPLATE
    assert "text:breadcrumb-numbered" in by_text["Startseite"].reasons
    assert by_text["Krieg in der Ukraine"].label is Label.KICKER
    assert by_text["Foto: Evelyn Hockstein/Pool Reuters/AP"].label is Label.CAPTION
    caption = next(b for b in seed.blocks if b.text.startswith("US-Außenminister Marco Rubio trifft"))
    assert caption.label is Label.CAPTION and caption.kind is BlockKind.CAPTION
    assert by_text["18.02.2025 - 14:54 Uhr Quelle: dpa"].label is Label.BYLINE
    assert by_text["dpa"].label is Label.BYLINE


def test_seed_metadata(seed: Document) -> None:
    """Title, kicker, date, agency source and language come from the text; the agency is no author."""
    assert seed.title == "Langes Treffen der Außenminister aus USA und Russland über Ukraine"
    assert seed.kicker == "Krieg in der Ukraine"
    assert seed.date == "2025-02-18T14:54:00"
    assert seed.source == "dpa"
    assert seed.authors == ()
    assert seed.language == "de"
    assert seed.empty_reason is None
    assert {"title", "date", "source", "language"} <= set(seed.metadata_sources)


def test_seed_box_kinds_titles_positions(seed: Document) -> None:
    """Four boxes in page order, each placed after the right body block."""
    got = [(b.kind, b.title, b.position) for b in seed.boxes]
    assert got == [
        (BoxKind.RELATED, "Eine rüpelhafte Aufforderung zum Tanz um die Macht", 3),
        (BoxKind.EXPLAINER, "Schneller schlau: Nato", 14),
        (BoxKind.RELATED, "Welche Kräfte Deutschland der Ukraine überhaupt anbieten könnte", 18),
        (BoxKind.AD, "Unsere Partner", 18),
    ]


def test_seed_box_extents(seed: Document) -> None:
    """Each box holds exactly its lines: teaser run, explainer over the "Stand:" blank line, partner tiles."""
    teaser, explainer, related, ad = seed.boxes
    assert [b.text for b in teaser.blocks] == [
        "Donald Trump und Europa",
        "Eine rüpelhafte Aufforderung zum Tanz um die Macht",
        (
            "Mit seinem radikalen Politgebaren testet Donald Trump Schmerzgrenzen aus. Wer sich darüber "
            "bloß empört, verweigert sich der Realität. Was es jetzt braucht. Ein Gastbeitrag."
        ),
        "von Maximilian Terhalle",
    ]
    texts = [b.text for b in explainer.blocks]
    assert len(texts) == 10
    assert texts[0] == "Schneller schlau: Nato"
    assert texts[5] == "Stand: Januar 2026"
    assert texts[-1].endswith("mit anderen Ländern und internationalen Organisationen.“")
    assert [b.text for b in related.blocks] == [
        "Lesen Sie auch: Welche Kräfte Deutschland der Ukraine überhaupt anbieten könnte"
    ]
    assert ad.blocks[0].text == "Unsere Partner"
    assert ad.blocks[-1].text == "Jetzt informieren! Alles rund um das Thema Bildung auf einen Blick"
    assert sum(b.text == "Anzeige" for b in ad.blocks) == 10


def test_seed_body_resumes_after_explainer(seed: Document) -> None:
    """The paragraph after the explainer is body again, and no box text leaks into the body."""
    assert "Die USA und die weiteren Staaten der G7-Gruppe" in seed.text
    for box in seed.boxes:
        for block in box.blocks:
            assert not block.in_body
            assert block.box is not None and seed.boxes[block.box] is box


def test_seed_every_block_has_reasons(seed: Document) -> None:
    """Every block carries at least one named ``text:`` rule id."""
    for block in seed.blocks:
        assert block.reasons, block
        assert all(r.startswith("text:") for r in block.reasons)


# ----------------------------------------------------------------------------- English

ENGLISH = """\
Home
World
Europe

Storm Ciara batters the north of England with record winds

By Jane Smith
February 9, 2025

Storm Ciara brought winds of more than 90 mph to the north of England on Sunday, cutting the power \
to thousands of homes and forcing the closure of several major roads across the region.

The Met Office said that the strongest gusts were recorded on the coast, where waves of up to ten \
metres were seen breaking over the harbour walls in the early hours of the morning.

Read more: Why storms in Britain are getting stronger every year

Rail operators cancelled most of their services in the north, and passengers were told not to \
travel unless their journey was absolutely necessary until the winds had eased.

Advertisement

Emergency services

Fire crews were called to more than two hundred incidents overnight, most of them involving fallen \
trees that had blocked roads or damaged the roofs of houses and cars in the area.

Advertisement
Sponsored Holidays
Find the best deals on winter breaks in the sun

Forecasters expect the wind to ease by Tuesday, but they warned that more rain could bring flooding \
to the river valleys that were already saturated after a very wet winter.

Share
Related
Flood warnings issued for three rivers
How to prepare your home for a storm
"""


def test_english_dump_read_more_and_advertisement() -> None:
    """ "Read more:" is a related box, "Advertisement" lines never reach the body, the body is intact."""
    doc = extract_text(ENGLISH)
    assert doc.language == "en"
    assert doc.title == "Storm Ciara batters the north of England with record winds"
    assert doc.authors == ("Jane Smith",)
    assert doc.date == "2025-02-09"
    body = doc.text.split("\n\n")
    assert body[0].startswith("Storm Ciara brought winds")
    assert body[-1].startswith("Forecasters expect the wind to ease")
    assert "Emergency services" in body
    for snippet in ("Read more", "Advertisement", "Sponsored Holidays", "Share", "Flood warnings"):
        assert snippet not in doc.text
    kinds = [(b.kind, b.title) for b in doc.boxes]
    assert (BoxKind.RELATED, "Why storms in Britain are getting stronger every year") in kinds
    assert any(k is BoxKind.AD for k, _ in kinds)
    assert kinds[-1] == (BoxKind.RELATED, "Related")
    ad = next(b for b in doc.boxes if b.kind is BoxKind.AD)
    assert "Find the best deals on winter breaks in the sun" in ad.text


_P1 = (
    "Storm Ciara brought winds of more than 90 mph to the north of England on Sunday, cutting the "
    "power to thousands of homes and forcing the closure of several major roads across the region."
)
_P2 = (
    "The Met Office said that the strongest gusts were recorded on the coast, where waves of up to "
    "ten metres were seen breaking over the harbour walls in the early hours of the morning."
)


def test_hard_wrapped_paragraphs_are_joined() -> None:
    """Lines of a paragraph wrapped at a fixed width come back as one body block each."""
    import textwrap

    text = f"Storm batters England\n\n{textwrap.fill(_P1, 72)}\n\n{textwrap.fill(_P2, 72)}\n"
    doc = extract_text(text)
    assert doc.text.split("\n\n") == [_P1, _P2]


def test_pipe_separated_rows_are_a_table_also_after_the_last_paragraph() -> None:
    """Lines with the same number of " | "-separated cells are table rows, body like the prose
    above them, and come back one per line (how ``Document.text`` writes a table)."""
    table = "Partei | Stimmen | Sitze\nCDU | 19 | 7\nSPD | 14 | 5"
    text = f"Storm batters England\n\n{_P1}\n\n{_P2}\n\n{table}\n"
    doc = extract_text(text)
    assert doc.text.split("\n\n") == [_P1, _P2, table]
    rows = [b for b in doc.blocks if b.kind is BlockKind.TABLE_ROW]
    assert [b.cells for b in rows] == [("Partei", "Stimmen", "Sitze"), ("CDU", "19", "7"), ("SPD", "14", "5")]
    assert {b.label for b in rows} == {Label.BODY} and len({b.group for b in rows}) == 1


def test_lines_of_one_chunk_between_paragraphs_are_a_list() -> None:
    """Between blank-line paragraphs, a chunk of several-word lines without sentence marks is
    one list, even where the lines are as long as a hard-wrapped paragraph's."""
    items = [
        "Council approved the annual budget for the harbour and the museum",
        "Residents demanded more funding for the hospital and the library",
        "Teachers asked for higher pay and smaller classes next year",
    ]
    text = f"Storm batters England\n\n{_P1}\n\n" + "\n".join(items) + f"\n\n{_P2}\n\n" + "\n".join(items[:2])
    doc = extract_text(text)
    assert doc.text.split("\n\n") == [_P1, "\n".join(items), _P2, "\n".join(items[:2])]
    listed = [b for b in doc.blocks if b.text in items]
    assert {b.kind for b in listed} == {BlockKind.LIST_ITEM} and {b.label for b in listed} == {Label.BODY}


def test_a_lone_dash_line_keeps_its_dash_and_two_are_a_list() -> None:
    """A dash line with no bulleted neighbour is an attribution or a line of dialogue and keeps
    its dash (read as a list of one, the dash was lost for good, as ``Document.text`` writes no
    bullets); two bulleted lines in a row are still one list, without their bullets."""
    quote = "„Wir lassen niemanden zurück“, sagte die Bürgermeisterin am Abend vor dem Rathaus."
    credit = "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019"
    items = ["Council approved the annual budget today", "Residents demanded more funding for schools"]
    text = (
        f"Storm batters England\n\n{_P1}\n\n" + "\n".join(f"- {i}" for i in items)
        + f"\n\n{_P2}\n\n{quote}\n{credit}\n\n{_P1}"
    )
    doc = extract_text(text)
    assert f"{quote}\n{credit}\n\n{_P1}" in doc.text
    listed = [b for b in doc.blocks if b.text in items]
    assert [b.kind for b in listed] == [BlockKind.LIST_ITEM] * 2 and len({b.group for b in listed}) == 1
    assert extract_text(doc.to_text()).text == doc.text


_ID_PARAGRAPHS = [
    (
        "Pemerintah kota mengumumkan bahwa jalan utama menuju pelabuhan akan ditutup selama dua "
        "minggu karena perbaikan jembatan yang rusak akibat banjir bulan lalu."
    ),
    (
        "Warga diminta menggunakan jalur alternatif melalui pasar lama. Petugas akan berjaga di "
        "setiap persimpangan untuk mengatur arus kendaraan pada jam sibuk."
    ),
    (
        "Menurut kepala dinas pekerjaan umum, perbaikan ini sudah lama direncanakan dan dananya "
        "berasal dari anggaran daerah tahun ini."
    ),
]
_JA_PARAGRAPHS = [
    "市は二十日、港へ向かう大通りを橋の修理のため二週間通行止めにすると発表した。先月の大雨で橋の一部が壊れていた。",
    "住民には古い市場を通る迂回路を使うよう呼びかけている。混雑する時間帯には各交差点に職員を配置する。",
    "担当者によると、修理は以前から計画されていたもので、費用は今年度の予算でまかなうという。",
]


@pytest.mark.parametrize(
    ("title", "menu", "paragraphs"),
    [
        ("Jalan ke pelabuhan ditutup dua minggu", ["Beranda", "Berita", "Ekonomi"], _ID_PARAGRAPHS),
        ("港への大通り、二週間通行止めに", ["ホーム", "ニュース", "スポーツ", "経済"], _JA_PARAGRAPHS),
    ],
    ids=["indonesian", "japanese"],
)
def test_a_language_without_stopword_list_still_has_prose(
    title: str, menu: list[str], paragraphs: list[str]
) -> None:
    """Without a stopword list for the language the paragraphs are told from the menu by length
    and sentence-final marks (also 。), as the HTML path does; before, no line was prose and the
    whole text was lost."""
    text = "\n".join(menu) + f"\n\n{title}\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(menu)
    doc = extract_text(text)
    assert doc.text == "\n\n".join(paragraphs)
    assert doc.title == title
    assert extract_text(doc.to_text()).text == doc.text


def test_a_sentence_leading_into_a_list_with_a_colon_is_prose() -> None:
    """A paragraph of full sentences whose last one ends in a colon ("Here's what stood out:")
    opens the list under it and is body like it."""
    lead_in = (
        "The Sixers beat the Celtics 106-103 on Wednesday night in their biggest game of the young "
        "season. Here is what stood out in a win that was too close for comfort:"
    )
    points = [
        "• It was an underwhelming first quarter on both sides, as both teams struggled to knock down shots.",
        "• Embiid was the only player who could get going early on, though he did commit two turnovers.",
    ]
    text = f"Sixers edge Celtics\n\n{lead_in}\n\n" + "\n\n".join(points) + f"\n\n{_P2}"
    doc = extract_text(text)
    assert doc.text.split("\n\n")[:2] == [lead_in, points[0][2:]]


def test_short_menu_lines_between_paragraphs_stay_out() -> None:
    """A chunk of one- and two-word lines between paragraphs is a menu, not a list."""
    text = f"Storm batters England\n\n{_P1}\n\nSport\nKultur\nWetter heute\n\n{_P2}\n"
    doc = extract_text(text)
    assert doc.text.split("\n\n") == [_P1, _P2]


def test_explainer_without_blank_lines_stops_at_next_heading() -> None:
    """In a page without blank lines an explainer runs from its title to the next heading-like line."""
    text = "\n".join(
        [
            "Storm batters England",
            _P1,
            "What is a storm surge?",
            "A storm surge is a rise of the sea level caused by wind.",
            "It can flood coasts.",
            "Emergency services",
            _P2,
        ]
    )
    doc = extract_text(text)
    (box,) = doc.boxes
    assert box.kind is BoxKind.EXPLAINER and box.title == "What is a storm surge?"
    assert [b.text for b in box.blocks][-1] == "It can flood coasts."
    assert doc.text.split("\n\n") == [_P1, "Emergency services", _P2]


def test_question_line_before_a_box_does_not_stretch_the_body() -> None:
    """A long heading-like question with a box right under it is boilerplate, so it does not end
    the body either: the lines above it stay out in the first reading and in a second reading of
    ``to_text`` (before, they were body only while the question stood; found by hypothesis)."""
    s = "‚Jugendzentrum noch im gestiegen gegen dass wird Einwohner als‘, erklärte Rüdiger Hahn."
    q = "Grundsteuer ohne »mehr« ohne forderte er Gebäude weil Maßnahmen unter nicht Wochen städtische?"
    text = "\n".join(
        ["Jugendzentrum zusätzliche für wie", "Von Katrin Vollmer", f"{s} {s}", f"{s} {s} {s}"]
        + ["Neue Räume gesucht", "Jugendzentrum noch im gestiegen gegen dass wird – Einwohner als."]
        + ["Hintergrund", q, "Hintergrund", s, f"{s} {s} {s}", f"{s} {s} {s}"]
    )
    doc = extract_text(text)
    assert [b.title for b in doc.boxes] == ["Hintergrund"]
    assert doc.text == f"{s} {s}\n\n{s} {s} {s}"
    assert extract_text(doc.to_text()).text == doc.to_text()


# ----------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\ufeff"])
def test_empty_input_gives_empty_document(text: str) -> None:
    """Empty or blank input gives an empty Document that says why."""
    doc = extract_text(text)
    assert doc.text == ""
    assert doc.blocks == () and doc.boxes == ()
    assert doc.empty_reason


def test_no_prose_gives_empty_reason() -> None:
    """A menu without any paragraph has no body, and says so."""
    doc = extract_text("Home\nPolitik\nSport\n\nImpressum")
    assert doc.text == ""
    assert doc.empty_reason
    assert all(b.label is Label.BOILERPLATE for b in doc.blocks)


def test_surrogates_become_encodable() -> None:
    """Lone surrogate halves become U+FFFD and pairs their character, so every output encodes
    as UTF-8 (found by the totality property on markup soup)."""
    doc = extract_text("\ud800§ Menü\n\nHaus \ud83d\ude00 \udfff")
    assert [b.text for b in doc.blocks] == ["\ufffd§ Menü", "Haus \U0001f600 \ufffd"]
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")


def test_one_giant_line_is_handled() -> None:
    """A single line of a few megabytes comes back without error."""
    sentence = "Die Regierung hat am Montag in Berlin einen neuen Plan für die Schulen vorgestellt. "
    doc = extract_text(sentence * 40_000)
    assert len(doc.blocks) == 1
    assert doc.text.startswith("Die Regierung")


def test_wrong_type_raises_invalid_input() -> None:
    """Only a wrong argument type raises, never the content."""
    from newsclean.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        extract_text(b"bytes")  # type: ignore[arg-type]


_LINES = st.sampled_from(
    [
        "",
        "Anzeige",
        "Lesen Sie auch: Ein Titel",
        "Mehr zum Thema",
        "Schneller schlau: Etwas",
        "Stand: Januar 2026",
        "von Max Mustermann",
        "Foto: dpa",
        "dpa",
        "1. Startseite",
        "2. Politik",
        "Read more:",
        "Advertisement",
        "Kurze Zwischenzeile",
        "18.02.2025 - 14:54 Uhr Quelle: dpa",
        (
            "Die Regierung hat am Montag einen neuen Plan vorgestellt, der die Schulen und die Eltern "
            "in den kommenden Jahren deutlich entlasten soll, sagte die Ministerin."
        ),
    ]
)
_DUMPS = st.one_of(st.text(), st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=40).map("\n".join))


@given(_DUMPS)
def test_never_raises_and_body_comes_from_input(text: str) -> None:
    """Any string gives a Document whose body blocks each occur in the input (whitespace collapsed)."""
    doc = extract_text(text)
    source = _norm(text)
    for block in doc.body_blocks:
        assert _norm(block.text) in source
    assert (doc.text == "") == (doc.empty_reason is not None)
