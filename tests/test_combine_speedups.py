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
from newsclean.decode import decode_html
from newsclean.density import classify_density
from newsclean.features import compute_features
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
    return [segment(parse_html(decode_html(html)), forced={}, stripped=False) for _, html in body_corpus_pages()]


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
