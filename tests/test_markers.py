"""The C marker check (_markers.c) gives what rules._table_marker_verdict_uncached gives.

``rules.c_marker_verdict()`` is the twin, the uncached function its reference. Every test
compares the two on the same text: hand-written edge cases of each step (whole phrases and
their edges, case folding, opening phrases, topics, datelines in several scripts' digits, ad
badges), every short block text of every corpus and fixture page, and generated text, plain and
built from the tables' own phrases. ``_markers.own_verdict`` says where the twin decided alone:
it hands a text back only where a phrase opens it or follows its topic, or a badge sits at an
edge, and that is checked too.
"""

from __future__ import annotations

import tomllib

import pytest
from conftest import FIXTURE_PAGES, body_corpus_pages
from hypothesis import given
from hypothesis import strategies as st

from newsclean import _accel, rules, segment
from newsclean._data import DATA_DIR
from newsclean.decode import decode_html
from newsclean.metadata import weekday_names
from newsclean.parse import parse_html
from newsclean.rules import match_selectors

C_MARKERS = rules.c_marker_verdict()
needs_c_markers = pytest.mark.skipif(C_MARKERS is None, reason="the C marker check is not built or off")


def _reason_to_hand_back(text: str) -> bool:
    """What the twin hands back: a text it does not read, one a phrase opens, one with a phrase
    after a short topic, one with an ad badge at an edge."""
    t = rules.tables()
    if type(text) is not str or len(text) > rules.MARKER_MAX_CHARS or t.marker_prefix.match(text):
        return True
    topic, sep, rest = text.partition(": ")
    if sep and len(topic) <= rules.TOPIC_MAX_CHARS and (
        rules.normalise_marker(rest) in t.marker_whole or t.marker_prefix.match(rest)
    ):
        return True
    return text.rstrip().endswith(rules._AD_SUFFIX_ENDINGS) or text.startswith(rules._AD_PREFIX_OPENINGS)


def assert_same(text: str) -> bool:
    """The twin's verdict is the reference's; True where the twin asked the reference."""
    from newsclean import _markers

    reference = rules._table_marker_verdict_uncached(text)
    assert C_MARKERS is not None
    assert C_MARKERS(text) == reference, text
    own = _markers.own_verdict(text)
    if own is NotImplemented:
        assert _reason_to_hand_back(text), text
        return True
    assert own == reference, text
    return False


def _short_texts(html: str | bytes) -> list[str]:
    """The texts of a page's blocks that the marker check sees (segmented as api.extract does)."""
    tree = parse_html(decode_html(html))
    page = segment.segment(tree, forced=match_selectors(tree, None), stripped=False)
    return [b.text for b in page.blocks if len(b.text) <= rules.MARKER_MAX_CHARS]


EDGE_CASES = [
    # nothing, white space
    "", " ", "\n\t ", "\u00a0", "\u3000 \u2028", "\x1c", "a", "1", ":", "»", "…", "\ud800",
    # whole phrases and their edges, ASCII and not
    "Anzeige", "ANZEIGE", "anzeige.", "Anzeigen", "Teilen", "Teilen:", "» Teilen", "»Teilen«", "„Teilen“",
    "— Teilen —", "• Teilen", "\u00a0Teilen\u00a0", "\u200bTeilen", "Teilen \U0001f449", "\U0001f449 Teilen",
    "Teilen…", "...Teilen...", "(Teilen)", "Zurück", "ZURÜCK", "zurück", "Zurück »", "Menü", "MENÜ",
    "Hören", "Schlagwörter", "SCHLAGWÖRTER", "Präsentiert von", "Publicité", "Pubblicità", "Home",
    "Sponsored content", "Paid content", "Ad", "AD", "ad", "Ads", "«Ad»", "Jetzt kaufen!",
    # case folding: dotless and dotted i, sharp s, final sigma, long s, Kelvin sign
    "İmpressum", "ımpressum", "IMPRESSUM", "Impreſſum", "Linkſ", "\u212aontakt",
    "Straße", "STRASSE", "Grüße", "ẞ", "ΟΔΟΣ", "ὈΔΌΣ", "Σ", "ς",
    # opening phrases
    "Mehr zum Thema", "Mehr zum Thema:", "MEHR ZUM THEMA", "Mehr zum Thema » Fall",
    "Mehr dazu sagte er nicht.",
    "Lesen Sie auch: Der Fall", "Lesen Sıe auch", "Lesen Sİe auch", "Leſen Sie auch", "Lesen Sie auchx",
    "Hintergrund", "Hintergrund der Entscheidung ist die Haushaltslage.", "Hintergrund – Nato",
    "Hintergrund\u00a0Nato", "Hintergrund\u2013Nato", "Hintergrund“", "Hintergrund\n", "Hintergrund\nx",
    "Das Wichtigste in Kürze", "DAS WICHTIGSTE IN KÜRZE", "Das Wichtigste in Kuerze", "Zahlen steigen weiter",
    "Zahlen und Fakten", "Questions about tax", "Ähnliche Artikel", "ähnliche Themen", "À lire aussi",
    "Vous aimerez peut-Être aussi", "Von Anna Muster", "Von der Leyen sagte am Montag, sie komme.",
    "By Tess Bonn", "by", "By", "Byline", "B", "©", "© dpa", "©2019", "(c) dpa", "Foto: dpa",
    "Quelle: picture alliance", "Getty Images", "Die", "Di", "Diese Webseite verwendet Cookies",
    # topics
    "Brexit: What you need to know", "Cloud-Gaming: Das Wichtigste in Kürze", "Berlin: Lesen Sie auch",
    "Berlin: Anzeige", "Berlin: Hintergrund", "Berlin: » Hintergrund «", "Berlin:Hintergrund", "A: B",
    ": Hintergrund", ": ", "Topic: ", "x" * 40 + ": Hintergrund", "x" * 41 + ": Hintergrund",
    "a: b: Hintergrund", "Brexit: What you need to know.", "Brexit: Zahlen steigen",
    # datelines: ASCII digits, Arabic-Indic, Devanagari, fullwidth, mixed; 80 and 81 characters
    "18.02.2025 - 14:54 Uhr", "2025-02-18", "Feb 18, 2025", "18. Februar 2025", "Monday, November 18, 2019",
    "Freitag | 14. Juni 2019 | 15:49 Von Anna", "FREITAG, 14.06.2019", "Sábado, 14.06.2019",
    "١٨.٠٢.٢٠٢٥", "١٢ تعليقات", "۱۸.۰۲.۲۰۲۵", "१८.०२.२०२५", "１８.０２.２０２５", "18.٠٢.2025", "٢٠٢٥-٠٢-١٨",
    "Seite 2", "Election 2020", "12 Kommentare", "𝟏𝟖.𝟎𝟐.𝟐𝟎𝟐𝟓", "᠑᠘.᠐᠒.᠒᠐᠒᠕",
    "18.02.2025" + "x" * 70, "18.02.2025" + "x" * 71, "x" * 79 + "1", "ß" * 79 + "٢",
    # ad badges
    "Heute wird es heiß 6.652 Anzeige", "Gratis testen (Sponsored) ", "ANZEIGE - Jetzt los",
    "(Anzeige)", "[Werbung]", "(Anzeige", "Anzeige]", "Anzeige gegen Unbekannt", "Anzeige | Jetzt wechseln",
    "Text Anzeige\u00a0", "Text Anzeige\x1c", "Text Anzeige\u2028", "Paid content: Jetzt", "xAnzeige",
    "Werbung: Heute", "Promoted \u2013 x", "12 ADVERTISEMENT",
    # long texts
    "Mehr zum Thema " + "x" * 105, "a" * 120, "Das Wichtigste " + "x" * 105, "x" * 121, "Anzeige " * 15,
    "Teilen" + " " * 114, " " * 119 + "Teilen", "18.02.2025 " + "x" * 300, "x" * 256, "x" * 257,
]


@needs_c_markers
@pytest.mark.parametrize("text", EDGE_CASES)
def test_c_markers_match_python_on_edge_cases(text: str) -> None:
    assert_same(text)


@needs_c_markers
def test_c_markers_hand_back_a_str_subclass() -> None:
    class Text(str):
        pass

    assert assert_same(Text("Mehr zum Thema"))  # type: ignore[arg-type]
    assert assert_same(Text("Absatz"))  # type: ignore[arg-type]


@needs_c_markers
def test_c_markers_match_python_on_every_corpus_page() -> None:
    texts = {text for _, html in body_corpus_pages() for text in _short_texts(html)}
    assert len(texts) > 50_000
    handed_back = sum(map(assert_same, texts))
    # the twin is only worth having while it decides nearly every text itself
    assert handed_back < len(texts) / 20


@needs_c_markers
def test_c_markers_match_python_on_the_fixtures() -> None:
    for path in FIXTURE_PAGES:
        for text in _short_texts(path.read_bytes()):
            assert_same(text)


def test_the_marker_cache_asks_the_twin_where_it_is_built() -> None:
    """A text the cache has not seen goes to the C twin, or to the reference where there is
    none (not built, NEWSCLEAN_PURE_PYTHON=1), and ``status()`` says which."""
    rules._table_marker_verdict("Mehr zum Thema, ein Text, den der Cache noch nicht kennt")
    expected = C_MARKERS if C_MARKERS is not None else rules._table_marker_verdict_uncached
    assert rules._table_marker_verdict._compute is expected
    assert _accel.status()["markers"] is (C_MARKERS is not None)
    cache = rules._TextCache(rules._table_marker_verdict_uncached, maxsize=4, twin=lambda: None)
    assert cache("Anzeige") == rules.Verdict("ad", "marker-ad")
    assert cache._compute is rules._table_marker_verdict_uncached


@needs_c_markers
def test_c_markers_match_python_on_every_code_point_below_u3000() -> None:
    """Each code point alone, at both edges of a whole phrase, after an opening phrase (the
    boundary), in and after a date and beside a badge: the twin folds, strips, reads digits
    and spaces as the reference's str methods and patterns do."""
    shapes = ("{}", "{}Teilen{}", "Hintergrund{}", "Hintergrund{}x", "{}y Anna", "1{}.02.2025{}", "Anzeige{}")
    for code in range(0x3000):
        for shape in shapes:
            assert_same(shape.replace("{}", chr(code)))


_RAW = tomllib.loads((DATA_DIR / "rules.toml").read_text(encoding="utf-8"))
# every phrase of the tables as written, the weekdays and the ad badges
_PHRASES = sorted(
    {p for group in _RAW["markers"] for p in group["phrases"]} | set(weekday_names()) | set(rules._AD_BADGES)
)
_EDGE_CHARS = " \t\n\x1c.:;!?-–—»«„“\"'()[]|/*#…·•\u00a0\u3000§\U0001f449"
_EDGES = st.text(st.sampled_from(list(_EDGE_CHARS)), max_size=3)
_CASES = st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase, str.casefold])
# what follows a phrase: nothing, a boundary, a topic word, a sentence, digits of several scripts
_AFTER = st.one_of(
    st.just(""),
    st.sampled_from([" der Ereignisse", " zum Coronavirus", " steigen weiter.", ":", " – x", "x", "\u00a0"]),
    st.text(st.sampled_from("aZ 09٢１.,:-ıİſ\u212aß"), max_size=12),
    st.text(max_size=12),
)


@st.composite
def _near_markers(draw: st.DrawFn) -> str:
    """A phrase of the tables in some case, with edges, maybe after a topic, maybe followed by
    more text: what comes close to every step of the check."""
    phrase = draw(_CASES)(draw(st.sampled_from(_PHRASES)))
    text = draw(_EDGES) + phrase + draw(_AFTER) + draw(_EDGES)
    topics = ["", "Brexit: ", "x" * 40 + ": ", "x" * 41 + ": ", "Berlin:", "14. Juni 2019 "]
    topic = draw(st.sampled_from(topics))
    return topic + text


@needs_c_markers
@given(st.text(max_size=130))
def test_c_markers_match_python_on_any_text(text: str) -> None:
    assert_same(text)


@needs_c_markers
@given(_near_markers())
def test_c_markers_match_python_on_text_near_a_marker(text: str) -> None:
    assert_same(text)


# dates in the digits of several scripts, with a weekday or a month in front, and what follows
_DIGITS = st.text(st.sampled_from("0123456789٠١٢٣۱۲१२１２𝟏𝟐᠑"), min_size=1, max_size=4)
_SEPARATORS = st.sampled_from([".", "-", ". ", ", ", " "])
_DATES = st.builds("{}{}{}{}{}".format, _DIGITS, _SEPARATORS, _DIGITS, _SEPARATORS, _DIGITS)
_OPENINGS = st.sampled_from(["", "Freitag, ", "MONDAY | ", "Sábado ", "Feb ", "November "])


@needs_c_markers
@given(_OPENINGS, _DATES, st.text(max_size=70))
def test_c_markers_match_python_on_datelines(opening: str, date: str, rest: str) -> None:
    assert_same(opening + date + rest)


def _loop_reference(texts: list[str], cache: rules._TextCache) -> list[rules.Verdict | None]:
    """What rules._block_markers' Python loop gives, text by text, through ``cache``."""
    return [cache(t) if len(t) <= rules.MARKER_MAX_CHARS else rules._long_marker_verdict(t) for t in texts]


@needs_c_markers
def test_the_c_loop_fills_the_cache_as_the_cache_fills_itself() -> None:
    """block_verdicts gives each text the cache's verdict and leaves the cache (index, results,
    their places) as calling the cache text by text leaves it, also where a small bound clears
    the index on the way and where texts repeat."""
    from newsclean import _markers

    texts = [t for t in EDGE_CASES if isinstance(t, str)] * 2 + ["Anzeige", "Teilen"] * 3
    for maxsize in (1, 3, 7, 1 << 15):
        loop = rules._TextCache(rules._table_marker_verdict_uncached, maxsize, twin=rules.c_marker_verdict)
        c_cache = rules._TextCache(rules._table_marker_verdict_uncached, maxsize, twin=rules.c_marker_verdict)
        assert c_cache.compute() is _markers.verdict
        expected = _loop_reference(texts, loop)
        index, results, result_index, bound = c_cache.state()
        longer = rules._long_marker_verdict
        got = _markers.block_verdicts(
            index, results, result_index, bound, rules.MARKER_MAX_CHARS, longer, list(texts)
        )
        assert got == expected
        assert (index, results, result_index) == (loop._index, loop._results, loop._result_index)


@needs_c_markers
def test_the_c_loop_gives_what_the_python_loop_gives_on_every_corpus_page() -> None:
    """rules._block_markers through _markers.block_verdicts and through the Python loop (the
    cache looked up inline) give the same verdicts on every block of the corpora and fixtures."""
    assert rules.c_block_markers() is not None
    pages = [(str(path), path.read_bytes()) for path in FIXTURE_PAGES] + body_corpus_pages()
    for name, html in pages:
        tree = parse_html(decode_html(html))
        blocks = segment.segment(tree, forced=match_selectors(tree, None), stripped=False).blocks
        through_c = rules._block_markers(blocks, None)
        looked_up = _loop_reference([b.text for b in blocks], rules._table_marker_verdict)
        in_python = tuple(
            rules._unless_a_sentence(v, b.text, bool(b.links)) if v is not None else None
            for b, v in zip(blocks, looked_up, strict=True)
        )
        assert through_c == in_python, name


@needs_c_markers
def test_the_c_loop_refuses_what_it_cannot_read() -> None:
    from newsclean import _markers

    index, results, result_index, bound = rules._table_marker_verdict.state()
    args = (index, results, result_index, bound, rules.MARKER_MAX_CHARS, rules._long_marker_verdict)
    with pytest.raises(TypeError):
        _markers.block_verdicts(*args, ["Teilen", b"Teilen"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        _markers.block_verdicts(*args, ("Teilen",))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _markers.block_verdicts(*args)  # type: ignore[call-arg]
    # a str subclass goes to the reference, as it does through verdict()
    subclassed = type("S", (str,), {})("Anzeige")
    assert _markers.block_verdicts(*args, [subclassed]) == [rules.Verdict("ad", "marker-ad")]
