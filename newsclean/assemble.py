"""Labels + metadata → the ``Document``: Block values, boxes grouped, body text joined."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from urllib.parse import urljoin, urlsplit

from . import _accel
from ._accel import slot_maker
from .boxes import box_runs, make_boxes
from .combine import BlockLabel, Labelling
from .metadata import DESK_CREDIT, Metadata, credit_line_authors
from .model import BODY_LABELS, Block, BlockKind, Document, Label, Link
from .render import body_text
from .segment import Page, RawBlock

__all__ = ["assemble"]

#: Blocks after the article's last body block still read for its author credit ("Text: Anna
#: Muster" set apart in a byline or credit line, before the tags and the comments).
CREDIT_TAIL_BLOCKS = 5
#: Labels a credit line in the article can have: running text, or a line of its own.
CREDIT_LABELS = frozenset({*BODY_LABELS, Label.BYLINE, Label.BOILERPLATE})


def _resolver(base_url: str | None):
    origin = _origin(base_url)
    resolved: dict[str, str] = {}  # a page links the same targets many times
    make_link = slot_maker(Link)  # a frozen dataclass's own __init__ costs ten times as much

    def resolve(links: tuple[Link, ...]) -> tuple[Link, ...]:
        if not base_url or not links:
            return links
        out = []
        for ln in links:
            href = ln.href
            if href and not href.startswith(("http://", "https://", "#", "mailto:")):
                target = resolved.get(href)
                if target is None:
                    target = resolved[href] = _join(base_url, origin, href)
                if target != href:
                    ln = make_link(ln.start, ln.end, target)
            out.append(ln)
        return tuple(out)

    return resolve


def _origin(base_url: str | None) -> str | None:
    """"scheme://host" of an http(s) ``base_url``, as ``urljoin`` reads it; otherwise None."""
    if not base_url:
        return None
    try:
        parts = urlsplit(base_url)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def _join(base_url: str, origin: str | None, href: str) -> str:
    """``urljoin(base_url, href)``, or ``href`` where that raises (a malformed IPv6 host and
    the like: the target is kept as written). The common root-relative link skips urljoin."""
    if origin is not None and _joins_to_origin(href):
        return origin + href
    try:
        return urljoin(base_url, href)
    except ValueError:
        return href


def _joins_to_origin(href: str) -> bool:
    """Whether ``urljoin`` of ``href`` onto an http(s) base gives the base's origin + ``href``:
    a path from the root ("/a/b.html?q=1#top", not "//host/…") with nothing urljoin would
    rewrite: no dot segment and no ";" parameters to resolve, no tab or line break (which
    urlsplit removes), no empty query or fragment (a bare "?" or "#", which urlunsplit drops)."""
    if href[:1] != "/" or href[:2] == "//" or "\t" in href or "\r" in href or "\n" in href:
        return False
    before_fragment, hash_mark, fragment = href.partition("#")
    path, question_mark, query = before_fragment.partition("?")
    return (
        (not hash_mark or fragment != "")
        and (not question_mark or query != "")
        and ";" not in path
        and "/." not in path
    )


def _article_credit(blocks: list[Block], body: list[Block]) -> list[str]:
    """Authors named under a label in the article ("Text: Anna Muster", "Autor: …"), for a
    page whose markup names none: from the first body block to a few blocks past the last,
    list items aside (a list's "Autor:" is a book's or a game's), boxes and captions aside."""
    if not body:
        return []
    first, last = body[0].index, body[-1].index + CREDIT_TAIL_BLOCKS
    return credit_line_authors(
        b.text
        for b in blocks
        if first <= b.index <= last and b.label in CREDIT_LABELS and b.kind is not BlockKind.LIST_ITEM
    )


Resolve = Callable[[tuple[Link, ...]], tuple[Link, ...]]
# the RawBlock fields _slots.c's blocks() reads, in the order it reads them
_RAW_BLOCK_FIELDS = (
    "index", "text", "kind", "level", "group", "ordered", "cells", "header_row", "links", "link_chars",
)  # fmt: skip


@cache
def _c_blocks() -> Callable[..., list[Block] | None] | None:
    """_slots.c's twin of python_blocks, set up on first use; None where it is not built or
    switched off."""
    _slots = _accel.twin("_slots")
    if _slots is None:
        return None
    _slots.init_blocks(
        (Block, _accel.field_names(Block)),
        (RawBlock, _RAW_BLOCK_FIELDS),
        (BlockLabel, ("label", "reasons")),
    )
    blocks: Callable[..., list[Block] | None] = _slots.blocks
    return blocks


def _blocks(
    page: Page, labelling: Labelling, box_of: list[int | None], resolve: Resolve
) -> list[Block]:
    """The Document's blocks: _slots.c's blocks() where it is built, else python_blocks."""
    fast = _c_blocks()
    if fast is not None:
        found = fast(page.blocks, labelling.blocks, box_of, resolve, Label.BOILERPLATE)
        if found is not None:
            return found
    return python_blocks(page, labelling, box_of, resolve)


def python_blocks(
    page: Page, labelling: Labelling, box_of: list[int | None], resolve: Resolve
) -> list[Block]:
    """One Block per block of the page, from its RawBlock and its label; ``box_of``: per block,
    its index in the Document's boxes or None; ``resolve`` makes link targets absolute."""
    make_block = slot_maker(Block)  # all of Block's fields, in order
    # on CPython 3.11 reading ``Label.BOILERPLATE`` is a call through the enum's metaclass
    # (about 150 ns): read once, not once per block
    boilerplate = Label.BOILERPLATE
    return [
        make_block(
            raw.index,
            raw.text,
            raw.kind,
            lab.label,
            lab.reasons,
            raw.level,
            raw.group,
            raw.ordered,
            raw.cells,
            raw.header_row,
            # resolving costs a urljoin per link: only for text that is handed back
            resolve(raw.links) if raw.links and lab.label is not boilerplate else raw.links,
            box,
            round(raw.link_chars / len(raw.text), 4) if raw.link_chars and raw.text else 0.0,
        )
        # a block's index is its place in the page (segment numbers them so)
        for raw, lab, box in zip(page.blocks, labelling.blocks, box_of, strict=True)
    ]


def assemble(
    page: Page,
    labelling: Labelling,
    meta: Metadata,
    *,
    extractor: str = "combined",
    base_url: str | None = None,
    detected_language: str | None = None,
) -> Document:
    resolve = _resolver(base_url)
    runs = box_runs(labelling, page)
    box_of: list[int | None] = [None] * len(page.blocks)
    for box, run in enumerate(runs):
        for i in run.members:
            box_of[i] = box
    blocks = _blocks(page, labelling, box_of, resolve)
    boxes = make_boxes(blocks, runs)
    body = [b for b in blocks if b.label in BODY_LABELS]
    text = body_text(body)
    empty_reason = labelling.empty_reason
    if not text and empty_reason is None:
        empty_reason = "every text block of the page was classified as something other than article body"
    lead_label, title_label, kicker_label = Label.LEAD, Label.TITLE, Label.KICKER  # one read each
    lead = next((b.text for b in body if b.label is lead_label), None)
    title_block = next((b for b in blocks if b.label is title_label), None)
    title = meta.title or (title_block.text if title_block else None)
    sources = dict(meta.sources)
    authors = meta.authors
    if not authors or sources.get("authors", "").startswith(DESK_CREDIT):
        # A person credited in the article's text outranks a desk credit.
        credited = _article_credit(blocks, body)
        if credited:
            authors = tuple(credited)
            sources["authors"] = "credit line in article"
    if not meta.language and detected_language:
        sources["language"] = "stopwords"
    if not meta.title and title_block is not None:
        sources["title"] = "heading-h1"
    return Document(
        text=text,
        blocks=tuple(blocks),
        boxes=tuple(boxes),
        title=title,
        kicker=meta.kicker or next((b.text for b in blocks if b.label is kicker_label), None),
        authors=tuple(authors),
        date=meta.date,
        modified=meta.modified,
        site_name=meta.site_name,
        language=meta.language or detected_language,
        url=meta.url,
        description=meta.description,
        image=meta.image,
        categories=tuple(meta.categories),
        tags=tuple(meta.tags),
        lead=lead,
        source=meta.source,
        metadata_sources=sources,
        empty_reason=empty_reason if not text else None,
        extractor=extractor,
    )
