"""Rule verdicts + density verdicts → one label per block. The precedence, written once:

1. A user's forced verdict (``Rules``) wins over everything.
2. The main container: the element whose prose (density-good text outside rule-negative
   sub-containers) minus a penalty for its other text is largest, with a bonus where the
   markup names it the article (``choose_main``). Blocks outside it are boilerplate, except
   the headline and prose siblings right next to it.
3. Inside it, the innermost container with a rule verdict decides (caption, byline, box
   kinds, boilerplate …); a marker phrase on the block itself comes before containers.
4. Otherwise density decides: good → body, bad → boilerplate; lists, tables and quotes in
   the main container stay body unless they are link lists.
5. Subheadings with no body text after them are boilerplate, unless they are sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import compress
from types import ModuleType
from typing import NamedTuple

import regex

from . import _accel
from ._accel import slot_maker
from .config import DENSITY, MAIN, MainContentThresholds
from .density import EDGE_OF_PROSE, TEASER_CARD_REASON, Density, DensityVerdict, c_block_prose, c_main_sums
from .features import Features, fold_words
from .metadata import Metadata
from .model import BlockKind, Label
from .rules import (
    ARTICLE_ELEMENT_RULES,
    BOX_VERDICTS,
    TEASER_BOX_TOKENS,
    RuleVerdicts,
    Verdict,
    normalise_marker,
    tables,
)
from .segment import HEADING_LEVEL, Container, Page, RawBlock

__all__ = ["BlockLabel", "Labelling", "combine"]

# The markup that names the article body itself (schema.org articleBody), not just an
# article or main region: the strongest hint a page gives.
ARTICLE_BODY_RULES = frozenset({"itemprop-articlebody"})
# Verdicts that take a container's text out of the prose when choosing the main container.
NEGATIVE = frozenset({"boilerplate", "related", "ad", "caption", "byline", "explainer"})
# Rule group of comment threads (rules.toml), which a forum page is made of.
COMMENT_RULE = "comments-tokens:"
# ... and the prose its posts must hold for a thread page: a comment form and a few replies
# under a short blog post stay well below it (under 600 characters in the corpora), a forum
# thread or live ticker is thousands.
THREAD_MIN_CHARS = 2000
# Sections of the named article sharing one negative class are its layout when at least this
# many of them hold WRAPPER_PROSE_SHARE of its prose: one "related" or "ad" box is never more
# than a single container or two.
MIN_LAYOUT_SECTIONS = 3
# ... of these verdicts: a gallery's captions are its text, but its item headings would then
# read as teaser cards
LAYOUT_VERDICTS = NEGATIVE - {"caption"}
# A container holding at least this share of the page's prose is a wrapper, whatever its
# class says ("page has-sidebar", "content-with-ads"): its negative verdict is ignored.
WRAPPER_PROSE_SHARE = 0.5
# ... but a box the markup names inside the article (a "factbox" with a speech's transcript)
# may outweigh the report around it: it is a wrapper only when it holds this share of the
# article's prose, leaving too little beside it to be an article of its own.
INNER_BOX_WRAPPER_SHARE = 0.75
VERDICT_LABEL = {
    "boilerplate": Label.BOILERPLATE,
    "drop": Label.BOILERPLATE,
    "caption": Label.CAPTION,
    "byline": Label.BYLINE,
    "explainer": Label.EXPLAINER,
    "related": Label.RELATED,
    "ad": Label.AD,
    "kicker": Label.KICKER,
    "title": Label.TITLE,
}
# A user's selector (rules.Rules) wins over every built-in rule and over density.
USER_RULE = "user-selector"
USER_LABEL = {"body": Label.BODY, "drop": Label.BOILERPLATE}
# Kinds of blocks that are body inside the main container even when short or stopword-poor.
STRUCTURED_KINDS = frozenset(
    {BlockKind.LIST_ITEM, BlockKind.TABLE_ROW, BlockKind.QUOTE, BlockKind.PREFORMATTED}
)
# ... and count as text against the article's place only when more of them than this is links.
STRUCTURED_MAX_LINK_DENSITY = 0.5
# Suffix of the rule name of a container that _claim_boxes made a box for the marker heading it.
MARKER_HEADING = "-heading"
# Suffix of the rule name of a box-like container that _claim_boxes made a box by its shape.
TITLED_BOX = "+titled-box"
# Box kinds reported even outside the article: ads and teaser lists are page-level too;
# an "explainer" outside the article is a sidebar more often than not.
OUTSIDE_BOX_VERDICTS = frozenset({"ad", "related"})
# Verdicts that name a part of a teaser tile (its card, image caption, date, dek, headline
# wrapper); inside an ad or related container the container decides.
TEASER_PARTS = frozenset({"box", "caption", "byline", "lead", "kicker", "title"})
# How many teaser links a related marker heading takes along at most.
MAX_LINKS_UNDER_MARKER = 20
# A heading of at least this many words that ends like a sentence is text, not a title.
SENTENCE_HEADING_MIN_WORDS = 8
# Explainer boxes are short: a titled container with more blocks than this is a section.
MAX_BOX_BLOCKS = 40
# An ad label ("Anzeige") anywhere in a container this small makes the container an ad tile.
AD_TILE_MAX_BLOCKS = 5
AD_TILE_MAX_CHARS = 600
# An <article> of that size outside the article, mostly links, is a teaser tile.
ARTICLE_TILE_REASON = "article-tile-mostly-links"
# A container this short holding a marker is a box's title bar, not the box.
TITLE_BAR_MAX_CHARS = 120
# Tag rules a tile of that size may carry and still be claimed by its ad label.
TILE_TAG_RULES = frozenset({"tag-article"})
# Marker rule (rules.toml) of a shop's call to action: it ends a product tile, it never sits in
# the title bar of a larger box.
CALL_TO_ACTION_RULE = "marker-ad-cta"
# A marker with `item_words` (rules.toml) heads a box only if this share of the box's other
# blocks, and at least ITEM_WORDS_MIN_BLOCKS of them, hold one of the words.
ITEM_WORDS_SHARE = 0.6
ITEM_WORDS_MIN_BLOCKS = 3
# A "box" holding this share of the article's prose is the article, not a box.
MAX_BOX_PROSE_SHARE = 0.5
# Longest first line that reads as a box title.
MAX_BOX_TITLE_CHARS = 80
# Long sentences with many stopwords inside the article are prose up to this link density.
LINKED_PROSE_MIN_CHARS = 100
LINKED_PROSE_MAX_LINK_DENSITY = 0.85
# A line inside the article that is (almost) all link and has this many words is a teaser
# link to another article; fewer words are a tag, an author, a "more" link.
LINKED_HEADLINE_MIN_LINK_DENSITY = 0.8
LINKED_HEADLINE_MIN_WORDS = 4
# A linked cell is a record of a table (a film title, a product), never a teaser line.
TABLE_CELL_TAGS = frozenset({"td", "th"})
# Reason of the blocks an explainer marker heading takes as the section it opens.
SECTION_UNDER_MARKER = "section-under-marker-heading"
# ... and of such a heading over too much of the article to be a box: a subheading.
MARKER_OVER_ARTICLE = "marker-heading-over-article-text"
# A standfirst is one or two paragraphs; more "lead" blocks are a teaser list.
MAX_LEAD_BLOCKS = 2
# In the article head a short line next to prose is body only as a sentence of this many words
# ("When I woke up, there was nothing."); kickers and reading times are fewer or no sentence.
HEAD_SENTENCE_MIN_WORDS = 4
# A box-like container (aside, "box", "teaser", also one classed as an explainer: a "textbox"
# of dossier links) is a link list when this much of it is links.
BOX_LINK_DENSITY = 0.5
# ENUM_READS: the per-block loops read the enum members they compare with into locals first:
# on CPython 3.11 ``Label.BODY`` is a call through the enum's metaclass, 100-160 ns a read,
# which a loop over every block of every page pays again and again.


@dataclass(frozen=True, slots=True)
class BlockLabel:
    label: Label
    reasons: tuple[str, ...]
    box_key: int | None = None  # the container that makes it a box (blocks of one box share it)


# one per block: _slots.c's constructor where built, BlockLabel itself otherwise; every field
# positional, box_key too
_block_label = slot_maker(BlockLabel)


class Labelling(NamedTuple):
    blocks: tuple[BlockLabel, ...]
    main: int | None
    empty_reason: str | None


def choose_main(
    page: Page,
    features: Features,
    rules: RuleVerdicts | None,
    density: tuple[DensityVerdict, ...] | None,
    t: MainContentThresholds = MAIN,
) -> tuple[int | None, float, frozenset[int], list[int]]:
    """The container id of the article, its prose in characters, and the containers whose
    negative verdict is ignored because they wrap most of the page's prose."""
    n = len(page.containers)
    good, prose_all = _block_prose(page, features, density)
    prose_all = page.subtree_totals(prose_all)
    page_prose = prose_all[0] if n else 0
    wrappers: set[int] = set()
    negative = [False] * n
    if rules is not None:
        rated = [(c, v) for c, v in enumerate(rules.containers) if v is not None]
        # a layout class ("sidebar_right", "--modalMinWidth") on an element around the
        # element the markup names the article does not make the article chrome: such a
        # negative container is a wrapper when the largest named article holds most of its
        # prose (only the largest: WordPress wraps every comment in an <article> as well)
        named = max(
            (c for c, v in rated if v.verdict == "content"),
            key=prose_all.__getitem__,
            default=None,
        )
        wrapped: set[int] = set()
        around_named: tuple[int, ...] = ()
        named_end = 0  # containers named..named_end-1 are the named article's subtree
        if named is not None and prose_all[named] >= t.min_article_chars:
            around_named = page.chain(named)
            named_end = _subtree_ends(page)[named]
            groups = _named_article_groups(page, rules, prose_all, named, named_end)
            wrapped |= _thread_posts(groups, prose_all[named], t)
            wrapped |= _layout_sections(groups, prose_all[named])
            for a in around_named[:-1]:
                av = rules.containers[a]
                share = prose_all[named] / prose_all[a]
                if av is not None and av.verdict in NEGATIVE and share >= WRAPPER_PROSE_SHARE:
                    wrapped.add(a)
        for i, verdict in rated:
            if verdict.verdict in NEGATIVE:
                most = bool(prose_all[i]) and prose_all[i] >= WRAPPER_PROSE_SHARE * page_prose
                if most and named is not None and around_named:
                    # ... but not one apart from the named article: a consent dialog or a
                    # comment thread can hold more text than a short article does
                    most = i in around_named or named <= i < named_end
                    if most and named < i and verdict.verdict in BOX_VERDICTS:
                        most = prose_all[i] >= INNER_BOX_WRAPPER_SHARE * prose_all[named]
                if most or i in wrapped:
                    wrappers.add(i)
                else:
                    negative[i] = True
    prose, total = _main_sums(page, features, good, page.innermost(negative))
    prose = page.subtree_totals(prose)
    total = page.subtree_totals(total)
    best, best_score = None, 0.0
    for cid in compress(range(n), prose):  # the containers with prose
        score = prose[cid] - t.boilerplate_penalty * (total[cid] - prose[cid])
        if rules is not None:
            v = rules.containers[cid]
            if v is not None and v.verdict == "content":
                score *= t.article_body_bonus if v.rule in ARTICLE_BODY_RULES else t.hinted_bonus
        if density is None:  # rules alone: only marked-up containers are candidates
            v = rules.containers[cid] if rules is not None else None
            if cid and (v is None or v.verdict != "content"):
                continue
        if score > best_score:
            best, best_score = cid, score
    return best, float(prose[best]) if best is not None else 0.0, frozenset(wrappers), prose_all


def _block_prose(
    page: Page, features: Features, density: tuple[DensityVerdict, ...] | None
) -> tuple[list[int], list[int]]:
    """_density.c's block_prose where it is built, else python_block_prose."""
    fast = c_block_prose()
    if fast is not None:
        found = fast(page.blocks, features.blocks, density, len(page.containers))
        if found is not None:
            return found
    return python_block_prose(page, features, density)


def python_block_prose(
    page: Page, features: Features, density: tuple[DensityVerdict, ...] | None
) -> tuple[list[int], list[int]]:
    """Per block, its characters if density calls it prose (without density: all of them);
    per container, the sum of those of its own blocks."""
    if density is None:
        good = [f.chars for f in features.blocks]
    else:
        prose_class = Density.GOOD  # see ENUM_READS
        good = [
            f.chars if d.final is prose_class else 0 for f, d in zip(features.blocks, density, strict=True)
        ]
    own = [0] * len(page.containers)
    for block, chars in zip(page.blocks, good, strict=True):
        own[block.container] += chars
    return good, own


def _main_sums(
    page: Page, features: Features, good: list[int], under_negative: list[int]
) -> tuple[list[int], list[int]]:
    """_density.c's main_sums where it is built, else python_main_sums."""
    fast = c_main_sums()
    if fast is not None:
        found = fast(
            page.blocks, features.blocks, good, under_negative, STRUCTURED_KINDS, STRUCTURED_MAX_LINK_DENSITY
        )
        if found is not None:
            return found
    return python_main_sums(page, features, good, under_negative)


def python_main_sums(
    page: Page, features: Features, good: list[int], under_negative: list[int]
) -> tuple[list[int], list[int]]:
    """Per container, the prose (``good``: a block's prose characters) and all the text of its
    own blocks that count for choosing the article; ``under_negative``: per container, the
    innermost negative container around it, or -1."""
    n = len(page.containers)
    prose = [0] * n
    total = [0] * n
    for block, f, chars in zip(page.blocks, features.blocks, good, strict=True):
        cid = block.container
        # prose below a negative container does not count for it nor for its ancestors
        if chars and under_negative[cid] < 0:
            prose[cid] += chars
            total[cid] += chars
        # rows of a data table and items of a list are neither prose nor chrome unless they
        # are links: a page whose content is a table must not lose to a single footnote
        elif block.kind not in STRUCTURED_KINDS or f.link_density > STRUCTURED_MAX_LINK_DENSITY:
            total[cid] += f.chars
    return prose, total


def _is_named_article(page: Page, rules: RuleVerdicts | None, main: int, folded_title: str | None) -> bool:
    """Whether the markup says ``main`` is the article: a ``content`` verdict on it, or the
    headline inside it (an <h1> matching the title, or any heading equal to the title).
    ``folded_title``: the page's title (metadata) as ``fold_words`` gives it, None without one."""
    if rules is not None and (v := rules.containers[main]) is not None and v.verdict == "content":
        return True
    main_end = _subtree_ends(page)[main]
    heading_kind = BlockKind.HEADING  # see ENUM_READS; a title is a heading
    return any(
        main <= b.container < main_end
        for b in page.blocks
        if b.kind is heading_kind
        and (
            _is_title(b, folded_title, seen_h1=True)
            or (folded_title is not None and fold_words(b.text) == folded_title)
        )
    )


def _subtree_ends(page: Page) -> list[int]:
    """Per container, one past the last id of its subtree: containers are numbered in document
    order, so a container's subtree is the id range from it to its end, and whether a block
    lies inside it a comparison instead of a search of the block's chain."""
    ends = page.subtree_ends
    if ends is None:
        page.subtree_totals([0] * len(page.containers))  # finds the ends, once per page
        ends = page.subtree_ends
    assert ends is not None
    return ends


def _rules_used(verdicts: tuple[Verdict | None, ...]) -> set[str]:
    """The rules that gave containers their verdicts: a page has a few dozen, for a question
    that needs no answer per container."""
    return {v.rule for v in verdicts if v is not None}


def _forced_marks(verdicts: tuple[Verdict | None, ...], rules_used: set[str]) -> list[bool] | None:
    """Per container, whether its verdict is one no other rule may override: a user's
    selector, or the article or a box ``to_html`` wrote (reading newsclean's own output back
    must give what it wrote). None where no container has such a verdict (``rules_used``, the
    page's rules, has none), as on most pages."""
    own = tables().own_box
    box_prefix = f"{own.name}:"

    def forced(rule: str) -> bool:
        return rule == USER_RULE or rule == own.article_name or rule.startswith(box_prefix)

    if not any(map(forced, rules_used)):
        return None
    return [v is not None and forced(v.rule) for v in verdicts]


@dataclass(slots=True)
class _Group:
    """The containers of one rule group inside the named article."""

    verdict: str
    members: list[int]
    outermost: int = 0  # members not inside another member
    prose: int = 0  # prose of the outermost members, so none is counted twice
    open_ends: list[int] = field(default_factory=list)  # subtree ends of the members around the last


def _named_article_groups(
    page: Page, rules: RuleVerdicts, prose_all: list[int], named: int, end: int
) -> dict[str, _Group]:
    """The negative containers inside the named article (ids ``named`` + 1 to ``end`` - 1),
    grouped by rule; all comment rules form one group, ``COMMENT_RULE``."""
    groups: dict[str, _Group] = {}
    ends = _subtree_ends(page)
    verdicts = rules.containers
    for c in range(named + 1, end):
        v = verdicts[c]
        if v is None or v.verdict not in NEGATIVE:
            continue
        key = COMMENT_RULE if v.rule.startswith(COMMENT_RULE) else v.rule
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(v.verdict, [])
        group.members.append(c)
        # members come in id order and a subtree is an id range: the members still open
        # (whose subtree ends after c) are the ones around c
        around = group.open_ends
        while around and around[-1] <= c:
            around.pop()
        if not around:
            group.outermost += 1
            group.prose += prose_all[c]
        around.append(ends[c])
    return groups


def _thread_posts(groups: dict[str, _Group], article_prose: int, t: MainContentThresholds) -> set[int]:
    """The comment containers inside the named article when they are all of its text: on a
    forum thread or a live ticker the posts are the content, the first one marked up as a
    comment like the rest. A blog post keeps its own text outside its comment thread."""
    # inside the named article only: a "forum" or "comments-open" class on <body> says nothing
    # about which of the article's parts are posts
    posts = groups.get(COMMENT_RULE)
    if posts is None or posts.prose < THREAD_MIN_CHARS or article_prose - posts.prose >= t.min_article_chars:
        return set()
    return set(posts.members)


def _layout_sections(groups: dict[str, _Group], article_prose: int) -> set[int]:
    """Sections of the named article that all carry one negative rule and together hold most
    of its prose: a class on every section ("Section--Ads", a section that has room for an ad)
    is layout, not what the sections are."""
    wrapped: set[int] = set()
    for rule, group in groups.items():
        # boxes the markup names (several infoboxes) may hold half the article between them,
        # as one may on its own: see INNER_BOX_WRAPPER_SHARE
        share = INNER_BOX_WRAPPER_SHARE if group.verdict in BOX_VERDICTS else WRAPPER_PROSE_SHARE
        if (
            rule != COMMENT_RULE  # _thread_posts decides comment threads
            and group.outermost >= MIN_LAYOUT_SECTIONS
            and group.prose >= share * article_prose
            # sections of text; photo credits under a list of teasers are not
            and group.prose >= DENSITY.length_high * group.outermost
            and group.verdict in LAYOUT_VERDICTS
        ):
            wrapped.update(group.members)
    return wrapped


class _Owners:
    """The rule verdict each block's containers give it. Per container, the innermost container
    around it (itself included) with a verdict other than "content" that is no wrapper, found
    in one pass over the containers: a block's verdict is then a look-up, not a walk up its
    chain (a page has about one container per block)."""

    __slots__ = ("containers", "verdicts", "wrappers", "innermost", "main_chain", "organic", "tiles")

    def __init__(self, page: Page, rules: RuleVerdicts, wrappers: frozenset[int], main_chain: frozenset[int]):
        self.containers = page.containers
        self.verdicts = rules.containers
        self.wrappers = wrappers
        marked = [v is not None and v.verdict != "content" for v in rules.containers]
        for c in wrappers:
            marked[c] = False
        self.innermost = page.innermost(marked)
        self.main_chain = main_chain
        self.organic = tables().widget_items.name
        self.tiles: list[int] | None = None  # per container, the innermost <article> around it

    def innermost_verdict(self, cid: int, start: int) -> tuple[Verdict | None, int]:
        """The verdict of the innermost such container around ``cid`` at depth ``start`` or
        deeper (a container's depth: its place in its chain), and the container that owns it."""
        k = self.innermost[cid] if cid >= 0 else -1
        containers = self.containers
        if k < 0 or len(containers[k].chain) <= start:
            return None, -1
        verdicts = self.verdicts
        v = verdicts[k]
        assert v is not None  # marked
        # a box is owned by its outermost container of the same kind: "infobox__heading"
        # and "infobox__content" are two parts of one "infobox"
        while (
            (up := containers[k].parent) >= 0
            and len(containers[up].chain) > start
            and (up_v := verdicts[up]) is not None
            and up_v.verdict == v.verdict
            and up not in self.wrappers
        ):
            k = up
        return v, k

    def box_verdict(self, cid: int, start: int) -> tuple[Verdict | None, int]:
        """The innermost verdict, unless it only names a part of a teaser (its "card", image
        caption, date, dek) inside an ad or related container: a teaser tile's parts are the
        tile's, and so is the box they make. Inside an ad container, a "related" list is the
        ad's (the recommendations of a sponsored widget), except the widget's items its vendor
        does not mark as paid (``[widget_items]``): those are the site's own articles."""
        result = self.innermost_verdict(cid, start)
        v, above = result
        organic = self.organic
        while v is not None and (v.verdict in TEASER_PARTS or v.verdict == "related") and v.rule != organic:
            up, up_owner = self.innermost_verdict(self.containers[above].parent, start)
            # a container made a box by its shape alone (TITLED_BOX) is weaker than its parts
            if up is None or up_owner in self.main_chain or up.rule.endswith(TITLED_BOX):
                break
            above = up_owner
            if up.verdict == "ad":
                return up, up_owner
            if up.verdict == "related":
                if v.verdict in TEASER_PARTS:
                    result = up, up_owner
                v = up
            elif up.verdict not in TEASER_PARTS:
                break
        return result

    def article_tile(self, page: Page, features: Features, cid: int) -> int:
        """The small, mostly linked <article> around ``cid`` outside the article (a tile in a
        stream of other stories), or -1."""
        if self.tiles is None:
            self.tiles = page.innermost([v is not None and v.rule in TILE_TAG_RULES for v in self.verdicts])
        # the innermost <article> decides; one around the article is no tile
        tile = self.tiles[cid]
        if tile < 0 or tile in self.main_chain:
            return -1
        link_chars, chars, _ = _box_stats(page, features, tile)
        return tile if 0 < chars <= AD_TILE_MAX_CHARS and link_chars > BOX_LINK_DENSITY * chars else -1


OwnerLookup = Callable[[int, int], "tuple[Verdict | None, int]"]


@cache
def _c_combine() -> ModuleType | None:
    """_combine.c, set up on first use; None where it is not built or switched off."""
    _combine = _accel.twin("_combine")
    if _combine is not None:
        _combine.init(
            (_Owners, ("containers", "verdicts", "wrappers", "innermost", "main_chain", "organic")),
            (Container, ("parent", "chain")),
            (Verdict, ("verdict", "rule")),
            TEASER_PARTS,
            TITLED_BOX,
        )
    return _combine


def _no_owner(cid: int, start: int) -> tuple[Verdict | None, int]:
    """The look-ups without rules: no container has a verdict."""
    return None, -1


def owner_lookups(owners: _Owners) -> tuple[OwnerLookup, OwnerLookup]:
    """``owners``' box_verdict and innermost_verdict: _combine.c's where it is built (the
    methods are their reference), else the methods."""
    fast = _c_combine()
    if fast is None:
        return owners.box_verdict, owners.innermost_verdict
    return partial(fast.box_verdict, owners), partial(fast.innermost_verdict, owners)


def combine(
    page: Page,
    features: Features,
    rules: RuleVerdicts,
    density: tuple[DensityVerdict, ...],
    meta: Metadata,
    *,
    extractor: str = "combined",
    t: MainContentThresholds = MAIN,
) -> Labelling:
    use_rules = extractor in ("combined", "rules")
    use_density = extractor in ("combined", "density")
    blocks = page.blocks
    if not blocks:
        return Labelling((), None, "the page has no text")
    main, main_prose, wrappers, prose_all = choose_main(
        page, features, rules if use_rules else None, density if use_density else None, t
    )
    folded_title = fold_words(meta.title) if meta.title else None
    needed = t.min_article_chars
    if main is not None and _is_named_article(page, rules if use_rules else None, main, folded_title):
        needed = min(needed, t.min_named_article_chars)
    rules_used = _rules_used(rules.containers) if use_rules else set()
    if main is not None and tables().own_box.article_name in rules_used:
        needed = 0  # the article to_html wrote: the pass that wrote it found enough text
    if main is None or (use_density and main_prose < needed):
        reason = (
            "no element holds enough running text to be an article "
            f"({int(main_prose)} characters of prose, at least {needed} needed)"
        )
        labels = tuple(
            _block_label(
                Label.TITLE if _is_title(b, folded_title, seen_h1=False) else Label.BOILERPLATE,
                ("no-article",),
                None,
            )
            for b in blocks
        )
        return Labelling(labels, None, reason)

    main_chain = page.chain(main)
    main_set = frozenset(main_chain)
    ends = _subtree_ends(page)
    main_end = ends[main]  # the main container's subtree: the ids main to main_end - 1
    main_start = next(b.index for b in blocks if main <= b.container < main_end)
    depth_main = len(main_chain) - 1
    if use_rules:
        rules = _claim_boxes(page, features, rules, main, main_end, prose_all, main_prose)
    depth_sibling = max(0, depth_main - t.sibling_levels)
    sibling_root = main_chain[depth_sibling]
    sibling_end = ends[sibling_root]

    owners = _Owners(page, rules, wrappers, main_set) if use_rules else None
    # per container, the innermost forced container around it (itself included), or -1: one
    # pass over the containers instead of a walk up every block's chain
    forced = _forced_marks(rules.containers, rules_used) if use_rules else None
    forced_owner = page.innermost(forced) if forced is not None else None

    markers = rules.markers if use_rules else (None,) * len(blocks)
    # box_verdict sees a block's container only through its innermost owner: one answer per
    # owner (a page has a few hundred) instead of one per block
    owner_of = owners.innermost if owners is not None else []
    box_verdict, innermost_verdict = owner_lookups(owners) if owners is not None else (_no_owner, _no_owner)
    outside_boxes: dict[int, tuple[Verdict | None, int]] = {}
    inside_boxes: dict[int, tuple[Verdict | None, int]] = {}
    heading_kind, good, short = BlockKind.HEADING, Density.GOOD, Density.SHORT  # see ENUM_READS
    body, heading, boilerplate = Label.BODY, Label.HEADING, Label.BOILERPLATE
    out: list[BlockLabel] = []
    title_seen = False
    body_started = False
    leads = 0
    for i, (block, f, d, marker) in enumerate(zip(blocks, features.blocks, density, markers, strict=True)):
        cid = block.container
        inside = main <= cid < main_end
        if block.kind is heading_kind and not title_seen:
            if block.level == 1 and _is_title(block, folded_title, seen_h1=False):
                title_seen = True
                out.append(_block_label(Label.TITLE, ("heading-h1-matches-title",), None))
                continue
            if folded_title is not None and fold_words(block.text) == folded_title:
                title_seen = True
                out.append(_block_label(Label.TITLE, ("heading-matches-metadata-title",), None))
                continue
        if (
            forced_owner is not None
            and (owner := forced_owner[cid]) >= 0
            and (user := rules.containers[owner]) is not None
        ):
            label = USER_LABEL.get(user.verdict) or VERDICT_LABEL[user.verdict]
            if label is body and block.kind is heading_kind:
                label = heading
            out.append(_block_label(label, (f"rule:{user.rule}",), owner))
            if label is body:
                body_started = True
            continue
        if not inside:
            label, why = boilerplate, "outside-main-content"
            v = None
            if owners is not None:
                # ads and related lists around the article are still handed back as boxes
                found = outside_boxes.get(k := owner_of[cid])
                if found is None:
                    found = outside_boxes[k] = box_verdict(cid, 1)
                v, owner = found
                # the block's own ad badge or related marker outranks a tile's generic
                # "teaser" / "card" class
                if (
                    marker is not None
                    and marker.verdict in OUTSIDE_BOX_VERDICTS
                    and (v is None or v.verdict == "box")
                ):
                    v, owner = marker, -2 - i
                if v is not None and (
                    v.verdict in OUTSIDE_BOX_VERDICTS
                    or (v.verdict == "explainer" and _head_explainer(page, features, v, owner, i, main_start))
                ):
                    out.append(
                        _block_label(
                            VERDICT_LABEL[v.verdict], ("outside-main-content", f"rule:{v.rule}"), owner
                        )
                    )
                    continue
                # a "teaser" or "card" list around the article: related when mostly links
                if (
                    v is not None
                    and v.verdict == "box"
                    and v.rule.endswith(TEASER_BOX_TOKENS)
                    and not _mostly_unlinked(page, features, owner)
                ):
                    reasons_outside = ("outside-main-content", f"rule:{v.rule}", "box-mostly-links")
                    out.append(_block_label(Label.RELATED, reasons_outside, owner))
                    continue
                tile = owners.article_tile(page, features, cid) if v is None else -1
                if tile >= 0:
                    out.append(
                        _block_label(Label.RELATED, ("outside-main-content", ARTICLE_TILE_REASON), tile)
                    )
                    continue
            # a teaser card where no rule has spoken (not inside a footer, nav, …)
            if (
                use_density
                and d.reason is TEASER_CARD_REASON
                and (not use_rules or v is None or v.verdict == "box")
            ):
                out.append(_block_label(Label.RELATED, ("outside-main-content", d.reason), None))
                continue
            if (
                use_density
                and sibling_root <= cid < sibling_end
                and d.final is good
                and f.chars >= t.sibling_min_chars
            ):
                v, _ = innermost_verdict(cid, depth_sibling + 1)
                if v is None or v.verdict in ("lead", "box"):
                    label, why = body, "prose-next-to-main-content"
            out.append(_block_label(label, (why, d.reason) if use_density else (why,), None))
            continue

        if owners is not None:
            found = inside_boxes.get(k := owner_of[cid])
            if found is None:
                found = inside_boxes[k] = box_verdict(cid, depth_main + 1)
            verdict, owner = found
        else:
            verdict, owner = None, -1
        if marker is not None and (verdict is None or verdict.verdict in ("box", "lead")):
            verdict, owner = marker, -2 - i
        reasons: list[str] = []
        if verdict is not None:
            reasons.append(f"rule:{verdict.rule}")
            verdict_kind = verdict.verdict
            if verdict_kind == "box":
                # box-like containers: their link density decides related vs explainer
                if not _mostly_unlinked(page, features, owner):
                    out.append(_block_label(Label.RELATED, (*reasons, "box-mostly-links"), owner))
                    continue
                verdict = None  # a box of prose: density decides below, boxes.py may group it
            elif verdict_kind == "lead":
                # a standfirst comes before the body and is not a link; "lead"/"dek" classes
                # further down are teaser cards of other articles
                if (
                    not body_started
                    and leads < MAX_LEAD_BLOCKS
                    and f.link_density < 0.3
                    and (d.final is good or f.chars >= 40)
                ):
                    leads += 1
                    out.append(_block_label(Label.LEAD, tuple(reasons), None))
                    continue
                verdict = None
            elif verdict_kind in VERDICT_LABEL:
                label = VERDICT_LABEL[verdict_kind]
                # an explainer explains in its own words; one of links points elsewhere
                if label is Label.EXPLAINER and owner >= 0 and not _mostly_unlinked(page, features, owner):
                    out.append(_block_label(Label.RELATED, (*reasons, "explainer-mostly-links"), owner))
                    continue
                box_key = owner if label in (Label.EXPLAINER, Label.RELATED, Label.AD) else None
                out.append(_block_label(label, tuple(reasons), box_key))
                continue
        if use_density and d.reason is TEASER_CARD_REASON:
            out.append(_block_label(Label.RELATED, (*reasons, d.reason), None))
            continue
        if not use_density:
            label = heading if block.kind is heading_kind else body
            out.append(_block_label(label, (*reasons, "rule:inside-main-content"), None))
            continue
        reasons.append(d.reason)
        if d.final is good:
            # a "heading" that is prose on its own is a paragraph set in heading type (a
            # blog's intro in <h2>): it needs no body after it to belong to the article
            set_large = block.kind is heading_kind and d.initial is not good
            label = heading if set_large else body
        elif (
            f.chars >= LINKED_PROSE_MIN_CHARS
            and f.sentence_end
            and features.has_stoplist
            and f.stopword_density >= DENSITY.stopwords_high
            and f.link_density < LINKED_PROSE_MAX_LINK_DENSITY
        ):
            # a paragraph of sentences that happens to link much (bug numbers, sources) is
            # still prose inside the article; a link list has no sentences
            label = body
            reasons.append("linked-prose-in-main")
        elif block.kind in STRUCTURED_KINDS and f.link_density <= 0.5 and f.chars >= 2:
            label = body
            reasons.append("structured-block-in-main")
        elif (
            d.initial is short
            and f.link_density == 0
            and d.reason.endswith(EDGE_OF_PROSE)
            and (body_started or (f.sentence_end and f.words >= HEAD_SENTENCE_MIN_WORDS and f.stopwords > 0))
        ):  # in the article head only a sentence: not kickers, reading times
            # inside the article a short unlinked line next to prose is its first or last
            # sentence, a score line, a sign-off: density alone would cut it off. A heading
            # element stays a heading, which keeps it only with body text under it: a heading
            # over what follows the article ("Weiterführende Links", "Ähnliche Beiträge") goes
            # with it (_drop_orphan_headings), and the article's own HTML output reads back the same
            label = heading if block.kind is heading_kind else body
            reasons.append("short-line-next-to-prose-in-main")
        elif block.kind is heading_kind and f.link_density <= 0.5:
            label = heading
        elif (
            body_started
            and f.link_density >= LINKED_HEADLINE_MIN_LINK_DENSITY
            and f.words >= LINKED_HEADLINE_MIN_WORDS
            and block.tag not in TABLE_CELL_TAGS
        ):
            # a line of the article that is one link with a headline's words ("Five things we
            # learned from the interview", "MORE: Storm tracker shows …") points to another article
            label = Label.RELATED
            reasons.append("linked-headline-in-main")
        else:
            label = boilerplate
        if label is body:
            body_started = True
        out.append(_block_label(label, tuple(reasons), None))

    _attach_lists_to_marker_headings(out, page, features, main_prose)
    _drop_orphan_headings(out, page)
    return Labelling(tuple(out), main, None)


def _claim_boxes(
    page: Page,
    features: Features,
    rules: RuleVerdicts,
    main: int,
    main_end: int,
    prose_all: list[int],
    main_prose: float,
) -> RuleVerdicts:
    """Boxes the markup does not name. Two rules:

    * a short block that is a box marker ("Key points", "Mehr zum Thema", "Anzeige") claims
      the smallest container around it that holds more than the marker itself (anywhere on
      the page, but never the main container or one around it);
    * a box-like container (aside, details, class "box") inside the article with a title —
      a heading, or a short first block — and little link text is an explainer.

    Neither may take a container holding ``MAX_BOX_PROSE_SHARE`` of the article's prose:
    then the "box" is the article itself. The article's prose is ``main_prose``, without the
    boxes the markup names (its subtree: the container ids ``main`` to ``main_end`` - 1): an
    infobox printed twice must not make the story look small.
    """
    containers = page.containers
    blocks = page.blocks
    n = len(containers)
    count = [0] * n  # blocks below each container, whole page
    first_block = [-1] * n
    for b in blocks:
        cid = b.container
        count[cid] += 1
        # blocks come in page order: the first to reach a container is its first; the
        # containers around one already reached were reached with it
        while cid >= 0 and first_block[cid] < 0:
            first_block[cid] = b.index
            cid = containers[cid].parent
    count = page.subtree_totals(count)
    heading_kind = BlockKind.HEADING  # see ENUM_READS

    # A container's subtree is one stretch of the page, so its blocks are the count[cid] from
    # its first: what only the few containers a marker or a box verdict asks about need is
    # summed over those, not over every block for every container.
    def block_span(cid: int) -> range:
        return range(first_block[cid], first_block[cid] + count[cid])

    def chars_below(cid: int) -> int:
        return sum(len(blocks[j].text) for j in block_span(cid))

    def holds_h1(cid: int) -> bool:
        return any(blocks[j].kind is heading_kind and blocks[j].level == 1 for j in block_span(cid))

    def inside(cid: int) -> bool:
        """Strictly inside the main container, with a block."""
        return main < cid < main_end and count[cid] > 0

    main_chain = frozenset(page.chain(main))
    limit = MAX_BOX_PROSE_SHARE * main_prose
    verdicts = list(rules.containers)
    claimed = False

    def smallest(cid: int) -> int:
        """The innermost container around ``cid`` (itself included) holding two blocks or
        more, or -1: walked up for the few marker blocks, not found for every container."""
        for c in reversed(containers[cid].chain):
            if count[c] >= 2:
                return c
        return -1

    def is_tile(cid: int) -> bool:
        return count[cid] <= AD_TILE_MAX_BLOCKS and chars_below(cid) <= AD_TILE_MAX_CHARS

    def claimable(cid: int) -> bool:
        v = verdicts[cid]
        return (
            cid not in main_chain
            and prose_all[cid] <= limit
            # an <article> this small is a teaser tile for another article
            and (v is None or v.verdict == "box" or (is_tile(cid) and v.rule in TILE_TAG_RULES))
            and not holds_h1(cid)
        )

    item_words = tables().marker_item_words
    promotion = tables().button_promotion
    button_verdict = Verdict("ad", promotion.name)

    def promotes(i: int, b: RawBlock, cid: int) -> bool:
        """Block ``i``, a button link (it has button characters), closes a small headed box of
        unlinked text outside the article that is no appeal of the site's own (newsletter,
        donation, cookies) and no teaser for an article (the button repeats a line of the box,
        or says "weiter")."""
        if b.button_chars < len(b.text) - 2 or len(b.text) > promotion.max_button_chars:
            return False
        if first_block[cid] + count[cid] - 1 != i or not is_tile(cid) or count[cid] < 3 or inside(cid):
            return False
        if page.blocks[first_block[cid]].kind is not BlockKind.HEADING:
            return False
        if normalise_marker(b.text) in promotion.teaser_buttons:
            return False
        span = range(first_block[cid], i)
        if any(page.blocks[j].text == b.text for j in span):
            return False
        if any(promotion.not_promotion.search(page.blocks[j].text) for j in (*span, i)):
            return False
        link_chars = sum(page.blocks[j].link_chars for j in span)
        return link_chars <= BOX_LINK_DENSITY * sum(len(page.blocks[j].text) for j in span)

    def items_hold(words: regex.Pattern[str], cid: int, i: int) -> bool:
        span = range(first_block[cid], first_block[cid] + count[cid])
        others = [page.blocks[j].text for j in span if j != i]
        hits = sum(1 for text in others if words.search(text))
        return hits >= ITEM_WORDS_MIN_BLOCKS and hits >= ITEM_WORDS_SHARE * len(others)

    for i, (b, marker) in enumerate(zip(page.blocks, rules.markers, strict=True)):
        if marker is None and not b.button_chars:
            continue  # neither a marker nor a button that may make one (promotes)
        cid = smallest(b.container)
        if cid < 0:
            continue
        if marker is None and promotes(i, b, cid):
            marker = button_verdict
        if marker is None or marker.verdict not in BOX_VERDICTS:
            continue
        words = item_words.get(marker.rule)
        if words is not None and not items_hold(words, cid, i):
            continue
        # a marker heads its box; an ad label may also trail inside a small tile
        heads = first_block[cid] == i or (marker.verdict == "ad" and is_tile(cid))
        if heads and claimable(cid):
            # the marker may sit in the box's title bar ("Die besten Deals" + "Anzeige"):
            # then the box is the container that the title bar heads; a short tile
            # is no title bar, its headline is a link. A badge inside a heading element
            # ("<h3>NextAdvisor <div>Paid Partner</div></h3>") is a title bar, linked or not.
            heading_bar = page.containers[cid].tag in HEADING_LEVEL
            in_title_bar = marker.rule not in (CALL_TO_ACTION_RULE, promotion.name)
            while (
                in_title_bar
                and chars_below(cid) <= TITLE_BAR_MAX_CHARS
                and (heading_bar or _mostly_unlinked(page, features, cid))
                and (up := page.containers[cid].parent) >= 0
                and first_block[up] == first_block[cid]
                and count[up] <= MAX_BOX_BLOCKS
                and claimable(up)
            ):
                cid = up
            if marker.verdict == "ad" and first_block[cid] != i:
                # a badge or call to action that ends its tile ("… Anzeige", "Jetzt kaufen")
                # labels the whole tile: picture, headline, price; never a grid of other tiles,
                # which the badge does not end
                while (
                    (up := page.containers[cid].parent) >= 0
                    and first_block[up] + count[up] - 1 == i
                    and is_tile(up)
                    and claimable(up)
                ):
                    cid = up
            verdicts[cid] = Verdict(marker.verdict, f"{marker.rule}{MARKER_HEADING}")
            claimed = True
    holds_article: list[int] | None = None
    for cid in range(main + 1, main_end):
        v = verdicts[cid]
        if (
            v is None
            or v.verdict != "box"
            or not count[cid]
            or prose_all[cid] > limit
            or count[cid] > MAX_BOX_BLOCKS
            or holds_h1(cid)  # a box never holds the page's headline: that is the article
        ):
            continue
        first_raw = page.blocks[first_block[cid]]
        titled = first_raw.kind is BlockKind.HEADING or (
            count[cid] >= 2 and len(first_raw.text) <= MAX_BOX_TITLE_CHARS
        )
        link_chars, chars, _ = _box_stats(page, features, cid)
        if titled and chars and link_chars / chars <= BOX_LINK_DENSITY:
            # "teaser" and "card" boxes announce another article, and so does a box around an
            # <article> of its own inside the article; other boxes explain
            if holds_article is None:
                named_articles = [
                    int(w is not None and w.rule.partition("+")[0] in ARTICLE_ELEMENT_RULES) for w in verdicts
                ]
                holds_article = page.subtree_totals(named_articles)
            teaser = v.rule.endswith(TEASER_BOX_TOKENS) or holds_article[cid] > 0
            kind = "related" if teaser else "explainer"
            verdicts[cid] = Verdict(kind, f"{v.rule}{TITLED_BOX}")
            claimed = True
    return RuleVerdicts(tuple(verdicts), rules.markers) if claimed else rules


def _head_explainer(page: Page, features: Features, v: Verdict, owner: int, i: int, main_start: int) -> bool:
    """Whether block ``i`` outside the article belongs to an explainer box between headline and
    text: "Key Points" headed, not a link list, before the article's first block. Explainers
    elsewhere outside the article are sidebar blurbs and tag lists more often than not."""
    if v.verdict != "explainer" or not v.rule.endswith(MARKER_HEADING) or owner < 0 or i >= main_start:
        return False
    link_chars, chars, _ = _box_stats(page, features, owner)
    return link_chars <= BOX_LINK_DENSITY * chars


def _mostly_unlinked(page: Page, features: Features, owner: int) -> bool:
    """At most ``BOX_LINK_DENSITY`` of the text below ``owner`` is links (no text: True)."""
    link_chars, chars, _ = _box_stats(page, features, owner)
    return link_chars <= BOX_LINK_DENSITY * chars


def _box_stats(page: Page, features: Features, owner: int) -> list[int]:
    """[link characters, characters, headings] below container ``owner``."""
    stats = page.box_stats
    if stats is None:
        n = len(page.containers)
        link_chars, chars, headings = [0] * n, [0] * n, [0] * n
        heading_kind = BlockKind.HEADING  # see ENUM_READS
        for b, f in zip(page.blocks, features.blocks, strict=True):
            link_chars[b.container] += b.link_chars
            chars[b.container] += f.chars
            headings[b.container] += b.kind is heading_kind
        stats = page.box_stats = (
            page.subtree_totals(link_chars), page.subtree_totals(chars), page.subtree_totals(headings)
        )
    return [stats[0][owner], stats[1][owner], stats[2][owner]]


def _is_title(block: RawBlock, folded_title: str | None, *, seen_h1: bool) -> bool:
    """Whether ``block`` is the headline: an <h1> matching the page's title (``folded_title``,
    see ``_is_named_article``), or without a title the first <h1>."""
    if block.kind is not BlockKind.HEADING or block.level != 1:
        return False
    if folded_title is not None:
        a = fold_words(block.text)
        return bool(a) and (a == folded_title or a in folded_title or folded_title in a)
    return not seen_h1


def _attach_lists_to_marker_headings(
    out: list[BlockLabel], page: Page, features: Features, main_prose: float
) -> None:
    """A box marker heading standing bare in the page ("Das Wichtigste in Kürze", "Mehr zum
    Thema") takes what follows it at once: a list, for any box kind; for related lists also a
    run of link-dense blocks (teaser links). An explainer marker that is a real heading
    ("Hintergrund", "Frequently Asked Questions") takes the section it opens: the blocks after
    it inside the heading's parent element, up to the next heading of its level or higher —
    but never more than ``MAX_BOX_PROSE_SHARE`` of the article's prose: a marker heading over
    most of the text names the article's own part, not a box beside it."""
    blocks = page.blocks
    for i, lab in enumerate(out):
        if lab.box_key is None or lab.box_key >= 0 or lab.label not in (Label.EXPLAINER, Label.RELATED):
            continue  # only blocks boxed by their own marker, not by a container
        if features.blocks[i].link_density > 0:
            continue  # "Lesen Sie auch: <a>…</a>" is a teaser of its own, not a heading over a list
        j = i + 1
        if j < len(blocks) and blocks[j].kind is BlockKind.LIST_ITEM:
            group = blocks[j].group
            while (
                j < len(blocks)
                and blocks[j].group == group
                and out[j].label in (Label.BODY, Label.LEAD, Label.BOILERPLATE)
            ):
                out[j] = _block_label(lab.label, (*out[j].reasons, "list-under-marker-heading"), lab.box_key)
                j += 1
        elif lab.label is Label.EXPLAINER and blocks[i].kind is BlockKind.HEADING:
            level = blocks[i].level
            parent = page.containers[blocks[i].container].parent
            taken: list[int] = []
            chars = 0
            while j < len(blocks) and len(taken) < MAX_BOX_BLOCKS:
                b = blocks[j]
                if (
                    (b.kind is BlockKind.HEADING and b.level <= level)
                    or parent not in page.chain(b.container)
                    or out[j].label not in (Label.BODY, Label.HEADING)
                ):
                    break
                taken.append(j)
                chars += features.blocks[j].chars
                j += 1
            if taken and chars <= MAX_BOX_PROSE_SHARE * main_prose:
                for j in taken:
                    out[j] = _block_label(lab.label, (*out[j].reasons, SECTION_UNDER_MARKER), lab.box_key)
            elif taken:
                out[i] = _block_label(Label.HEADING, (*lab.reasons, MARKER_OVER_ARTICLE), None)
        elif lab.label is Label.RELATED:
            while (
                j < len(blocks)
                and j - i <= MAX_LINKS_UNDER_MARKER
                and features.blocks[j].link_density >= BOX_LINK_DENSITY
                and out[j].label in (Label.BODY, Label.BOILERPLATE)
            ):
                out[j] = _block_label(lab.label, (*out[j].reasons, "links-under-marker-heading"), lab.box_key)
                j += 1


_SENTENCE_END = regex.compile(r"\p{L}{2}[.…]\W{0,2}$")


def _is_sentence(block: RawBlock) -> bool:
    """Prose set as a heading: long, unlinked, ending like a sentence."""
    text = block.text
    return (
        len(text.split()) >= SENTENCE_HEADING_MIN_WORDS
        and not block.link_chars
        and bool(_SENTENCE_END.search(text))
    )


def _drop_orphan_headings(out: list[BlockLabel], page: Page) -> None:
    """A subheading belongs to the body only if body text follows it before the next one."""
    own_reason = f"rule:{tables().own_box.article_name}"
    heading, body, lead = Label.HEADING, Label.BODY, Label.LEAD  # see ENUM_READS
    next_is_body = False
    for i in range(len(out) - 1, -1, -1):
        lab = out[i]
        label = lab.label
        if label is heading:
            # a heading of the article to_html wrote was kept by the pass that wrote it; one
            # that is a sentence is the article's text set large (a standfirst in an <h4>)
            if not next_is_body and own_reason not in lab.reasons and not _is_sentence(page.blocks[i]):
                out[i] = _block_label(Label.BOILERPLATE, (*lab.reasons, "heading-without-body-text"), None)
            next_is_body = False
        elif label is body or label is lead:
            next_is_body = True
