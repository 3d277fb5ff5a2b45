"""Rule-based classification: markup and marker phrases → verdict + the rule's name.

The tables live in ``data/rules.toml``; this module compiles them once and applies them to
every container (tag, ARIA role, itemprop, class/id tokens) and to every short block (marker
phrases). A user's own ``Rules`` (CSS selectors, phrases) come first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from types import MappingProxyType
from typing import NamedTuple

import regex
from selectolax.lexbor import LexborHTMLParser

from . import _accel
from ._data import load_table
from .errors import InvalidInputError
from .features import Features
from .metadata import weekday_names
from .phrases import PhraseMatch, PhrasePrefix, longest_first
from .segment import Container, Page, RawBlock

__all__ = ["Rules", "Verdict", "RuleVerdicts", "classify_rules", "box_blocks", "match_selectors", "VERDICTS"]

VERDICTS = frozenset(
    {
        "content",
        "boilerplate",
        "caption",
        "byline",
        "explainer",
        "related",
        "ad",
        "box",
        "title",
        "lead",
        "kicker",
    }
)
#: What a user rule may force: the verdicts above plus "body" (keep) and "drop" (remove).
USER_VERDICTS = frozenset({"body", "drop", "boilerplate", "caption", "explainer", "related", "ad"})
# Marker phrases only count on short blocks: a long paragraph that starts with "Info" is prose.
MARKER_MAX_CHARS = 120
# A short line that opens with a date ("18.02.2025 - 14:54 Uhr", "2025-02-18", "Feb 18, 2025",
# "18. Februar 2025") is a dateline, not text.
BYLINE_MAX_CHARS = 80
_DATELINE_DATE = (
    r"(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\s\p{L}+\s\d{4}"
    r"|\p{L}{3,9}\.?\s\d{1,2},\s\d{4})\b"
)


_DIGIT = regex.compile(r"\d")  # \d as _DATELINE_DATE means it (Unicode decimal digits)


class _Dateline:
    r"""A short line opening with a date, or with a weekday and a date ("Freitag | 14. Juni 2019
    | 15:49 Von …", "Monday, November 18, 2019"): the article's dateline, a byline. ``match``
    finds what ``^(?:(?i:weekday|…)\.?,?\s*(?:[|·•–-]\s*)?)?date`` finds: each weekday that
    opens the text with a date after it, in that pattern's order, else a date alone."""

    __slots__ = ("_after_weekday", "_date")

    def __init__(self, weekdays: tuple[str, ...]) -> None:
        self._after_weekday = PhrasePrefix(
            [("weekday", list(weekdays))], rf"\.?,?\s*(?:[|·•–-]\s*)?{_DATELINE_DATE}"
        )
        self._date = regex.compile(_DATELINE_DATE)

    def match(self, text: str) -> PhraseMatch | regex.Match[str] | None:
        return self._after_weekday.match(text) or self._date.match(text)


@cache
def _dateline() -> _Dateline:
    return _Dateline(weekday_names())


# Longest topic a box title may name before its colon ("Cloud-Gaming: Das Wichtigste …").
TOPIC_MAX_CHARS = 40
_HINT_SPLIT = regex.compile(r"[\s_\-\d]+")
# What _HINT_SPLIT splits at among ASCII characters (regex's \s is Unicode White_Space,
# which leaves out \x1c-\x1f), mapped to the one separator str.split is given.
_ASCII_HINT_SEPARATORS = str.maketrans(dict.fromkeys("\t\n\x0b\x0c\r _-0123456789", " "))
# Table tokens have at most four parts ("story-body-text", "mehr-zum-thema").
MAX_TOKEN_PARTS = 4
_CAMEL = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")
_PUNCT_EDGES = regex.compile(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$")
# The ASCII characters _PUNCT_EDGES strips, asked of its own class: edges made of these alone
# ("Mehr zum Thema:", "» Lesen Sie auch") are stripped by str.strip, not by the pattern.
_ASCII_PUNCT_EDGE = "".join(regex.findall(r"[\s\p{P}\p{S}]", "".join(map(chr, range(128)))))


# A slotted dataclass, not a NamedTuple like the tables below: a pass over the corpora reads
# a Verdict's fields ~1.4 million times, and CPython 3.11 reads a slot twice as fast as a
# NamedTuple field (its getter is a descriptor the interpreter does not specialise).
@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: str
    rule: str  # the named rule that decided, e.g. "tag-nav", "ad-tokens:werbung"


DATELINE_VERDICT = Verdict("byline", "marker-dateline")
# Teaser tiles put their ad badge inside the link, after the headline: "Heute wird … 6.652
# Anzeige". The badge words alone, at the very end of a short block.
_AD_BADGES = (
    "Anzeige", "ANZEIGE", "Werbung", "WERBUNG", "Sponsored", "SPONSORED", "Advertisement",
    "ADVERTISEMENT", "Gesponsert", "Promoted", "Paid content", "Paid Content",
)  # fmt: skip
_AD_BADGE_WORDS = "(?:" + "|".join(regex.escape(w) for w in _AD_BADGES) + ")"
_AD_LABEL_SUFFIX = regex.compile(rf"(?:^|\s|\d)[(\[]?{_AD_BADGE_WORDS}[)\]]?\s*$")
# The longest match of _AD_LABEL_SUFFIX before its trailing space: a separator, a bracket, the
# longest badge, a bracket.
AD_BADGE_MAX_CHARS = 1 + 1 + max(map(len, _AD_BADGES)) + 1
# What a text ends with (before its trailing space) if _AD_LABEL_SUFFIX can match it, and what
# one starts with if _AD_LABEL_PREFIX can: a badge, with or without its bracket. Nearly every
# block is ruled out by one str.endswith/startswith, without running either pattern.
_AD_SUFFIX_ENDINGS = tuple(badge + close for badge in _AD_BADGES for close in ("", ")", "]"))
_AD_PREFIX_OPENINGS = tuple(open_ + badge for badge in _AD_BADGES for open_ in ("", "(", "["))
# ... or in front of it, set off by a dash, bar or colon: "ANZEIGE - Heute mal ausgehen?",
# "Anzeige | Jetzt wechseln". A bare "Anzeige gegen Unbekannt" has no separator.
_AD_LABEL_PREFIX = regex.compile(rf"^[(\[]?{_AD_BADGE_WORDS}[)\]]?\s*[-–—|:]\s")
AD_SUFFIX_VERDICT = Verdict("ad", "marker-ad-badge")
_SENTENCE_END = regex.compile(r"[.!?…]\s*$")
#: Marker groups whose phrases also open ordinary sentences ("Mehr dazu sagte er nicht.",
#: "Hintergrund der Entscheidung ist …"): a block that runs on into one is no marker.
SENTENCE_SHY_MARKER_RULES = frozenset({"marker-related", "marker-explainer"})


@dataclass(frozen=True)
class Rules:
    """A site's own rules, applied before the built-in tables.

    ``selectors`` maps a CSS selector to a verdict; ``markers`` maps a phrase that starts a
    short block to a verdict. Verdicts: ``"body"`` (keep as article text), ``"drop"``
    (remove), ``"boilerplate"``, ``"caption"``, ``"explainer"``, ``"related"``, ``"ad"``::

        newsclean.Rules(selectors={"div.zitat-box": "explainer", ".paywall": "drop"},
                        markers={"Mehr aus der Region": "related"})
    """

    selectors: Mapping[str, str] = field(default_factory=dict)
    markers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for table in (self.selectors, self.markers):
            for key, verdict in table.items():
                if not isinstance(key, str) or verdict not in USER_VERDICTS:
                    raise InvalidInputError(
                        f"rule {key!r}: verdict must be one of {sorted(USER_VERDICTS)}, not {verdict!r}"
                    )
        object.__setattr__(self, "selectors", MappingProxyType(dict(self.selectors)))
        object.__setattr__(self, "markers", MappingProxyType(dict(self.markers)))


#: The verdicts of boxes: a container (or a marker block heading one) that holds an explainer,
#: a related list or an ad, each handed back as a box of its kind.
BOX_VERDICTS = frozenset({"explainer", "related", "ad"})


class RuleVerdicts(NamedTuple):
    containers: tuple[Verdict | None, ...]  # per container id
    markers: tuple[Verdict | None, ...]  # per block


class _Tables(NamedTuple):
    precedence: dict[str, int]
    tags: dict[str, Verdict]
    roles: dict[str, Verdict]
    itemprops: dict[str, Verdict]
    tokens: dict[str, Verdict]  # "article-body" -> verdict of the table that lists it
    # "article-body" -> (its table's rule, the verdict a match gives, named "<rule>:article-body")
    token_hits: dict[str, tuple[str, Verdict]]
    token_starts: frozenset[str]  # first parts of all tokens ("article", "mehr", …)
    marker_whole: dict[str, Verdict]  # normalised whole text -> verdict
    marker_prefix: MarkerPrefix
    marker_prefix_groups: dict[str, Verdict]
    own_box: OwnBox
    tag_exempt: dict[str, frozenset[str]]  # tag -> token groups that say nothing about it
    # marker rule -> words most blocks of the box it heads must hold (see rules.toml)
    marker_item_words: dict[str, regex.Pattern[str]]
    button_promotion: ButtonPromotion
    # marker groups with their own ``max_chars`` above MARKER_MAX_CHARS: (opening, limit, verdict)
    long_markers: tuple[tuple[PhrasePrefix, int, Verdict], ...]
    widget_items: WidgetItems
    # prefix group -> the words that may follow its phrase (its ``topic_words``, see rules.toml)
    marker_topic_words: dict[str, frozenset[str]]


class WidgetItems(NamedTuple):
    """The items of a recommendation widget and their paid mark: the ``[widget_items]`` table."""

    name: str
    item_classes: frozenset[str]
    paid_classes: frozenset[str]


class OwnBox(NamedTuple):
    """How ``Document.to_html`` marks a box, so that its output is read back as it was written."""

    selector: str
    attribute: str
    kinds: frozenset[str]
    name: str
    article_selector: str
    article_name: str
    # tag -> the classes (lower case) that make an element of it this markup, from both selectors
    footprints: dict[str, tuple[str, ...]]


def _tag_and_class(selector: str) -> tuple[str, str]:
    """("aside", "newsclean-box") of "aside.newsclean-box": the only shape ``[own_box]``'s
    selectors have, which ``may_hold_own_markup`` relies on."""
    tag, dot, cls = selector.partition(".")
    if not dot or not tag.isalpha() or not cls or not all(c.isalnum() or c in "-_" for c in cls):
        raise ValueError(f"[own_box] selectors must be tag.class, not {selector!r}")
    return tag, cls.lower()


def _footprints(*selectors: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for tag, cls in map(_tag_and_class, selectors):
        found[tag] = (*found.get(tag, ()), cls)
    return found


class ButtonPromotion(NamedTuple):
    """A small headed box closed by a button link is an ad: the ``[button_promotion]`` table."""

    name: str
    max_button_chars: int
    not_promotion: regex.Pattern[str]  # words of the site's own appeals (newsletter, donate …)
    teaser_buttons: frozenset[str]  # whole button texts that open another article


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in longest_first(words))


_MARKER_BOUNDARY = r"(?:$|[\s:!?.,\-–—»«\"“])"
# How many characters of a text pick the phrases that can open it (shorter phrases are kept
# apart): most texts open with three characters no phrase opens with.
_MARKER_KEY_CHARS = 3


class MarkerPrefix(PhrasePrefix):
    """The marker phrases that open a block (``[[markers]]`` groups that are not ``whole``),
    each followed by a marker boundary: a space, punctuation or the end of the text."""

    def __init__(self, groups: list[tuple[str, list[str]]]) -> None:
        super().__init__(groups, _MARKER_BOUNDARY, _MARKER_KEY_CHARS)


@cache
def tables() -> _Tables:
    raw = load_table("rules")
    precedence = {name: i for i, name in enumerate(raw["precedence"])}

    def simple(section: str) -> dict[str, Verdict]:
        return {k: Verdict(v[0], v[1]) for k, v in raw[section].items()}

    # token (its parts joined by "-") -> verdict; the first table that lists a token owns it
    tokens: dict[str, Verdict] = {}
    for group in raw["tokens"]:
        verdict = Verdict(group["verdict"], group["name"])
        for token in group.get("words", []) + group.get("phrases", []):
            key = "-".join(_HINT_SPLIT.split(token.lower()))
            tokens.setdefault(key, verdict)

    whole: dict[str, Verdict] = {}
    prefix_groups: dict[str, Verdict] = {}
    prefix_parts: list[tuple[str, list[str]]] = []
    item_words: dict[str, regex.Pattern[str]] = {}
    topic_words: dict[str, frozenset[str]] = {}
    long_markers = []
    for i, group in enumerate(raw["markers"]):
        verdict = Verdict(group["verdict"], group["name"])
        if group.get("max_chars", 0) > MARKER_MAX_CHARS:
            # ^(?:phrase|…)\b, case-blind
            opening = PhrasePrefix([("opening", group["phrases"])], r"\b")
            long_markers.append((opening, group["max_chars"], verdict))
        if "item_words" in group:
            item_words[group["name"]] = regex.compile(_alternation(group["item_words"]), regex.IGNORECASE)
        for phrase in group["phrases"]:
            whole.setdefault(normalise_marker(phrase), verdict)
        if not group.get("whole", False):
            name = f"m{i}"
            prefix_groups[name] = verdict
            prefix_parts.append((name, group["phrases"]))
            if "topic_words" in group:
                topic_words[name] = frozenset(w.casefold() for w in group["topic_words"])
    marker_prefix = MarkerPrefix(prefix_parts)
    return _Tables(
        precedence,
        simple("tags"),
        simple("roles"),
        simple("itemprops"),
        tokens,
        {key: (v.rule, Verdict(v.verdict, f"{v.rule}:{key}")) for key, v in tokens.items()},
        frozenset(key.split("-")[0] for key in tokens),
        whole,
        marker_prefix,
        prefix_groups,
        OwnBox(
            raw["own_box"]["selector"],
            raw["own_box"]["attribute"],
            frozenset(raw["own_box"]["kinds"]),
            raw["own_box"]["name"],
            raw["own_box"]["article_selector"],
            raw["own_box"]["article_name"],
            _footprints(raw["own_box"]["selector"], raw["own_box"]["article_selector"]),
        ),
        {tag: frozenset(groups) for tag, groups in raw.get("tag_exempt", {}).items()},
        item_words,
        ButtonPromotion(
            raw["button_promotion"]["name"],
            raw["button_promotion"]["max_button_chars"],
            regex.compile(_alternation(raw["button_promotion"]["not_promotion"]), regex.IGNORECASE),
            frozenset(normalise_marker(t) for t in raw["button_promotion"]["teaser_buttons"]),
        ),
        tuple(long_markers),
        WidgetItems(
            raw["widget_items"]["name"],
            frozenset(c.lower() for c in raw["widget_items"]["item_classes"]),
            frozenset(c.lower() for c in raw["widget_items"]["paid_classes"]),
        ),
        topic_words,
    )


def normalise_marker(text: str) -> str:
    if text[:1].isalnum() and text[-1:].isalnum():
        # no letter or digit is space, punctuation or a symbol (tests/test_rules.py checks
        # every code point), so _PUNCT_EDGES has nothing to remove: most blocks end here
        return text.casefold()
    core = text.strip(_ASCII_PUNCT_EDGE)
    # where the new edges are ASCII characters the pattern keeps, or letters and digits, the
    # runs the pattern strips were ASCII throughout and are gone
    if not core or (
        (core[0].isascii() or core[0].isalnum()) and (core[-1].isascii() or core[-1].isalnum())
    ):
        return core.casefold()
    return _PUNCT_EDGES.sub("", text).casefold()


#: Box token rules that name a teaser card ("teaser", "card", "tile"): a card for another
#: article, related unless its content says otherwise.
TEASER_BOX_TOKENS = (":teaser", ":teasers", ":card", ":tile", ":tiles")
#: Rules that name an element an article by its tag or role alone.
ARTICLE_ELEMENT_RULES = frozenset({"tag-article", "role-article"})


def _pick(candidates: list[Verdict], precedence: dict[str, int]) -> Verdict | None:
    if not candidates:
        return None
    return min(candidates, key=lambda v: precedence.get(v.verdict, 99))


def _hint_parts(hints: str) -> list[str]:
    """``hints`` split as ``_HINT_SPLIT`` and ``_CAMEL`` split it, lower-cased, empty parts dropped."""
    if hints.isascii():
        # Nearly every class string is ASCII, where a translate and str.split give the same
        # parts as the Unicode-aware regex split, at a fraction of its cost.
        low = hints.lower()
        if low != hints:  # only an upper-case letter can start a camelCase hump
            low = _CAMEL.sub("-", hints).lower()
        spaced = low.translate(_ASCII_HINT_SEPARATORS)
        # str.split() drops the empty parts itself, but also splits at \x1c-\x1f, which
        # _HINT_SPLIT does not; isprintable() is False wherever one of them is left
        return spaced.split() if spaced.isprintable() else [p for p in spaced.split(" ") if p]
    return [p for p in _HINT_SPLIT.split(_CAMEL.sub("-", hints).lower()) if p]


# Characters str.split() splits class names at but _HINT_SPLIT does not (regex's \s is
# Unicode White_Space): where one occurs, names and parts do not line up (see _token_verdicts).
_STR_ONLY_SPACES = ("\x1c", "\x1d", "\x1e", "\x1f")


def python_token_verdicts(hints: str) -> tuple[Verdict, ...]:
    """Verdicts of the table tokens among the whole parts of class/id text (the reference of
    _rules.c's token search).

    Parts are split at whitespace, "-", "_", digits and camelCase humps; a token of up to
    MAX_TOKEN_PARTS parts matches consecutive parts ("mehr-zum-thema"), longest first, so a
    fragment never matches inside a word ("adress" is not "ad"). Per table group the first
    token found counts.
    """
    if any(c in hints for c in _STR_ONLY_SPACES) and tables().token_starts.isdisjoint(_hint_parts(hints)):
        return ()
    found: dict[str, Verdict] = {}
    # a token never spans two class names: "imageEmbed ArticleBody" is no "embed-article"
    for name in hints.split():
        for rule, verdict in _name_token_verdicts(name):
            found.setdefault(rule, verdict)
    return tuple(found.values())


# bounded: a batch over millions of pages meets an endless variety of class strings
_token_verdicts = lru_cache(maxsize=1 << 15)(python_token_verdicts)


# Class names repeat across pages far more than whole class+id strings do (ids and utility
# classes vary): the token search runs once per distinct name. Bounded like _token_verdicts.
@lru_cache(maxsize=1 << 16)
def _name_token_verdicts(name: str) -> tuple[tuple[str, Verdict], ...]:
    """(rule, verdict) of each table token among the parts of one class or id, in order."""
    t = tables()
    tokens, starts = t.tokens, t.token_starts
    parts = _hint_parts(name)
    if starts.isdisjoint(parts):
        return ()
    hits: list[tuple[str, Verdict]] = []
    i = 0
    while i < len(parts):
        if parts[i] not in starts:  # most parts (utility classes, ids) start no token
            i += 1
            continue
        for n in range(min(MAX_TOKEN_PARTS, len(parts) - i), 0, -1):
            key = "-".join(parts[i : i + n])
            hit = tokens.get(key)
            if hit is not None:
                hits.append(t.token_hits[key])
                i += n
                break
        else:
            i += 1
    return tuple(hits)


# bounded for the same reason as _token_verdicts; pages repeat (tag, class) pairs heavily
@lru_cache(maxsize=1 << 15)
def container_verdict(tag: str, role: str, itemprop: str, hints: str) -> Verdict | None:
    t = tables()
    candidates: list[Verdict] = []
    if tag in t.tags:
        candidates.append(t.tags[tag])
    if role:
        for r in role.split():
            if r in t.roles:
                candidates.append(t.roles[r])
    if itemprop:
        for p in itemprop.split():
            if p in t.itemprops:
                candidates.append(t.itemprops[p])
    if hints:
        exempt = t.tag_exempt.get(tag)
        candidates.extend(
            v for v in _token_verdicts(hints) if not exempt or v.rule.partition(":")[0] not in exempt
        )
    if hints:
        widget = t.widget_items
        classes = hints.lower().split()
        if not widget.item_classes.isdisjoint(classes) and widget.paid_classes.isdisjoint(classes):
            # an item of a recommendation widget without the vendor's paid mark is one of the
            # site's own articles: related, even inside the widget's ad container
            return Verdict("related", widget.name)
    picked = _pick(candidates, t.precedence)
    if picked is not None and picked.rule in ARTICLE_ELEMENT_RULES:
        # <article class="teaser">, <li role="article" class="teaser">: one card of a list of
        # other articles, which the box rules decide like any other teaser card
        card = next((v for v in candidates if _is_teaser_card(v)), None)
        if card is not None:
            return _card_verdict(picked, card)
    return picked


def _is_teaser_card(verdict: Verdict) -> bool:
    return verdict.verdict == "box" and verdict.rule.endswith(TEASER_BOX_TOKENS)


@lru_cache(maxsize=256)  # as many as there are article rules times card tokens
def _card_verdict(article: Verdict, card: Verdict) -> Verdict:
    return Verdict(card.verdict, f"{article.rule}+{card.rule}")


def _one_container(c: Container) -> Verdict | None:
    """One container's verdict: the one forced on it, else the tables' (container_verdict)."""
    if isinstance(c.forced, Verdict):
        return c.forced
    if isinstance(c.forced, str):
        return Verdict(c.forced, "user-selector")
    return container_verdict(c.tag, c.role, c.itemprop, c.hints)


def python_container_verdicts(containers: Sequence[Container]) -> list[Verdict | None]:
    """Every container's verdict: the reference _rules.c is held to."""
    return [_one_container(c) for c in containers]


@cache
def c_container_verdicts() -> Callable[[Sequence[Container]], list[Verdict | None]] | None:
    """_rules.c's twin of python_container_verdicts, set up on first use; None where it is not
    built or switched off (``NEWSCLEAN_PURE_PYTHON=1``)."""
    _rules = _accel.twin("_rules")
    if _rules is None:
        return None
    t = tables()
    group_ids: dict[str, int] = {}
    tokens = {}
    for key, (group, verdict) in t.token_hits.items():
        group_id = group_ids.setdefault(group, len(group_ids))
        precedence = t.precedence.get(verdict.verdict, 99)
        tokens[key] = (group_id, group, verdict, precedence, _is_teaser_card(verdict))
    tags = {
        tag: (v, t.precedence.get(v.verdict, 99), v.rule in ARTICLE_ELEMENT_RULES, _is_teaser_card(v))
        for tag, v in t.tags.items()
    }
    widget = t.widget_items
    _rules.init(
        tokens,
        dict.fromkeys(t.token_starts, True),
        MAX_TOKEN_PARTS,
        len(group_ids),
        tags,
        dict(t.tag_exempt),
        dict.fromkeys(widget.item_classes, True),
        dict.fromkeys(widget.paid_classes, True),
        Verdict("related", widget.name),
        _card_verdict,
        _one_container,
        (Container, ("forced", "tag", "role", "itemprop", "hints")),
    )
    return _rules.container_verdicts


def marker_verdict(text: str, user_markers: Mapping[str, str] | None = None) -> Verdict | None:
    """The marker phrase a short block starts with (or is), if any."""
    if len(text) > MARKER_MAX_CHARS:
        return _long_marker_verdict(text)
    if user_markers:
        folded = text.casefold()
        for phrase, verdict in user_markers.items():
            if folded.startswith(phrase.casefold()):
                return Verdict(verdict, f"user-marker:{phrase}")
    return _table_marker_verdict(text)


def _prefix_marker(text: str) -> PhraseMatch | None:
    """The marker phrase opening ``text``, unless a word follows it that its group's
    ``topic_words`` do not allow ("Zahlen steigen weiter" is no "Zahlen" box) and the phrase
    does not end in one itself ("Questions about …")."""
    t = tables()
    m = t.marker_prefix.match(text)
    if not m or not m.lastgroup:
        return m
    allowed = t.marker_topic_words.get(m.lastgroup)
    if allowed is None:
        return m
    rest = text[m.end(m.lastgroup) :]
    if not rest[:1].isspace():
        return m  # the phrase alone, or punctuation after it
    if m.phrase.split()[-1].casefold() in allowed:
        return m  # "Questions about": the phrase itself leads into the topic
    following = rest.split(None, 1)
    word = following[0].casefold() if following else ""
    return m if not word[:1].isalpha() or word.rstrip(",.:;!?") in allowed else None


def _long_marker_verdict(text: str) -> Verdict | None:
    """The marker group with its own ``max_chars`` whose opening words a longer block has."""
    for opening, limit, verdict in tables().long_markers:
        if len(text) <= limit and opening.match(text):
            return verdict
    return None


class _TextCache:
    """A bounded cache of a function of one str with few distinct results (verdicts), kept where
    the garbage collector does not look: a dict of str to int is not tracked at all (neither
    its keys nor its values can hold a reference cycle), the results sit once each in a short
    list. An lru_cache of 32 768 entries is walked link by link on every full collection,
    ~10 ms each, about 0.1 s over one pass of the corpora. When full, it starts over."""

    def __init__(
        self,
        function: Callable[[str], Verdict | None],
        maxsize: int,
        twin: Callable[[], Callable[[str], Verdict | None] | None] | None = None,
    ) -> None:
        self.__wrapped__ = function
        self._maxsize = maxsize
        # ``twin`` gives the C twin of ``function`` or None; asked on the first miss, not at
        # import: setting the twin up reads the tables
        self._twin = twin
        self._compute: Callable[[str], Verdict | None] | None = None if twin else function
        self._index: dict[str, int] = {}
        self._results: list[Verdict | None] = []
        self._result_index: dict[Verdict | None, int] = {}

    def __call__(self, text: str) -> Verdict | None:
        i = self._index.get(text)
        if i is not None:
            return self._results[i]
        result = (self._compute or self.compute())(text)
        i = self._result_index.get(result)
        if i is None:
            i = self._result_index[result] = len(self._results)
            self._results.append(result)
        if len(self._index) >= self._maxsize:
            self._index.clear()
        self._index[text] = i
        return result

    def cache_clear(self) -> None:
        self._index.clear()

    def compute(self) -> Callable[[str], Verdict | None]:
        """What a text the cache has not seen is given to: the twin where there is one."""
        if self._compute is None:
            self._compute = (self._twin and self._twin()) or self.__wrapped__
        return self._compute

    def state(self) -> tuple[dict[str, int], list[Verdict | None], dict[Verdict | None, int], int]:
        """The index, the results, their places and the size bound, for a C loop that reads and
        fills them as ``__call__`` does (never replaced, as ``lookup`` says)."""
        return self._index, self._results, self._result_index, self._maxsize

    def lookup(self) -> tuple[Callable[[str], int | None], list[Verdict | None]]:
        """The index's ``get`` and the results it points into, for a loop that looks texts up
        without a call per text (the index may be cleared, but is never replaced)."""
        return self._index.get, self._results


def _table_marker_verdict_uncached(text: str) -> Verdict | None:
    t = tables()
    hit = t.marker_whole.get(normalise_marker(text))
    if hit is not None:
        return hit
    m = _prefix_marker(text)
    if m and m.lastgroup:
        verdict = t.marker_prefix_groups[m.lastgroup]
        # "Von"/"By" open many a sentence ("Von der Leyen sagte …"): a byline is short and
        # does not end like a sentence
        if verdict.verdict == "byline" and (len(text) > BYLINE_MAX_CHARS or _SENTENCE_END.search(text)):
            return None
        return verdict
    topic, sep, rest = text.partition(": ")
    if sep and len(topic) <= TOPIC_MAX_CHARS:
        # "Cloud-Gaming: Das Wichtigste in Kürze", "Brexit: What you need to know": a box title
        # after the topic it explains (explainer phrases only: "Berlin: Lesen Sie auch" is rare)
        m = _prefix_marker(rest)
        hit = t.marker_whole.get(normalise_marker(rest)) or (
            t.marker_prefix_groups[m.lastgroup] if m and m.lastgroup else None
        )
        if hit is not None and hit.verdict == "explainer":
            return hit
    # every date form of _dateline holds a digit: most short blocks have none
    if len(text) <= BYLINE_MAX_CHARS and _DIGIT.search(text) and _dateline().match(text):
        return DATELINE_VERDICT
    # the badge ends the text, so its match starts in the last few characters: search only there
    stripped = text.rstrip()
    if stripped.endswith(_AD_SUFFIX_ENDINGS) and _AD_LABEL_SUFFIX.search(
        text, max(0, len(stripped) - AD_BADGE_MAX_CHARS)
    ):
        return AD_SUFFIX_VERDICT
    if text.startswith(_AD_PREFIX_OPENINGS) and _AD_LABEL_PREFIX.match(text):
        return AD_SUFFIX_VERDICT
    return None


# How far above ASCII c_marker_verdict asks _DIGIT where the first other digit is: the marks,
# spaces and letters of Latin, Greek and Cyrillic text lie below it.
_OTHER_DIGITS_SCAN = 0x800


@cache
def c_marker_verdict() -> Callable[[str], Verdict | None] | None:
    """_markers.c's twin of _table_marker_verdict_uncached, set up on first use; None where it
    is not built or switched off (``NEWSCLEAN_PURE_PYTHON=1``), or where MarkerPrefix matches
    with its pattern (regex's case tables could not be read), which the twin does not mirror."""
    _markers = _accel.twin("_markers")
    t = tables()
    prefix = t.marker_prefix
    if _markers is None or not prefix._folded:
        return None
    boundary = prefix._boundary
    # what the boundary pattern says of each ASCII character after a phrase, with text after
    # it and as the last character (where "$" may match before a final newline)
    boundary_mid = bytes(boundary.match(f"a{chr(c)}a", 1) is not None for c in range(128))
    boundary_last = bytes(boundary.match(f"a{chr(c)}", 1) is not None for c in range(128))
    ascii_digits = bytes(_DIGIT.match(chr(c)) is not None for c in range(128))
    # below the first other digit regex knows, a text without an ASCII digit holds none
    other = _DIGIT.search("".join(map(chr, range(128, _OTHER_DIGITS_SCAN))))
    other_digits_from = 128 + other.start() if other else _OTHER_DIGITS_SCAN
    by_key = {key: tuple(phrase for _, phrase, _ in found) for key, (found, _) in prefix._by_key.items()}
    _markers.init(
        (t.marker_whole, _ASCII_PUNCT_EDGE, normalise_marker),
        (
            prefix._fold_table, _MARKER_KEY_CHARS, by_key, tuple(e[2] for e in prefix._short),
            tuple(prefix._short_firsts), boundary_mid, boundary_last, boundary.match,
        ),
        TOPIC_MAX_CHARS,
        (
            BYLINE_MAX_CHARS, ascii_digits, other_digits_from, _DIGIT.search, _dateline().match,
            DATELINE_VERDICT,
        ),
        (_AD_SUFFIX_ENDINGS, _AD_PREFIX_OPENINGS),
        _table_marker_verdict_uncached,
    )  # fmt: skip
    return _markers.verdict


# Short blocks repeat across the pages of a site (menus, share bars, box titles): about half
# of them over the corpora. Bounded like _token_verdicts. A text the cache has not seen goes to
# the C twin where it is built.
_table_marker_verdict = _TextCache(_table_marker_verdict_uncached, maxsize=1 << 15, twin=c_marker_verdict)


def may_hold_own_markup(page: Page) -> bool:
    """Whether a container of ``page`` may be an article or a box ``Document.to_html`` wrote:
    one with the tag and, in any case, the class of an ``[own_box]`` selector. A page where
    none is (every page from the web) needs no ``match_selectors`` for them: a forced verdict
    only ever reaches a container, and a container that one of the selectors matches has such
    a tag and class (in quirks mode, in any case)."""
    footprints = tables().own_box.footprints
    for container in page.containers:
        classes = footprints.get(container.tag)
        if classes is not None and any(cls in container.hints.lower() for cls in classes):
            return True
    return False


def match_selectors(tree: LexborHTMLParser, rules: Rules | None) -> dict[int, str | Verdict]:
    """mem_id of every element a selector matches → its verdict.

    Boxes written by ``Document.to_html`` get the kind they were written with (a ``Verdict``
    naming the ``[own_box]`` rule); a user's selectors (a verdict string) come after them and
    win, later selectors over earlier ones.
    """
    forced: dict[int, str | Verdict] = {}
    own = tables().own_box
    # each query walks the whole page: one for both asks whether any of newsclean's own markup
    # is there at all (on pages from the web it is not)
    if tree.css_first(f"{own.article_selector}, {own.selector}") is not None:
        for node in tree.css(own.article_selector):
            forced[node.mem_id] = Verdict("body", own.article_name)
        for node in tree.css(own.selector):
            kind = node.attributes.get(own.attribute)
            if kind in own.kinds:
                forced[node.mem_id] = Verdict(kind, f"{own.name}:{kind}")
    if rules is None:
        return forced
    for selector, verdict in rules.selectors.items():
        try:
            nodes = tree.css(selector)
        except Exception as exc:  # selectolax raises a bare Exception for bad selectors
            raise InvalidInputError(f"invalid CSS selector {selector!r}: {exc}") from exc
        for node in nodes:
            forced[node.mem_id] = verdict
    return forced


def classify_rules(page: Page, features: Features, rules: Rules | None = None) -> RuleVerdicts:
    fast = c_container_verdicts()
    containers = fast(page.containers) if fast is not None else python_container_verdicts(page.containers)
    user_markers = rules.markers if rules is not None else None
    return RuleVerdicts(tuple(containers), _block_markers(page.blocks, user_markers))


def box_blocks(page: Page, verdicts: RuleVerdicts) -> list[bool]:
    """Per block, whether it sits in a container the rules call a box (``BOX_VERDICTS``): text
    in the flow of the page that is not part of the text around it (density.classify_density
    revises the other blocks without it)."""
    marked = [v is not None and v.verdict in BOX_VERDICTS for v in verdicts.containers]
    if not any(marked):
        return [False] * len(page.blocks)
    innermost = page.innermost(marked)
    return [b.container >= 0 and innermost[b.container] >= 0 for b in page.blocks]


@cache
def c_block_markers() -> Callable[[list[str]], list[Verdict | None]] | None:
    """_markers.c's loop over a page's texts through the short-text cache (``block_verdicts``),
    bound to that cache; None where the cache does not use the C twin."""
    _markers = _accel.twin("_markers")
    if _markers is None or _table_marker_verdict.compute() is not _markers.verdict:
        return None
    index, results, result_index, maxsize = _table_marker_verdict.state()
    return partial(
        _markers.block_verdicts, index, results, result_index, maxsize, MARKER_MAX_CHARS, _long_marker_verdict
    )


def _block_markers(
    blocks: Sequence[RawBlock], user_markers: Mapping[str, str] | None
) -> tuple[Verdict | None, ...]:
    """The marker verdict of every block. Without user markers, one C call decides every text
    through the short-text cache where the twin is built; otherwise the cache is looked up
    inline: a page has hundreds of blocks and most find their text there, where a call chain
    per block was a third of the marker stage."""
    if not user_markers and (decide_all := c_block_markers()) is not None:
        found = decide_all([block.text for block in blocks])
        for at, verdict in enumerate(found):
            if verdict is not None:
                block = blocks[at]
                found[at] = _unless_a_sentence(verdict, block.text, bool(block.links))
        return tuple(found)
    index_get, results = _table_marker_verdict.lookup()
    verdicts: list[Verdict | None] = []
    for block in blocks:
        text = block.text
        if user_markers:
            verdict = marker_verdict(text, user_markers)
        elif len(text) > MARKER_MAX_CHARS:
            verdict = _long_marker_verdict(text)
        else:
            i = index_get(text)
            verdict = results[i] if i is not None else _table_marker_verdict(text)
        if verdict is not None:
            verdict = _unless_a_sentence(verdict, text, bool(block.links))
        verdicts.append(verdict)
    return tuple(verdicts)


def _unless_a_sentence(verdict: Verdict, text: str, has_links: bool) -> Verdict | None:
    """``verdict``, or None where its phrase opens the article's own sentence: "Mehr dazu sagte
    er nicht.", "Hintergrund der Entscheidung ist die Haushaltslage.". A teaser line ("Lesen
    Sie auch: …", "Mehr zum Thema") or a box title ("Hintergrund", "Chronologie der
    Ereignisse") is not one, or links to the story it names."""
    if verdict.rule in SENTENCE_SHY_MARKER_RULES and not has_links and _opens_a_sentence(text):
        return None
    return verdict


def _opens_a_sentence(text: str) -> bool:
    """The marker phrase runs on into a sentence: a word right after it, a sentence's end.
    A whole marker with a full stop ("Mehr zum Thema.") is still the marker."""
    t = tables()
    m = t.marker_prefix.match(text)
    if not m or not m.lastgroup or not _SENTENCE_END.search(text):
        return False
    if normalise_marker(text) in t.marker_whole:
        return False
    rest = text[m.end(m.lastgroup) :]
    return rest[:1].isspace() and rest.lstrip()[:1].isalpha()
