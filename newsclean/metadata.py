"""Page metadata: headline, kicker, authors, dates, site, language … read off the parsed tree.

Sources, in order of trust:

1. JSON-LD (``<script type="application/ld+json">``): the article object (NewsArticle,
   Article, BlogPosting …) found anywhere in arrays, ``@graph`` or nested objects, with
   ``@id`` references resolved (WordPress/Yoast put the author in a separate Person node).
2. ``<meta>``: OpenGraph, Twitter cards, Dublin Core, ``article:*``, parsely / sailthru.
3. Microdata (``itemprop`` headline / author / datePublished outside comments).
4. Page heuristics: the ``<h1>``, byline elements, ``<time>``, date phrases in date-like
   elements, the date in the URL, the ``<title>`` with the site name cut off.

Every field records in ``Metadata.sources`` where its value came from. The tree is only read
(never changed), and nothing here raises on a page's content: broken JSON-LD is repaired or
mined with patterns, odd value types are skipped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from itertools import takewhile
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urljoin, urlsplit

import regex as re

from . import css
from ._data import load_table
from .phrases import PhrasePrefix
from .unicode import nfc

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = [
    "Metadata",
    "extract_metadata",
    "parse_date",
    "find_date",
    "split_authors",
    "credit_line_authors",
    "weekday_names",
    "DESK_CREDIT",
]


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the page says about its article; ``sources`` tells where each field came from."""

    title: str | None = None
    kicker: str | None = None  # overline/dachzeile, if found separately
    authors: tuple[str, ...] = ()  # person names only, no "von"/"by", agencies NOT here
    date: str | None = None  # ISO 8601 publication date (YYYY-MM-DD or full datetime)
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None  # BCP 47 ("de", "en-GB"), from markup
    url: str | None = None  # canonical url (absolute), else the url passed in
    description: str | None = None
    image: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str | None = None  # agency/credit (dpa, AFP, Reuters ...)
    article_body: str | None = None  # JSON-LD articleBody text if present (a hint for the extractor)
    sources: dict[str, str] = field(default_factory=dict)  # field name -> where it came from


# ---------------------------------------------------------------- tables

#: JSON-LD types of an article, best first: a NewsArticle beats a generic CreativeWork
#: when a page describes both (the page itself and an embedded video, say).
ARTICLE_TYPES: dict[str, int] = {
    t: rank
    for rank, group in enumerate(
        (
            (
                "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
                "satiricalarticle", "liveblogposting",
            ),
            ("article", "blogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "report"),
            ("posting", "discussionforumposting", "review", "creativework", "recipe", "howto"),
        )
    )
    for t in group
}
#: Types describing the page rather than its article: a fallback for dates and title.
PAGE_TYPES = frozenset(
    {"webpage", "itempage", "aboutpage", "profilepage", "qapage", "faqpage", "medicalwebpage"}
)
PERSON_TYPES = frozenset({"person"})
ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "organisation"})
SITE_TYPES = frozenset({"website"})

#: ``<meta>`` keys (property / name / itemprop, lower-cased) per field, most trusted first.
META_TITLE = ("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "sailthru.title")
META_AUTHOR = (
    "author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
    "byl", "citation_author", "article:author_name", "cxenseparse:author",
)
META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "article:published", "published_time",
    "og:published_time", "datepublished", "parsely-pub-date", "sailthru.date", "publishdate",
    "publish-date", "publish_date", "pubdate", "date", "dc.date.issued", "dcterms.issued",
    "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "citation_publication_date",
    "citation_date", "article.published", "date.published", "originalpublicationdate",
    "datecreated", "cxenseparse:recs:publishtime", "article:post_date",
)
META_MODIFIED = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "dc.date.modified", "dcterms.modified", "last-modified", "article.updated", "lastmod",
)
META_SITE = ("og:site_name", "application-name", "apple-mobile-web-app-title", "dc.publisher", "publisher")
META_DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description")
META_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
META_SECTION = ("article:section", "parsely-section", "section", "category", "article.section")
META_TAGS = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags", "og:article:tag")
META_LANGUAGE = ("content-language", "language", "dc.language", "og:locale")
META_URL = ("og:url", "twitter:url")
#: Meta keys whose author value is a handle or a profile URL, not a name, unless it looks like one.
META_SOURCE = ("article:source", "source", "dc.source", "original-source")

#: Microdata properties read from elements that are not <meta>.
MICRODATA_PROPS = frozenset(
    {"headline", "author", "creator", "datepublished", "datecreated", "datemodified", "publisher"}
)

#: Class / id / rel tokens that mark a byline element (whole tokens of ``[\s_-]``-split names).
BYLINE_TOKENS = frozenset({
    "author", "authors", "byline", "bylines", "autor", "autoren", "autorin", "verfasser",
    "writer", "creator", "authorname", "articleauthor", "postauthor", "author_name", "submitted",
})
#: Tokens that mark an author *bio* / avatar / list rather than the byline itself.
BYLINE_SKIP_TOKENS = frozenset({
    "bio", "biography", "description", "avatar", "img", "image", "photo", "desc", "about", "social",
    "follow", "more", "posts", "articles", "list", "comment", "comments", "reply", "box",
    # the rights holder of a picture ("media-license-author"), not the article's author
    "license", "licence", "lizenz", "copyright",
})
#: Tokens that mark a region holding dates or bylines of *other* items (comments, teasers).
FOREIGN_REGION_TOKENS = frozenset({
    "comment", "comments", "kommentar", "kommentare", "reply", "replies", "respond", "related",
    "sidebar", "recommended",
})
#: Like the above but only as whole tokens: BEM names such as "teaser__meta" also mark the
#: main article's own header on many sites.
FOREIGN_WHOLE_TOKENS = frozenset({"teaser", "teasers", "teaser-list", "more-articles", "read-more"})
#: Page chrome: foreign only outside the article (WordPress themes put the byline and date in
#: a <footer class="entry-footer"> inside <article>).
CHROME_TAGS = frozenset({"aside", "nav", "footer"})
#: Whole tokens only: "post-footer" / "entry-footer" hold the article's own byline.
CHROME_TOKENS = frozenset({
    "footer", "site-footer", "page-footer", "nav", "navigation", "menu", "navbar", "main-nav",
    "site-nav", "main-navigation", "site-navigation", "breadcrumb", "breadcrumbs", "widget",
    "widget-area",
})
#: Whole class/id tokens that mark the article's own container when the page has no <article>
#: or <main> (Blogger's div#main holds the post inside a "widget").
MAIN_TOKENS = frozenset(
    {"main", "main-content", "maincontent", "hentry", "post-body", "entry-content", "articlebody"}
)
#: Tokens on a <time> or date element that say it holds the publication date.
PUBLISHED_TOKENS = frozenset({
    "published", "publish", "pubdate", "posted", "entry-date", "date-published", "created",
    "datepublished", "publication", "veroeffentlicht", "veröffentlicht",
})
#: Tokens that say a date is a modification date.
MODIFIED_TOKENS = frozenset({"updated", "modified", "update", "aktualisiert", "datemodified", "lastmod"})
#: Class tokens of elements likely to hold the visible publication date.
DATE_TOKENS = frozenset({
    "date", "datum", "time", "dateline", "pubdate", "published", "posted", "meta", "entry-meta",
    "post-meta", "article-meta", "byline", "postmeta", "timestamp", "info", "details", "submitted",
})
#: Class tokens of a kicker (overline, "Dachzeile") above or inside the headline.
KICKER_TOKENS = frozenset({
    "kicker", "overline", "dachzeile", "topline", "roofline", "eyebrow", "supertitle",
    "headline-kicker", "spitzmarke", "rubrik", "pretitle", "pre-title", "overtitle",
})

#: Elements holding pictures and their credits: names in them are photographers.
FIGURE_TAGS = frozenset({"figure", "figcaption", "picture"})

#: Elements whose text never is a dateline.
SKIP_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "select", "button"})

#: Elements whose text, first inside an <h1> and followed by more text, may be a kicker.
#: Inline emphasis (b, i, strong) is not among them: it styles a word of the headline.
KICKER_TAGS = frozenset({"span", "div", "p", "small", "header"})

#: Separators between a headline and a site name in <title> / og:title.
TITLE_SEPARATORS = ("|", "-", "–", "—", "·", "•", "»", "«", "::", "~", "//", "/", ":", "¦", "‹", "›")

# Longest plausible pieces of text, in characters.
MAX_TITLE_CHARS = 400
MAX_TWITTER_LABELS = 4  # twitter:label1 … label4 / twitter:data1 … data4
MAX_TAG_CHARS = 120  # a longer "keyword" is a sentence (description pasted into keywords)
MAX_KICKER_CHARS = 80
# A URL segment with at least this many words reads like the headline ("the-long-title");
# a <title> part sharing this share of its words is the headline.
MIN_SLUG_WORDS = 3
MIN_SLUG_OVERLAP = 0.5
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 6
MIN_NAME_WORDS_AFTER_ROLE = 2  # a role word is cut off only before a full name ("Redakteur Max Muster")
MAX_BYLINE_CHARS = 200  # a byline element longer than this is a bio or a text block
MIN_NAME_LETTERS = 2
NAME_EDGE_CHARS = " ,;:-–—'’\"~*•·|/\\#"  # punctuation around a name in a byline
MAX_INITIALS_CHARS = 3  # "DT", "det": initials or a desk code, not a display name
#: metadata_sources["authors"] of a desk named as the author for want of a person (assemble
#: looks for a person in the article's credit lines then).
DESK_CREDIT = "desk credit"
MAX_BYLINE_NAMES = 4  # more "names" than this in one byline element are a tag or category list
# Words of a name as bylines print it ("Anna Muster", "Jan van der Berg", "Boris T. Kaiser").
MIN_SHAPED_NAME_WORDS = 2
MAX_SHAPED_NAME_WORDS = 4
DATELINE_NAME_STRINGS = 4  # strings next to the headline read for a dateline naming its author
MAX_DATE_TEXT_CHARS = 300  # date elements longer than this are content, not a dateline
MAX_JSONLD_OBJECTS = 400  # bound the walk over huge JSON-LD graphs (product lists …)
MAX_JSONLD_DEPTH = 8
MAX_ANCESTORS = 30  # how far up the tree region checks look
MAX_TEASER_CARD_CHECKS = 20  # byline candidates checked for a teaser card (each reads a subtree)
MAX_TEASER_CARD_CHARS = 600  # a card is a headline, a byline and a line or two of teaser
REGION_CACHE_SIZE = 4096  # distinct (class, id) pairs whose region verdict is remembered
# One page folds its few titles, site names and byline strings dozens of times over; the
# cache is sized for one page's strings, not to carry any over to the next pages.
FOLD_CACHE_SIZE = 256
MAX_DATE_ELEMENTS = 40  # date-classed elements read before giving up
# A dateline sits right below the headline (or above it, with the kicker): how much text to
# read on each side of the <h1> for it, in characters.
HEADLINE_DATE_AFTER_CHARS = 400
HEADLINE_DATE_BEFORE_CHARS = 150
# A dateline is a short string ("18.02.2025 - 14:54 Uhr", "Von A. Muster | 18. Feb 2025"); a
# date inside a longer text node is part of a sentence ("am 18. Oktober eröffnet").
MAX_DATELINE_CHARS = 100
# ... or opens a paragraph: a date within its first few characters.
MAX_DATELINE_LEAD_OFFSET = 3
MAX_DATELINE_LEAD_CHARS = 40
# How far before a date a word like "aktualisiert" / "veröffentlicht" labels it, in characters.
MARKER_REACH = 25
# Datelines above the headline are looked for among its siblings and its parent's siblings,
# no further up: higher, the text before it is a sidebar or the navigation.
HEADLINE_DATE_BEFORE_LEVELS = 2
# UTC stamps at this hour or later, on the whole hour, are taken as the next day's local midnight.
LOCAL_MIDNIGHT_MIN_UTC_HOUR = 20
UTC_OFFSETS = frozenset({"Z", "+00:00", "+0000", "-00:00"})
# Earliest year a publication date can have: the web (and its archives of print) start here.
MIN_YEAR = 1990
# How far into the future a publication date may lie (time zones, scheduled posts).
MAX_FUTURE = timedelta(days=2)

#: Everything the structured readers need, found in one walk over the tree (each css() call
#: walks the whole document: one combined query costs about as much as one single query).
#: Of the <link> elements only rel=canonical and rel=image_src are read (_LINK_RELS); a page
#: has twenty-odd others (stylesheets, preloads, icons), each a node to make and read. A
#: token that casefolds to one of the two is written in ASCII letters (no other character
#: casefolds to these letters), so these case-blind substrings find every such element.
_SCAN_SELECTOR = (
    'script[type*="ld+json" i], meta, link[rel*="canonical" i], link[rel*="image" i], [itemprop], '
    "h1, time, abbr[title], title"
)
_BYLINE_SELECTOR = ", ".join(
    (
        '[class*="author" i]', '[class*="byline" i]', '[class*="autor" i]', '[class*="verfasser" i]',
        '[id*="author" i]', '[id*="byline" i]', '[rel~="author" i]', '[class*="writer" i]',
        # Drupal's "Submitted by Anna Muster on …" / "Gespeichert von … am …"
        '[class*="submitted" i]',
        # Links to an author page (/author/, /authors/, /autor/, /autoren/ …, checked below).
        'a[href*="/author"]', 'a[href*="/autor"]',
    )
)
_SUBHEADLINE_SELECTOR = "h2, h3"
# A card's headline is a link, or sits in one (a whole card wrapped in <a>).
_LINKED_HEADLINE = ", ".join(
    f"{h} a[href], a[href] {h}" for h in ("h2", "h3", "h4", "h5", "h6")
)
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autoren|autorin)/", re.IGNORECASE)
#: Ruby annotations (furigana, pinyin) over a headline's words: not part of its text.
RUBY_ANNOTATION_TAGS = frozenset({"rt", "rp", "rtc"})
#: Tags whose class may name an author without holding a byline.
NON_BYLINE_TAGS = frozenset(
    {"img", "meta", "link", "script", "style", "body", "html", "picture", "svg", "head"}
)
_DATE_SELECTOR = ", ".join(
    (
        '[class*="date" i]', '[class*="datum" i]', '[class*="time" i]', '[class*="posted" i]',
        '[class*="meta" i]', '[class*="byline" i]', '[id*="date" i]', '[class*="publish" i]',
        '[class*="submitted" i]', '[class*="author" i]', '[class*="info" i]',
    )
)


@cache
def _tables() -> dict[str, Any]:
    return load_table("metadata")


@cache
def _agencies() -> frozenset[str]:
    t = _tables()["authors"]
    return frozenset(a.casefold() for a in (*t["agencies"], *t["desks"], *t["placeholder_credits"]))


@cache
def _not_desks() -> frozenset[str]:
    """Credits that never stand for the page's author: wire agencies and placeholders."""
    t = _tables()["authors"]
    return frozenset(a.casefold() for a in (*t["agencies"], *t["placeholder_credits"]))


@cache
def _non_names() -> frozenset[str]:
    return frozenset(a.casefold() for a in _tables()["authors"]["non_names"])


@cache
def _name_noise() -> frozenset[str]:
    """Parts that are left over from a byline but are neither a name nor a credit."""
    t = _tables()["authors"]
    return frozenset(w.casefold() for w in (*t["prefixes"], *t["name_suffixes"]))


@cache
def _twitter_author_labels() -> frozenset[str]:
    return frozenset(w.casefold() for w in _tables()["authors"]["twitter_author_labels"])


@cache
def _prefix_set() -> frozenset[str]:
    return frozenset(w.casefold() for w in _tables()["authors"]["prefixes"])


@cache
def _bare_labels() -> frozenset[str]:
    return frozenset(w.casefold() for w in _tables()["authors"]["bare_labels"])


@cache
def _prefix_words() -> frozenset[str]:
    """Single words of the byline prefixes ("by", "von", "autor") that never sit inside a name."""
    words = {w.casefold() for w in _tables()["authors"]["prefixes"] if " " not in w}
    return frozenset(words - _particles())


@cache
def _particles() -> frozenset[str]:
    return frozenset(w.casefold() for w in _tables()["authors"]["particles"])


@cache
def _org_words() -> frozenset[str]:
    return frozenset(a.casefold() for a in _tables()["authors"]["org_words"])


# what separates a byline's prefix from the names: a colon or dash, or a space
_PREFIX_SEPARATOR = r"(?:\s*[:\-–]\s*|\s+)"


@cache
def _prefix_matchers() -> tuple[PhrasePrefix, re.Pattern[str]]:
    """The table's prefixes ("Von", "Zeige alle Beiträge von") and the shape of the others
    ("Eine Kolumne von", "A column by": an article, any one word, a by-word), each with the
    separator after it."""
    t = _tables()["authors"]
    articles = "|".join(re.escape(w) for w in t["prefix_articles"])
    by_words = "|".join(re.escape(w) for w in t["prefix_by_words"])
    phrase = rf"(?:{articles})\s+\p{{L}}[\p{{L}}\-]*\s+(?:{by_words})"
    return (
        PhrasePrefix([("prefix", t["prefixes"])], _PREFIX_SEPARATOR),
        re.compile(rf"^(?:{phrase}){_PREFIX_SEPARATOR}", re.IGNORECASE),
    )


def _prefix_end(text: str) -> int:
    """Where the byline prefix that opens ``text`` and its separator end, or -1: what
    ``^(?:prefix|…|article word by-word)separator`` finds, the table's prefixes tried first."""
    prefixes, shaped = _prefix_matchers()
    m = prefixes.match(text) or shaped.match(text)
    return m.end() if m else -1


@cache
def _credit_label_re() -> re.Pattern[str]:
    t = _tables()["authors"]
    labels = "|".join(re.escape(w) for w in sorted(t["credit_labels"], key=len, reverse=True))
    phrases = "|".join(re.escape(w) for w in sorted(t["credit_phrases"], key=len, reverse=True))
    # At the start of the block or of a sentence: "(wird fortgesetzt) Text: …" is a credit,
    # "… from the book X written by Y" is not.
    return re.compile(rf"(?:^|(?<=[.!?)…]\s))(?:(?:{labels})\s*:|(?:{phrases})\s)\s*", re.IGNORECASE)


@cache
def _role_words() -> tuple[str, ...]:
    return tuple(sorted({w.casefold() for w in _tables()["authors"]["role_words"]}, key=len, reverse=True))


@cache
def _stop_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(_tables()["authors"]["stop_words"], key=len, reverse=True))
    return re.compile(rf"\s(?:{alts})\b.*$", re.IGNORECASE | re.DOTALL)


@cache
def _split_re() -> re.Pattern[str]:
    conj = "|".join(re.escape(w) for w in _tables()["authors"]["conjunctions"])
    return re.compile(rf"\s*(?:[,;&/|•·+]|\s(?:{conj})\s)\s*", re.IGNORECASE)


@cache
def _modified_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in _tables()["dates"]["modified_markers"])
    return re.compile(rf"(?:{alts})", re.IGNORECASE)


@cache
def _published_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in _tables()["dates"]["published_markers"])
    return re.compile(rf"(?:{alts})", re.IGNORECASE)


@cache
def _months() -> dict[str, int]:
    return {w.casefold(): i for i, words in enumerate(_tables()["dates"]["months"], 1) for w in words}


@cache
def weekday_names() -> tuple[str, ...]:
    """Weekday names and abbreviations of the languages of the month table, longest first."""
    return tuple(sorted(_tables()["dates"]["weekdays"], key=len, reverse=True))


@cache
def _date_tail_re() -> re.Pattern[str]:
    """A date or time and everything after it, where it follows a name in a byline."""
    months = "|".join(re.escape(w) for w in sorted(_months(), key=len, reverse=True))
    weekdays = "|".join(re.escape(w) for w in weekday_names())
    units = "|".join(re.escape(w) for w in sorted(_tables()["authors"]["time_units"], key=len, reverse=True))
    return re.compile(
        # The month names, defined once and called twice: compiling the hundred-odd names
        # is most of the pattern's cost.
        rf"(?(DEFINE)(?P<month>{months}))"
        # only from the start of a run of separators, taken whole: each run is tried once
        rf"(?<![\s,])[\s,]++(?:(?:{weekdays})\.?,?\s++)?(?:"
        rf"(?&month)\.?\s++\d{{1,2}}\b"
        rf"|\d{{1,2}}(?:\.|st|nd|rd|th|er)?\s++(?:de\s++)?(?&month)\b"
        r"|\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}"
        rf"|\d+\s*(?:{units})\b"
        r").*$",
        re.IGNORECASE | re.DOTALL,
    )


@cache
def _text_date_patterns() -> tuple[re.Pattern[str], ...]:
    """Date phrases in running text, most specific first; each has groups y, m, d (m may be a name)."""
    names = "|".join(re.escape(w) for w in sorted(_months(), key=len, reverse=True))
    month = rf"(?P<m>{names})\.?"
    return (
        re.compile(
            rf"(?<![\d.])(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th|er|e|º)?\s*(?:de\s+)?{month},?\s*(?:de\s+)?(?P<y>\d{{4}})(?!\d)",
            re.IGNORECASE,
        ),
        re.compile(
            rf"\b{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE
        ),
        _ISO_DATE,
        _DOTTED_DATE,
        re.compile(r"(?<![\d/])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"),
        re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
    )


def _compiled_on_first_use(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """``pattern`` compiled when first asked for. ``regex`` spends a good part of a
    millisecond on each compile, in Python; the patterns made this way serve inputs that most
    pages never have (broken JSON-LD, markup in a meta value, an e-mail address in a byline),
    so a process only pays for those its pages need."""
    return cache(lambda: re.compile(pattern, flags))


_ws_re = _compiled_on_first_use(r"\s+")
# What _ws_re().sub(" ", …) would change: whitespace other than a space, or two in a row.
_WS_TO_COLLAPSE = re.compile(r"[^\S ]|\s\s")
_tag_re = _compiled_on_first_use(r"<[^>]{0,500}>")
_block_tag_re = _compiled_on_first_use(
    r"</?(?:p|br|div|h[1-6]|li|ul|ol|blockquote)\b[^>]{0,500}>", re.IGNORECASE
)
_ISO_DATE = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
# The one date phrase without a four-digit year: "18.02.25".
_DOTTED_DATE = re.compile(r"(?<![\d./])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?![\d.]\d)")
_FOUR_DIGITS = re.compile(r"\d{4}")
_compact_date_re = _compiled_on_first_use(
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?$"
)
_epoch_re = _compiled_on_first_use(r"^\d{10}(?:\d{3})?$")
_URL_DATE = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<sep>[/_-])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d])"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)/"
)
_TOKEN_SPLIT = re.compile(r"[\s_]+")
_DASH_TOKENS = re.compile(r"[\s_-]+")
_HAS_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"\p{L}")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|de|org|net|html?|php)\b|@", re.IGNORECASE)
_LANG = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$")
_BRACKETS = re.compile(r"[()\[\]{}]")
# Addresses, also the spam-proofed spellings of an e-mail address ("anna[at]example.de",
# "anna (at) example (dot) de"), which would otherwise split into "anna" and "at".
_url_or_mail_re = _compiled_on_first_use(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+"
    r"|[\w.+-]+\s?[\[({]\s?(?:at|@)\s?[\])}]\s?[\w-]+(?:(?:\.|\s?[\[({]\s?dot\s?[\])}]\s?)[\w-]+)+",
    re.IGNORECASE,
)
_parenthesis_re = _compiled_on_first_use(r"\(([^()]{0,80})\)")
_DOMAIN_NAME = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2}|com|net|org|info|biz|eu)$")
_BYLINE_PART_SPLIT = re.compile(r"\s*(?:[|•·●▪—–]|\s-\s|\n)\s*")
_json_trailing_comma_re = _compiled_on_first_use(r",\s*([}\]])")
_json_wrapper_re = _compiled_on_first_use(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$"
)
_JSON_STRING = r'"((?:[^"\\]|\\.){1,500})"'
_ld_salvage_re = _compiled_on_first_use(
    r'"(headline|datePublished|dateModified|dateCreated)"\s*:\s*' + _JSON_STRING
)
_ld_salvage_author_re = _compiled_on_first_use(
    r'"author"\s*:\s*(?:\[\s*)?\{[^{}]{0,300}?"name"\s*:\s*' + _JSON_STRING
)
_NON_ALNUM = re.compile(r"[^\p{L}\p{N}]+")
_BYLINE_LEAD = re.compile(r"^[\s\-–—|·•*~>]+")  # rules and bullets before a byline
_name_word_re = _compiled_on_first_use(r"^\p{Lu}[\p{L}'’.\-]*$")
# An absolute URL that urljoin returns as it is, whatever the base, and urlsplit accepts:
# a lower-case http(s) scheme, a plain ASCII host, and none of what urljoin's parse and
# reassembly would drop (an empty ";" parameter, "?" query or "#" fragment).
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^?#;\t\r\n]*)?(?:\?[^#\t\r\n]+)?(?:#[^\t\r\n]+)?"
)
# A base urljoin parses without a ValueError (which only a bracketed or non-ASCII host raises).
_PLAIN_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.-]*(?::[0-9]*)?(?:[/?#]|\Z)")
# A URL whose urlsplit().hostname is its host (group 1) lower-cased: no user, no brackets.
_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?::[0-9]*)?(?:[/?#]|\Z)")


# ---------------------------------------------------------------- small helpers


def _clean(value: object) -> str | None:
    """Plain, whitespace-collapsed text of a string that may hold entities or stray tags."""
    if not isinstance(value, str):
        return None
    text = html.unescape(value) if "&" in value else value
    if "<" in text:
        text = _tag_re().sub(" ", text)
    return nfc(" ".join(text.split())) or None


def _clean_paragraphs(value: object) -> str | None:
    """Like ``_clean`` but keeps paragraph breaks (articleBody is a hint for the extractor)."""
    if not isinstance(value, str):
        return None
    text = html.unescape(value) if "&" in value else value
    if "<" in text:
        text = _tag_re().sub(" ", _block_tag_re().sub("\n", text))
    lines = (
        (_ws_re().sub(" ", line) if _WS_TO_COLLAPSE.search(line) else line).strip()
        for line in text.splitlines()
    )
    return nfc("\n".join(line for line in lines if line)) or None


# Sites often typeset the visible headline (’ „ “ –) and ASCII-fy it in og:title and <title>,
# so candidates are compared with the typographic marks folded to their ASCII stand-ins.
_TYPOGRAPHIC_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "–": "-", "—": "-", "−": "-",
})
_TYPOGRAPHIC_MARK = re.compile("[" + "".join(chr(c) for c in _TYPOGRAPHIC_FOLD) + "]")


def _plain_fold(value: str) -> str:
    return " ".join(value.split()).casefold()


@lru_cache(maxsize=FOLD_CACHE_SIZE)
def _fold(value: str) -> str:
    folded = _plain_fold(value)
    # translate() looks every character up in the table; most titles hold none of the marks.
    return folded.translate(_TYPOGRAPHIC_FOLD) if _TYPOGRAPHIC_MARK.search(folded) else folded


def _letters(value: str) -> str:
    return _NON_ALNUM.sub("", value).casefold()


def _node_text(node: LexborNode) -> str:
    return nfc(" ".join(node.text(separator=" ").split()))


def _ruby_base_text(node: LexborNode) -> str:
    """The text of ``node`` without its ruby annotations: the headline 子ども, not 子 こ ども
    (strip_non_content removes <rt> from the body later; the metadata is read before)."""
    parts = []
    for child in node.traverse(include_text=True):
        if child.is_text_node:
            parent = child.parent
            if parent is not None and parent.tag not in RUBY_ANNOTATION_TAGS:
                parts.append(child.text_content or "")
    return nfc(" ".join("".join(parts).split()))


def _tokens(node: LexborNode, *attrs: str) -> set[str]:
    """Lower-cased class/id/rel/itemprop tokens, both whole (``entry-date``) and dash-split."""
    out: set[str] = set()
    values = node.attributes
    for attr in attrs:
        raw = values.get(attr)
        if raw:
            for tok in _TOKEN_SPLIT.split(raw.casefold()):
                if tok:
                    out.add(tok)
                    if "-" in tok:  # no whitespace or "_" is left in a token to split at
                        out.update(t for t in tok.split("-") if t)
    return out


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    for _ in range(MAX_ANCESTORS):
        if parent is None or parent.tag in (None, "html", "-document"):
            return
        yield parent
        parent = parent.parent


@lru_cache(maxsize=REGION_CACHE_SIZE)
def _region_marks(class_attr: str | None, id_attr: str | None) -> tuple[bool, bool, bool]:
    """(main, foreign, chrome) said by one element's class and id: whole tokens, and their
    first and last dash parts ("comments-area", "post-related"). Cached: class strings repeat."""
    whole: set[str] = set()
    parts: set[str] = set()
    for raw in (class_attr, id_attr):
        if raw:
            for tok in _TOKEN_SPLIT.split(raw.casefold()):
                if tok:
                    whole.add(tok)
                    pieces = tok.split("-")
                    parts.add(pieces[0])
                    parts.add(pieces[-1])
    foreign = bool((whole | parts) & FOREIGN_REGION_TOKENS or whole & FOREIGN_WHOLE_TOKENS)
    chrome = not foreign and bool(whole & CHROME_TOKENS)
    return bool(whole & MAIN_TOKENS), foreign, chrome


def _in_region(node: LexborNode) -> tuple[bool, bool]:
    """(inside <article>/<main>/articleBody, inside comments/teasers/sidebar/nav/footer)."""
    main = foreign = chrome = False
    for anc in _ancestors(node):
        tag = anc.tag
        if tag == "body":
            break
        if tag in ("article", "main"):
            # Their classes list the post's tags and categories ("tag-comments"): not a region.
            main = True
            continue
        if tag in CHROME_TAGS:
            chrome = True
        attrs = anc.attributes
        is_main, is_foreign, is_chrome = _region_marks(attrs.get("class"), attrs.get("id"))
        main = main or is_main
        foreign = foreign or is_foreign
        chrome = chrome or is_chrome
        itemprop = attrs.get("itemprop")
        if itemprop and "articlebody" in itemprop.casefold():
            main = True
    return main, foreign or (chrome and not main)


def _in_figure(node: LexborNode) -> bool:
    """Inside a figure or its caption, where a name is the photographer's credit."""
    return node.tag in FIGURE_TAGS or any(anc.tag in FIGURE_TAGS for anc in _ancestors(node))


def _absolute(href: str | None, base: str | None) -> str | None:
    href = _clean(href)
    if not href or href.startswith(("javascript:", "data:", "mailto:", "#")):
        return None
    if _PLAIN_URL.fullmatch(href) and (not base or _PLAIN_BASE.match(base)):
        return href  # what _joined gives back for it, without its four parses
    return _joined(href, base)


def _joined(href: str, base: str | None) -> str | None:
    """``href`` resolved against ``base``, if that is an http(s) URL with a host."""
    try:
        absolute = urljoin(base or "", href)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


# ---------------------------------------------------------------- dates


def _valid_date(y: int, m: int, d: int) -> date | None:
    try:
        value = date(y, m, d)
    except ValueError:
        return None
    latest = (datetime.now(UTC) + MAX_FUTURE).date()
    return value if y >= MIN_YEAR and value <= latest else None


def _valid_date_obj(value: date) -> date | None:
    return _valid_date(value.year, value.month, value.day)


def _year(raw: str) -> int:
    y = int(raw)
    if len(raw) == 2:
        # Two-digit years ("18.02.25") name this century unless that would lie in the future.
        century = datetime.now(UTC).year // 100 * 100
        y = century + y if century + y <= datetime.now(UTC).year else century - 100 + y
    return y


def _month(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    return _months().get(raw.casefold().rstrip("."))


def _iso_from_match(m: re.Match[str], *, keep_time: bool) -> str | None:
    groups = m.groupdict()
    month = _month(groups["m"]) if groups.get("m") else None
    day_raw = groups.get("d")
    if groups.get("a") is not None:
        # n/n/yyyy: day first unless the first number cannot be a month's day order (US form).
        a, b = int(groups["a"]), int(groups["b"])
        day, month = (a, b) if a > 12 or b <= 12 else (b, a)
    else:
        day = int(day_raw) if day_raw else 0
    if month is None:
        return None
    valid = _valid_date(_year(groups["y"]), month, day)
    if valid is None:
        return None
    if groups.get("H") is not None:
        hour, minute, second = int(groups["H"]), int(groups["M"]), int(groups.get("S") or 0)
        if hour > 23 or minute > 59 or second > 59:
            return valid.isoformat()
        tz = groups.get("tz")
        if tz in UTC_OFFSETS and minute == second == 0 and hour >= LOCAL_MIDNIGHT_MIN_UTC_HOUR:
            # A whole late-evening hour in UTC is a date-only value stored as local midnight
            # east of Greenwich (CMS "2022-11-06T23:00:00Z" for a story dated 7 November).
            local = _valid_date_obj(valid + timedelta(days=1))
            return (local or valid).isoformat()
        if not keep_time:
            return valid.isoformat()
        stamp = f"{valid.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}"
        if tz == "Z":
            stamp += "+00:00"
        elif tz:
            tz = tz.replace(":", "")
            stamp += f"{tz[:3]}:{tz[3:]}"
        return stamp
    return valid.isoformat()


def parse_date(value: object, *, keep_time: bool = True) -> str | None:
    """ISO 8601 form of a date given as ISO, compact, epoch or a German / English / … phrase.

    Returns ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SS[+HH:MM]`` when ``value`` is ISO with a
    time and ``keep_time``; ``None`` when no plausible date (1990 … now) is found.
    """
    text = _clean(value) if isinstance(value, str) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))
    if not text:
        return None
    text = text[:MAX_DATE_TEXT_CHARS]
    m = _ISO_DATE.search(text)
    if m and m.start() < 4:
        iso = _iso_from_match(m, keep_time=keep_time)
        if iso:
            return iso
    m = _compact_date_re().match(text)
    if m:
        return _iso_from_match(m, keep_time=keep_time)
    if _epoch_re().match(text):
        seconds = int(text[:10])
        stamp = datetime.fromtimestamp(seconds, tz=UTC)
        valid = _valid_date(stamp.year, stamp.month, stamp.day)
        return stamp.date().isoformat() if valid else None
    return find_date(text)


def find_date(text: str) -> str | None:
    """First plausible calendar date written anywhere in ``text`` (date only, no time)."""
    dates = _find_dates(text)
    return dates[0][2] if dates else None


def _find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every plausible date in ``text`` as (start, end, ISO date), in text order, no overlaps."""
    hits: list[tuple[int, int, str]] = []
    if not _HAS_DIGIT.search(text):
        return hits  # every date pattern needs a digit: most strings tried have none
    # The patterns with month names are the slow ones, and they need a four-digit year.
    for pattern in _text_date_patterns() if _FOUR_DIGITS.search(text) else (_DOTTED_DATE,):
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end, _ in hits):
                continue
            iso = _iso_from_match(m, keep_time=False)
            if iso:
                hits.append((m.start(), m.end(), iso))
    return sorted(hits)


def _swap_day_month(iso: str) -> str | None:
    """The same date with day and month read the other way round ("11/01" is Jan 11 or Nov 1)."""
    y, m, d = iso[:4], iso[5:7], iso[8:10]
    return f"{y}-{d}-{m}" if int(d) <= 12 else None


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for m in _URL_DATE.finditer(path):
        y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
        valid = _valid_date(int(y), int(mo), int(d))
        if valid:
            return valid.isoformat()
    return None


# ---------------------------------------------------------------- authors


def _plausible_name(part: str) -> bool:
    if not part or len(part) > MAX_NAME_CHARS or len(part.split()) > MAX_NAME_WORDS:
        return False
    if _URLISH.search(part) or len(_HAS_LETTER.findall(part)) < MIN_NAME_LETTERS:
        return False
    words = part.split()
    if len(words) > 1:
        # Digits only in a one-word login name ("Marianne1"), never in "Heft 3" or a date.
        if _HAS_DIGIT.search(part):
            return False
        # A name opens with a capital or a particle ("van Gogh", "der Michel"), and holds no
        # byline word: "deinen Hochzeitsbloggern", "Revised Edition Edited by …" are phrases.
        first = words[0]
        if first[0].islower() and first.casefold() not in _particles():
            return False
        if any(w.casefold() in _prefix_words() for w in words):
            return False
    if any(c in part for c in ":!?\"“”„«»=<>{}"):
        return False
    return part.casefold() not in _non_names()


def _is_agency(part: str) -> bool:
    folded = part.casefold().strip(" .")
    if folded in _agencies():
        return True
    words = set(_DASH_TOKENS.split(folded))
    return bool(words & _org_words())


def _desk_credit(credits: list[str]) -> str | None:
    """The first credit naming the page's own desk ("Redaktion", "Newsdesk", "HLNF Staff
    Report"), not a wire agency or a placeholder ("dpa", "admin")."""
    return next((c for c in credits if c.casefold().strip(" .") not in _not_desks()), None)


def split_authors(raw: str) -> tuple[list[str], list[str]]:
    """(person names, agency credits) in a byline or author field, in order, without duplicates.

    Strips "Von", "By", "Autor:" …, splits "A und B", "A, B", "A & B", sends agencies and
    desks (dpa, Reuters, "Redaktion") to the second list and drops what cannot be a name
    (e-mail addresses, URLs, @handles, photo credits, text with digits, sentences).
    """
    names: list[str] = []
    agencies: list[str] = []
    text = _clean(raw)
    # Longer is a text block, not a byline; the bound also keeps the patterns below, which
    # rescan a long unbroken word from every offset, from going quadratic on hostile fields.
    if not text or len(text) > MAX_BYLINE_CHARS:
        return names, agencies
    # The address patterns try every offset, and each needs an "@", "://", "www." or a
    # bracket, which most bylines do not have.
    if "@" in text or "://" in text or "www." in text.lower() or _BRACKETS.search(text):
        text = _url_or_mail_re().sub(",", text)
    if _BRACKETS.search(text):
        # A parenthesis holds a credit ("Anna Muster (dpa)") or a role ("(Pressesprecher)"):
        # only a credit is kept.
        for inner in _parenthesis_re().findall(text):
            for part in _split_re().split(inner):
                part = part.strip(NAME_EDGE_CHARS)
                if part and _is_agency(part) and part not in agencies:
                    agencies.append(part)
        text = _BRACKETS.sub(",", _parenthesis_re().sub(",", text))
    for piece in _BYLINE_PART_SPLIT.split(text):
        piece = _strip_prefixes(piece.strip(" ,;:"))
        # a date, time or reading time after a name ends it ("Anna Muster 12.03.2024",
        # "Jane Doe Monday, November 18, 2019", "José Wilson Hace 13 horas"); each of them
        # holds a digit
        if _HAS_DIGIT.search(piece):
            piece = _date_tail_re().sub("", piece)
        piece = _stop_re().sub("", " " + piece).strip()
        for part in _split_re().split(piece):
            # A trailing dot belongs to an initial or "Jr.": keep it, strip other punctuation.
            part = _strip_prefixes(part.strip(NAME_EDGE_CHARS).lstrip("."))
            if not part or part.startswith("@") or "©" in part:
                continue
            if " @" in part:  # "Jane Doe @janedoe": the handle after the name
                part = " ".join(w for w in part.split() if not w.startswith("@"))
            part = _strip_role(part)
            folded = part.casefold()
            if folded in _name_noise():
                continue
            if _is_agency(part):
                if part not in agencies:
                    agencies.append(part)
            elif _plausible_name(part) and folded not in {n.casefold() for n in names}:
                names.append(part)
            if _DOMAIN_NAME.match(part):
                # A site credits itself by its domain, often with its address after it
                # ("hessenschau.de, Frankfurt, Germany"): the parts after it are places.
                break
    return names, agencies


def _strip_role(part: str) -> str:
    """``part`` without a role word opening it before a full name ("FOCUS-Online-Experte Max
    Muster", "Wirtschaftsredakteurin Anna Muster")."""
    words = part.split()
    if len(words) <= MIN_NAME_WORDS_AFTER_ROLE:
        return part
    head = words[0].casefold().rsplit("-", 1)[-1]
    if any(head.endswith(role) for role in _role_words()):
        return " ".join(words[1:])
    return part


def _strip_prefixes(text: str) -> str:
    for _ in range(3):
        end = _prefix_end(text)
        if end < 0:
            break
        stripped = text[end:]
        text = stripped.strip(" ,;:")
    return text


def _is_handle(name: str) -> bool:
    """A login name ("jdoe", "anna.muster") or initials ("DT") rather than a display name."""
    if " " in name:
        return False
    return len(name) <= MAX_INITIALS_CHARS or name == name.lower() or "." in name.rstrip(".") or "_" in name


# ---------------------------------------------------------------- JSON-LD


def _load_json(raw: str) -> list[Any]:
    """Every JSON value in one script's text; repairs comments wrappers and trailing commas."""
    text = raw.strip()
    if not text:
        return []
    for attempt in range(2):
        if attempt:
            text = _json_wrapper_re().sub("", text).strip().rstrip(";")
            text = _json_trailing_comma_re().sub(r"\1", text)
        decoder = json.JSONDecoder(strict=False)
        values: list[Any] = []
        pos = 0
        try:
            while pos < len(text):
                value, pos = decoder.raw_decode(text, pos)
                values.append(value)
                while pos < len(text) and text[pos] in " \t\r\n;,":
                    pos += 1
        except (ValueError, RecursionError):
            if values:
                return values
            continue
        return values
    return [_salvage_json(text)]


def _salvage_json(text: str) -> dict[str, Any]:
    """What patterns can still read from JSON-LD too broken to parse."""
    found: dict[str, Any] = {"@type": "Article", "@salvaged": True}
    for key, value in _ld_salvage_re().findall(text):
        found.setdefault(key, _unescape_json(value))
    m = _ld_salvage_author_re().search(text)
    if m:
        found["author"] = {"@type": "Person", "name": _unescape_json(m.group(1))}
    return found if len(found) > 2 else {}


def _unescape_json(value: str) -> str:
    try:
        return json.loads(f'"{value}"', strict=False)
    except ValueError:
        return value


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for v in values:
        if isinstance(v, str):
            out.add(v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].casefold())
    return out


def _type_name(obj: dict[str, Any], rank: int) -> str:
    """The article type as the page spells it ("NewsArticle"), for ``Metadata.sources``."""
    raw = obj.get("@type")
    for v in raw if isinstance(raw, list) else [raw]:
        if isinstance(v, str):
            name = v.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            if ARTICLE_TYPES.get(name.casefold()) == rank:
                return name
    return "Article"


def _walk(value: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > MAX_JSONLD_DEPTH or len(out) >= MAX_JSONLD_OBJECTS:
        return
    if isinstance(value, list):
        for item in value:
            _walk(item, out, depth + 1)
    elif isinstance(value, dict):
        out.append(value)
        for key, item in value.items():
            if isinstance(item, (dict, list)) and key not in ("articleBody", "text"):
                _walk(item, out, depth + 1)


@dataclass(slots=True)
class _JsonLd:
    article: dict[str, Any] | None = None
    article_type: str = ""
    page: dict[str, Any] | None = None
    site: dict[str, Any] | None = None
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    salvaged: bool = False

    def resolve(self, value: Any) -> Any:
        """Follow a bare ``{"@id": …}`` reference to the node it names."""
        if isinstance(value, dict) and "@id" in value and len(value) <= 2 and isinstance(value["@id"], str):
            return self.by_id.get(value["@id"], value)
        return value


def _read_jsonld(scripts: list[LexborNode]) -> _JsonLd:
    objects: list[dict[str, Any]] = []
    salvaged = False
    for node in scripts:
        for value in _load_json(node.text()):
            if isinstance(value, dict) and value.get("@salvaged"):
                salvaged = True
            _walk(value, objects)
    ld = _JsonLd(salvaged=salvaged)
    best: tuple[int, int] | None = None
    for i, obj in enumerate(objects):
        ident = obj.get("@id")
        if isinstance(ident, str) and len(obj) > 1:
            ld.by_id.setdefault(ident, obj)
        types = _types(obj)
        ranks = [ARTICLE_TYPES[t] for t in types if t in ARTICLE_TYPES]
        if ranks:
            key = (min(ranks), i)
            if best is None or key < best:
                best = key
                ld.article = obj
                ld.article_type = _type_name(obj, key[0])
        elif types & PAGE_TYPES and ld.page is None:
            ld.page = obj
        elif types & SITE_TYPES and ld.site is None:
            ld.site = obj
    if ld.article is None and ld.page is not None:
        main = ld.resolve(ld.page.get("mainEntity"))
        if isinstance(main, dict) and _types(main) & ARTICLE_TYPES.keys():
            ld.article = main
    return ld


def _ld_text(value: Any, depth: int = 0) -> str | None:
    """The text of a JSON-LD value: a string, the first text in a list, an object's name."""
    if depth > MAX_JSONLD_DEPTH:
        return None
    if isinstance(value, list):
        for item in value:
            text = _ld_text(item, depth + 1)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("@value"), depth + 1)
    return _clean(value)


def _ld_people(ld: _JsonLd, value: Any, depth: int = 0) -> tuple[list[str], list[str]]:
    """(person names, organisation names) of a JSON-LD author / creator value."""
    people: list[str] = []
    orgs: list[str] = []
    if depth > 3:
        return people, orgs
    value = ld.resolve(value)
    if isinstance(value, list):
        for item in value:
            p, o = _ld_people(ld, item, depth + 1)
            people += p
            orgs += o
    elif isinstance(value, dict):
        name = _ld_text(value.get("name"))
        if not name:
            given, family = _clean(value.get("givenName")), _clean(value.get("familyName"))
            name = " ".join(x for x in (given, family) if x) or None
        if name:
            types = _types(value)
            is_org = bool(types & ORGANIZATION_TYPES) and not types & PERSON_TYPES
            (orgs if is_org else people).append(name)
    elif isinstance(value, str):
        text = _clean(value)
        if text and not _URLISH.match(text):
            people.append(text)
    return people, orgs


# ---------------------------------------------------------------- candidates


@dataclass(slots=True)
class _Scan:
    """The elements the readers below look at, in document order."""

    scripts: list[LexborNode] = field(default_factory=list)  # JSON-LD
    metas: list[LexborNode] = field(default_factory=list)
    links: list[LexborNode] = field(default_factory=list)
    itemprops: list[LexborNode] = field(default_factory=list)  # microdata outside <meta>
    h1s: list[LexborNode] = field(default_factory=list)
    times: list[LexborNode] = field(default_factory=list)  # <time>, <abbr title>
    titles: list[LexborNode] = field(default_factory=list)


def _scan(tree: LexborHTMLParser) -> _Scan:
    scan = _Scan()
    seen: set[int] = set()
    for node in css.select(tree, _SCAN_SELECTOR):
        # A node matching two of the selectors comes back twice.
        if node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        tag = node.tag
        if tag == "meta":
            scan.metas.append(node)
            continue
        if tag == "script":
            scan.scripts.append(node)
        elif tag == "link":
            scan.links.append(node)
        elif tag == "h1":
            scan.h1s.append(node)
        elif tag in ("time", "abbr"):
            scan.times.append(node)
        elif tag == "title":
            scan.titles.append(node)
        if "itemprop" in node.attributes:
            scan.itemprops.append(node)
    return scan


@dataclass(slots=True)
class _Found:
    """Values found for each field, most trusted first, each with where it came from."""

    values: dict[str, list[tuple[Any, str]]] = field(default_factory=dict)

    def add(self, name: str, value: Any, source: str) -> None:
        if value is None or value == "" or value == [] or value == ():
            return
        self.values.setdefault(name, []).append((value, source))

    def get(self, name: str) -> list[tuple[Any, str]]:
        return self.values.get(name, [])


def _read_meta(nodes: list[LexborNode]) -> dict[str, list[str]]:
    metas: dict[str, list[str]] = {}
    for node in nodes:
        attrs = node.attributes
        content = attrs.get("content")
        if content is None:
            continue
        content = content.strip()
        if not content:
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if key:
                for k in key.split():
                    metas.setdefault(k.casefold(), []).append(content)
    return metas


#: The rel values read off <link> elements: the canonical URL and the picture.
_LINK_RELS = ("canonical", "image_src")


def _read_links(nodes: list[LexborNode]) -> dict[str, str]:
    """rel value -> the href of the first link with that value, for the values in _LINK_RELS."""
    links: dict[str, str] = {}
    for node in nodes:
        attrs = node.attributes
        rel = (attrs.get("rel") or "").casefold()
        href = attrs.get("href")
        if href:
            for r in rel.split():
                if r in _LINK_RELS:
                    links.setdefault(r, href)
    return links


def _scope_type(node: LexborNode) -> str:
    for anc in _ancestors(node):
        attrs = anc.attributes
        if "itemscope" in attrs:
            return (attrs.get("itemtype") or "").casefold()
    return ""


def _own_name(node: LexborNode) -> LexborNode | None:
    """The itemprop=name of ``node``'s own item, not of an item nested inside it."""
    for name_node in node.css('[itemprop~="name"]'):
        scope = next((a for a in _ancestors(name_node) if "itemscope" in a.attributes), None)
        if scope is None or scope.mem_id == node.mem_id:
            return name_node
    return None


def _read_microdata(nodes: list[LexborNode], found: _Found) -> None:
    authors: list[str] = []
    for node in nodes:
        if node.tag == "meta":
            continue
        attrs = node.attributes
        props = set((attrs.get("itemprop") or "").casefold().split()) & MICRODATA_PROPS
        if not props:
            continue
        scope = _scope_type(node)
        if "comment" in scope or "review" in scope:
            continue
        for prop in props:
            if prop == "headline":
                found.add("title", _node_text(node), "microdata:headline")
            elif prop == "publisher":
                name_node = _own_name(node)
                if name_node is not None:
                    name = name_node.attributes.get("content") or _node_text(name_node)
                    found.add("site", _clean(name), "microdata:publisher")
            elif prop in ("author", "creator"):
                if _in_figure(node):
                    continue
                name_node = _own_name(node)
                if name_node is None and node.tag == "link":
                    continue
                text = attrs.get("content") or _node_text(name_node or node)
                if text:
                    authors.append(text)
            else:
                raw = attrs.get("datetime") or attrs.get("content") or _node_text(node)
                key = "modified" if prop == "datemodified" else "date"
                found.add(key, raw, f"microdata:{prop}")
    found.add("author", authors, "microdata:author")


# ---------------------------------------------------------------- headline


class _H1(NamedTuple):
    text: str
    kicker: str | None  # a child the markup names as kicker ("dachzeile", "kicker" …)
    main: bool  # inside <article>/<main>
    foreign: bool  # inside comments, teasers, navigation …
    # (first child's text, the rest): a possible unnamed kicker, taken when another source
    # confirms the rest as the headline.
    split: tuple[str, str] | None
    node: LexborNode


def _h1_candidates(nodes: list[LexborNode]) -> list[_H1]:
    out = []
    for node in nodes:
        kicker = None
        split = None
        text = _ruby_base_text(node) if node.css_first("rt") else _node_text(node)
        for child in node.css("*"):
            if _tokens(child, "class") & KICKER_TOKENS:
                kicker = _node_text(child) or None
                if kicker and text.startswith(kicker):
                    text = text[len(kicker) :].strip(" :–-")
                break
        first = node.child
        while first is not None and not first.is_element_node and not (first.text_content or "").strip():
            first = first.next
        if kicker is None and first is not None and first.is_element_node and first.tag in KICKER_TAGS:
            head = _node_text(first)
            rest = text[len(head) :].strip(" :–-") if head and text.startswith(head) else ""
            if rest and len(head) <= MAX_KICKER_CHARS:
                split = (head, rest)
        if not text or len(text) > MAX_TITLE_CHARS:
            continue
        main, foreign = _in_region(node)
        out.append(_H1(text, kicker, main, foreign, split, node))
    return out


_SEPARATOR = "|".join(re.escape(s) for s in TITLE_SEPARATORS)
_SEP_TAIL = re.compile(rf"\s*(?:{_SEPARATOR})\s*$")
_SEP_HEAD = re.compile(rf"^\s*(?:{_SEPARATOR})\s*")
_TITLE_SPLIT = re.compile(r"\s+(?:\||-|–|—|·|•|»|«|::|~|/|//|¦|‹|›)\s+|\s*(?:\||»|//)\s*")
_title_or_colon_split_re = _compiled_on_first_use(
    r"\s+(?:\||-|–|—|·|•|»|«|::|~|/|//|¦|‹|›)\s+|\s*(?:\||»|//)\s*|:\s+"
)
# Separators left at either end once a site name is cut.
_TITLE_EDGE = re.compile(r"^\s*(?:[|\-–—·•:~/]+\s+)+|(?:\s+[|\-–—·•:~/]+)+\s*$|^\s+|\s+$")
# » and « also separate breadcrumbs ("Site » Headline"), but only when they do not quote.
_TITLE_EDGE_GUILLEMETS = re.compile(r"^\s*(?:[»«]+\s+)+|(?:\s+[»«]+)+\s*$")
_SLUG_WORD = re.compile(r"[\p{L}\p{N}]+")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _strip_site(title: str, sites: list[str], folds: set[str]) -> str:
    """``title`` without a site name at its start or end ("Headline | Site", "Site: Headline");
    ``folds`` are the ``sites`` folded."""
    lowered = title.lower()
    if len(lowered) != len(title):  # lower() changed the length: offsets would not line up
        return title
    for site in sites:
        name = site.strip().lower()
        if not name or name == lowered.strip():
            continue
        candidates = []
        if lowered.endswith(name):
            head = title[: len(title) - len(name)]
            if _SEP_TAIL.search(head):
                candidates.append(_SEP_TAIL.sub("", head))
        if lowered.startswith(name):
            tail = title[len(name) :]
            if _SEP_HEAD.search(tail):
                candidates.append(_SEP_HEAD.sub("", tail))
        for rest in candidates:
            # What is left must not be another of the site's names ("Site // Owner").
            rest = rest.strip()
            if rest and _fold(_TITLE_EDGE.sub("", rest)) not in folds:
                return rest
    return title


@cache
def _title_boilerplate_re() -> re.Pattern[str]:
    """A boilerplate part ("Blog Archive") and its separator at either end of a title."""
    alts = "|".join(re.escape(w) for w in _tables()["titles"]["boilerplate_parts"])
    return re.compile(
        rf"^\s*(?:{alts})\s*(?:{_SEPARATOR})\s+|\s+(?:{_SEPARATOR})\s*(?:{alts})\s*$", re.IGNORECASE
    )


def _hostname(url: str) -> str | None:
    """``urlsplit(url).hostname``, read off a plain http(s) URL without the parse."""
    plain = _PLAIN_HOST.match(url)
    return plain[1].lower() if plain else urlsplit(url).hostname


def _host_label(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = _hostname(url) or ""
    except ValueError:
        return None
    parts = [p for p in host.split(".") if p not in ("www", "m", "blog", "blogs", "amp")]
    return _letters(parts[-2]) if len(parts) >= 2 else None


def _folded_parts(title: str) -> set[str]:
    """``title`` and its parts between separators, folded."""
    return {_fold(p) for p in (title, *_title_parts(title))}


def _title_parts(title: str, *, colon: bool = False) -> list[str]:
    splitter = _title_or_colon_split_re() if colon else _TITLE_SPLIT
    return [p.strip() for p in splitter.split(title) if p.strip()]


def _slug_words(url: str | None) -> set[str]:
    """Words of the URL's last path segment that reads like a headline ("the-long-title")."""
    if not url:
        return set()
    try:
        path = urlsplit(url).path
    except ValueError:
        return set()
    for segment in reversed([p for p in path.split("/") if p]):
        words = {w for w in _SLUG_WORD.findall(segment.casefold()) if not w.isdigit()}
        if len(words) >= MIN_SLUG_WORDS:
            return words
    return set()


def _slug_overlap(text: str, slug: set[str]) -> float:
    if not slug:
        return 0.0
    words = {w.translate(_TRANSLIT) for w in _SLUG_WORD.findall(text.casefold())}
    words |= set(_SLUG_WORD.findall(text.casefold()))
    return len(words & slug) / len(slug)


def _headline_node(tree: LexborHTMLParser, h1s: list[_H1], title: str | None) -> LexborNode | None:
    """The <h1> showing the chosen headline, else the article's first <h1>; on pages without
    either (blog themes with the site's name in <h1>), the <h2>/<h3> showing the headline."""
    folded = _fold(title) if title else None
    for h in h1s:
        if folded and (_fold(h.text) == folded or (h.split and _fold(h.split[1]) == folded)):
            return h.node
    usable = [h for h in h1s if not h.foreign]
    node = next((h.node for h in usable if h.main), None)
    if node is None and folded:
        for sub in css.select(tree, _SUBHEADLINE_SELECTOR):
            if _fold(_node_text(sub)) == folded and not _in_region(sub)[1]:
                return sub
    return node


def _choose_title(
    found: _Found, sites: list[str], h1s: list[_H1], url: str | None
) -> tuple[str | None, str | None, str | None]:
    """(headline, kicker, source).

    A structured title (JSON-LD, og:title …) is taken when the visible <h1> confirms it; the
    <h1> wins when a structured title is just the <h1> plus a site name, kicker or tagline, or
    when <title> repeats it. Site names are cut from the ends of every candidate.
    """
    html_title = next((t for t, s in found.get("title") if s == "title"), None)
    host = _host_label(url)
    site_names = [s for s in sites if s]
    for text in dict.fromkeys(t for t, _ in found.get("title")):  # often one title thrice
        parts = _title_parts(text)
        # The first or last part of a split title that spells the host name is the site's name.
        for part in (parts[0], parts[-1]) if len(parts) > 1 else ():
            letters = _letters(part)
            if host and letters and letters.startswith(host):
                site_names.append(part)
    site_folds = {_fold(s) for s in site_names}
    # The same title often comes from several sources (headline, og:title, twitter:title).
    cleaned: dict[str, str] = {}

    def clean(text: str) -> str:
        if text in cleaned:
            return cleaned[text]
        out = _TITLE_EDGE.sub("", _strip_site(text, site_names, site_folds))
        out = _TITLE_EDGE.sub("", _title_boilerplate_re().sub("", out)) or out
        if not ("«" in out and "»" in out):
            out = _TITLE_EDGE.sub("", _TITLE_EDGE_GUILLEMETS.sub("", out))
        cleaned[text] = out
        return out

    structured = [(clean(t), s) for t, s in found.get("title") if s != "title"]
    structured = [(t, s) for t, s in structured if t and _fold(t) not in site_folds]
    cleaned_title = clean(html_title) if html_title else None
    others = [t for t, _ in structured] + ([cleaned_title] if cleaned_title else [])
    confirming = {_fold(p) for o in set(others) for p in (o, *_title_parts(o))}

    usable = [h for h in h1s if not h.foreign and _fold(h.text) not in site_folds] or [
        h for h in h1s if _fold(h.text) not in site_folds
    ]
    # Pages with several <h1> (logo, widget titles …): the one another source repeats, else
    # the one inside the article, else the first.
    repeated = [h for h in usable if _fold(h.text) in confirming]
    best: _H1 | None
    if repeated:
        best = max(repeated, key=lambda h: (h.main, len(h.text)))
    else:
        best = next((h for h in usable if h.main), usable[0] if usable else None)
    h1 = best.text if best else None
    kicker = best.kicker if best else None
    confirmed = h1 is not None and _fold(h1) in confirming

    if best and best.split:
        head, rest = best.split
        folded_rest = _fold(rest)
        if any(folded_rest in {_fold(p) for p in _title_parts(o, colon=True)} for o in others):
            return rest, head, "h1(kicker split)"
    if h1:
        folded = _fold(h1)
        for text, source in structured:
            if _fold(text) == folded:
                # Same title; where only quotes or dashes differ, the <h1> shows the site's
                # own typesetting, which the structured copy lost.
                return (h1 if _plain_fold(text) != _plain_fold(h1) else text), kicker, source
        for text, _ in structured:
            # The structured title is the <h1> plus a tagline, kicker or site name.
            other = _fold(text)
            if other.startswith(folded) and _SEP_HEAD.match(other[len(folded) :]):
                return h1, kicker, "h1"
            if other.endswith(folded) and _SEP_TAIL.search(other[: len(other) - len(folded)]):
                return h1, kicker, "h1"
    if structured:
        text, source = structured[0]
        if h1 and cleaned_title and _fold(h1) in _folded_parts(cleaned_title):
            return h1, kicker, "h1"  # the <title> repeats the <h1>, not the structured title
        if best and best.main and not confirmed:
            # The article's own <h1> says something else: the structured title is the
            # search-engine version, the <h1> what the reader sees. Unless the <h1> is that
            # title plus a kicker before it, a site name after it or a subtitle.
            folded, other = _fold(best.text), _fold(text)
            extended = (
                folded.endswith(other)  # a kicker before it
                or (folded.startswith(other) and _SEP_HEAD.match(folded[len(other) :]))
                # a title and a subtitle, each in its own element
                or any(_fold(_node_text(part)) == other for part in best.node.css("*"))
            )
            if not extended:
                return best.text, kicker, "h1(article)"
        return text, kicker, source
    slug = _slug_words(url)
    parts = _title_parts(cleaned_title) if cleaned_title else []
    if h1:
        if best and not confirmed and not best.main and parts and _fold(cleaned_title or "") != _fold(h1):
            # An unconfirmed <h1> outside the article may be the site's banner: a <title>
            # part that the URL names better is the headline.
            scored = max(parts, key=lambda p: _slug_overlap(p, slug))
            overlap = _slug_overlap(scored, slug)
            if overlap >= MIN_SLUG_OVERLAP and overlap > _slug_overlap(h1, slug):
                return scored, None, "title(part)"
        return h1, kicker, "h1"
    if cleaned_title:
        if len(parts) > 1 and _fold(cleaned_title) == _fold(html_title or ""):
            # No site name was recognised: the part the URL names, else the longest.
            scored = max(parts, key=lambda p: (_slug_overlap(p, slug), len(p)))
            return scored, None, "title(part)"
        return cleaned_title, None, "title"
    return None, kicker, None


# ---------------------------------------------------------------- byline & date heuristics


def _byline_authors(tree: LexborHTMLParser) -> tuple[list[str], list[str], str]:
    """Names in the first byline element (class/id "author", "byline" …, rel=author, links to
    an author page), those inside the article first."""
    seen: set[int] = set()
    candidates: list[tuple[int, int, LexborNode, str]] = []
    for order, node in enumerate(css.select(tree, _BYLINE_SELECTOR)):
        if node.mem_id in seen or node.tag in NON_BYLINE_TAGS:
            continue
        seen.add(node.mem_id)
        toks = _tokens(node, "class", "id")
        if "author" in _tokens(node, "rel"):
            rank, source = 0, "rel=author"
        elif toks & BYLINE_TOKENS and not toks & BYLINE_SKIP_TOKENS:
            rank, source = 1, "byline"
        elif node.tag == "a" and _AUTHOR_HREF.search(node.attributes.get("href") or ""):
            rank, source = 2, "a[href*=author]"
        else:
            continue
        text = _node_text(node)
        if not text or len(text) > (MAX_NAME_CHARS if rank == 2 else MAX_BYLINE_CHARS):
            continue
        main, foreign = _in_region(node)
        if not foreign and not _in_figure(node):
            candidates.append((0 if main else 1, rank * 10000 + order, node, source))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for tried, (_, _, node, source) in enumerate(candidates):
        if tried < MAX_TEASER_CARD_CHECKS and _in_teaser_card(node):
            continue
        names, agencies = split_authors(_byline_text(node))
        if len(names) > MAX_BYLINE_NAMES:
            continue
        if names or agencies:
            return names, agencies, source
    return [], [], ""


def _in_teaser_card(node: LexborNode) -> bool:
    """Inside an ``<article>`` that is a card for another story: short, its headline a link,
    no ``<h1>``. The byline there names that story's author ("Von Max Beispiel | 19.10.19"
    under a teaser in the sidebar), not this page's. A blog theme's post, its title linked to
    the permalink, is no card: it holds the post's text."""
    card = next((anc for anc in _ancestors(node) if anc.tag == "article"), None)
    return (
        card is not None
        and css.select_first(card, "h1") is None
        and card.css_first(_LINKED_HEADLINE) is not None
        and len(card.text(deep=True)) <= MAX_TEASER_CARD_CHARS
    )


def credit_line_authors(texts: Iterable[str]) -> list[str]:
    """Names after an author label in the first of ``texts`` (the article's text blocks) that
    has one: "Text: Anna Muster" or "Autor: Rechtsanwalt Max Muster" at the end of the
    article, "Text von …" under a subheading. The label words are common ones, so every name
    kept must look like a name, and a label further than a byline's length into a block is
    part of a sentence."""
    label = _credit_label_re()
    for text in texts:
        m = label.search(text[:MAX_BYLINE_CHARS])
        if not m:
            continue
        names, _ = split_authors(text[m.end() : m.end() + MAX_BYLINE_CHARS])
        shaped = list(takewhile(_name_shaped, names))
        if shaped and len(names) <= MAX_BYLINE_NAMES:
            return shaped
    return []


def _byline_text(node: LexborNode) -> str:
    """A byline element's text without the credit of the author's photo in it ("© Anna Muster")."""
    text = _node_text(node)
    if "©" not in text:
        return text
    kept: list[str] = []
    skip_next = False
    for piece in _strings(node):
        if "©" in piece:
            skip_next = not _HAS_LETTER.search(piece)  # "©" alone: the credit follows
        elif skip_next:
            skip_next = False
        else:
            kept.append(piece)
    return " ".join(" ".join(kept).split())


def _headline_byline(
    below: list[str], above: list[str], kicker: str | None, site_keys: set[str | None]
) -> tuple[list[str], list[str], str]:
    """(names, agencies, source) of the byline at the headline: a string opening with "Von" /
    "By" / "Autor:" (or the string after such a bare label) below it, else above it (the
    kicker aside, and only names that look like names); else a dateline naming one person."""
    names, agencies = _prefixed_byline(below, strict=False)
    if names or agencies:
        return names, agencies, "byline below headline"
    # Above the headline, in reading order.
    folded_kicker = _fold(kicker) if kicker else None
    before = [t for t in reversed(above) if _fold(t) != folded_kicker]
    names, agencies = _prefixed_byline(before, strict=True)
    if names or agencies:
        return names, agencies, "byline above headline"
    for strings, where in ((below, "below"), (above, "above")):
        names = _dateline_names(strings[:DATELINE_NAME_STRINGS], site_keys)
        if names:
            return names, [], f"dateline {where} headline"
    return [], [], ""


def _prefixed_byline(strings: list[str], *, strict: bool) -> tuple[list[str], list[str]]:
    """Names after a "Von" / "By" / "Autor:" that opens one of ``strings``, or in the string
    after a bare "By" label; ``strict``: names after a prefix in the same string must look
    like names ("Anna Muster")."""
    prefixes = _prefix_set()
    for i, text in enumerate(strings):
        text = _BYLINE_LEAD.sub("", text)  # "— by Jane Doe", "- Redaktion: …"
        folded = _fold(text)
        bare = folded in _bare_labels() or (folded.endswith(":") and folded[:-1].strip() in prefixes)
        if bare:
            rest = strings[i + 1] if i + 1 < len(strings) else ""
        else:
            end = _prefix_end(text)
            if end < 0:
                continue
            rest = text[end:].strip()
        if len(rest) > MAX_BYLINE_CHARS:
            continue  # a paragraph opening with "Di" / "Von" ("Di origine polare, …")
        names, agencies = split_authors(rest)
        if len(names) > MAX_BYLINE_NAMES:
            continue
        if strict and not bare and not all(_name_shaped(n) for n in names):
            continue  # a kicker opening with "Von" ("Von wegen", "Von Angst getrieben")
        if names or agencies:
            return names, agencies
    return [], []


def _name_shaped(name: str) -> bool:
    """Two to four words, each capitalised or a particle: "Anna Muster", "Jan van der Berg"."""
    words = name.split()
    if not MIN_SHAPED_NAME_WORDS <= len(words) <= MAX_SHAPED_NAME_WORDS:
        return False
    particles = _particles()
    name_word = _name_word_re()
    return all(name_word.match(w) or w in particles for w in words) and bool(name_word.match(words[-1]))


def _dateline_names(strings: list[str], site_keys: set[str | None]) -> list[str]:
    """The one person named in a short dateline next to a date ("11.12.2019 - Anna Muster",
    "04.02.2022 | 13:10 Uhr | Anna Muster"): every other part holds a digit, and no word of
    the name is the site's ("Handball Schweiz • 02.02.2022" credits the site)."""
    for text in strings:
        if len(text) > MAX_DATELINE_CHARS or not _HAS_DIGIT.search(text) or not find_date(text):
            continue
        parts = [p.strip(NAME_EDGE_CHARS) for p in _BYLINE_PART_SPLIT.split(text)]
        words = [p for p in parts if p and not _HAS_DIGIT.search(p)]
        if len(words) != 1:
            continue
        name = words[0]
        if any(_letters(w) in site_keys for w in name.split()):
            continue
        if _name_shaped(name) and _plausible_name(name) and not _is_agency(name):
            return [name]
    return []


def _names_of(values: Any, site_keys: set[str | None]) -> tuple[list[str], list[str], bool]:
    """(names, agencies, weak): ``weak`` when the names are only handles, initials or the site's
    own name (blogs credit "Frau Sabienes", shops their brand): usable, but a later source
    may know the person."""
    names: list[str] = []
    agencies: list[str] = []
    for v in values if isinstance(values, list) else [values]:
        if not isinstance(v, str):
            continue
        n, a = split_authors(v)
        names += [x for x in n if x.casefold() not in {y.casefold() for y in names}]
        agencies += [x for x in a if x not in agencies]
    strong = [n for n in names if not _is_handle(n) and _letters(n) not in site_keys]
    # Initials or the brand next to full names are the same credit ("Tina Klostermeier, TK").
    return (strong, agencies, False) if strong else (names, agencies, True)


def _choose_authors(
    candidates: list[tuple[Any, str]],
    site_keys: set[str | None],
    tree: LexborHTMLParser,
    headline_strings: tuple[list[str], list[str], str | None],
) -> tuple[list[str], list[str], str | None]:
    """(names, agencies, source): the first source naming people by their display name;
    where no source does, ``source`` is the one that gave the first agency or desk credit.

    A source giving only weak names (handles, initials, the site's name) is kept as a
    fallback while later sources, down to the byline on the page, get a chance to give a
    person. A later structured source, or the byline at the headline, listing the same people
    plus more (or their full names) wins: author fields are often cut to the first of several
    names.
    """
    agencies: list[str] = []
    credit_source: str | None = None
    evaluated: list[tuple[list[str], str, bool]] = []
    for value, src in candidates:
        names, more, weak = _names_of(value, site_keys)
        credit_source = credit_source or (src if more else None)
        agencies += [a for a in more if a not in agencies]
        if names:
            evaluated.append((names, src, weak))
    chosen = next(((n, s) for n, s, weak in evaluated if not weak), None)
    below, above, _ = headline_strings
    if chosen is None:
        raw, more, src = _byline_authors(tree)
        if not raw:
            raw, more, src = _headline_byline(*headline_strings, site_keys)
        names, _, weak = _names_of(raw, site_keys)
        credit_source = credit_source or (src if more else None)
        agencies += [a for a in more if a not in agencies]
        if names and (not weak or not evaluated):
            chosen = (names, src)
    elif any(chosen[0][0] in text for text in (*below, *above)):
        # The byline printed at the headline completes a structured value cut short: more
        # people ("A" → "A, B") or the full name ("Nils" → "Nils Pickert").
        raw, _, src = _headline_byline(*headline_strings, site_keys)
        names, _, weak = _names_of(raw, site_keys)
        if names and not weak and _completes(names, chosen[0]):
            chosen = (names, src)
    if chosen is None and evaluated:
        chosen = evaluated[0][:2]
    if chosen is None:
        return [], agencies, credit_source
    folded = {n.casefold() for n in chosen[0]}
    for names, src, weak in evaluated:
        if not weak and len(names) > len(folded) and folded < {n.casefold() for n in names}:
            chosen = (names, src)
            folded = {n.casefold() for n in names}
    return chosen[0], agencies, chosen[1]


def _completes(names: list[str], chosen: list[str]) -> bool:
    """``names`` say more than ``chosen``: each chosen name is one of them or the start of
    one, and there are more names or longer ones."""
    if len(names) < len(chosen) or len(names) > MAX_BYLINE_NAMES:
        return False
    folded = [n.casefold() for n in names]
    for name in chosen:
        c = name.casefold()
        if not any(f == c or f.startswith(c + " ") for f in folded):
            return False
    return {n.casefold() for n in chosen} != set(folded)


def _time_dates(nodes: list[LexborNode]) -> tuple[str | None, str | None, str | None]:
    """(published, modified, source) from <time> / hAtom <abbr> outside comments and teasers."""
    published: list[tuple[int, int, str]] = []
    modified = None
    for order, node in enumerate(nodes):
        toks = _tokens(node, "class", "itemprop", "id")
        attrs = node.attributes
        if node.tag == "abbr":
            # hAtom (Blogger, old WordPress): <abbr class="published" title="2018-06-05T08:00">.
            if not toks & (PUBLISHED_TOKENS | MODIFIED_TOKENS):
                continue
            raw = attrs.get("title")
        else:
            raw = attrs.get("datetime") or attrs.get("content")
        iso = parse_date(raw) if raw else parse_date(_node_text(node), keep_time=False)
        if not iso:
            continue
        if node.parent is not None:
            toks |= _tokens(node.parent, "class")
        main, foreign = _in_region(node)
        if foreign:
            continue
        if toks & MODIFIED_TOKENS and not toks & PUBLISHED_TOKENS:
            modified = modified or iso
            continue
        rank = 0 if (toks & PUBLISHED_TOKENS or "pubdate" in attrs) else 1
        published.append((rank + (0 if main else 2), order, iso))
    if not published:
        return None, modified, None
    published.sort()
    return published[0][2], modified, "time[datetime]"


def _strings(node: LexborNode) -> Iterator[str]:
    """The non-blank text nodes of ``node``'s subtree (or ``node`` itself), scripts skipped."""
    if not node.is_element_node:
        text = (node.text_content or "").strip()
        if text:
            yield text
        return
    if node.tag in SKIP_TEXT_TAGS:
        return
    for sub in node.traverse(include_text=True):
        if sub.is_text_node:
            parent = sub.parent
            if parent is not None and parent.tag in SKIP_TEXT_TAGS:
                continue
            text = (sub.text_content or "").strip()
            if text:
                yield text


def _following_strings(node: LexborNode, limit: int) -> list[str]:
    """Text nodes after ``node`` in document order, up to ``limit`` characters in all."""
    out: list[str] = []
    size = 0
    cur: LexborNode | None = node
    while cur is not None:
        nxt = cur.next
        while nxt is None:
            cur = cur.parent
            if cur is None or cur.tag in ("body", "html"):
                return out
            nxt = cur.next
        cur = nxt
        if cur.tag in FIGURE_TAGS:
            continue  # a picture's caption and credit: neither byline nor dateline
        for text in _strings(cur):
            out.append(text)
            size += len(text)
            if size >= limit:
                return out
    return out


def _preceding_strings(node: LexborNode, limit: int) -> list[str]:
    """Text nodes just before ``node``, nearest first, up to ``limit`` characters in all."""
    out: list[str] = []
    size = 0
    cur: LexborNode | None = node
    for _ in range(HEADLINE_DATE_BEFORE_LEVELS):
        if cur is None:
            break
        prev = cur.prev
        while prev is not None:
            for text in reversed(list(_strings(prev))):
                out.append(text)
                size += len(text)
                if size >= limit:
                    return out
            prev = prev.prev
        cur = cur.parent
        if cur is None or cur.tag in ("body", "html"):
            break
    return out


def _dateline_date(text: str, label: str = "") -> tuple[str | None, bool]:
    """(publication date, marked as such) in a short dateline-like string; no date in prose
    or in an "updated …" note. ``label`` is the string just before it ("Last updated:")."""
    if "©" in text:
        return None, False  # a picture credit's date ("© Anna Muster, 31.05.2013")
    if len(text) > MAX_DATELINE_CHARS:
        # A long text may still open with its dateline ("29.11.2022 – Die Bundesregierung …").
        text = text[:MAX_DATELINE_LEAD_CHARS]
        lead = _find_dates(text)
        return (lead[0][2], False) if lead and lead[0][0] <= MAX_DATELINE_LEAD_OFFSET else (None, False)
    label = label[-MARKER_REACH:] + " " if len(label) <= MAX_DATELINE_CHARS else ""
    for start, _, iso in _find_dates(text):
        before = (label + text[:start])[-MARKER_REACH:]
        if not _modified_re().search(before):
            return iso, bool(_published_re().search(before))
    return None, False


def _headline_date(below: list[str], above: list[str]) -> tuple[str | None, int]:
    """(date, distance in characters) of the dateline closest to the headline: below it, or
    above it with the kicker. A date labelled "Veröffentlicht" / "Published" wins outright."""
    options: list[tuple[bool, int, str]] = []
    for strings, step in ((below, -1), (above, 1)):
        distance = 0
        for i, text in enumerate(strings):
            j = i + step  # the string before this one in reading order
            iso, marked = _dateline_date(text, strings[j] if 0 <= j < len(strings) else "")
            if iso:
                options.append((not marked, distance, iso))
                break
            distance += len(text)
    if not options:
        return None, 0
    _, distance, iso = min(options)
    return iso, distance


def _element_date(tree: LexborHTMLParser) -> str | None:
    """A date phrase in the first date-classed element outside comments and teasers."""
    seen: set[int] = set()
    best: tuple[int, int, str] | None = None
    checked = 0
    for order, node in enumerate(css.select(tree, _DATE_SELECTOR)):
        if node.mem_id in seen or node.tag in ("body", "html", "meta", "script", "style", "link"):
            continue
        seen.add(node.mem_id)
        toks = _tokens(node, "class", "id")
        if not toks & (DATE_TOKENS | PUBLISHED_TOKENS | BYLINE_TOKENS):
            continue
        text = _node_text(node)
        if not text or len(text) > MAX_DATE_TEXT_CHARS:
            continue
        checked += 1
        if checked > MAX_DATE_ELEMENTS:
            break
        iso = find_date(text)
        if not iso:
            continue
        main, foreign = _in_region(node)
        if foreign:
            continue
        rank = (0 if main else 1) + (2 if toks & MODIFIED_TOKENS else 0)
        if best is None or (rank, order) < best[:2]:
            best = (rank, order, iso)
    return best[2] if best else None


# ---------------------------------------------------------------- the whole


def _choose_dates(
    found: _Found,
    tree: LexborHTMLParser,
    times: list[LexborNode],
    headline: tuple[list[str], list[str]] | None,
    urls: tuple[str | None, str | None],
    sources: dict[str, str],
) -> tuple[str | None, str | None]:
    """(published, modified): structured dates first, then <time>, the URL, the dateline at
    the headline, date-classed elements; the modification date only when nothing else.

    A dateline printed at the headline that names another day than the structured date wins:
    structured stamps are often UTC (a day off for late-evening stories elsewhere) or the
    CMS's creation time, while the printed date is the one readers see.
    """
    published, date_source = _first_date(found, "date")
    modified, modified_source = _first_date(found, "modified")
    dateline = _headline_date(*headline)[0] if headline is not None else None
    if published and dateline and dateline not in (published[:10], _swap_day_month(published[:10])):
        published, date_source = dateline, f"near headline (not {date_source})"
    time_published = time_modified = time_source = None
    if not published or not modified:
        time_published, time_modified, time_source = _time_dates(times)
    if not published and time_published:
        published, date_source = time_published, time_source
    if not published:
        published = _url_date(urls[0]) or _url_date(urls[1])
        date_source = "url" if published else None
    if not published and dateline:
        published, date_source = dateline, "near headline"
    if not published:
        published = _element_date(tree)
        date_source = "date element" if published else None
    if not modified and time_modified:
        modified, modified_source = time_modified, "time[datetime]"
    if not published and modified:
        published, date_source = modified, f"{modified_source} (modified)"
    if published and date_source:
        sources["date"] = date_source
    if modified and modified_source:
        sources["modified"] = modified_source
    return published, modified


def _first_date(found: _Found, name: str) -> tuple[str | None, str | None]:
    for raw, source in found.get(name):
        iso = parse_date(raw)
        if iso:
            return iso, source
    return None, None


def _split_list(values: Iterable[tuple[Any, str]]) -> tuple[tuple[str, ...], str | None]:
    """Comma-separated or repeated values (keywords, sections) of the first source giving any."""
    out: list[str] = []
    seen: set[str] = set()
    source = None
    for value, src in values:
        if source is not None and src != source:
            break
        for item in value if isinstance(value, list) else [value]:
            text = _ld_text(item)
            for piece in text.split(",") if text else ():
                piece = piece.strip()
                if piece and len(piece) <= MAX_TAG_CHARS and piece.casefold() not in seen:
                    seen.add(piece.casefold())
                    out.append(piece)
                    source = src
    return tuple(out), source


def _language(value: str | None) -> str | None:
    value = _clean(value)
    if not value:
        return None
    value = value.split(",")[0].strip()
    if not _LANG.match(value):
        return None
    parts = value.replace("_", "-").split("-")
    return "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])


def extract_metadata(tree: LexborHTMLParser, *, url: str | None) -> Metadata:
    """Title, authors, dates and the rest of one page's metadata; best effort, never raises."""
    sources: dict[str, str] = {}
    scan = _scan(tree)
    ld = _read_jsonld(scan.scripts)
    metas = _read_meta(scan.metas)
    links = _read_links(scan.links)
    art = ld.article or {}
    ld_tag = f"json-ld{'(salvaged)' if ld.salvaged else ''}:{ld.article_type or 'Article'}"

    found, orgs = _collect(ld, ld_tag, metas, scan)
    sites = _site_names(ld, ld_tag, metas, found)
    if sites:
        sources["site_name"] = sites[0][1]
    page_url = _page_url(links, metas, art, ld_tag, url, sources)

    h1s = _h1_candidates(scan.h1s)
    title, kicker, title_source = _choose_title(found, [s for s, _ in sites], h1s, page_url)
    if title_source:
        sources["title"] = title_source
    if kicker:
        sources["kicker"] = "h1 kicker"
    headline = _headline_node(tree, h1s, title)
    # Text right below and above the headline (nearest first): where bylines and datelines sit.
    strings = (
        (
            _following_strings(headline, HEADLINE_DATE_AFTER_CHARS),
            _preceding_strings(headline, HEADLINE_DATE_BEFORE_CHARS),
        )
        if headline is not None
        else None
    )

    site_keys = {_letters(name) for name, _ in sites} | {_host_label(page_url), _host_label(url)}
    authors, agencies, found_in = _choose_authors(
        found.get("author"), site_keys, tree, (*(strings or ([], [])), kicker)
    )
    if authors and found_in:
        sources["authors"] = found_in
    credit = _credit(agencies, orgs, metas, ld_tag, sources, found_in)
    # A byline naming only the desk ("Von Redaktion") credits the desk as the author; a wire
    # agency stays the source alone.
    desk = None if authors else _desk_credit(agencies)
    if desk:
        authors = [desk]
        sources["authors"] = f"{DESK_CREDIT} ({sources['source']})"

    published, modified = _choose_dates(found, tree, scan.times, strings, (page_url, url), sources)

    categories, cat_source = _split_list(
        [(art.get("articleSection"), f"{ld_tag}.articleSection")]
        + [(v, f"meta:{k}") for k in META_SECTION for v in metas.get(k, ())]
    )
    tags, tag_source = _split_list(
        [(art.get("keywords"), f"{ld_tag}.keywords")]
        + [(v, f"meta:{k}") for k in META_TAGS for v in metas.get(k, ())]
    )
    sources.update({k: v for k, v in (("categories", cat_source), ("tags", tag_source)) if v})
    article_body = _clean_paragraphs(art.get("articleBody"))
    if article_body:
        sources["article_body"] = f"{ld_tag}.articleBody"

    return Metadata(
        title=title,
        kicker=kicker,
        authors=tuple(authors),
        date=published,
        modified=modified,
        site_name=_clean(sites[0][0]) if sites else None,
        language=_first_of(_language_candidates(tree, art, ld_tag, metas), _language, "language", sources),
        url=page_url,
        description=_first_of(_description_candidates(art, ld_tag, metas), _ld_text, "description", sources),
        image=_first_of(
            _image_candidates(ld, art, ld_tag, metas, links),
            lambda v: _absolute(v, page_url),
            "image",
            sources,
        ),
        categories=categories,
        tags=tags,
        source=credit,
        article_body=article_body,
        sources=sources,
    )


def _collect(
    ld: _JsonLd, ld_tag: str, metas: dict[str, list[str]], scan: _Scan
) -> tuple[_Found, list[str]]:
    """Title, author and date values from JSON-LD, <meta>, microdata and <title>, most trusted
    first; and the organisations JSON-LD names as authors."""
    found = _Found()
    art = ld.article or {}
    found.add("title", _ld_text(art.get("headline")), f"{ld_tag}.headline")
    for key in META_TITLE:
        for v in metas.get(key, ())[:1]:
            found.add("title", _clean(v), key if key.startswith(("og:", "twitter:")) else f"meta:{key}")
    if ld.article is not None:
        found.add("title", _ld_text(art.get("name")), f"{ld_tag}.name")

    people, orgs = _ld_people(ld, art.get("author"))
    found.add("author", people, f"{ld_tag}.author")
    creators, creator_orgs = _ld_people(ld, art.get("creator"))
    found.add("author", creators, f"{ld_tag}.creator")
    for key in META_AUTHOR:
        found.add("author", [v for v in metas.get(key, ()) if not _URLISH.match(v)], f"meta:{key}")
    for i in range(1, MAX_TWITTER_LABELS + 1):
        label = _fold(metas.get(f"twitter:label{i}", [""])[0])
        if label and label in _twitter_author_labels():
            found.add("author", metas.get(f"twitter:data{i}", [])[:1], f"meta:twitter:data{i}")

    for key in ("datePublished", "dateCreated", "uploadDate"):
        found.add("date", art.get(key), f"{ld_tag}.{key}")
    for key in META_PUBLISHED:
        for v in metas.get(key, ())[:1]:
            found.add("date", v, f"meta:{key}")
    found.add("modified", art.get("dateModified"), f"{ld_tag}.dateModified")
    for key in META_MODIFIED:
        for v in metas.get(key, ())[:1]:
            found.add("modified", v, f"meta:{key}")

    _read_microdata(scan.itemprops, found)
    in_head = (t for t in scan.titles if t.parent is not None and t.parent.tag == "head")
    title_node = next(in_head, None) or next((t for t in scan.titles if _letters(t.text())), None)
    if title_node is not None:
        found.add("title", _clean(title_node.text()), "title")
    if ld.page:
        found.add("date", ld.page.get("datePublished"), "json-ld:WebPage.datePublished")
        found.add("modified", ld.page.get("dateModified"), "json-ld:WebPage.dateModified")
    return found, orgs + creator_orgs


def _site_names(
    ld: _JsonLd, ld_tag: str, metas: dict[str, list[str]], found: _Found
) -> list[tuple[str, str]]:
    """(site name, source), most trusted first."""
    sites: list[tuple[str, str]] = []
    for v in metas.get(META_SITE[0], ())[:1]:
        sites.append((v.strip(), f"meta:{META_SITE[0]}"))
    publisher = ld.resolve((ld.article or {}).get("publisher"))
    pub_name = _ld_text(publisher) if isinstance(publisher, (dict, list)) else _clean(publisher)
    if pub_name:
        sites.append((pub_name, f"{ld_tag}.publisher"))
    site_name = _ld_text(ld.site.get("name")) if ld.site else None
    if site_name:
        sites.append((site_name, "json-ld:WebSite.name"))
    # Microdata scopes are often mis-nested: a publisher "name" that is the page's title is not
    # the site's name.
    titles = {_fold(t) for t, _ in found.get("title")}
    sites += [(name, src) for name, src in found.get("site") if _fold(name) not in titles]
    for key in META_SITE[1:]:
        for v in metas.get(key, ())[:1]:
            sites.append((v.strip(), f"meta:{key}"))
    return [(name, src) for name, src in sites if name]


def _page_url(
    links: dict[str, str],
    metas: dict[str, list[str]],
    art: dict[str, Any],
    ld_tag: str,
    url: str | None,
    sources: dict[str, str],
) -> str | None:
    """The canonical URL made absolute against ``url``; else ``url`` itself."""
    for href, src in (
        (links.get("canonical"), "link[rel=canonical]"),
        *((v, k) for k in META_URL for v in metas.get(k, ())[:1]),
        (_ld_text(art.get("url")), f"{ld_tag}.url"),
    ):
        canonical = _absolute(href, url)
        if canonical:
            sources["url"] = src
            return canonical
    return url


def _credit(
    agencies: list[str],
    orgs: list[str],
    metas: dict[str, list[str]],
    ld_tag: str,
    sources: dict[str, str],
    found_in: str | None,
) -> str | None:
    """The agency or desk credited (dpa, Reuters, "Redaktion"): from the author fields and
    byline, an agency named as JSON-LD Organization author, or a source meta tag."""
    if agencies:
        sources["source"] = found_in or "byline"
        return agencies[0]
    org = next((o for o in orgs if _is_agency(o)), None)
    if org:
        sources["source"] = f"{ld_tag}.author(Organization)"
        return org
    for key in META_SOURCE:
        for v in metas.get(key, ())[:1]:
            text = _clean(v)
            if text and not _URLISH.search(text) and len(text) <= MAX_NAME_CHARS:
                sources["source"] = f"meta:{key}"
                return text
    return None


def _language_candidates(
    tree: LexborHTMLParser, art: dict[str, Any], ld_tag: str, metas: dict[str, list[str]]
) -> list[tuple[Any, str]]:
    root = tree.root
    attrs = root.attributes if root is not None else {}
    return [
        (attrs.get("lang"), "html[lang]"),
        (attrs.get("xml:lang"), "html[xml:lang]"),
        (_ld_text(art.get("inLanguage")), f"{ld_tag}.inLanguage"),
        *((v, f"meta:{k}") for k in META_LANGUAGE for v in metas.get(k, ())[:1]),
    ]


def _description_candidates(
    art: dict[str, Any], ld_tag: str, metas: dict[str, list[str]]
) -> list[tuple[Any, str]]:
    return [
        *((v, f"meta:{k}") for k in META_DESCRIPTION for v in metas.get(k, ())[:1]),
        (art.get("description"), f"{ld_tag}.description"),
    ]


def _image_candidates(
    ld: _JsonLd, art: dict[str, Any], ld_tag: str, metas: dict[str, list[str]], links: dict[str, str]
) -> list[tuple[Any, str]]:
    image = art.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    image = ld.resolve(image)
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    return [
        *((v, f"meta:{k}") for k in META_IMAGE for v in metas.get(k, ())[:1]),
        (image if isinstance(image, str) else None, f"{ld_tag}.image"),
        (links.get("image_src"), "link[rel=image_src]"),
    ]


def _first_of(
    candidates: list[tuple[Any, str]], convert: Any, name: str, sources: dict[str, str]
) -> str | None:
    """The first candidate ``convert`` accepts; its source is recorded under ``name``."""
    for raw, src in candidates:
        value = convert(raw)
        if value:
            sources[name] = src
            return value
    return None
