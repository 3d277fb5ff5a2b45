"""Hypothesis strategies: news-like pages built from parts, with a description of what they hold.

A generated page has three layers, drawn separately so that properties can vary one and keep
the others:

* ``PageSpec`` — *what* the page says: language, headline, lead, the body items (paragraphs,
  subheadings, lists, tables), figures, the boxes between body items (explainer, related, ad)
  and the page chrome (navigation, breadcrumbs, share bar, footer). This is the description
  the properties check against (``PageSpec.body_texts``, ``PageSpec.boxes``).
* ``Markup`` — *how the structure is marked up*: the article element, wrapper divs, class-name
  variants, paragraphs as ``<p>`` or as ``<br><br>``-separated runs.
* ``Surface`` — *how the same tree is spelled*: indentation and line breaks, attribute order and
  quoting, tag case, character references (``&auml;`` / ``&#228;`` / ``&#xE4;``), comments,
  omitted optional end tags (``</p>``, ``</li>``, ``</td>``), and the encoding (``str``, UTF-8
  bytes, windows-1252 bytes with a declared charset). Two surfaces of one spec and markup
  are the same document to an HTML5 parser.

``render(spec, markup, surface)`` turns the three into ``str`` or ``bytes``; ``pages()`` draws
all three and returns a ``GeneratedPage``. ``text_dumps()`` draws plain-text dumps of a spec
for ``extract_text``; ``soups()`` draws markup-ish garbage for totality tests.

Every character the word pools use is in windows-1252, so a page can always be encoded in it.
"""

from __future__ import annotations

import html as html_lib
import random
import re
from dataclasses import dataclass, field, replace
from html.entities import codepoint2name
from typing import Literal

from hypothesis import strategies as st

__all__ = [
    "BodyItem",
    "BoxSpec",
    "Figure",
    "PageSpec",
    "Markup",
    "Surface",
    "GeneratedPage",
    "SURFACE_KNOBS",
    "render",
    "render_text_dump",
    "page_specs",
    "markups",
    "surfaces",
    "plain_surfaces",
    "surface_variants",
    "pages",
    "box_specs",
    "inserted_boxes",
    "text_dumps",
    "soups",
    "normalise_ws",
]

Lang = Literal["de", "en"]

# ---------------------------------------------------------------------------------------------
# word pools (every character is in windows-1252)

# Nouns never open a marker phrase ("Info", "Zahlen", "Wissen", "Von", "By", "Home" …): short
# blocks (subheadings, list items, headlines) start with one of them.
_NOUNS: dict[str, tuple[str, ...]] = {
    "de": (
        "Stadtrat",
        "Bürgermeisterin",
        "Haushalt",
        "Gemeinde",
        "Verwaltung",
        "Straßenbahn",
        "Grundsteuer",
        "Förderung",
        "Kläranlage",
        "Kämmerin",
        "Schüler",
        "Ärztin",
        "Gebühren",
        "Öffnungszeiten",
        "Zuschüsse",
        "Wählerinnen",
        "Verkehrsplanung",
        "Landkreis",
        "Feuerwehr",
        "Klinikum",
        "Hochwasser",
        "Brücke",
        "Sanierung",
        "Rathaus",
        "Jugendzentrum",
        "Schwimmbad",
        "Radweg",
        "Baustelle",
        "Ausschuss",
        "Fraktion",
        "Gutachten",
        "Mieter",
        "Vereine",
        "Grundschule",
        "Marktplatz",
        "Bahnhof",
        "Polizei",
        "Landrätin",
        "Kreistag",
        "Ortsteil",
        "Wasserpreis",
        "Müllabfuhr",
        "Kindergarten",
        "Stadtwerke",
        "Bebauungsplan",
        "Anwohner",
        "Hausärzte",
        "Pflegeheim",
        "Büchereien",
        "Gewerbesteuer",
        "Straßenfest",
        "Süßwarenfabrik",
    ),
    "en": (
        "Council",
        "Mayor",
        "Budget",
        "Residents",
        "Hospital",
        "Bridge",
        "Funding",
        "Committee",
        "Inspectors",
        "Teachers",
        "Police",
        "Airport",
        "Railway",
        "Landlords",
        "Tenants",
        "Voters",
        "Museum",
        "Library",
        "Harbour",
        "Regulators",
        "Ministers",
        "Farmers",
        "Nurses",
        "Parliament",
        "Judges",
        "Engineers",
        "Officials",
        "Researchers",
        "Students",
        "Retailers",
        "Commuters",
        "Firefighters",
        "Governor",
        "Senators",
        "Economists",
        "Café",
        "Façade",
        "Résumé",
    ),
}
_STOP: dict[str, tuple[str, ...]] = {
    "de": (
        "der",
        "die",
        "das",
        "und",
        "mit",
        "für",
        "über",
        "nach",
        "bei",
        "auf",
        "im",
        "ist",
        "hat",
        "wird",
        "wurde",
        "nicht",
        "auch",
        "noch",
        "schon",
        "sich",
        "sie",
        "er",
        "es",
        "ein",
        "eine",
        "einen",
        "dem",
        "den",
        "des",
        "zu",
        "am",
        "zum",
        "als",
        "wie",
        "dass",
        "weil",
        "aber",
        "oder",
        "vor",
        "seit",
        "gegen",
        "ohne",
        "durch",
        "unter",
        "sehr",
        "mehr",
    ),
    "en": (
        "the",
        "and",
        "of",
        "to",
        "in",
        "for",
        "on",
        "with",
        "that",
        "is",
        "was",
        "has",
        "will",
        "would",
        "not",
        "also",
        "still",
        "it",
        "they",
        "their",
        "a",
        "an",
        "at",
        "by",
        "from",
        "as",
        "but",
        "or",
        "after",
        "before",
        "since",
        "against",
        "without",
        "more",
        "very",
    ),
}
_WORDS: dict[str, tuple[str, ...]] = {
    "de": (
        "neue",
        "große",
        "höhere",
        "künftige",
        "öffentliche",
        "städtische",
        "schwierige",
        "zusätzliche",
        "jährliche",
        "gemeinsame",
        "beschloss",
        "erklärte",
        "betonte",
        "forderte",
        "plant",
        "prüft",
        "kostet",
        "eröffnet",
        "kritisierte",
        "verschoben",
        "gestiegen",
        "Millionen",
        "Euro",
        "Prozent",
        "Jahren",
        "Monaten",
        "Wochen",
        "Donnerstag",
        "Juli",
        "Straße",
        "Gebäude",
        "Einwohner",
        "Mehrheit",
        "Antrag",
        "Debatte",
        "Sitzung",
        "Kosten",
        "Ergebnis",
        "Zukunft",
        "Entscheidung",
        "Angaben",
        "Maßnahmen",
        "Bürgerinnen",
        "Größe",
    ),
    "en": (
        "new",
        "larger",
        "higher",
        "future",
        "public",
        "municipal",
        "difficult",
        "additional",
        "annual",
        "joint",
        "approved",
        "said",
        "stressed",
        "demanded",
        "plans",
        "reviews",
        "costs",
        "opened",
        "criticised",
        "delayed",
        "risen",
        "million",
        "dollars",
        "percent",
        "years",
        "months",
        "weeks",
        "Thursday",
        "July",
        "street",
        "building",
        "majority",
        "motion",
        "debate",
        "meeting",
        "decision",
        "measures",
        "naïve",
        "coöperation",
        "rôle",
    ),
}
_NAMES = (
    "Katrin Vollmer",
    "Jürgen Weiß",
    "Zoë Müller",
    "Martina Ebert",
    "Rüdiger Hahn",
    "Özlem Yılmaz",
    "Peter Landgraf",
    "Sören Kühn",
    "Anna Schäfer",
    "Oliver Brandt",
    "José Álvarez",
    "Chloë Price",
)
# Ö for the cp1252 test: "Yılmaz" has a dotless i (not in cp1252), so spell it plainly.
_NAMES = tuple(n.replace("ı", "i") for n in _NAMES)
_SAID = {"de": ("sagte", "erklärte", "betonte", "meinte"), "en": ("said", "added", "told reporters")}
# Quotes and dashes per language: (open, close) pairs.
_QUOTES = {"de": (("„", "“"), ("‚", "‘"), ("»", "«"), ("«", "»")), "en": (("“", "”"), ("‘", "’"))}
_DASH = {"de": " – ", "en": "—"}

_EXPLAINER_TITLES = {
    "de": ("Hintergrund", "Info", "Stichwort", "Zur Person", "Das Wichtigste in Kürze", "Kurz erklärt"),
    "en": ("Background", "Key facts", "Explainer", "What you need to know", "At a glance"),
}
_RELATED_MARKERS = {
    "de": ("Lesen Sie auch", "Mehr zum Thema", "Auch interessant"),
    "en": ("Read more", "Read also"),
}
_RELATED_HEADINGS = {
    "de": ("Mehr zum Thema", "Weitere Artikel", "Lesen Sie auch"),
    "en": ("Related articles", "More stories"),
}
_AD_LABELS = {"de": ("Anzeige", "Werbung"), "en": ("Advertisement", "Sponsored")}
_AD_TEXTS = {
    "de": (
        "Strom und Gas: Jetzt Tarife vergleichen und bis zu 400 Euro im Jahr sparen.",
        "Photovoltaik für Ihr Dach: Jetzt kostenloses Angebot anfordern.",
        "Günstige Kredite ab 2,9 Prozent – jetzt online beantragen.",
    ),
    "en": (
        "Compare energy tariffs now and save up to 400 dollars a year.",
        "Solar panels for your roof: request a free quote today.",
    ),
}
_NAV = {
    "de": ("Startseite", "Lokales", "Politik", "Wirtschaft", "Sport", "Kultur", "Ratgeber"),
    "en": ("Home", "World", "Politics", "Business", "Sport", "Culture", "Opinion"),
}
_FOOTER = {
    "de": ("Impressum", "Datenschutz", "Kontakt", "AGB", "Mediadaten"),
    "en": ("Contact", "Privacy Policy", "Terms of Use", "Advertise"),
}
_SHARE = {
    "de": ("Teilen", "Facebook", "WhatsApp", "E-Mail", "Drucken"),
    "en": ("Share", "Facebook", "X", "Email"),
}
_SITE = {"de": "Example Zeitung", "en": "Example Herald"}


def normalise_ws(text: str) -> str:
    """Whitespace runs collapsed to one space, ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# the description: what a page says


@dataclass(frozen=True)
class BodyItem:
    """One item of the article body. ``texts``: one for p/h2, the items of a list, the cells
    of each table row joined by `` | ``."""

    kind: Literal["p", "h2", "ul", "ol", "table"]
    texts: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()  # tables only: the cells


@dataclass(frozen=True)
class BoxSpec:
    """A box between body items.

    ``form``: ``infobox`` (aside/div with heading and paragraphs), ``inline-related`` (one
    "Lesen Sie auch: <a>…</a>" line), ``related-list`` (heading + list of links),
    ``teaser-card`` (linked headline + dek), ``ad`` (label + promo text).
    """

    kind: Literal["explainer", "related", "ad"]
    form: Literal["infobox", "inline-related", "related-list", "teaser-card", "ad"]
    title: str | None
    texts: tuple[str, ...]
    hrefs: tuple[str, ...] = ()

    @property
    def key_text(self) -> str:
        """A piece of the box's text that the extracted box must contain."""
        return self.texts[-1]


@dataclass(frozen=True)
class Figure:
    caption: str
    credit: str
    src: str


@dataclass(frozen=True)
class PageSpec:
    lang: Lang
    headline: str
    lead: str
    author: str
    body: tuple[BodyItem, ...]
    # (i, box): the box stands right after body item i
    boxes: tuple[tuple[int, BoxSpec], ...] = ()
    figures: tuple[tuple[int, Figure], ...] = ()
    nav: tuple[str, ...] = ()
    breadcrumbs: tuple[str, ...] = ()
    share: bool = False
    footer: tuple[str, ...] = ()

    @property
    def body_texts(self) -> tuple[str, ...]:
        """The texts the article body is made of, in order: lead, paragraphs, subheadings,
        list items, table rows (cells joined by `` | ``)."""
        out = [self.lead]
        for item in self.body:
            out.extend(item.texts)
        return tuple(out)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(item.texts[0] for item in self.body if item.kind == "p")

    def with_box(self, after: int, box: BoxSpec) -> PageSpec:
        boxes = sorted([*self.boxes, (after, box)], key=lambda pair: pair[0])
        return replace(self, boxes=tuple(boxes))

    def without_box(self, index: int) -> PageSpec:
        return replace(self, boxes=self.boxes[:index] + self.boxes[index + 1 :])


# ---------------------------------------------------------------------------------------------
# building text


# Words come from a generator seeded by one draw, not from one draw each: a page has hundreds of
# words, and drawing every one of them made generating (and shrinking) pages take ten times as
# long as extracting them. The shape (length, style) is still drawn, so it still shrinks.
_SEED = st.integers(0, 2**32 - 1)


@st.composite
def _sentence(draw: st.DrawFn, lang: Lang) -> str:
    n = draw(st.integers(9, 16))
    style = draw(st.integers(0, 5))
    rnd = random.Random(draw(_SEED))
    pool = _STOP[lang] + _WORDS[lang] + _STOP[lang]  # about half stopwords
    words = [rnd.choice(_NOUNS[lang])]
    words += [rnd.choice(pool) for _ in range(n - 1)]
    if rnd.randrange(4) == 0:
        number = rnd.choice(("19", "2,5", "420", "1.200", "3,75", "2025", "14"))
        words.insert(rnd.randint(1, len(words)), number)
    if style == 0:  # a quotation with attribution
        q_open, q_close = rnd.choice(_QUOTES[lang])
        return f"{q_open}{' '.join(words)}{q_close}, {rnd.choice(_SAID[lang])} {rnd.choice(_NAMES)}."
    if style == 1:  # a dash between two clauses
        cut = rnd.randint(3, len(words) - 2)
        return " ".join(words[:cut]) + _DASH[lang] + " ".join(words[cut:]) + "."
    if style == 2:  # a quoted phrase inside
        q_open, q_close = rnd.choice(_QUOTES[lang])
        i = rnd.randint(2, len(words) - 2)
        words[i] = f"{q_open}{words[i]}{q_close}"
    return " ".join(words) + rnd.choice((".", ".", ".", ".", "!", "?"))


@st.composite
def _paragraph(draw: st.DrawFn, lang: Lang, min_sentences: int = 3, min_chars: int = 200) -> str:
    sentences = draw(st.lists(_sentence(lang), min_size=min_sentences, max_size=min_sentences + 2))
    text = " ".join(sentences)
    while len(text) < min_chars:
        text += " " + draw(_sentence(lang))
    return text


@st.composite
def _phrase(draw: st.DrawFn, lang: Lang, min_words: int = 3, max_words: int = 8) -> str:
    n = draw(st.integers(min_words, max_words))
    rnd = random.Random(draw(_SEED))
    words = [rnd.choice(_NOUNS[lang])]
    words += [rnd.choice(_STOP[lang] + _WORDS[lang]) for _ in range(n - 1)]
    return " ".join(words)


@st.composite
def _body_item(draw: st.DrawFn, lang: Lang) -> BodyItem:
    kind = draw(st.sampled_from(("p", "p", "p", "p", "h2", "ul", "ol", "table")))
    if kind == "p":
        return BodyItem("p", (draw(_paragraph(lang)),))
    if kind == "h2":
        return BodyItem("h2", (draw(_phrase(lang, 2, 6)),))
    if kind in ("ul", "ol"):
        items = draw(st.lists(_phrase(lang, 4, 12), min_size=2, max_size=5, unique=True))
        return BodyItem(kind, tuple(items))
    width = draw(st.integers(2, 4))
    header = tuple(draw(st.lists(st.sampled_from(_NOUNS[lang]), min_size=width, max_size=width, unique=True)))
    rows = [header]
    for _ in range(draw(st.integers(2, 4))):
        rows.append(
            tuple(
                draw(st.sampled_from(("12", "3,5", "420", "1.200", "85 Euro", "ja", "nein")))
                for _ in range(width)
            )
        )
    return BodyItem("table", tuple(" | ".join(r) for r in rows), tuple(rows))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "artikel"


@st.composite
def box_specs(
    draw: st.DrawFn, lang: Lang, kinds: tuple[str, ...] = ("explainer", "related", "ad")
) -> BoxSpec:
    """One box of one of ``kinds``, in one of its markup forms."""
    kind = draw(st.sampled_from(kinds))
    if kind == "explainer":
        head = draw(st.sampled_from(_EXPLAINER_TITLES[lang]))
        if draw(st.booleans()):
            head = f"{head}: {draw(_phrase(lang, 2, 5))}"
        paras = draw(st.lists(_paragraph(lang, 1, 60), min_size=1, max_size=3))
        return BoxSpec("explainer", "infobox", head, tuple(paras))
    if kind == "ad":
        label = draw(st.sampled_from(_AD_LABELS[lang]))
        text = draw(st.sampled_from(_AD_TEXTS[lang]))
        return BoxSpec("ad", "ad", label, (text,), ("https://ads.example-adserver.net/click?c=88213",))
    form = draw(st.sampled_from(("inline-related", "related-list", "teaser-card")))
    if form == "inline-related":
        marker = draw(st.sampled_from(_RELATED_MARKERS[lang]))
        headline = draw(_phrase(lang, 4, 9))
        return BoxSpec(
            "related", form, None, (f"{marker}: {headline}",), (f"/artikel/{_slug(headline)}-1234",)
        )
    if form == "related-list":
        head = draw(st.sampled_from(_RELATED_HEADINGS[lang]))
        links = tuple(draw(st.lists(_phrase(lang, 4, 9), min_size=2, max_size=4, unique=True)))
        return BoxSpec(
            "related", form, head, links, tuple(f"/artikel/{_slug(t)}-{i}" for i, t in enumerate(links))
        )
    headline = draw(_phrase(lang, 4, 9))
    dek = draw(_sentence(lang))
    return BoxSpec("related", form, headline, (headline, dek), (f"/artikel/{_slug(headline)}-77",))


@st.composite
def page_specs(draw: st.DrawFn, lang: Lang | None = None, min_boxes: int = 0, max_boxes: int = 3) -> PageSpec:
    """What a news page says: headline, lead, 3-8 body items (at least 3 paragraphs of 3+
    sentences and 200+ characters), ``min_boxes`` to ``max_boxes`` boxes and up to 1 figure
    between body items, chrome."""
    lang = lang or draw(st.sampled_from(("de", "en")))
    body = list(draw(st.lists(_body_item(lang), min_size=0, max_size=4)))
    # at least three real paragraphs, spread among the other items
    for _ in range(3):
        body.insert(draw(st.integers(0, len(body))), BodyItem("p", (draw(_paragraph(lang)),)))
    # the body starts with prose after the lead, and a subheading is followed by prose
    if body[0].kind != "p":
        body.insert(0, BodyItem("p", (draw(_paragraph(lang)),)))
    for i in range(len(body) - 1, -1, -1):
        if body[i].kind == "h2" and (i + 1 == len(body) or body[i + 1].kind != "p"):
            body.insert(i + 1, BodyItem("p", (draw(_paragraph(lang)),)))
    gaps = st.integers(0, len(body) - 2)  # between two body items
    box_list = draw(st.lists(st.tuples(gaps, box_specs(lang)), min_size=min_boxes, max_size=max_boxes))
    figures = draw(
        st.lists(
            st.tuples(
                gaps,
                st.builds(
                    Figure,
                    caption=_phrase(lang, 5, 10),
                    credit=st.sampled_from(_NAMES).map(lambda n: f"Foto: {n}"),
                    src=st.sampled_from(("/bilder/884213/rathaus.jpg", "https://img.example.org/a/b.png")),
                ),
            ),
            max_size=1,
        )
    )
    return PageSpec(
        lang=lang,
        headline=draw(_phrase(lang, 4, 10)),
        lead=draw(_paragraph(lang, 2, 120)),
        author=draw(st.sampled_from(_NAMES)),
        body=tuple(body),
        boxes=tuple(sorted(box_list, key=lambda pair: pair[0])),
        figures=tuple(figures),
        nav=tuple(draw(st.lists(st.sampled_from(_NAV[lang]), min_size=0, max_size=6, unique=True))),
        breadcrumbs=tuple(draw(st.lists(st.sampled_from(_NAV[lang]), min_size=0, max_size=3, unique=True))),
        share=draw(st.booleans()),
        footer=tuple(draw(st.lists(st.sampled_from(_FOOTER[lang]), min_size=0, max_size=4, unique=True))),
    )


@st.composite
def inserted_boxes(
    draw: st.DrawFn, spec: PageSpec, kinds: tuple[str, ...] = ("related", "ad")
) -> tuple[int, BoxSpec]:
    """A gap between two body paragraphs of ``spec`` and a box to insert there."""
    gap = draw(st.integers(0, len(spec.body) - 2))
    return gap, draw(box_specs(spec.lang, kinds))


# ---------------------------------------------------------------------------------------------
# markup choices


@dataclass(frozen=True)
class Markup:
    """Structural choices: which elements and classes carry the parts."""

    article: Literal["article", "div-class", "itemprop", "main-div", "plain-div"] = "article"
    wrappers: tuple[str, ...] = ()  # class names of divs around the article, outermost first
    body_wrapper: str | None = None  # class of a div around the body items inside the article
    lead_class: str = "lead"
    explainer_tag: Literal["aside", "div"] = "aside"
    explainer_class: str = "infobox"
    ad_class: str = "ad"
    related_class: str = "related"
    teaser_class: str = "teaser"
    br_paragraphs: bool = False  # runs of paragraphs as one div, separated by <br><br>
    bold_words: bool = False  # some words wrapped in <strong>/<em>
    header_tag: Literal["header", "div"] = "header"


_SAFE_CLASSES = ("container", "wrap", "inner", "row", "col-md-8", "layout", "grid", "page", "c-main", "x1")


@st.composite
def markups(draw: st.DrawFn) -> Markup:
    return Markup(
        article=draw(st.sampled_from(("article", "div-class", "itemprop", "main-div", "plain-div"))),
        wrappers=tuple(draw(st.lists(st.sampled_from(_SAFE_CLASSES), max_size=3))),
        body_wrapper=draw(st.none() | st.sampled_from(("article-body", "text", "inner", "entry-content"))),
        lead_class=draw(st.sampled_from(("lead", "intro", "article__lead", "teaser-text", "vorspann"))),
        explainer_tag=draw(st.sampled_from(("aside", "div"))),
        explainer_class=draw(st.sampled_from(("infobox", "info-box", "kasten", "factbox", "box infobox"))),
        ad_class=draw(
            st.sampled_from(("ad", "anzeige", "ad-slot", "werbung", "ad-wrapper ad-wrapper--content"))
        ),
        related_class=draw(st.sampled_from(("related", "mehr-zum-thema", "related-articles", "lesetipp"))),
        teaser_class=draw(st.sampled_from(("teaser", "teaser-card", "card"))),
        br_paragraphs=draw(st.booleans()),
        bold_words=draw(st.booleans()),
        header_tag=draw(st.sampled_from(("header", "div"))),
    )


# ---------------------------------------------------------------------------------------------
# a small tree and its serialiser


@dataclass
class _El:
    tag: str
    attrs: list[tuple[str, str]] = field(default_factory=list)
    children: list[_El | str | _Comment] = field(default_factory=list)


@dataclass
class _Comment:
    text: str


_VOID = frozenset({"img", "br", "meta", "hr", "link"})
# Elements whose start tag closes an open <p> (HTML5 "close a p element"), so a </p> before
# them may be left out.
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
    }
)  # fmt: skip
# Elements whose content is inline: serialised on one line whatever the surface says.
_INLINE_CONTENT = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "li",
        "td",
        "th",
        "span",
        "a",
        "strong",
        "em",
        "title",
        "figcaption",
        "time",
        "b",
    }
)


def _el(tag: str, *children: _El | str, **attrs: str) -> _El:
    return _El(tag, [(k.rstrip("_").replace("_", "-"), v) for k, v in attrs.items()], list(children))


def _inline_text(text: str, markup: Markup) -> list[_El | str]:
    """``text`` as inline content, a few words in <strong>/<em> when the markup says so."""
    if not markup.bold_words:
        return [text]
    rnd = random.Random(text)  # seeded by the text: the same paragraph is marked up alike
    words = text.split(" ")
    if len(words) < 6:
        return [text]
    i = rnd.randrange(1, len(words) - 2)
    tag = rnd.choice(("strong", "em", "b"))
    return [" ".join(words[:i]) + " ", _El(tag, [], [words[i]]), " " + " ".join(words[i + 1 :])]


def _box_element(box: BoxSpec, markup: Markup) -> _El:
    if box.form == "infobox":
        return _El(
            markup.explainer_tag,
            [("class", markup.explainer_class), ("data-box-id", "17")],
            [_el("h3", box.title or ""), *[_el("p", t) for t in box.texts]],
        )
    if box.form == "ad":
        return _El(
            "div",
            [("class", markup.ad_class), ("data-ad-position", "content_1")],
            [
                _el("span", box.title or "", class_="label"),
                _el("p", _el("a", box.texts[0], href=box.hrefs[0], rel="sponsored nofollow")),
            ],
        )
    if box.form == "inline-related":
        marker, _, headline = box.texts[0].partition(": ")
        return _el(
            "p", f"{marker}: ", _El("a", [("href", box.hrefs[0]), ("data-track", "inline")], [headline])
        )
    if box.form == "related-list":
        return _El(
            "aside" if len(box.texts) % 2 else "div",
            [("class", markup.related_class)],
            [
                _el("h3", box.title or ""),
                _el(
                    "ul", *[_el("li", _el("a", t, href=h)) for t, h in zip(box.texts, box.hrefs, strict=True)]
                ),
            ],
        )
    # teaser card: a linked headline and a dek
    return _El(
        "div",
        [("class", markup.teaser_class), ("data-id", "77")],
        [_el("a", _el("h3", box.texts[0]), href=box.hrefs[0]), _el("p", box.texts[1])],
    )


def _body_elements(spec: PageSpec, markup: Markup) -> list[_El]:
    after: dict[int, list[_El]] = {}
    for i, box in spec.boxes:
        after.setdefault(i, []).append(_box_element(box, markup))
    for i, fig in spec.figures:
        after.setdefault(i, []).append(
            _el(
                "figure",
                _El(
                    "img", [("src", fig.src), ("alt", fig.caption[:30]), ("width", "700"), ("height", "420")]
                ),
                _el("figcaption", fig.caption + " ", _el("span", fig.credit, class_="credit")),
            )
        )
    out: list[_El] = []
    run: list[str] = []  # paragraphs waiting to be written as one <br><br> div

    def flush() -> None:
        if not run:
            return
        children: list[_El | str] = []
        for j, text in enumerate(run):
            if j:
                children += [_El("br"), _El("br")]
            children.extend(_inline_text(text, markup))
        out.append(_El("div", [("class", "text-block")], children))
        run.clear()

    for i, item in enumerate(spec.body):
        if item.kind == "p" and markup.br_paragraphs:
            run.append(item.texts[0])
        else:
            flush()
            if item.kind == "p":
                out.append(_El("p", [], _inline_text(item.texts[0], markup)))
            elif item.kind == "h2":
                out.append(_el("h2", item.texts[0]))
            elif item.kind in ("ul", "ol"):
                out.append(_El(item.kind, [], [_el("li", t) for t in item.texts]))
            else:
                head, *rows = item.rows
                out.append(
                    _el(
                        "table",
                        _el("thead", _El("tr", [], [_el("th", c) for c in head])),
                        _El("tbody", [], [_El("tr", [], [_el("td", c) for c in r]) for r in rows]),
                    )
                )
        if i in after:
            flush()
            out.extend(after[i])
    flush()
    return out


def _tree(spec: PageSpec, markup: Markup) -> tuple[_El, list[_El]]:
    """The <body> element, and the <head> children (without the charset declaration)."""
    lang = spec.lang
    head = [
        _el("title", f"{spec.headline} | {_SITE[lang]}"),
        _El("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
        _El("meta", [("property", "og:site_name"), ("content", _SITE[lang])]),
    ]
    parts: list[_El] = []
    if spec.nav:
        nav = _el(
            "nav",
            _el("ul", *[_el("li", _el("a", n, href=f"/{_slug(n)}/")) for n in spec.nav]),
            class_="main-nav",
        )
        parts.append(
            _El(
                markup.header_tag,
                [("class", "site-header")],
                [_el("a", _SITE[lang], href="/", class_="logo"), nav],
            )
        )
    if spec.breadcrumbs:
        crumbs: list[_El | str] = []
        for j, c in enumerate(spec.breadcrumbs):
            if j:
                crumbs.append(" › ")
            crumbs.append(_el("a", c, href=f"/{_slug(c)}/"))
        parts.append(_El("div", [("class", "breadcrumb")], crumbs))

    article_children: list[_El] = [
        _el("h1", spec.headline),
        _El("div", [("class", "byline")], [("Von " if lang == "de" else "By ") + spec.author]),
        _El("p", [("class", markup.lead_class)], [spec.lead]),
    ]
    body = _body_elements(spec, markup)
    if markup.body_wrapper:
        article_children.append(_El("div", [("class", markup.body_wrapper)], list(body)))
    else:
        article_children.extend(body)
    if markup.article == "article":
        article = _El("article", [("class", "article"), ("id", "art-884213")], list(article_children))
    elif markup.article == "div-class":
        article = _El("div", [("class", "article-content")], list(article_children))
    elif markup.article == "itemprop":
        article = _El("div", [("itemprop", "articleBody"), ("class", "story")], list(article_children))
    elif markup.article == "main-div":
        article = _el("main", _El("div", [("class", "story")], list(article_children)))
    else:
        article = _El("div", [("class", "c-main")], list(article_children))
    parts.append(article)
    if spec.share:
        share: list[_El | str] = [_el("span", _SHARE[lang][0])]
        for s in _SHARE[lang][1:]:
            share += [" ", _el("a", s, href=f"https://share.example.org/{_slug(s)}")]
        parts.append(_El("div", [("class", "share-bar")], share))
    if spec.footer:
        parts.append(
            _el(
                "footer",
                _el("ul", *[_el("li", _el("a", f, href=f"/{_slug(f)}/")) for f in spec.footer]),
                _el("p", f"© 2025 {_SITE[lang]}"),
            )
        )
    content: _El | list[_El] = parts
    for cls in reversed(markup.wrappers):
        content = [_El("div", [("class", cls)], list(content))]
    return _El("body", [], list(content)), head


# ---------------------------------------------------------------------------------------------
# surface: how the tree is spelled


@dataclass(frozen=True)
class Surface:
    """Spelling choices that an HTML5 parser reads as the same document."""

    indent: str | None = None  # None: no whitespace between elements; else one level of indentation
    newline: str = "\n"
    wrap_text: bool = False  # spaces inside text sometimes become a line break + indentation
    attr_seed: int | None = None  # None: attributes in source order; else shuffled with this seed
    quote: Literal['"', "'", "mixed"] = '"'
    upper_tags: bool = False
    entities: Literal["none", "named", "decimal", "hex", "mixed"] = "none"
    comments: bool = False
    omit_end_tags: bool = False
    encoding: Literal["str", "utf-8", "utf-8-meta", "utf-8-bom", "cp1252", "cp1252-http-equiv"] = "str"
    seed: int = 0  # for the random parts of the choices above


#: The names of the surface knobs, and what each one sets on a plain surface.
SURFACE_KNOBS = ("whitespace", "attributes", "entities", "comments", "end_tags", "tag_case", "encoding")


def plain_surfaces() -> st.SearchStrategy[Surface]:
    return st.just(Surface())


@st.composite
def surfaces(draw: st.DrawFn) -> Surface:
    return Surface(
        indent=draw(st.sampled_from((None, "", " ", "  ", "\t", "    "))),
        newline=draw(st.sampled_from(("\n", "\r\n"))),
        wrap_text=draw(st.booleans()),
        attr_seed=draw(st.none() | st.integers(0, 2**16)),
        quote=draw(st.sampled_from(('"', "'", "mixed"))),
        upper_tags=draw(st.booleans()),
        entities=draw(st.sampled_from(("none", "named", "decimal", "hex", "mixed"))),
        comments=draw(st.booleans()),
        omit_end_tags=draw(st.booleans()),
        encoding=draw(
            st.sampled_from(("str", "utf-8", "utf-8-meta", "utf-8-bom", "cp1252", "cp1252-http-equiv"))
        ),
        seed=draw(st.integers(0, 2**16)),
    )


@st.composite
def surface_variants(draw: st.DrawFn, knob: str) -> Surface:
    """A surface that differs from the plain one in ``knob`` only (never the plain one itself)."""
    seed = draw(st.integers(0, 2**16))
    if knob == "whitespace":
        return Surface(
            indent=draw(st.sampled_from(("", " ", "  ", "\t", "    "))),
            newline=draw(st.sampled_from(("\n", "\r\n"))),
            wrap_text=draw(st.booleans()),
            seed=seed,
        )
    if knob == "attributes":
        return Surface(
            attr_seed=draw(st.integers(0, 2**16)), quote=draw(st.sampled_from(('"', "'", "mixed"))), seed=seed
        )
    if knob == "entities":
        return Surface(entities=draw(st.sampled_from(("named", "decimal", "hex", "mixed"))), seed=seed)
    if knob == "comments":
        return Surface(comments=True, seed=seed)
    if knob == "end_tags":
        return Surface(omit_end_tags=True, seed=seed)
    if knob == "tag_case":
        return Surface(upper_tags=True, seed=seed)
    if knob == "encoding":
        return Surface(
            encoding=draw(
                st.sampled_from(("utf-8", "utf-8-meta", "utf-8-bom", "cp1252", "cp1252-http-equiv"))
            ),
            seed=seed,
        )
    raise ValueError(f"unknown surface knob {knob!r}")


_COMMENT_TEXTS = (
    " /.article-body ",
    " ad slot: content_1 ",
    "<p>alter Text</p>",
    " googleoff: index ",
    "",
    " [if IE]> x <![endif] ",
)


class _Writer:
    def __init__(self, surface: Surface) -> None:
        self.s = surface
        self.rnd = random.Random(surface.seed)
        self.attr_rnd = random.Random(surface.attr_seed) if surface.attr_seed is not None else None
        self.out: list[str] = []

    def tag(self, name: str) -> str:
        return name.upper() if self.s.upper_tags else name

    def text(self, text: str, depth: int) -> str:
        out = []
        for ch in text:
            if ch == "&":
                out.append("&amp;")
            elif ch == "<":
                out.append("&lt;")
            elif ch == ">":
                out.append("&gt;")
            else:
                out.append(self.char(ch))
        s = "".join(out)
        if self.s.wrap_text or self.s.comments:
            words = s.split(" ")
            pieces = [words[0]]
            for w in words[1:]:
                r = self.rnd.random()
                if self.s.wrap_text and r < 0.15:
                    pieces.append(self.s.newline + (self.s.indent or "  ") * (depth + 1) + w)
                elif self.s.comments and r > 0.95:
                    pieces.append(f" <!--{self.rnd.choice(_COMMENT_TEXTS)}-->{w}")
                else:
                    pieces.append(" " + w)
            s = "".join(pieces)
        return s

    def char(self, ch: str) -> str:
        mode = self.s.entities
        if mode == "none":
            return ch
        if mode == "mixed":
            if ord(ch) < 128 and (not ch.isalpha() or self.rnd.random() < 0.97):
                return ch
            mode = self.rnd.choice(("none", "named", "decimal", "hex", "hex-upper"))
        elif ord(ch) < 128:
            return ch
        if mode == "named" and ord(ch) in codepoint2name:
            return f"&{codepoint2name[ord(ch)]};"
        if mode in ("decimal", "named"):
            return f"&#{ord(ch)};"
        if mode == "hex":
            return f"&#x{ord(ch):x};"
        if mode == "hex-upper":
            return f"&#X{ord(ch):X};"
        return ch

    def attrs(self, attrs: list[tuple[str, str]]) -> str:
        attrs = list(attrs)
        if self.attr_rnd is not None:
            self.attr_rnd.shuffle(attrs)
        out = []
        for name, value in attrs:
            escaped = "".join(self.char(c) if c not in "&\"'<>" else html_lib.escape(c) for c in value)
            quote = self.s.quote if self.s.quote != "mixed" else self.rnd.choice(('"', "'", ""))
            if quote == "" and not re.fullmatch(r"[A-Za-z0-9_./:?=-]+", value):
                quote = '"'
            out.append(f" {name}={quote}{escaped}{quote}")
        return "".join(out)

    def node(
        self, node: _El | str | _Comment, depth: int, inline: bool, next_sibling: _El | str | _Comment | None
    ) -> None:
        if isinstance(node, str):
            self.out.append(self.text(node, depth))
            return
        if isinstance(node, _Comment):
            self.out.append(f"<!--{node.text}-->")
            return
        self.out.append(f"<{self.tag(node.tag)}{self.attrs(node.attrs)}>")
        if node.tag in _VOID:
            return
        child_inline = inline or node.tag in _INLINE_CONTENT or any(isinstance(c, str) for c in node.children)
        children: list[_El | str | _Comment] = list(node.children)
        if self.s.comments and not child_inline and children:
            # a comment before or after some of the block children
            pos = self.rnd.randrange(len(children) + 1)
            children.insert(pos, _Comment(self.rnd.choice(_COMMENT_TEXTS)))
        for j, child in enumerate(children):
            if not child_inline and self.s.indent is not None:
                self.out.append(self.s.newline + self.s.indent * (depth + 1))
            nxt = children[j + 1] if j + 1 < len(children) else None
            self.node(child, depth + 1, child_inline, nxt)
        if not child_inline and self.s.indent is not None and children:
            self.out.append(self.s.newline + self.s.indent * depth)
        if self.omit_end(node, next_sibling):
            return
        self.out.append(f"</{self.tag(node.tag)}>")

    def omit_end(self, node: _El, next_sibling: _El | str | _Comment | None) -> bool:
        if not self.s.omit_end_tags:
            return False
        if node.tag in ("li", "td", "th", "tr", "thead", "tbody"):
            return True
        if node.tag == "p":
            # only where the parser closes the <p> itself: before a block start tag or at the
            # end of the parent
            if next_sibling is None:
                return True
            return isinstance(next_sibling, _El) and next_sibling.tag in _CLOSES_P
        return False


def _charset_meta(encoding: str) -> _El | None:
    if encoding == "utf-8-meta":
        return _El("meta", [("charset", "utf-8")])
    if encoding == "cp1252":
        return _El("meta", [("charset", "windows-1252")])
    if encoding == "cp1252-http-equiv":
        return _El("meta", [("http-equiv", "Content-Type"), ("content", "text/html; charset=iso-8859-1")])
    return None


def render(spec: PageSpec, markup: Markup, surface: Surface) -> str | bytes:
    """The page as ``str`` or ``bytes`` (``surface.encoding``)."""
    body, head = _tree(spec, markup)
    meta = _charset_meta(surface.encoding)
    if meta is not None:
        head.insert(0, meta)
    doc = _El("html", [("lang", spec.lang)], [_El("head", [], head), body])
    w = _Writer(surface)
    w.out.append("<!DOCTYPE html>" if not surface.upper_tags else "<!doctype HTML>")
    w.out.append(surface.newline)
    w.node(doc, 0, False, None)
    w.out.append(surface.newline)
    text = "".join(w.out)
    if surface.encoding == "str":
        return text
    if surface.encoding.startswith("cp1252"):
        return text.encode("cp1252")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if surface.encoding == "utf-8-bom" else data


@dataclass(frozen=True)
class GeneratedPage:
    """A generated page: its source and the three layers it was made from."""

    spec: PageSpec
    markup: Markup
    surface: Surface
    source: str | bytes

    @property
    def text(self) -> str:
        """The source as text (decoded the way it was encoded)."""
        if isinstance(self.source, str):
            return self.source
        if self.surface.encoding.startswith("cp1252"):
            return self.source.decode("cp1252")
        return self.source.decode("utf-8-sig")

    def with_spec(self, spec: PageSpec) -> GeneratedPage:
        return GeneratedPage(spec, self.markup, self.surface, render(spec, self.markup, self.surface))

    def with_surface(self, surface: Surface) -> GeneratedPage:
        return GeneratedPage(self.spec, self.markup, surface, render(self.spec, self.markup, surface))


@st.composite
def pages(
    draw: st.DrawFn,
    specs: st.SearchStrategy[PageSpec] | None = None,
    surface: st.SearchStrategy[Surface] | None = None,
) -> GeneratedPage:
    """A rendered page with the spec, markup and surface it came from."""
    spec = draw(specs if specs is not None else page_specs())
    markup = draw(markups())
    surf = draw(surface if surface is not None else surfaces())
    return GeneratedPage(spec, markup, surf, render(spec, markup, surf))


# ---------------------------------------------------------------------------------------------
# plain-text dumps


def render_text_dump(spec: PageSpec, blank_lines: bool = True) -> str:
    """``spec`` as a browser's copy of the page: one block per line (blank lines between)."""
    lines: list[str] = [
        *spec.nav,
        *spec.breadcrumbs,
        spec.headline,
        ("Von " if spec.lang == "de" else "By ") + spec.author,
        spec.lead,
    ]
    after: dict[int, list[str]] = {}
    for i, box in spec.boxes:
        box_lines = [box.title] if box.title else []
        after.setdefault(i, []).extend(box_lines + list(box.texts))
    for i, item in enumerate(spec.body):
        lines.extend(item.texts)
        lines.extend(after.get(i, ()))
    if spec.share:
        lines.extend(_SHARE[spec.lang])
    lines.extend(spec.footer)
    return ("\n\n" if blank_lines else "\n").join(lines) + "\n"


@st.composite
def text_dumps(draw: st.DrawFn) -> tuple[str, PageSpec]:
    """A plain-text dump of a generated page, and its spec."""
    spec = draw(page_specs())
    return render_text_dump(spec, draw(st.booleans())), spec


# ---------------------------------------------------------------------------------------------
# markup soup for totality


_SOUP_PARTS = (
    "<p>",
    "</p>",
    "<div class='ad'>",
    "</div>",
    "<article>",
    "</article>",
    "<aside class=infobox>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<ul><li>",
    "<li>",
    "</ul>",
    "<br>",
    "<br/>",
    "<h2>",
    "</h2>",
    "<a href='javascript:alert(1)'>",
    '<a href="/x">',
    "</a>",
    "<script>",
    "</script>",
    "<style>p{}</style>",
    "<!--",
    "-->",
    "<![CDATA[x]]>",
    "<svg><p>",
    "<math><mi>",
    "<template>",
    "<noscript><p>",
    "<select><option>",
    "<textarea>",
    "<plaintext>",
    "<xmp>",
    "<iframe srcdoc='<p>x'>",
    "&amp;",
    "&auml;",
    "&#228;",
    "&#xE4;",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&#1114111;",
    "&nbsp;",
    "&",
    "<",
    ">",
    "</",
    "<!DOCTYPE html>",
    "<meta charset=utf-16>",
    "<meta charset='bogus'>",
    "<html><body>",
    "</body></html>",
    "<frameset>",
    "<body onload=x>",
    "<p hidden>",
    "<b><i><u>",
    "Lesen Sie auch:",
    "Anzeige",
    "Hintergrund",
    "\x00",
    "\r",
    "\r\n",
    "\t",
    "\u2028",
    "\ufeff",
    "\ud800",
    "\udfff",
    "\U0001f600",
    "ä",
    "„",
    "“",
    "–",
    "\u200b",
    "\xad",
)


def soups() -> st.SearchStrategy[str | bytes]:
    """Markup-ish garbage: tags, broken tags, references, control characters, surrogates,
    prose; as ``str`` or encoded (``surrogatepass`` where needed)."""
    part = st.sampled_from(_SOUP_PARTS) | st.text(max_size=20) | _sentence("de")
    soup = st.lists(part, max_size=60).map("".join)
    return (
        soup
        | soup.map(lambda s: s.encode("utf-8", "surrogatepass"))
        | soup.map(lambda s: s.encode("cp1252", "replace"))
    )
