"""Every threshold the classifiers use, named, with its unit and why it has that value.

Tuned on ``../shared/corpora`` (scrapinghub, trafilatura-eval, readability, boxes) as a whole,
never per page. Changing a value here changes every page: re-run
``python ../shared/eval/score.py`` before and after.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["DensityThresholds", "MainContentThresholds", "DENSITY", "LENIENT_DENSITY", "MAIN", "LENIENT_MAIN"]


class DensityThresholds(NamedTuple):
    """jusText-style context-free classification of one block (units: characters, ratios)."""

    # A block with more of its text inside links than this is navigation or a teaser list
    # (jusText's MAX_LINK_DENSITY is 0.2; news teasers with a linked headline run higher).
    max_link_density: float = 0.5
    # Blocks shorter than this carry too little evidence alone; their neighbours decide.
    length_low: int = 60
    # Blocks at least this long with enough stopwords are prose on their own.
    length_high: int = 150
    # Share of words that are stopwords: prose runs 0.3-0.5, menus and tag clouds near 0.
    stopwords_low: float = 0.15
    stopwords_high: float = 0.30
    # How far (in blocks) neighbour revision looks for a good block on each side.
    max_neighbour_distance: int = 3
    # This many other near-good blocks within that distance make a near-good block prose.
    near_good_run: int = 1
    # Teaser cards (``density._teaser_card_blocks``): a linked headline (this share of its
    # text in links) with at most this many blocks and characters around it.
    card_link_density: float = 0.8
    card_max_blocks: int = 5
    card_max_chars: int = 500
    # ... and at least this much text outside links (the dek): a menu of links is no card.
    card_min_dek_chars: int = 30


class MainContentThresholds(NamedTuple):
    """Choosing the element that holds the article (see ``combine.choose_main``)."""

    # Penalty per character of non-prose text inside a candidate: keeps <body> from winning
    # just by also holding every teaser; high enough that a container of prose plus some chrome
    # still wins over a sibling holding only part of the prose.
    boilerplate_penalty: float = 0.1
    # Bonus factor for a container the markup names as the article (itemprop=articleBody,
    # <article>, class "article-body" …): markup is a strong, cheap signal.
    hinted_bonus: float = 1.25
    # ... and for the element schema.org marks as the articleBody itself.
    article_body_bonus: float = 4.0
    # Below this many characters of prose the page has no article (index pages, errors).
    min_article_chars: int = 200
    # ... unless the container is named the article by its markup (``content`` verdict) or
    # holds the headline: then this much is enough (a three-line blog post, a podcast page
    # with one paragraph of show notes). Only the lenient second pass lowers it.
    min_named_article_chars: int = 200
    # Prose blocks outside the chosen container are still taken when their ancestor
    # this many levels up the tree is shared with the container (the standfirst or a
    # second text column next to the article body).
    sibling_levels: int = 2
    # A prose block outside the main container is only added when it is at least this long.
    sibling_min_chars: int = 120


DENSITY = DensityThresholds()
# Second pass for pages with no prose at all by the thresholds above (results tables, short
# news in brief, captions-only galleries): any line that is not a link counts.
LENIENT_DENSITY = DensityThresholds(length_low=15, length_high=30, stopwords_low=0.0, stopwords_high=0.0)
MAIN = MainContentThresholds()
# The second pass goes with the lenient density above: a short article the page marks as such
# is still an article; an index page rarely wraps its few non-link lines in <article>/<main>.
LENIENT_MAIN = MainContentThresholds(min_named_article_chars=100)
