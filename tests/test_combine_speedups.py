"""The shortcuts the combine, density and assemble stages take must give what the general
path gives."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.assemble import _join, _joins_to_origin, _origin

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
