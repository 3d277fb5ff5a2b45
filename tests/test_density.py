"""density.classify_density: the boxes the rules found are no part of the text around them."""

from __future__ import annotations

import newsclean
from newsclean.density import Density, classify_density
from newsclean.features import compute_features
from newsclean.parse import parse_html
from newsclean.rules import box_blocks, classify_rules
from newsclean.segment import segment

PROSE = "‘Judges at criticised for more building Thursday costs as’, added Oliver Brandt."
# stopword-poor: near-good on its own, good only with good prose close by
BORDERLINE = (
    f"{PROSE} {PROSE} “Parliament months weeks larger criticised before dollars the opened”, "
    "told reporters Martina Ebert."
)
AD = (
    '<div class="ad"><span class="label">Advertisement</span><p><a href="https://ads.example.net/c?1" '
    'rel="sponsored">Compare energy tariffs now and save up to 400 dollars a year.</a></p></div>'
)


def page(between: str = "") -> str:
    """A generated page of the property tests that failed: an explainer box, then (where
    ``between`` is given) an inserted box, a subheading and a borderline paragraph."""
    return (
        "<html lang='en'><head><title>Judges criticised for more</title></head><body><article>"
        f"<h1>Judges criticised for more</h1><p class='lead'>{PROSE} {PROSE}</p>"
        f"<p>{PROSE} {PROSE} {PROSE}</p>"
        f"<aside class='infobox'><h3>Background</h3><p>{PROSE}</p></aside>{between}"
        f"<h2>Judges criticised</h2><p>{BORDERLINE}</p>"
        "<div class='related'><h3>Related articles</h3><ul>"
        "<li><a href='/a/1'>Judges criticised for more</a></li>"
        "<li><a href='/a/2'>Inspectors naive that without</a></li></ul></div>"
        + f"<p>{PROSE} {PROSE} {PROSE}</p>" * 3
        + "</article></body></html>"
    )


def test_an_inserted_ad_leaves_the_borderline_paragraph_in_the_text() -> None:
    plain, with_ad = newsclean.extract(page()), newsclean.extract(page(AD))
    assert BORDERLINE in plain.text
    assert with_ad.text == plain.text
    assert [b.kind for b in with_ad.boxes].count("ad") == 1


def _density(html: str, *, skip_boxes: bool) -> dict[str, Density]:
    tree = parse_html(html)
    seg = segment(tree, forced={}, stripped=False)
    features = compute_features(seg)
    flow = box_blocks(seg, classify_rules(seg, features)) if skip_boxes else None
    verdicts = classify_density(seg, features, outside_flow=flow)
    return {b.text: v.final for b, v in zip(seg.blocks, verdicts, strict=True)}


def test_box_blocks_do_not_count_as_distance_between_prose() -> None:
    """Without the rules' boxes left out, the explainer and the ad push the borderline
    paragraph further from the prose than max_neighbour_distance: that is the case fixed."""
    assert _density(page(AD), skip_boxes=False)[BORDERLINE] is Density.BAD
    assert _density(page(AD), skip_boxes=True)[BORDERLINE] is Density.GOOD


def test_box_blocks_marks_the_blocks_of_explainer_related_and_ad_containers() -> None:
    tree = parse_html(page(AD))
    seg = segment(tree, forced={}, stripped=False)
    marked = box_blocks(seg, classify_rules(seg, compute_features(seg)))
    boxed = {b.text for b, m in zip(seg.blocks, marked, strict=True) if m}
    assert {"Background", "Advertisement", "Related articles", "Inspectors naive that without"} <= boxed
    assert BORDERLINE not in boxed and "Judges criticised" not in boxed


def test_the_boxes_themselves_are_revised_as_before() -> None:
    """Only the other blocks' context changes: a box's own blocks keep the verdicts they get
    among all blocks."""
    with_flow, without = _density(page(AD), skip_boxes=True), _density(page(AD), skip_boxes=False)
    for text in ("Background", "Advertisement", "Related articles"):
        assert with_flow[text] is without[text]
