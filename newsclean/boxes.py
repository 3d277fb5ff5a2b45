"""Grouping explainer / related / ad blocks into ``Box`` values with their positions.

Blocks that share a box container (``BlockLabel.box_key``) form one box; a run of box blocks
without a common container (marker phrases) forms one box per run and kind. A box's title is
its first heading, or its marker line; its position is the index of the body block it
followed (-1: before the first), so ``to_markdown(boxes="inline")`` can put it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from .combine import Labelling
from .model import BODY_LABELS, Block, BlockKind, Box, BoxKind, Label
from .rules import Verdict, tables
from .segment import Page

__all__ = ["box_runs", "make_boxes", "BoxRun", "BOX_LABELS"]

BOX_LABELS = {Label.EXPLAINER: BoxKind.EXPLAINER, Label.RELATED: BoxKind.RELATED, Label.AD: BoxKind.AD}
# Longest title a box's first line may give it: a longer first line is text, not a title.
MAX_TITLE_CHARS = 120


@dataclass(slots=True)
class BoxRun:
    """The blocks of one box: their indices, their label, and the body block they follow."""

    members: list[int]
    label: Label
    position: int  # index (into the body blocks) of the body block it followed; -1: before all


def _same_box(label: Label, key: int | None, last: tuple[Label, int | None] | None, page: Page) -> bool:
    """Whether a box block continues the box of the block before it. Keys are the container
    that made a block a box (None or negative: a marker or density, no container of its own).
    Nested containers are one box; sibling containers are one box for ads and teaser lists
    (a grid of tiles), separate boxes for explainers. A box ``Document.to_html`` wrote is one
    box, whatever stands next to it: its neighbours were separate boxes when it was written."""
    if last is None or last[0] is not label:
        return False
    a, b = last[1], key
    if a is None or b is None or a < 0 or b < 0 or a == b:
        return True
    chain_a, chain_b = page.chain(a), page.chain(b)
    if a in chain_b or b in chain_a:
        return True
    if _written_box(page, a) or _written_box(page, b):
        return False
    return label is not Label.EXPLAINER and page.containers[a].parent == page.containers[b].parent


def _written_box(page: Page, container: int) -> bool:
    forced = page.containers[container].forced
    return isinstance(forced, Verdict) and forced.rule.startswith(f"{tables().own_box.name}:")


def box_runs(labelling: Labelling, page: Page) -> list[BoxRun]:
    """Which blocks make up each box, in page order: the runs of explainer, related and ad
    blocks the labelling gives, from the labels alone (so that each Block is made once,
    already knowing its box)."""
    runs: list[BoxRun] = []
    body_seen = -1
    last_key: tuple[Label, int | None] | None = None
    for i, lab in enumerate(labelling.blocks):
        label = lab.label
        if label in BODY_LABELS:
            body_seen += 1
            last_key = None
            continue
        if label not in BOX_LABELS:
            # captions, bylines and chrome between two box blocks do not split the box
            continue
        key = (label, lab.box_key)
        if not runs or not _same_box(label, key[1], last_key, page):
            runs.append(BoxRun([i], label, body_seen))
        else:
            runs[-1].members.append(i)
        last_key = key
    return runs


def make_boxes(blocks: list[Block], runs: list[BoxRun]) -> list[Box]:
    """The Box of each run, over blocks that already carry their box index."""
    boxes: list[Box] = []
    for run in runs:
        members_blocks = tuple(blocks[i] for i in run.members)
        first = members_blocks[0]
        title = None
        if first.kind is BlockKind.HEADING or (
            len(members_blocks) > 1 and len(first.text) <= MAX_TITLE_CHARS
        ):
            title = first.text
        reasons = tuple(dict.fromkeys(r for b in members_blocks for r in b.reasons if r.startswith("rule:")))
        boxes.append(
            Box(
                kind=BOX_LABELS[run.label],
                title=title,
                text="\n".join(b.text for b in members_blocks),
                blocks=members_blocks,
                reasons=reasons or members_blocks[0].reasons,
                position=run.position,
            )
        )
    return boxes
