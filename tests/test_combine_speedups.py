"""The shortcuts the combine, density and assemble stages take must give what the general
path gives."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from conftest import body_corpus_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.assemble import _join, _joins_to_origin, _origin
from newsclean.combine import _claim_boxes, _Owners, _subtree_ends, choose_main
from newsclean.config import DENSITY, LENIENT_DENSITY, DensityThresholds
from newsclean.decode import decode_html
from newsclean.density import (
    NOT_CARD_TAGS,
    Density,
    _good_nearby,
    _near_good_run,
    _teaser_card_blocks,
    card_sums,
    classify_density,
)
from newsclean.features import Features, compute_features, fold_words
from newsclean.model import BlockKind
from newsclean.parse import parse_html
from newsclean.rules import classify_rules
from newsclean.segment import Page, segment

BASES = [
    "https://www.example.com/news/story.html?id=1#top",
    "http://EXAMPLE.org",
    "HTTPS://Host.example:8080/dir/",
    "https://user:pw@example.de/a/b/c",
    "http://[::1]/x",
    "https://example.com/a;params?q",
    "http://[::1/broken",  # urlsplit raises: every target is kept as written
    "ftp://files.example.com/pub/",
    "example.com/no-scheme",
]
# the characters urljoin treats specially, and some it does not
PIECES = st.sampled_from(
    ["/", "//", ".", "..", "/.", "/..", ";", "?", "#", "%20", ":", "@", "=", "&", "a", "b.html",
     "\t", "\n", "\r", " ", "\\", "é", "Z", "1", "~"]
)  # fmt: skip


@settings(max_examples=3000)
@given(st.sampled_from(BASES), st.booleans(), st.lists(PIECES, max_size=10))
def test_join_is_urljoin(base: str, rooted: bool, pieces: list[str]) -> None:
    href = ("/" if rooted else "") + "".join(pieces)
    if not href:
        return  # assemble never joins an empty target
    try:
        expected = urljoin(base, href)
    except ValueError:
        expected = href
    assert _join(base, _origin(base), href) == expected


def test_common_root_relative_links_take_the_shortcut() -> None:
    for href in ("/politik/artikel-123.html", "/a/b?x=1&y=2#kommentare", "/"):
        assert _joins_to_origin(href)
    for href in ("//cdn.example.com/x", "/a/../b", "/a/./b", "/a;p", "/a?", "/a#", "relative/path"):
        assert not _joins_to_origin(href)


@pytest.fixture(scope="module")
def corpus_pages() -> list[Page]:
    pages = body_corpus_pages()
    texts = [decode_html(html) if isinstance(html, bytes) else html for _, html in pages]
    return [segment(parse_html(text), forced={}, stripped=False) for text in texts]


def test_box_verdict_depends_on_the_innermost_owner_alone(corpus_pages: list[Page]) -> None:
    """combine asks box_verdict once per innermost owner and start depth, not once per block:
    every container under one owner must get the same answer."""
    checked = 0
    for page in corpus_pages:
        feats = compute_features(page)
        rules = classify_rules(page, feats)
        main, prose, wrappers, prose_all = choose_main(page, feats, rules, classify_density(page, feats))
        if main is None:
            continue
        claimed = _claim_boxes(page, feats, rules, main, _subtree_ends(page)[main], prose_all, prose)
        owners = _Owners(page, claimed, wrappers, frozenset(page.chain(main)))
        for start in (1, len(page.chain(main))):  # outside the article, inside it
            by_owner: dict[int, tuple[object, int]] = {}
            for cid in range(len(page.containers)):
                found = owners.box_verdict(cid, start)
                assert by_owner.setdefault(owners.innermost[cid], found) == found
                checked += 1
    assert checked > 100_000


@settings(max_examples=2000)
@given(st.lists(st.sampled_from(list(Density)), min_size=1, max_size=12), st.data())
def test_neighbour_counts_are_the_plain_ones(classes: list[Density], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(classes) - 1))
    distance = data.draw(st.integers(0, 4))
    needed = data.draw(st.integers(0, 5))
    around = [classes[j] for j in range(max(0, i - distance), min(len(classes), i + distance + 1)) if j != i]
    assert _good_nearby(classes, i, distance) == any(c is Density.GOOD for c in around)
    assert _near_good_run(classes, i, distance, needed) == (
        sum(c is Density.NEAR_GOOD for c in around) >= needed
    )


def plain_teaser_card_blocks(
    page: Page, feats: Features, t: DensityThresholds, folded: str | None
) -> list[int]:
    """The teaser-card test block by block, every total summed first."""
    sums = card_sums(page, feats, t, folded)
    count, chars, linked, dek, headline = (page.subtree_totals(own) for own in sums)
    smallest = page.innermost([c >= 2 for c in count])
    return [
        i
        for i, b in enumerate(page.blocks)
        if (cid := smallest[b.container]) >= 0
        and count[cid] <= t.card_max_blocks
        and chars[cid] <= t.card_max_chars
        and linked[cid]
        and dek[cid] >= t.card_min_dek_chars
        and not headline[cid]
        and page.containers[cid].tag not in NOT_CARD_TAGS
    ]


def test_teaser_cards_are_found_per_container_as_per_block(corpus_pages: list[Page]) -> None:
    found = 0
    for page in corpus_pages:
        feats = compute_features(page)
        headings = [b.text for b in page.blocks if b.kind is BlockKind.HEADING]
        for t in (DENSITY, LENIENT_DENSITY):
            for folded in (None, fold_words(headings[-1]) if headings else None):
                cards = _teaser_card_blocks(page, feats, t, folded)
                assert cards == plain_teaser_card_blocks(page, feats, t, folded)
                found += len(cards)
    assert found > 1000


def test_a_containers_blocks_are_one_run_of_the_page(corpus_pages: list[Page]) -> None:
    """_claim_boxes sums the text and finds the headline of a container over the run of
    blocks from its first, as many as it holds: every block of the run must be its own."""
    runs = 0
    for page in corpus_pages:
        ends = _subtree_ends(page)
        for cid in range(len(page.containers)):
            inside = [b.index for b in page.blocks if cid <= b.container < ends[cid]]
            if inside:
                assert inside == list(range(inside[0], inside[0] + len(inside)))
                runs += 1
    assert runs > 100_000
