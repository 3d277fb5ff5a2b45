"""Density-based classification (jusText / boilerpipe lineage).

Two passes, as in jusText: each block alone by length, link density and stopword density
(context-free), then short and borderline blocks revised from their neighbours
(context-sensitive). Thresholds: ``config.DENSITY``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from types import ModuleType
from typing import Any

from . import _accel
from ._accel import slot_maker
from .config import DENSITY, DensityThresholds
from .features import BlockFeatures, Features, fold_words
from .model import BlockKind, Link
from .segment import Page, RawBlock

__all__ = ["Density", "DensityVerdict", "classify_density"]


#: The reason density gives blocks of teaser cards; combine.py makes them related boxes.
TEASER_CARD_REASON = "density:teaser-card (small container led by a linked headline)"


#: Containers that are never a teaser card: a table row is one record of a table (film, year,
#: plot), and a list whose items are one line each is a link list in the text, not a card
#: (the cards of a teaser list are its items).
NOT_CARD_TAGS = frozenset({"tr", "td", "th", "tbody", "thead", "tfoot", "table", "ul", "ol", "dl", "menu"})


#: Suffix of the reason for short blocks next to prose on one side only.
EDGE_OF_PROSE = "; at the edge of prose"


class Density(StrEnum):
    GOOD = "good"  # prose on its own evidence
    NEAR_GOOD = "near-good"  # prose-like but short or thin on stopwords
    SHORT = "short"  # too short to judge alone
    BAD = "bad"  # link list, menu, label


@dataclass(frozen=True, slots=True)
class DensityVerdict:
    initial: Density
    final: Density  # GOOD or BAD after neighbour revision
    reason: str


def _initial(
    chars: int, link_density: float, stop_density: float, t: DensityThresholds
) -> tuple[Density, str]:
    if link_density > t.max_link_density:
        return Density.BAD, f"density:link-density {link_density:.2f}>{t.max_link_density}"
    if chars < t.length_low:
        if link_density > 0:
            return Density.BAD, "density:short-with-link"
        return Density.SHORT, f"density:short {chars}<{t.length_low}"
    if stop_density >= t.stopwords_high:
        if chars > t.length_high:
            return Density.GOOD, f"density:prose {chars} chars, stopwords {stop_density:.2f}"
        return Density.NEAR_GOOD, f"density:near-good {chars} chars, stopwords {stop_density:.2f}"
    if stop_density >= t.stopwords_low:
        return Density.NEAR_GOOD, f"density:near-good stopwords {stop_density:.2f}"
    return Density.BAD, f"density:few-stopwords {stop_density:.2f}<{t.stopwords_low}"


def initial_verdicts(page: Page, features: Features, t: DensityThresholds) -> tuple[list[Density], list[str]]:
    """Every block's class and reason before its neighbours are asked: _density.c's where it
    is built, else python_initial_verdicts'."""
    fast = c_initial_verdicts()
    if fast is not None:
        found = fast(page.blocks, features.blocks, features.has_stoplist, *_threshold_args(t))
        if found is not None:
            return found
    return python_initial_verdicts(page, features, t)


def python_initial_verdicts(
    page: Page, features: Features, t: DensityThresholds
) -> tuple[list[Density], list[str]]:
    """Every block's class and reason before its neighbours are asked (_density.c's reference)."""
    initial: list[Density] = []
    reasons: list[str] = []
    has_stoplist = features.has_stoplist
    for block, f in zip(page.blocks, features.blocks, strict=True):
        cls, why = _initial(f.chars, f.link_density, f.stopword_density if has_stoplist else 1.0, t)
        # a heading is short by nature; jusText lets neighbours decide it
        if cls is Density.BAD and block.kind is BlockKind.HEADING and f.link_density <= t.max_link_density:
            cls, why = Density.SHORT, "density:heading"
        initial.append(cls)
        reasons.append(why)
    return initial, reasons


@lru_cache(maxsize=16)  # one entry per thresholds object in use (DENSITY, LENIENT_DENSITY …)
def _threshold_args(
    t: DensityThresholds,
) -> tuple[tuple[float, float, float, float, float], tuple[str, str, str]]:
    """The thresholds _initial compares with, and the text its reasons give them."""
    numbers = (
        float(t.max_link_density), float(t.length_low), float(t.stopwords_high),
        float(t.length_high), float(t.stopwords_low),
    )  # fmt: skip
    texts = (f">{t.max_link_density}", f"<{t.length_low}", f"<{t.stopwords_low}")
    return numbers, texts


InitialVerdicts = Callable[..., "tuple[list[Density], list[str]] | None"]
CardSums = Callable[..., "tuple[list[int], list[int], list[int], list[int], list[int]] | None"]
ProseSums = Callable[..., "tuple[list[int], list[int]] | None"]


@cache
def _c_density() -> ModuleType | None:
    """_density.c, set up on first use; None where it is not built or switched off
    (``NEWSCLEAN_PURE_PYTHON=1``)."""
    _density = _accel.twin("_density")
    if _density is not None:
        _density.init(
            (Density.BAD, Density.SHORT, Density.NEAR_GOOD, Density.GOOD),
            BlockKind.HEADING,
            (RawBlock, ("kind", "container", "level", "links", "text")),
            (BlockFeatures, ("chars", "words", "stopwords", "link_density")),
            (Link, ("href",)),
            (DensityVerdict, ("final",)),
            fold_words,
        )
    return _density


def _c_function(name: str) -> Any:
    """A function of _density.c, or None where it is not built or switched off."""
    _density = _c_density()
    return getattr(_density, name) if _density is not None else None


def c_initial_verdicts() -> InitialVerdicts | None:
    """_density.c's twin of python_initial_verdicts, or None."""
    found: InitialVerdicts | None = _c_function("initial_verdicts")
    return found


def c_card_sums() -> CardSums | None:
    """_density.c's twin of python_card_sums, or None."""
    found: CardSums | None = _c_function("card_sums")
    return found


def c_block_prose() -> ProseSums | None:
    """_density.c's twin of combine.python_block_prose, or None."""
    found: ProseSums | None = _c_function("block_prose")
    return found


def c_main_sums() -> ProseSums | None:
    """_density.c's twin of combine.python_main_sums, or None."""
    found: ProseSums | None = _c_function("main_sums")
    return found


def classify_density(
    page: Page,
    features: Features,
    thresholds: DensityThresholds = DENSITY,
    *,
    headline: str | None = None,
    outside_flow: Sequence[bool] | None = None,
) -> tuple[DensityVerdict, ...]:
    """Prose or not for every block. ``headline`` is the page's title (metadata): the
    container of the heading that reads so is the article's header, never a teaser card.

    ``outside_flow`` marks blocks that are not part of the text around them (the boxes the
    rules found: an explainer, a related list, an ad between two paragraphs). The other
    blocks are revised from their neighbours as if those were not there: an ad put between
    two paragraphs must not push a borderline paragraph away from the prose it belongs to.
    The marked blocks themselves are revised among all blocks, as without the mark."""
    t = thresholds
    initial, reasons = initial_verdicts(page, features, t)

    for i in _teaser_card_blocks(page, features, t, fold_words(headline) if headline else None):
        initial[i] = Density.BAD
        reasons[i] = TEASER_CARD_REASON

    kinds = [b.kind for b in page.blocks]
    final, final_reasons = _revise(initial, reasons, kinds, t)
    if outside_flow is not None and any(outside_flow):
        flow = [i for i, outside in enumerate(outside_flow) if not outside]
        revised, revised_reasons = _revise(
            [initial[i] for i in flow], [reasons[i] for i in flow], [kinds[i] for i in flow], t
        )
        for k, i in enumerate(flow):
            final[i], final_reasons[i] = revised[k], revised_reasons[k]
    return tuple(map(slot_maker(DensityVerdict), initial, final, final_reasons))


def _revise(
    initial: list[Density], initial_reasons: list[str], kinds: list[BlockKind], t: DensityThresholds
) -> tuple[list[Density], list[str]]:
    """The context-sensitive pass over one sequence of blocks: every block good or bad."""
    n = len(initial)
    final = list(initial)
    reasons = list(initial_reasons)
    # the enum members in locals: on CPython 3.11 ``Density.GOOD`` is a call through the
    # enum's metaclass (about 150 ns), which the loops below would pay per block
    good, near_good, short, bad = Density.GOOD, Density.NEAR_GOOD, Density.SHORT, Density.BAD
    # near-good blocks count as good where a good block is close by, else as bad; unlike
    # jusText, a run of near-good blocks vouches for itself: sites that write in short
    # paragraphs have no single block long enough to be good alone
    for i in [i for i, cls in enumerate(initial) if cls is near_good]:
        final[i] = (
            good
            if _good_nearby(initial, i, t.max_neighbour_distance)
            or _near_good_run(initial, i, t.max_neighbour_distance, t.near_good_run)
            else bad
        )
    # short blocks take the class of their nearest decided neighbours: good only when the
    # nearest non-short block on both sides is good (or one side is good, the other absent).
    # Only a fifth of the blocks are short: they are decided run by run, the rest keep theirs.
    shorts = [i for i, cls in enumerate(final) if cls is short]
    heading = BlockKind.HEADING
    k = 0
    while k < len(shorts):
        start = end = shorts[k]
        while k < len(shorts) and shorts[k] == end:
            end += 1
            k += 1
        before = final[start - 1] if start else None  # neither is short: the run is all of them
        after = final[end] if end < n else None
        for i in range(start, end):
            why = reasons[i]
            if before is good and (after is good or after is None) or (before is None and after is good):
                final[i], reasons[i] = good, why + "; between prose"
            elif before is good or after is good:
                # at the edge of the prose: headings belong to what follows, other short
                # lines (sign-offs, labels) to what surrounds them
                if kinds[i] is heading and after is good:
                    final[i], reasons[i] = good, why + "; heading before prose"
                else:
                    final[i], reasons[i] = bad, why + EDGE_OF_PROSE
            else:
                final[i], reasons[i] = bad, why + "; no prose around"
    return final, reasons


def _teaser_card_blocks(
    page: Page, features: Features, t: DensityThresholds, folded_headline: str | None
) -> list[int]:
    """Blocks of teaser cards: the smallest container around a block that holds two to
    ``card_max_blocks`` blocks, at most ``card_max_chars`` characters, and a block that is
    (almost) all link — a linked headline with its dek and timestamp. An article's
    paragraphs sit in a container of many blocks, so they never match."""
    own_count, own_chars, own_linked, own_dek, own_headline = card_sums(page, features, t, folded_headline)
    count = page.subtree_totals(own_count)
    smallest = page.innermost([c >= 2 for c in count])
    # the test is the container's: asked once per container that is some block's smallest,
    # the totals it needs last summed only where the cheap ones leave a candidate
    block_smallest = [smallest[b.container] for b in page.blocks]
    candidates = set(block_smallest)
    candidates.discard(-1)
    chars = page.subtree_totals(own_chars)
    max_blocks, max_chars = t.card_max_blocks, t.card_max_chars
    cards = {cid for cid in candidates if count[cid] <= max_blocks and chars[cid] <= max_chars}
    if cards:
        linked, dek, headline = (page.subtree_totals(own) for own in (own_linked, own_dek, own_headline))
        containers = page.containers
        cards = {
            cid
            for cid in cards
            if linked[cid]
            and dek[cid] >= t.card_min_dek_chars
            and not headline[cid]
            and containers[cid].tag not in NOT_CARD_TAGS
        }
    if not cards:
        return []
    return [i for i, cid in enumerate(block_smallest) if cid in cards]


def card_sums(
    page: Page, features: Features, t: DensityThresholds, folded_headline: str | None
) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """Per container, the sums of its own blocks the teaser-card test adds up: _density.c's
    where it is built, else python_card_sums'."""
    fast = c_card_sums()
    if fast is not None:
        found = fast(page.blocks, features.blocks, len(page.containers), t.card_link_density, folded_headline)
        if found is not None:
            return found
    return python_card_sums(page, features, t, folded_headline)


def python_card_sums(
    page: Page, features: Features, t: DensityThresholds, folded_headline: str | None
) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """Per container, of its own blocks (not its descendants'): how many, their characters,
    how many are linked headlines, the unlinked characters and the page's headlines. The
    reference of _density.c's card_sums."""
    n = len(page.containers)
    count = [0] * n
    chars = [0] * n
    linked = [0] * n
    dek = [0] * n  # unlinked text: a menu of links has none, a teaser card its dek
    # the article's own header (an h1, or the heading that is the title) is never a card; a
    # short blog post is a linked title over a few lines, the shape of a card
    headline = [0] * n
    card_link_density = t.card_link_density
    for b, f in zip(page.blocks, features.blocks, strict=True):
        cid = b.container
        count[cid] += 1
        chars[cid] += f.chars
        # a link to a place on this page ("#block-6791", "Copy link") leads to no other article
        if f.link_density >= card_link_density and not all(link.href.startswith("#") for link in b.links):
            linked[cid] += 1
        else:
            dek[cid] += f.chars
        if b.kind is BlockKind.HEADING and (
            b.level == 1 or (folded_headline is not None and fold_words(b.text) == folded_headline)
        ):
            headline[cid] += 1
    return count, chars, linked, dek, headline


# The neighbours are counted by list methods, which compare by ==: two Density members are
# equal only when they are the same member, their values being distinct.
def _near_good_run(classes: list[Density], i: int, distance: int, needed: int) -> bool:
    """Whether at least ``needed`` of the blocks within ``distance`` of block ``i`` are near-good."""
    near_good = Density.NEAR_GOOD
    lo = max(0, i - distance)
    return classes[lo:i].count(near_good) + classes[i + 1 : i + distance + 1].count(near_good) >= needed


def _good_nearby(classes: list[Density], i: int, distance: int) -> bool:
    """Whether a block within ``distance`` of block ``i`` is good."""
    lo = max(0, i - distance)
    return Density.GOOD in classes[lo:i] or Density.GOOD in classes[i + 1 : i + distance + 1]
