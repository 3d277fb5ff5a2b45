"""``extract_text()``: the article of a plain-text page (a text dump of a news page, no markup).

Without tags, what a line *is* shows only in its words and its rhythm, so the stages are:

    lines → units → header → captions → boxes → body → metadata → Document

* **units**: blank lines separate *chunks*; a chunk is one hard-wrapped paragraph (joined) or
  one unit per line. A chunk of several units is *dense*: in a page whose paragraphs are
  separated by blank lines, a dense chunk has a different rhythm from the body (a box, a list,
  a footer).
* **header**: a numbered breadcrumb trail ("1. Startseite" …) repeats the headline as its last
  item, which also splits a kicker glued to the headline; else the headline is the last
  heading-like line before the first prose.
* **captions**: the paragraph right before a photo credit ("Foto: …", "©") is its caption.
* **boxes**: marker phrases (``data/text_markers.toml``) open explainer, related and ad boxes;
  how far a box reaches is decided by line rhythm and line shape.
* **body**: from the first to the last prose paragraph (long, many stopwords, sentence-final
  punctuation; in a language without a stopword list, length and punctuation alone) outside
  boxes; in between, a short run "headline / teaser / von NAME" is a teaser for another
  article, short lines without final punctuation are subheadings.

Every block gets a ``Label`` and the ids of the rules that decided it (``text:…``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import regex

from ._data import load_table
from .errors import InvalidInputError
from .features import DENSE_SCRIPT_WEIGHT, LANGUAGE_MIN_SHARE, dense_script_chars, detect_language, stopwords
from .model import BODY_LABELS, Block, BlockKind, Box, BoxKind, Document, Label
from .render import body_text
from .unicode import nfc

__all__ = ["extract_text", "TextThresholds", "TEXT"]


@dataclass(frozen=True, slots=True)
class TextThresholds:
    """Line-shape thresholds for plain-text pages (units: characters, words, ratios)."""

    # A paragraph: long enough to say something, with stopwords (function words are what
    # separates sentences from menus, names and headlines) and a sentence-final mark.
    prose_min_chars: int = 80
    prose_min_words: int = 10
    prose_min_stopwords: float = 0.15
    # This long with stopwords is prose even without a final mark (a dump may cut it).
    long_prose_chars: int = 250
    long_prose_min_stopwords: float = 0.20
    # A short sentence next to the body's first or last paragraph still belongs to it.
    sentence_min_words: int = 4
    # Subheadings and headlines are short; a longer line without a final mark is a fragment.
    heading_max_chars: int = 120
    heading_max_words: int = 15
    # A headline has at least this many words: one or two words are a rubric or a menu entry.
    title_min_words: int = 3
    # A kicker (Dachzeile) above the headline is a few words long.
    kicker_max_words: int = 6
    # A line glued from kicker and headline ("UkraineLanges") splits where a word with at
    # least this many lower-case letters runs into a capital: shorter ones are brand names
    # ("YouTube", "PayPal").
    glued_min_lower: int = 5
    # Hard-wrapped text: lines of one paragraph are this long and differ this little.
    wrap_min_chars: int = 40
    wrap_max_chars: int = 110
    wrap_spread_chars: int = 30
    # Greedy wrapping fills a line until the next word does not fit: a line this much shorter
    # than that is the end of an item (a list copied line by line), not a wrapped line.
    wrap_fill_slack_chars: int = 3
    # Breadcrumb items are short; the last one may be the whole headline.
    breadcrumb_item_max_chars: int = 150
    # A related / explainer marker line is short: past this it is a sentence that happens
    # to start with the phrase.
    marker_line_max_chars: int = 250
    explainer_title_max_chars: int = 100
    # Chrome prompts ("Newsletter …") are short lines.
    boilerplate_line_max_chars: int = 120
    # Without blank lines there is no rhythm to end an explainer: stop after this many lines.
    explainer_max_units_flat: int = 8
    # Items of a related list and lines of an ad tile are teaser-sized.
    related_item_max_chars: int = 200
    ad_item_max_chars: int = 200
    # An ad tile is a label ("Anzeige") and a few lines (name, claim).
    ad_tile_max_lines: int = 3
    # The teaser text of an inline teaser is a sentence or three.
    teaser_text_max_chars: int = 350
    # An inline teaser has a headline and at most a kicker above it.
    teaser_max_headlines: int = 2
    # Author and date lines are short.
    author_line_max_chars: int = 80
    date_line_max_chars: int = 60
    # A date line is mostly date ("18.02.2025 - 14:54 Uhr"), not a heading with a date in it.
    date_line_min_share: float = 0.5
    # Where a byline or credit glued to the end of a paragraph is looked for.
    tail_window_chars: int = 200
    # So many short lines in a row inside one chunk, between paragraphs, are a link list.
    short_run_min: int = 3
    short_run_max_chars: int = 60
    # Between blank-line paragraphs, a chunk of lines that are none of them prose and each
    # this many words long is a list (or a table's rows) as a page's text copies it: items
    # without their bullets. Menus and share bars have shorter lines.
    list_line_min_words: int = 4
    # So many lines of boilerplate, related or ad boxes between two paragraphs end a run of
    # paragraphs; a one-line teaser or a short ad between paragraphs stays below it.
    gap_break_units: int = 6
    # A run of fewer paragraphs than this counts only that share of its characters: one long
    # paragraph alone (a cookie notice, a teaser) should not outweigh a short article.
    cluster_full_paragraphs: int = 3
    # The lead follows the headline closely: at most this many lines (byline, caption) between.
    lead_max_distance: int = 6
    # A related list after a bare marker line takes at most this many lines.
    related_max_items: int = 12
    # Share of prose paragraphs alone in their chunk above which the page separates
    # paragraphs by blank lines (and a dense chunk is a change of rhythm).
    blank_rhythm_min_share: float = 0.5
    # How many words the language guess reads: enough to be sure, cheap to count.
    language_sample_words: int = 3000


TEXT = TextThresholds()

# --------------------------------------------------------------------------------------------
# fixed patterns (marker phrases come from data/text_markers.toml, see ``_markers``)

_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}]+)?")
# Also the full stops and question marks of CJK, Arabic and Indic scripts (。！？ ؟ ۔ । ॥).
_SENTENCE_END = regex.compile(r"[.!?…。．！？؟۔।॥][\"“”„»«'’)\]」』]*$")
# A heading may end in "?"; anything else final makes it a sentence or a lead-in.
# A sentence-final mark anywhere in a line (before a space or at its end).
_SENTENCE_MARK = regex.compile(r"[.!?…][\"“”„»«'’)\]]*(?:\s|$)")
_NOT_HEADING_END = regex.compile(r"[.!…:;,。．！،۔।][\"“”„»«'’)\]」』]*$")
_BULLET = regex.compile(r"^[-–—•*·▪►●■]\s+(?=\S)")
_NUMBERED = regex.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
_MD_HEADING = regex.compile(r"^(#{1,6})\s+(?=\S)")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_CELL_SEPARATOR = regex.compile(r" \| ")
_CRUMB_SEPARATOR = regex.compile(r"\s+(?:›|»|>|→|/|\|)\s+")
_SLUG = regex.compile(r"[^\p{L}\p{N}]+")
_SEPARATOR = r"\s*[:|»›>→–—-]+\s*"
_NAME = (
    r"\p{Lu}[\p{L}\p{M}'’.-]*"
    r"(?:\s+(?:(?:von|van|de|der|den|del|da|di|zu|la|le|bin|al)\s+)*\p{Lu}[\p{L}\p{M}'’.-]*){0,3}"
)
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?))?(?:\s*(?:Uhr|h)\b)?"
# A dateline at the start of an agency text: "Berlin (dpa) - …".
_DATELINE = r"^\p{Lu}[\p{L}\p{M} ./-]{1,40}?\s*\((?P<src>{agencies})\)\s*[-–—:]"


def _alternation(phrases: list[str]) -> str:
    # longest first, so "Lesen Sie auch" wins over a shorter phrase sharing its start
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(regex.escape(w) for w in p.split()) for p in ordered)


def _slug(phrase: str) -> str:
    return _SLUG.sub("-", phrase.lower()).strip("-")


def _norm_phrase(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@dataclass(frozen=True, slots=True)
class _Markers:
    related: regex.Pattern[str]
    related_closed: frozenset[str]
    explainer: regex.Pattern[str]
    explainer_closed: frozenset[str]
    ad: regex.Pattern[str]
    ad_inline: regex.Pattern[str]
    boilerplate_end: regex.Pattern[str]
    boilerplate_line: regex.Pattern[str]
    boilerplate_prefix: regex.Pattern[str]
    boilerplate_contains: regex.Pattern[str]
    credit_line: regex.Pattern[str]
    credit_tail: regex.Pattern[str]
    author: regex.Pattern[str]
    source_line: regex.Pattern[str]
    source_tail: regex.Pattern[str]
    agency_line: regex.Pattern[str]
    date_prefix: regex.Pattern[str]
    date: regex.Pattern[str]
    byline_tail: regex.Pattern[str]
    dateline: regex.Pattern[str]
    months: dict[str, int]


def _marker_line(phrases: list[str]) -> regex.Pattern[str]:
    """A line starting with a phrase; ``sep`` and ``rest`` say what follows it."""
    return regex.compile(rf"^(?P<m>(?i:{_alternation(phrases)}))(?P<sep>{_SEPARATOR}|\s+|$)(?P<rest>.*)$")


@cache
def _markers() -> _Markers:
    data = load_table("text_markers")
    rel, expl = data["related"], data["explainer"]
    bp, byline = data["boilerplate"], data["byline"]
    months: dict[str, int] = {k.lower(): int(v) for k, v in data["months"].items()}
    month = _alternation(list(months))
    date = (
        r"(?P<d1>\d{1,2})\.\s?(?P<m1>\d{1,2})\.\s?(?P<y1>\d{4}|\d{2})(?!\d)"
        rf"|(?P<d2>\d{{1,2}})\.?\s+(?P<m2>(?i:{month}))\.?\s+(?P<y2>\d{{4}})"
        rf"|(?P<m3>(?i:{month}))\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
        r"|(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})"
    )
    datetime_ = rf"(?:{date})(?:\s*(?:[-–—,|/]|um|at|T)?\s*{_TIME})?"
    source = _alternation(byline["source"])
    date_prefix = _alternation(byline["date"])
    agencies = _alternation(byline["agencies"])
    credit = _alternation(data["caption"]["credit"])
    agency_list = rf"(?i:{agencies})(?:\s*[/,]\s*(?i:{agencies}))*"
    tail_source = rf"(?i:{source})\s*:\s*[^.!?\n]{{1,60}}"
    return _Markers(
        related=_marker_line(rel["open"] + rel["closed"]),
        related_closed=frozenset(_norm_phrase(p) for p in rel["closed"]),
        explainer=_marker_line(expl["open"] + expl["closed"]),
        explainer_closed=frozenset(_norm_phrase(p) for p in expl["closed"]),
        ad=regex.compile(rf"^(?P<m>(?i:{_alternation(data['ad']['line'])}))\s*[:.!|]?$"),
        ad_inline=regex.compile(
            rf"(?:\((?P<m>(?i:{_alternation(data['ad']['inline'])}))\)$"
            rf"|^(?P<m>(?i:{_alternation(data['ad']['inline'])}))\s*[:|]\s*\S)"
        ),
        boilerplate_end=regex.compile(
            rf"^(?:\d+\s+)?(?P<m>(?i:{_alternation(bp['end'])}))\s*[:|]?\s*(?:\(\d+\))?\s*$"
        ),
        boilerplate_line=regex.compile(rf"^(?P<m>(?i:{_alternation(bp['line'])}))\s*[:.!|]?$"),
        boilerplate_prefix=regex.compile(rf"^(?P<m>(?i:{_alternation(bp['prefix'])}))(?![\p{{L}}\p{{N}}])"),
        boilerplate_contains=regex.compile(rf"(?P<m>(?i:{_alternation(bp['contains'])}))"),
        # "©" then a name, not a year: "© 2025 Verlag GmbH" is the site's footer
        credit_line=regex.compile(rf"^(?:(?i:{credit})\s*:\s*\S|©\s*(?!\d)\S|\((?i:{credit})\s*:)"),
        credit_tail=regex.compile(
            rf"(?:(?<=[.!?…“”\"»)])\s+|\s\(|^)(?:(?i:{credit})\s*:|©)\s*[^.!?:\n]{{2,80}}\)?$"
            rf"|\((?i:{_alternation(data['caption']['picture_note'])})\)\.?$"
        ),
        author=regex.compile(
            rf"^(?i:{_alternation(byline['author'])})\s*:?\s+(?P<names>{_NAME}(?:\s*(?:,|und|and|&)\s*{_NAME})*)"
            rf"(?:\s*[,|/]\s*(?P<src>(?i:{agencies})))?\s*$"
        ),
        source_line=regex.compile(rf"^(?i:{source})\s*:\s*(?P<src>[^\n]{{1,60}})$"),
        source_tail=regex.compile(rf"(?<!\S)(?i:{source})\s*:\s*(?P<src>[^.!?\n]{{1,60}})$"),
        agency_line=regex.compile(
            rf"^\(?\s*(?P<src>(?i:{agencies})(?:\s*[/,]\s*(?i:{agencies}))*)(?:\s*[/,]\s*\p{{Ll}}{{2,4}})*\s*\)?\.?$"
        ),
        date_prefix=regex.compile(rf"^(?i:{date_prefix})(?:\s*:\s*|\s+)(?=\S)"),
        date=regex.compile(datetime_),
        byline_tail=regex.compile(
            rf"(?<=[.!?…“”\"»])\s+(?P<tail>(?:(?:(?i:{date_prefix})\s*:?\s*)?{datetime_}"
            rf"(?:\s*[|,·-]?\s*{tail_source})?|{tail_source}))\s*$"
        ),
        dateline=regex.compile(_DATELINE.replace("{agencies}", agency_list)),
        months=months,
    )


# --------------------------------------------------------------------------------------------
# units


@dataclass(slots=True, eq=False)
class _Unit:
    """One block being decided: mutable while the stages run, frozen into a ``Block`` at the end."""

    text: str
    chunk: int
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    ordered: bool = False
    group: int | None = None
    number: int | None = None
    bullet: str = ""  # the bullet a list item's line began with
    words: int = 0
    stop_ratio: float = 0.0
    sentence_end: bool = False
    heading_like: bool = False
    prose: bool = False
    tags: dict[str, str] = field(default_factory=dict)  # context-free evidence: name -> detail
    label: Label | None = None
    reasons: list[str] = field(default_factory=list)
    box: int | None = None
    cells: tuple[str, ...] = ()

    def set(self, label: Label, *reasons: str) -> None:
        self.label = label
        self.reasons.extend(r for r in reasons if r not in self.reasons)


#: tags that make a unit a byline (author, source or date line), not text
_BYLINE_TAGS = ("author", "source", "agency", "date", "byline-tail")
#: tags whose lines open or belong to something other than the running text
_MARKER_TAGS = ("related", "explainer", "ad", "ad-inline", "boilerplate", "end", "credit", "credit-tail")


def _chunks(text: str) -> list[list[str]]:
    chunks: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _is_wrapped(lines: list[str]) -> bool:
    """Whether the lines of one chunk are one paragraph hard-wrapped at a fixed width."""
    if len(lines) < 2:
        return False
    head = [len(line) for line in lines[:-1]]
    width = max(head)
    if min(head) < TEXT.wrap_min_chars or width > TEXT.wrap_max_chars:
        return False
    if width - min(head) > TEXT.wrap_spread_chars or len(lines[-1]) > width + TEXT.wrap_spread_chars:
        return False
    if any(_BULLET.match(line) or _MD_HEADING.match(line) for line in lines):
        return False
    open_ends = sum(1 for line in lines[:-1] if not _SENTENCE_END.search(line))
    if open_ends * 2 < len(head):
        return False
    if not any(_SENTENCE_MARK.search(line) for line in lines):
        # lines of similar length that never end a sentence are list items, not a paragraph
        return False
    if len(lines) == 2:
        # two lines could be headline + lead: only a lower-case continuation proves the wrap
        return lines[1][:1].islower()
    # a wrapped line is full: the next line's first word would not have fitted on it
    return all(
        n + 1 + len(nxt.split(" ", 1)[0]) > width - TEXT.wrap_fill_slack_chars
        for n, nxt in zip(head, lines[1:], strict=True)
    )


def _segment(chunks: list[list[str]]) -> list[_Unit]:
    units: list[_Unit] = []
    for c, lines in enumerate(chunks):
        if _is_wrapped(lines):
            units.append(_Unit(" ".join(lines), c))
            continue
        rows = _table_rows(lines)
        for line, cells in zip(lines, rows, strict=True):
            if cells:
                units.append(_Unit(line, c, kind=BlockKind.TABLE_ROW, cells=cells))
                continue
            unit = _Unit(line, c)
            if m := _MD_HEADING.match(line):
                unit.text, unit.kind, unit.level = line[m.end() :], BlockKind.HEADING, len(m.group(1))
            elif m := _BULLET.match(line):
                unit.text, unit.kind, unit.bullet = line[m.end() :], BlockKind.LIST_ITEM, line[: m.end()]
            elif m := _NUMBERED.match(line):
                unit.number = int(m.group(1))
            units.append(unit)
    _group_lists(units)
    return units


def _table_rows(lines: list[str]) -> list[tuple[str, ...]]:
    """The cells of each line that is a table row: runs of two or more lines with the same
    number (two or more) of cells separated by " | ", which is how a table's text reads (and
    how ``Document.text`` writes one)."""
    cells = [tuple(_CELL_SEPARATOR.split(line)) for line in lines]
    rows: list[tuple[str, ...]] = [()] * len(lines)
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and len(cells[j]) == len(cells[i]):
            j += 1
        if len(cells[i]) >= 2 and j - i >= 2:
            rows[i:j] = cells[i:j]
        i = j
    return rows


def _group_lists(units: list[_Unit]) -> None:
    """Give list items ids; numbered lines only count as a list in an ascending run of two or
    more, bulleted lines in a run of two or more. A lone dash line is an attribution ("— Arvind
    Kejriwal (@ArvindKejriwal) November 1, 2019") or a dialogue line as often as a list of one,
    and read as a list it would lose its dash for good (``Document.text`` writes no bullets)."""
    for i, u in enumerate(units):
        if u.bullet and not any(
            0 <= j < len(units) and units[j].bullet for j in (i - 1, i + 1)
        ):
            u.text, u.kind, u.bullet = u.bullet + u.text, BlockKind.PARAGRAPH, ""
    group = 0
    i = 0
    while i < len(units):
        u = units[i]
        if u.number is not None:
            j = i + 1
            while j < len(units) and units[j].number == units[j - 1].number + 1:  # type: ignore[operator]
                j += 1
            if j - i >= 2:
                group += 1
                for v in units[i:j]:
                    v.text = _NUMBERED.sub("", v.text, count=1)
                    v.kind, v.ordered, v.group = BlockKind.LIST_ITEM, True, group
            else:
                u.number = None
            i = j
            continue
        if u.kind is BlockKind.TABLE_ROW:
            prev = units[i - 1] if i else None
            same = prev is not None and prev.kind is BlockKind.TABLE_ROW and prev.chunk == u.chunk
            if not (same and len(prev.cells) == len(u.cells)):  # type: ignore[union-attr]
                group += 1
            u.group = group
        if u.kind is BlockKind.LIST_ITEM:
            prev = units[i - 1] if i else None
            same = prev is not None and prev.kind is BlockKind.LIST_ITEM and not prev.ordered
            if not (same and prev.chunk == u.chunk):  # type: ignore[union-attr]
                group += 1
            u.group = group
        i += 1


def _split_tails(units: list[_Unit]) -> list[_Unit]:
    """Split a date / source line glued to the end of a paragraph ("… Annäherung. 18.02.2025 Quelle: dpa")."""
    pattern = _markers().byline_tail
    out: list[_Unit] = []
    for u in units:
        if u.kind is BlockKind.TABLE_ROW:  # a date in a cell is data, not a dateline
            out.append(u)
            continue
        offset = max(0, len(u.text) - TEXT.tail_window_chars)
        m = pattern.search(u.text, offset)
        head = u.text[: m.start()].rstrip() if m else ""
        if m and len(_WORD.findall(head)) >= TEXT.sentence_min_words:
            u.text = head
            tail = _Unit(m.group("tail"), u.chunk, tags={"byline-tail": ""})
            out.extend((u, tail))
        else:
            out.append(u)
    return out


def _measure(units: list[_Unit]) -> str | None:
    """Count words and stopwords of every unit; return the page language."""
    tokenised = [[w.lower() for w in _WORD.findall(u.text)] for u in units]
    sample: list[str] = []
    for words in tokenised:
        sample.extend(words)
        if len(sample) >= TEXT.language_sample_words:
            break
    language = detect_language(sample)
    stop = stopwords(language) if language else frozenset()
    if not stop:
        # unknown language: the lists of the two languages the markers know still tell
        # prose from menus in text that mixes them
        stop = stopwords("de") | stopwords("en")
    # A language without a list (Arabic, Bengali, Indonesian, Japanese, Latin filler …) gives
    # no stopword evidence at all: prose then rests on length and a sentence-final mark, as
    # the HTML path's density does (``Features.has_stoplist``). Before, no line of such a text
    # was prose and the whole article was lost.
    stop_evidence = sum(1 for w in sample if w in stop) >= LANGUAGE_MIN_SHARE * len(sample)
    for u, words in zip(units, tokenised, strict=True):
        dense = dense_script_chars(u.text)
        # a Han/kana/hangul run is one regex "word" however long: count about two characters
        # a word, and weigh their length as the HTML features do
        u.words = len(words) + dense // 2
        if stop_evidence:
            u.stop_ratio = sum(1 for w in words if w in stop) / len(words) if words else 0.0
        else:
            u.stop_ratio = 1.0
        chars = len(u.text) + (DENSE_SCRIPT_WEIGHT - 1) * dense
        u.sentence_end = bool(_SENTENCE_END.search(u.text))
        first = next((ch for ch in u.text if ch.isalpha()), "")
        u.heading_like = u.kind is BlockKind.HEADING or (
            1 <= u.words <= TEXT.heading_max_words
            and chars <= TEXT.heading_max_chars
            and not _NOT_HEADING_END.search(u.text)
            and not first.islower()
            and u.kind not in (BlockKind.LIST_ITEM, BlockKind.TABLE_ROW)
            # a line led by a dash is an attribution or a line of dialogue (a lone one is kept
            # whole by _group_lists), never a heading
            and not _BULLET.match(u.text)
        )
        # a sentence ending in a colon after a full one ("… on Wednesday. Here's what stood
        # out:") leads into a list or a quote of the article: prose, though not a full stop
        leads_in = u.text.endswith(":") and _SENTENCE_MARK.search(u.text) is not None
        u.prose = u.kind not in (BlockKind.HEADING, BlockKind.TABLE_ROW) and (
            (
                chars >= TEXT.prose_min_chars
                and u.words >= TEXT.prose_min_words
                and (u.sentence_end or leads_in)
                and u.stop_ratio >= TEXT.prose_min_stopwords
            )
            or (
                chars >= TEXT.long_prose_chars
                and u.stop_ratio >= TEXT.long_prose_min_stopwords
                # without stopwords a long line needs a sentence in it, not only length (a
                # link list copied as one line is long too)
                and (stop_evidence or _SENTENCE_MARK.search(u.text) is not None)
            )
        )
    return language


def _tag(units: list[_Unit]) -> None:
    """Context-free evidence from marker phrases and line shape."""
    mk = _markers()
    for u in units:
        text, chars = u.text, len(u.text)
        if chars <= TEXT.marker_line_max_chars and (m := mk.related.match(text)):
            closed = _norm_phrase(m.group("m")) in mk.related_closed
            if not (closed and m.group("rest") and not m.group("sep").strip()):
                u.tags["related"] = m.group("m")
        if chars <= TEXT.explainer_title_max_chars and (m := mk.explainer.match(text)):
            closed = _norm_phrase(m.group("m")) in mk.explainer_closed
            open_without_rest = not closed and not m.group("rest")
            closed_glued = closed and m.group("rest") and not m.group("sep").strip()
            if not (open_without_rest or closed_glued) and not text.endswith("."):
                u.tags["explainer"] = m.group("m")
        if m := mk.ad.match(text):
            u.tags["ad"] = m.group("m")
        elif chars <= TEXT.ad_item_max_chars and (m := mk.ad_inline.search(text)):
            u.tags["ad-inline"] = m.group("m")
        if chars <= TEXT.boilerplate_line_max_chars:
            m = mk.boilerplate_line.match(text) or mk.boilerplate_prefix.match(text)
            m = m or mk.boilerplate_contains.search(text)
            if m and not u.prose:
                u.tags["boilerplate"] = m.group("m")
            if e := mk.boilerplate_end.match(text):
                u.tags["end"] = e.group("m")
        if chars <= TEXT.breadcrumb_item_max_chars and mk.credit_line.match(text):
            u.tags["credit"] = ""
        elif mk.credit_tail.search(text, max(0, chars - TEXT.tail_window_chars)):
            u.tags["credit-tail"] = ""
        if chars <= TEXT.author_line_max_chars and (m := mk.author.match(text)):
            u.tags["author"] = m.group("names")
            if m.group("src"):
                u.tags["source"] = m.group("src")
        source = mk.source_line.match(text)
        if source is None and "byline-tail" in u.tags:
            source = mk.source_tail.search(text)
        if source:
            u.tags["source"] = source.group("src").strip()
        elif m := mk.agency_line.match(text):
            u.tags["agency"] = m.group("src")
        if chars <= TEXT.date_line_max_chars and (d := mk.date.search(text)):
            if mk.date_prefix.match(text) or len(d.group(0)) >= TEXT.date_line_min_share * chars:
                u.tags["date"] = d.group(0)
        elif chars <= TEXT.date_line_max_chars and mk.date_prefix.match(text):
            u.tags["date"] = ""  # "Stand: Januar 2026": a date line without a full date


def _has(u: _Unit, names: tuple[str, ...]) -> bool:
    return any(n in u.tags for n in names)


# --------------------------------------------------------------------------------------------
# header: breadcrumbs, title, kicker


@dataclass(slots=True)
class _Header:
    title: int | None = None
    kicker: int | None = None
    title_source: str = ""
    kicker_source: str = "text:kicker:line-above-title"


def _find_header(units: list[_Unit]) -> tuple[list[_Unit], _Header]:
    limit = next((i for i, u in enumerate(units) if u.prose and not _has(u, _MARKER_TAGS)), len(units))
    crumbs = _breadcrumbs(units, limit)
    start = 0
    header = _Header()
    if crumbs:
        for u in crumbs:
            u.set(Label.BOILERPLATE, "text:breadcrumb-numbered" if u.ordered else "text:breadcrumb-separated")
        start = units.index(crumbs[-1]) + 1
        last = crumbs[-1].text if crumbs[-1].ordered else _CRUMB_SEPARATOR.split(crumbs[-1].text)[-1]
        if len(last.split()) >= TEXT.title_min_words:
            for i in range(start, limit):
                u = units[i]
                if u.label is None and u.text.endswith(last):
                    prefix = u.text[: len(u.text) - len(last)].strip()
                    header.title, header.title_source = i, "text:title:breadcrumb-repeat"
                    if prefix:
                        kicker = _Unit(prefix.rstrip(":|–—- ").strip() or prefix, u.chunk)
                        kicker.words, kicker.heading_like = len(prefix.split()), True
                        u.text = last
                        units.insert(i, kicker)
                        header.title, header.kicker = i + 1, i
                        header.kicker_source = "text:kicker:glued-to-title"
                        limit += 1
                    break
    if header.title is None:
        header = _title_by_shape(units, start, limit)
    if header.title is not None:
        t = units[header.title]
        t.kind, t.level = BlockKind.HEADING, 1
        t.set(Label.TITLE, header.title_source)
    if header.kicker is not None:
        units[header.kicker].set(Label.KICKER, header.kicker_source)
    return units, header


def _breadcrumbs(units: list[_Unit], limit: int) -> list[_Unit]:
    for i in range(limit):
        u = units[i]
        if u.ordered and u.group is not None:
            run = [v for v in units[i:limit] if v.group == u.group]
            if len(run) >= 2 and all(len(v.text) <= TEXT.breadcrumb_item_max_chars for v in run):
                return run
            return []
        parts = _CRUMB_SEPARATOR.split(u.text)
        if len(parts) >= 3 and all(0 < len(p) <= TEXT.breadcrumb_item_max_chars for p in parts):
            return [u]
    return []


def _title_by_shape(units: list[_Unit], start: int, limit: int) -> _Header:
    """The headline is the last heading-like line before the first prose paragraph."""
    header = _Header()
    short_in_chunk: dict[int, int] = {}
    for u in units[start:limit]:
        if u.heading_like and not u.tags:
            short_in_chunk[u.chunk] = short_in_chunk.get(u.chunk, 0) + 1
    for i in range(limit - 1, start - 1, -1):
        u = units[i]
        if (
            u.label is None
            and u.heading_like
            and not u.tags
            and u.words >= TEXT.title_min_words
            # three or more bare short lines in one chunk are a menu, not kicker + headline
            and short_in_chunk.get(u.chunk, 0) < TEXT.short_run_min
        ):
            header.title, header.title_source = i, "text:title:last-heading-before-prose"
            break
    if header.title is None:
        return header
    t = header.title
    prev = units[t - 1] if t > start else None
    before = units[t - 2] if t - 1 > start else None
    if (
        prev is not None
        and prev.label is None
        and not prev.tags
        and prev.words <= TEXT.kicker_max_words
        and (prev.heading_like or prev.text.endswith(":"))
        and not (before is not None and before.heading_like and not before.tags and before.label is None)
    ):
        header.kicker = t - 1
        return header
    title = units[t]
    m = regex.search(rf"(?<=\p{{Ll}}{{{TEXT.glued_min_lower}}})(?=\p{{Lu}}\p{{Ll}})", title.text)
    if m and len(title.text[: m.start()].split()) >= 2 and len(title.text[m.start() :].split()) >= 3:
        kicker = _Unit(title.text[: m.start()], title.chunk, heading_like=True)
        title.text = title.text[m.start() :]
        units.insert(t, kicker)
        header.title, header.kicker = t + 1, t
        header.kicker_source = "text:kicker:glued-case-boundary"
    return header


# --------------------------------------------------------------------------------------------
# captions and boxes


def _mark_captions(units: list[_Unit]) -> None:
    for i, u in enumerate(units):
        if u.label is not None:
            continue
        if "credit" in u.tags:
            u.kind = BlockKind.CAPTION
            u.set(Label.CAPTION, "text:caption:credit-line")
            prev = units[i - 1] if i else None
            if prev is not None and prev.label is None and not _has(prev, _MARKER_TAGS + _BYLINE_TAGS):
                prev.kind = BlockKind.CAPTION
                prev.set(Label.CAPTION, "text:caption:before-credit")
        elif "credit-tail" in u.tags and not _has(u, ("related", "explainer", "ad")):
            u.kind = BlockKind.CAPTION
            u.set(Label.CAPTION, "text:caption:credit-tail")


@dataclass(slots=True)
class _Draft:
    kind: BoxKind
    title: str | None
    members: list[int]
    reasons: list[str]


_BOX_LABEL = {BoxKind.EXPLAINER: Label.EXPLAINER, BoxKind.RELATED: Label.RELATED, BoxKind.AD: Label.AD}


class _Boxes:
    """Opens boxes at marker lines and decides how far each reaches."""

    def __init__(self, units: list[_Unit], blank_rhythm: bool) -> None:
        self.units = units
        self.blank_rhythm = blank_rhythm
        self.drafts: list[_Draft] = []
        self.chunk_size: dict[int, int] = {}
        for u in units:
            self.chunk_size[u.chunk] = self.chunk_size.get(u.chunk, 0) + 1

    def stops(self, u: _Unit) -> bool:
        return u.label is not None or _has(u, _MARKER_TAGS + ("author", "agency", "source"))

    def run(self) -> list[_Draft]:
        for i, u in enumerate(self.units):
            if u.label is not None:
                continue
            if "explainer" in u.tags and (found := self.explainer(i)):
                members, rhythm = found
                self.add(
                    BoxKind.EXPLAINER, u.text, members, f"text:marker:{_slug(u.tags['explainer'])}", rhythm
                )
            elif "related" in u.tags:
                self.related(i)
            elif "ad" in u.tags:
                self.ad(i)
            elif "ad-inline" in u.tags:
                self.add(BoxKind.AD, None, [i], f"text:marker:inline-{_slug(u.tags['ad-inline'])}")
            elif "end" in u.tags or "boilerplate" in u.tags:
                u.set(Label.BOILERPLATE, f"text:marker:{_slug(u.tags.get('end') or u.tags['boilerplate'])}")
        return self.drafts

    def add(self, kind: BoxKind, title: str | None, members: list[int], *reasons: str) -> None:
        self.drafts.append(_Draft(kind, title, members, list(reasons)))
        for k in members:
            u = self.units[k]
            # a tile label inside a partner block also names its own marker
            own = u.tags.get(str(kind)) if k != members[0] else None
            u.set(_BOX_LABEL[kind], *reasons, *([f"text:marker:{_slug(own)}"] if own else []))

    def rest_of_chunk(self, j: int, take) -> list[int]:
        units, out = self.units, []
        chunk = units[j - 1].chunk
        while j < len(units) and units[j].chunk == chunk and not self.stops(units[j]) and take(units[j]):
            out.append(j)
            j += 1
        return out

    def explainer(self, i: int) -> tuple[list[int], str] | None:
        """The units of the explainer titled by unit ``i``, and the rule that bounded it."""
        units = self.units
        n = len(units)
        if not self.blank_rhythm:
            members = [i]
            for j in range(i + 1, min(n, i + 1 + TEXT.explainer_max_units_flat)):
                u = units[j]
                if self.stops(u) or (u.heading_like and not u.tags):
                    break
                members.append(j)
            return (members, "text:rhythm:flat-until-heading") if len(members) > 1 else None
        members = [i]
        j = i + 1
        if j < n and units[j].chunk == units[i].chunk:
            members += self.rest_of_chunk(j, lambda u: True)
        elif j < n and self.chunk_size[units[j].chunk] >= 2 and not self.stops(units[j]):
            members += [j] + self.rest_of_chunk(j + 1, lambda u: True)
        elif j < n and not self.stops(units[j]) and not units[j].heading_like and self.closes_after(j):
            # "Zur Person" + one paragraph + a new section: the paragraph is the box
            return [i, j], "text:rhythm:single-paragraph"
        if len(members) == 1:
            return None
        # the box goes on over a blank line while the next chunk keeps the dense rhythm
        # (a "Stand: …" line and more facts), and ends at the next blank-line paragraph
        j = members[-1] + 1
        while (
            j < n
            and units[j].chunk != units[j - 1].chunk
            and self.chunk_size[units[j].chunk] >= 2
            and not self.stops(units[j])
            and units[j].kind is not BlockKind.LIST_ITEM
        ):
            members += [j] + self.rest_of_chunk(j + 1, lambda u: True)
            j = members[-1] + 1
        return members, "text:rhythm:dense-lines"

    def closes_after(self, j: int) -> bool:
        """Whether what follows unit ``j`` starts something new (a heading, a marker, the end)."""
        nxt = self.units[j + 1] if j + 1 < len(self.units) else None
        return nxt is None or self.stops(nxt) or (nxt.heading_like and not nxt.tags)

    def related(self, i: int) -> None:
        units = self.units
        u = units[i]
        m = _markers().related.match(u.text)
        assert m is not None  # tagged by the same pattern
        reason = f"text:marker:{_slug(m.group('m'))}"
        rest = m.group("rest").strip()

        def item(v: _Unit) -> bool:
            if v.heading_like and not v.tags:
                return True
            return self.blank_rhythm and len(v.text) <= TEXT.related_item_max_chars and not v.prose

        members = [i] + self.rest_of_chunk(i + 1, item)
        if len(members) == 1 and not rest and self.blank_rhythm:
            # a bare marker alone on its line: the list is the short lines after it
            j = i + 1
            while j < len(units) and len(members) <= TEXT.related_max_items:
                v = units[j]
                if self.stops(v) or v.prose or len(v.text) > TEXT.related_item_max_chars:
                    break
                members.append(j)
                j += 1
        if len(members) == 1 and not rest:
            u.set(Label.BOILERPLATE, reason, "text:marker:empty")
            return
        self.add(BoxKind.RELATED, rest or m.group("m"), members, reason)

    def ad(self, i: int) -> None:
        units = self.units
        members = [i]
        lines_in_tile = 0
        j = i + 1
        while j < len(units):
            v = units[j]
            if v.label is not None:
                break
            if "ad" in v.tags:
                members.append(j)
                lines_in_tile = 0
            elif v.chunk != units[j - 1].chunk:
                break  # a lone label may be a placeholder: never reach over a blank line for content
            elif (
                self.stops(v)
                or v.prose
                or len(v.text) > TEXT.ad_item_max_chars
                or lines_in_tile >= TEXT.ad_tile_max_lines
            ):
                break
            else:
                members.append(j)
                lines_in_tile += 1
            j += 1
        reason = f"text:marker:{_slug(units[i].tags['ad'])}"
        if all("ad" in units[k].tags for k in members):
            for k in members:
                slug = _slug(units[k].tags["ad"])
                units[k].set(Label.BOILERPLATE, f"text:marker:{slug}", "text:marker:empty")
            return
        self.add(BoxKind.AD, units[i].text, members, reason)


def _teaser(units: list[_Unit], k: int) -> list[int] | None:
    """Walk back from a mid-body "von NAME" line over teaser text, headline and kicker."""
    members = [k]
    j = k - 1

    def free(v: _Unit) -> bool:
        return v.label is None and not v.tags

    short = j >= 0 and len(units[j].text) <= TEXT.teaser_text_max_chars
    if short and free(units[j]) and units[j].sentence_end:
        members.insert(0, j)
        j -= 1
    heads = 0
    while j >= 0 and heads < TEXT.teaser_max_headlines and free(units[j]) and units[j].heading_like:
        members.insert(0, j)
        heads += 1
        j -= 1
    return members if heads else None


# --------------------------------------------------------------------------------------------
# body


def _blank_rhythm(units: list[_Unit]) -> bool:
    size: dict[int, int] = {}
    for u in units:
        size[u.chunk] = size.get(u.chunk, 0) + 1
    prose = [u for u in units if u.prose]
    if not prose:
        return True
    alone = sum(1 for u in prose if size[u.chunk] == 1)
    return alone >= TEXT.blank_rhythm_min_share * len(prose)


def _sentence_like(u: _Unit) -> bool:
    return (
        u.label is None
        and not u.tags
        and u.sentence_end
        and u.words >= TEXT.sentence_min_words
        and not u.heading_like
    )


def _short_runs(units: list[_Unit], start: int, end: int) -> set[int]:
    """Units in runs of several short bare lines inside one chunk: a link list or menu."""
    found: set[int] = set()
    run: list[int] = []

    def flush() -> None:
        if len(run) >= TEXT.short_run_min:
            found.update(run)
        run.clear()

    for k in range(start, end + 1):
        u = units[k]
        short = (
            u.label is None
            and u.heading_like
            and not u.tags
            and len(u.text) <= TEXT.short_run_max_chars
            and u.kind is BlockKind.PARAGRAPH
        )
        if short and run and units[run[-1]].chunk == u.chunk and run[-1] == k - 1:
            run.append(k)
        else:
            flush()
            if short:
                run.append(k)
    flush()
    return found


def _list_lines(units: list[_Unit], blank_rhythm: bool) -> dict[int, int]:
    """Unit index → list group for the lines of chunks that are a list copied without bullets.

    Where paragraphs stand alone between blank lines, a chunk of several lines that are none
    of them prose, each of a few words, is one list (``Document.text`` writes a list so).
    """
    if not blank_rhythm:
        return {}
    group = max((u.group for u in units if u.group is not None), default=0)
    found: dict[int, int] = {}
    k = 0
    while k < len(units):
        j = k + 1
        while j < len(units) and units[j].chunk == units[k].chunk:
            j += 1
        if j - k >= 2 and all(
            u.label is None
            and not u.tags
            and u.kind is BlockKind.PARAGRAPH
            and not u.prose
            and u.words >= TEXT.list_line_min_words
            for u in units[k:j]
        ):
            group += 1
            found.update((m, group) for m in range(k, j))
        k = j
    return found


def _main_cluster(units: list[_Unit]) -> tuple[int, int] | None:
    """First and last prose unit of the run of paragraphs holding the most prose.

    Runs are cut by an end marker (comments, footer) or by a stretch of lines that markers
    showed to be chrome, teasers or ads: comment threads and teaser texts below an article
    are prose too, and without the cut they would pull the body's end down to them. Bare
    short lines do not cut: tables and lists inside an article look just like them.
    """
    best: tuple[float, int, int] | None = None
    start = end = -1
    chars = gap = paragraphs = 0

    def close() -> None:
        nonlocal best, start, chars, paragraphs
        score = chars * min(paragraphs, TEXT.cluster_full_paragraphs) / TEXT.cluster_full_paragraphs
        if start >= 0 and (best is None or score > best[0]):
            best = (score, start, end)
        start, chars, paragraphs = -1, 0, 0

    for k, u in enumerate(units):
        if u.label is None and u.prose and not _heading_of_nothing(units, k):
            if start < 0:
                start = k
            end, gap = k, 0
            chars += len(u.text)
            paragraphs += 1
        elif start >= 0:
            if "end" in u.tags:
                close()
            elif u.label in (Label.BOILERPLATE, Label.RELATED, Label.AD):
                gap += 1
                if gap >= TEXT.gap_break_units:
                    close()
    close()
    return (best[1], best[2]) if best else None


def _label_body(units: list[_Unit], drafts: list[_Draft], blank_rhythm: bool) -> tuple[int, int] | None:
    span = _main_cluster(units)
    if span is None:
        return None
    for k in range(span[0] + 1, span[1]):
        u = units[k]
        if u.label is None and "author" in u.tags and (members := _teaser(units, k)):
            heads = [m for m in members if units[m].heading_like and "author" not in units[m].tags]
            title = units[heads[-1]].text if heads else None
            reasons = ["text:teaser:author-line", "text:teaser:headline"]
            drafts.append(_Draft(BoxKind.RELATED, title, members, reasons))
            for m in members:
                units[m].set(Label.RELATED, *reasons)
    span = _main_cluster(units)
    if span is None:
        return None
    start, end = span
    while start > 0 and _sentence_like(units[start - 1]):
        start -= 1
    while end + 1 < len(units) and _sentence_like(units[end + 1]):
        end += 1
    lists = _list_lines(units, blank_rhythm)
    # a table or list right after the last paragraph ends the article as it would stand
    # between two paragraphs
    while end + 1 < len(units) and (
        end + 1 in lists or (units[end + 1].kind is BlockKind.TABLE_ROW and units[end + 1].label is None)
    ):
        end += 1
    runs = _short_runs(units, start, end)
    for k, u in enumerate(units):
        if u.label is not None:
            continue
        if _has(u, _BYLINE_TAGS):
            u.set(Label.BYLINE, *(f"text:byline:{t}" for t in _BYLINE_TAGS if t in u.tags))
        elif k < start:
            u.set(Label.BOILERPLATE, "text:before-body")
        elif k > end:
            u.set(Label.BOILERPLATE, "text:after-body")
        elif u.kind is BlockKind.TABLE_ROW:
            u.set(Label.BODY, "text:table-row")
        elif k in lists:
            u.kind, u.group = BlockKind.LIST_ITEM, lists[k]
            u.set(Label.BODY, "text:list-lines")
        elif k in runs:
            u.set(Label.BOILERPLATE, "text:density:short-run")
        elif _heading_of_nothing(units, k):
            # a heading with no paragraph under it is one line of a link list or a menu
            u.set(Label.BOILERPLATE, "text:density:heading-run")
        elif u.heading_like:
            u.kind = BlockKind.HEADING
            u.level = u.level or 2
            u.set(Label.HEADING, "text:density:heading-like")
        elif u.kind is BlockKind.LIST_ITEM:
            u.set(Label.BODY, "text:list-item")
        elif u.prose:
            long = len(u.text) >= TEXT.long_prose_chars
            u.set(Label.BODY, "text:density:long-prose" if long else "text:density:prose")
        else:
            u.set(Label.BODY, "text:density:between-prose")
    return start, end


def _heading_of_nothing(units: list[_Unit], k: int) -> bool:
    """A heading-like line with no paragraph under it: it is labelled boilerplate, so it must
    not end the article's span either, even when it is long enough to count as prose (a question
    line before a box): the lines between it and the body would be body only while it stands,
    and gone when the body is read again (extract_text of to_text)."""
    return units[k].heading_like and not _heads_text(units, k)


def _heads_text(units: list[_Unit], k: int) -> bool:
    nxt = units[k + 1] if k + 1 < len(units) else None
    return nxt is not None and nxt.label in (None, Label.BODY, Label.CAPTION) and not nxt.heading_like


def _mark_lead(units: list[_Unit], header: _Header) -> int | None:
    """The first paragraph right under the headline, with only bylines and captions between."""
    if header.title is None:
        return None
    stop = min(len(units), header.title + 1 + TEXT.lead_max_distance)
    for k in range(header.title + 1, stop):
        u = units[k]
        if u.label is Label.BODY and u.kind is BlockKind.PARAGRAPH:
            u.label = Label.LEAD
            u.reasons.append("text:lead:first-paragraph-after-title")
            return k
        if u.label not in (Label.BYLINE, Label.CAPTION, Label.KICKER, Label.BOILERPLATE):
            return None
    return None


# --------------------------------------------------------------------------------------------
# metadata


def _parse_date(text: str) -> str | None:
    mk = _markers()
    m = mk.date.search(text)
    if not m:
        return None
    g = m.groupdict()
    if g["d1"]:
        day, month, year = int(g["d1"]), int(g["m1"]), int(g["y1"])
        year += 2000 if year < 100 else 0
    elif g["d2"]:
        day, month, year = int(g["d2"]), mk.months.get(g["m2"].lower(), 0), int(g["y2"])
    elif g["d3"]:
        day, month, year = int(g["d3"]), mk.months.get(g["m3"].lower(), 0), int(g["y3"])
    else:
        day, month, year = int(g["d4"]), int(g["m4"]), int(g["y4"])
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2200):
        return None
    hour = minute = None
    if g["hour"] is not None:
        hour, minute = int(g["hour"]), int(g["minute"])
        ampm = (g["ampm"] or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
    try:
        if hour is not None and minute is not None and hour < 24 and minute < 60:
            return datetime(year, month, day, hour, minute).isoformat()
        return datetime(year, month, day).date().isoformat()
    except ValueError:  # 31 February and the like: the digits looked like a date but are not one
        return None


def _names(text: str) -> list[str]:
    return [n.strip() for n in regex.split(r"\s*(?:,|\bund\b|\band\b|&)\s*", text) if n.strip()]


@dataclass(slots=True)
class _Meta:
    date: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


def _metadata(units: list[_Unit], body: tuple[int, int] | None) -> _Meta:
    meta = _Meta()
    start, end = body if body else (len(units), len(units))
    for k, u in enumerate(units):
        if u.label is not Label.BYLINE:
            continue
        if meta.date is None and (date := _parse_date(u.text)):
            meta.date = date
            meta.sources["date"] = "text:byline"
        src = u.tags.get("source") or u.tags.get("agency")
        if meta.source is None and src:
            meta.source = src.strip()
            meta.sources["source"] = "text:agency-signoff" if "agency" in u.tags else "text:byline"
        # an author line mid-body that is no teaser says nothing about this article's author
        if "author" in u.tags and (k < start or k > end):
            meta.authors += [n for n in _names(u.tags["author"]) if n not in meta.authors]
            meta.sources["authors"] = "text:byline"
    if meta.source is None and body:
        first = next((u for u in units if u.label in (Label.LEAD, Label.BODY)), None)
        if first and (m := _markers().dateline.match(first.text)):
            meta.source = m.group("src")
            meta.sources["source"] = "text:dateline"
    return meta


# --------------------------------------------------------------------------------------------
# entry point


def extract_text(text: str, *, url: str | None = None) -> Document:
    """Extract the article of a plain-text page (a text dump of a news page).

    Returns the same ``Document`` as ``extract``: every block labelled with the rule ids that
    decided it, explainer / related / ad boxes in ``boxes`` (``Box.text`` leaves out the block
    that is the box's title), and title, kicker, date, source, authors and language where the
    text shows them. Raises ``InvalidInputError`` only for a wrong argument type; any string
    gets a best-effort result, in time linear in its length.
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be str, not {type(text).__name__}")
    if url is not None and not isinstance(url, str):
        raise InvalidInputError(f"url must be str or None, not {type(url).__name__}")
    if _SURROGATE.search(text):
        # A str made with "surrogateescape" / "surrogatepass" cannot be encoded: pairs become the
        # character they stand for, lone halves U+FFFD (what the HTML parser does with them).
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    units = _split_tails(_segment(_chunks(nfc(text.lstrip("\ufeff")))))
    if not units:
        return Document(text="", url=url, empty_reason="the text is empty or only whitespace")
    language = _measure(units)
    _tag(units)
    units, header = _find_header(units)
    _mark_captions(units)
    rhythm = _blank_rhythm(units)
    drafts = _Boxes(units, rhythm).run()
    body = _label_body(units, drafts, rhythm)
    if body is None:
        for u in units:
            if u.label is None:
                u.set(Label.BYLINE if _has(u, _BYLINE_TAGS) else Label.BOILERPLATE, "text:no-prose")
    lead = _mark_lead(units, header)
    meta = _metadata(units, body)
    return _assemble(units, drafts, header, lead, meta, language, url)


def _assemble(
    units: list[_Unit],
    drafts: list[_Draft],
    header: _Header,
    lead: int | None,
    meta: _Meta,
    language: str | None,
    url: str | None,
) -> Document:
    drafts.sort(key=lambda d: d.members[0])
    for box_number, d in enumerate(drafts):
        for k in d.members:
            units[k].box = box_number
    blocks = tuple(
        Block(
            index=k,
            text=u.text,
            kind=u.kind,
            label=u.label or Label.BOILERPLATE,
            reasons=tuple(u.reasons),
            level=u.level,
            group=u.group,
            ordered=u.ordered,
            box=u.box,
            cells=u.cells,
        )
        for k, u in enumerate(units)
    )
    body_before = []
    count = 0
    for b in blocks:
        body_before.append(count)
        count += b.label in BODY_LABELS
    boxes = []
    for d in drafts:
        members = tuple(blocks[k] for k in d.members)
        inner = [b for b in members if b.text != d.title]
        position = body_before[d.members[0]] - 1
        boxes.append(Box(d.kind, d.title, body_text(inner), members, tuple(d.reasons), position))
    body = body_text([b for b in blocks if b.in_body])
    sources = dict(meta.sources)
    title = units[header.title].text if header.title is not None else None
    kicker = units[header.kicker].text if header.kicker is not None else None
    if title:
        sources["title"] = header.title_source
    if kicker:
        sources["kicker"] = header.kicker_source
    if language:
        sources["language"] = "text:stopwords"
    if url:
        sources["url"] = "argument"
    return Document(
        text=body,
        blocks=blocks,
        boxes=tuple(boxes),
        title=title,
        kicker=kicker,
        authors=tuple(meta.authors),
        date=meta.date,
        language=language,
        url=url,
        lead=units[lead].text if lead is not None else None,
        source=meta.source,
        metadata_sources=sources,
        empty_reason=None if body else "no prose paragraph found in the text",
    )
