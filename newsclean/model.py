"""The values newsclean hands back: frozen dataclasses, safe to share and compare.

A ``Document`` holds every text block of the page in order (``blocks``), each with the
``Label`` the classifiers gave it and the ``reasons`` why; the article body (``text``) and the
``boxes`` (explainers, related teasers, ads) are views over those blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

__all__ = ["Label", "BlockKind", "BoxKind", "Link", "Block", "Box", "Document"]


class Label(StrEnum):
    """What a block *is* on the page; decided by ``combine.py``."""

    BODY = "body"  # running text of the article (paragraphs, lists, quotes, tables)
    HEADING = "heading"  # a subheading inside the article body
    TITLE = "title"  # the article's headline
    KICKER = "kicker"  # overline / dachzeile above the headline
    LEAD = "lead"  # standfirst / teaser paragraph; also part of the body text
    BYLINE = "byline"  # author, date, source line
    CAPTION = "caption"  # figure caption or photo credit
    EXPLAINER = "explainer"  # block inside an explainer / fact box
    RELATED = "related"  # block inside a related-article teaser or link list
    AD = "ad"  # block inside an advertisement / sponsored / partner widget
    BOILERPLATE = "boilerplate"  # navigation, footer, share bar, newsletter prompt, comments …


#: Labels whose blocks make up ``Document.text``.
BODY_LABELS = frozenset({Label.BODY, Label.HEADING, Label.LEAD})


class BlockKind(StrEnum):
    """The structural shape of a block, independent of its label."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    PREFORMATTED = "preformatted"
    TABLE_ROW = "table_row"
    CAPTION = "caption"


class BoxKind(StrEnum):
    EXPLAINER = "explainer"
    RELATED = "related"
    AD = "ad"


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink inside a block's text: ``block.text[start:end]`` is the anchor text."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Block:
    """One text block of the page, in page order."""

    index: int
    text: str
    kind: BlockKind
    label: Label
    reasons: tuple[str, ...] = ()
    level: int = 0  # heading level 1-6 for headings, nesting depth for list items
    group: int | None = None  # blocks of one list or table share a group id
    ordered: bool = False  # list items of an <ol>
    cells: tuple[str, ...] = ()  # table rows: the cell texts
    header_row: bool = False  # table rows made of <th> cells
    links: tuple[Link, ...] = ()
    box: int | None = None  # index into ``Document.boxes``
    link_density: float = 0.0

    @property
    def in_body(self) -> bool:
        return self.label in BODY_LABELS


@dataclass(frozen=True, slots=True)
class Box:
    """An explainer, related teaser or ad that sat in or around the article."""

    kind: BoxKind
    title: str | None
    text: str
    blocks: tuple[Block, ...]
    reasons: tuple[str, ...]
    position: int  # index (into the body blocks) of the body block it followed; -1: before all

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "title": self.title,
            "text": self.text,
            "reasons": list(self.reasons),
            "position": self.position,
            "blocks": [b.index for b in self.blocks],
        }


BoxPlacement = Literal["none", "inline", "end"]


@dataclass(frozen=True, slots=True)
class Document:
    """The result of one ``extract`` call."""

    text: str
    blocks: tuple[Block, ...] = ()
    boxes: tuple[Box, ...] = ()
    title: str | None = None
    kicker: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    url: str | None = None
    description: str | None = None
    image: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    lead: str | None = None
    source: str | None = None  # agency / desk credit (dpa, Reuters, Redaktion …), never a person
    metadata_sources: dict[str, str] = field(default_factory=dict)  # field -> where it came from
    empty_reason: str | None = None  # set when ``text`` is empty: why
    extractor: str = "combined"  # which classifier family decided: rules, density, combined

    @property
    def body_blocks(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.in_body)

    def to_text(self) -> str:
        from .render import render_text

        return render_text(self)

    def to_markdown(self, *, boxes: BoxPlacement = "none") -> str:
        from .render import render_markdown

        return render_markdown(self, boxes=boxes)

    def to_html(self, *, boxes: BoxPlacement = "none") -> str:
        from .render import render_html

        return render_html(self, boxes=boxes)

    def to_dict(self) -> dict[str, Any]:
        from .render import render_dict

        return render_dict(self)
