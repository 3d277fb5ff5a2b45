"""``newsclean.extract``: accepted inputs, argument errors, extractor choice, user rules, empty pages."""

from __future__ import annotations

import pytest
from prose import P1, P2, P3

import newsclean
from newsclean import BoxKind, Document, InvalidInputError, Label, NewscleanError, Rules

QUOTE_BOX = (
    "The old bridge was built in 1843 and has survived every flood since then, including the "
    "great flood of 1910, when the water stood a full metre higher than it does this week."
)
PAYWALL = "Subscribe now to read every article on our site for one euro in the first month."

PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rivers rise | Example News</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Rivers rise after a week of rain</h1>
<p>{P1}</p>
<div class="zitat">{QUOTE_BOX}</div>
<p>{P2}</p>
<div class="gate">{PAYWALL}</div>
<p>{P3}</p>
</article>
<footer>Copyright Example News. All rights reserved.</footer>
</body></html>
"""


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_str_input_returns_the_article_body() -> None:
    """A str page gives a Document whose text holds every article paragraph and no chrome."""
    doc = newsclean.extract(PAGE)
    assert isinstance(doc, Document)
    for para in (P1, P2, P3):
        assert para in doc.text
    assert "All rights reserved" not in doc.text
    assert doc.title == "Rivers rise after a week of rain"


def test_bytes_input_matches_str_input() -> None:
    """Undecoded UTF-8 bytes (and bytearray / memoryview of them) give the same text as the str."""
    expected = newsclean.extract(PAGE).text
    data = PAGE.encode("utf-8")
    assert newsclean.extract(data).text == expected
    assert newsclean.extract(bytearray(data)).text == expected
    assert newsclean.extract(memoryview(data)).text == expected


def test_bytes_in_declared_legacy_encoding_are_decoded() -> None:
    """Bytes in the charset the page declares (windows-1252 here) decode to the same text."""
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    doc = newsclean.extract(page.encode("cp1252"))
    assert "Café owners" in doc.text
    assert doc.text == newsclean.extract(PAGE).text


@pytest.mark.parametrize("value", [None, 42, 3.5, ["<p>x</p>"], {"html": "x"}, object()])
def test_wrong_html_type_raises_invalid_input(value: object) -> None:
    """Anything but str/bytes raises InvalidInputError, which is also a TypeError and a NewscleanError."""
    with pytest.raises(InvalidInputError) as info:
        newsclean.extract(value)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, NewscleanError)


def test_wrong_html_type_is_catchable_as_type_error() -> None:
    """Generic `except TypeError` handlers still catch misuse."""
    with pytest.raises(TypeError):
        newsclean.extract(123)  # type: ignore[arg-type]


def test_unknown_extractor_raises() -> None:
    """An extractor name outside rules/density/combined raises InvalidInputError (a ValueError too)."""
    with pytest.raises(InvalidInputError) as info:
        newsclean.extract(PAGE, extractor="magic")  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(("kwargs", "message"), [({"url": 5}, "url"), ({"rules": {"a": "ad"}}, "rules")])
def test_wrong_option_types_raise(kwargs: dict, message: str) -> None:
    """A url that is not a str, or rules that are not a Rules, raise InvalidInputError naming the option."""
    with pytest.raises(InvalidInputError, match=message):
        newsclean.extract(PAGE, **kwargs)


@pytest.mark.parametrize("extractor", ["combined", "rules", "density"])
def test_each_extractor_finds_the_body(extractor: str) -> None:
    """Every classifier family returns the article paragraphs of a simple page and records its name."""
    doc = newsclean.extract(PAGE, extractor=extractor)  # type: ignore[arg-type]
    assert doc.extractor == extractor
    assert doc.empty_reason is None
    for para in (P1, P2, P3):
        assert para in doc.text


def test_default_extractor_is_combined() -> None:
    """Without extractor=, the combined classifier decides."""
    assert newsclean.extract(PAGE).extractor == "combined"


def test_rules_selector_forces_a_box() -> None:
    """Rules(selectors={css: "explainer"}) makes the matched element an explainer box, out of the body."""
    plain = newsclean.extract(PAGE)
    assert QUOTE_BOX in plain.text  # without the rule it reads as prose
    doc = newsclean.extract(PAGE, rules=Rules(selectors={"div.zitat": "explainer"}))
    assert QUOTE_BOX not in doc.text
    assert [box.kind for box in doc.boxes] == [BoxKind.EXPLAINER]
    assert _norm(doc.boxes[0].text) == QUOTE_BOX
    block = next(b for b in doc.blocks if b.text == QUOTE_BOX)
    assert block.label is Label.EXPLAINER
    assert "rule:user-selector" in block.reasons


def test_rules_selector_drops_a_block() -> None:
    """Rules(selectors={css: "drop"}) removes the matched element from the body and from the boxes."""
    doc = newsclean.extract(PAGE, rules=Rules(selectors={".gate": "drop"}))
    assert PAYWALL not in doc.text
    assert all(PAYWALL not in box.text for box in doc.boxes)
    assert P3 in doc.text


def test_rules_marker_phrase_makes_a_box() -> None:
    """Rules(markers={phrase: "ad"}) labels a short block starting with the phrase as an ad box."""
    doc = newsclean.extract(PAGE, rules=Rules(markers={"Subscribe now": "ad"}))
    assert PAYWALL not in doc.text
    assert [box.kind for box in doc.boxes] == [BoxKind.AD]
    block = next(b for b in doc.blocks if b.text == PAYWALL)
    assert block.label is Label.AD
    assert "rule:user-marker:Subscribe now" in block.reasons


def test_rules_reject_unknown_verdict_and_bad_selector() -> None:
    """A verdict outside the user set, or a selector Lexbor cannot parse, raises InvalidInputError."""
    with pytest.raises(InvalidInputError):
        Rules(selectors={"div.x": "maybe"})
    with pytest.raises(InvalidInputError):
        newsclean.extract(PAGE, rules=Rules(selectors={"div[[": "drop"}))


@pytest.mark.parametrize("page", ["", b"", "   \n", "<html><body></body></html>"])
def test_empty_page_gives_empty_reason(page: str | bytes) -> None:
    """A page without text is not an error: empty text, no boxes, and empty_reason says why."""
    doc = newsclean.extract(page)
    assert doc.text == ""
    assert doc.boxes == ()
    assert doc.empty_reason


def test_page_without_article_gives_empty_reason() -> None:
    """A navigation-only page returns an empty Document with a reason instead of menu text."""
    links = "".join(f'<a href="/{i}">Section {i}</a>' for i in range(30))
    page = f"<html><body><nav>{links}</nav></body></html>"
    doc = newsclean.extract(page)
    assert doc.text == ""
    assert doc.empty_reason


def test_url_passes_through() -> None:
    """The url argument reaches Document.url when the page names no canonical URL."""
    url = "https://news.example.com/2024/05/rivers-rise"
    assert newsclean.extract(PAGE, url=url).url == url
    assert newsclean.extract(PAGE).url is None


def test_every_block_carries_a_label_and_reasons() -> None:
    """Document.blocks covers the page in order, each block labelled with at least one reason."""
    doc = newsclean.extract(PAGE)
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    assert all(isinstance(b.label, Label) and b.reasons for b in doc.blocks)
    assert doc.text == "\n\n".join(b.text for b in doc.body_blocks)


def test_user_selector_body_wins_outside_the_article() -> None:
    """A user's "body" selector keeps text the built-in rules would drop (a footer line)."""
    prose = "Ein langer Satz der wirklich und auch nicht sehr lang ist aber doch und so. " * 4
    footer = "<footer><p class=keep>Footer text to keep</p></footer>"
    html = f"<body><article><p>{prose}</p></article>{footer}</body>"
    plain = newsclean.extract(html)
    forced = newsclean.extract(html, rules=newsclean.Rules(selectors={"p.keep": "body"}))
    assert "Footer text to keep" not in plain.text
    assert forced.text.endswith("Footer text to keep")
    kept = next(b for b in forced.blocks if b.text == "Footer text to keep")
    assert kept.reasons == ("rule:user-selector",)


def test_ruby_annotations_stay_out_of_the_text() -> None:
    # Furigana (<rt>) and their fallback parentheses (<rp>) annotate the base text; read
    # inline they would split every annotated word.
    sentence = (
        "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>を"
        "なくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができて、<ruby>親<rt>おや</rt></ruby>が"
        "<ruby>体罰<rt>たいばつ</rt></ruby>をすることを<ruby>禁止<rt>きんし</rt></ruby>しました。"
    )
    page = (
        '<html lang="ja"><body><article><h1>法律ができる</h1>'
        + "".join(f"<p>{sentence * 3}</p>" for _ in range(3))
        + "</article></body></html>"
    )
    doc = newsclean.extract(page)
    assert "子どもへの虐待をなくすための法律ができて、親が体罰をすることを禁止しました。" in doc.text
    assert "ぎゃくたい" not in doc.text and "(" not in doc.text


CONSENT = [
    ("We and our partners store and access information on your device, such as cookies, and process "
    "personal data such as unique identifiers and standard information sent by a device for "
    "personalised ads and content, ad and content measurement, and audience insights."),
    ("Some of our partners may process your data as a part of their legitimate business interest "
    "without asking for consent. You can object to this processing in the settings, where you can "
    "also change your choices or withdraw your consent at any time from the privacy policy page."),
    ("Strictly necessary cookies are always enabled so that we can save your preferences for cookie "
    "settings. If you disable these cookies, we will not be able to save your preferences, and you "
    "will have to enable or disable the cookies again every time you visit this website."),
]


def test_a_consent_dialog_with_more_text_than_the_article_stays_out() -> None:
    # A container holding most of the page's prose is normally taken for a wrapper whatever its
    # class says; one apart from the element the markup names the article is not.
    dialog = "".join(f"<p>{p}</p>" for p in CONSENT)
    html = (
        f"<html lang=en><body><article><h1>Rivers rise</h1><p>{P1}</p></article>"
        f"<div class='cookie-consent-modal'><h2>Your privacy</h2>{dialog}</div></body></html>"
    )
    doc = newsclean.extract(html)
    assert _norm(doc.text) == _norm(P1)


GERMAN_ARTICLE = (
    "Der Stadtrat hat am Donnerstag mit großer Mehrheit beschlossen, die Grundsteuer im kommenden "
    "Jahr deutlich zu erhöhen. Die Kämmerin erklärte, ohne die Einnahmen sei der Haushalt nicht "
    "auszugleichen, und die Opposition kündigte an, gegen den Beschluss zu klagen, weil er die "
    "Mieter in der Stadt über die Nebenkosten am Ende härter treffe als die Eigentümer selbst."
)


@pytest.mark.parametrize(
    ("lang", "article", "notice"),
    [
        (
            "en",
            f"{P1}</p><p>{P2}",
            ("We use cookies to personalise content and ads, to provide social media features and "
            "to analyse our traffic. We also share information about your use of our site with our "
            "social media, advertising and analytics partners."),
        ),
        (
            "de",
            GERMAN_ARTICLE,
            ("Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren, Funktionen für "
            "soziale Medien anbieten zu können und die Zugriffe auf unsere Website zu analysieren."),
        ),
    ],
)
def test_a_cookie_notice_without_consent_markup_is_boilerplate(lang: str, article: str, notice: str) -> None:
    # the consent plugin's own class names say nothing ("pea_cook_wrapper"); its opening words do
    html = (
        f"<html lang={lang}><body><div class='page'><div class='post'><h1>Rivers rise</h1>"
        f"<p>{article}</p></div><div class='pea_wrap'><p>{notice}</p></div></div></body></html>"
    )
    doc = newsclean.extract(html)
    assert _norm(doc.text) == _norm(article.replace("</p><p>", " "))
    (block,) = [b for b in doc.blocks if b.text == notice]
    assert block.label is Label.BOILERPLATE and "rule:marker-consent" in block.reasons


def test_a_header_with_the_linked_title_is_no_teaser_card() -> None:
    # Title linked to the page itself over a byline: the shape of a teaser card (a linked
    # headline over a dek). The heading that is the page's title says it is the article's header.
    html = (
        "<html lang=en><head><meta property='og:title' content='Voting on the future of public housing'>"
        "</head><body><div class='post'><div class='post-header'><h2><a href='/voting/'>Voting on the "
        "future of public housing</a></h2><p>By Tatyana Turner. Published November 8, 2023</p></div>"
        f"<div class='entry'><p>{P1}</p><p>{P2}</p></div></div></body></html>"
    )
    doc = newsclean.extract(html)
    assert doc.boxes == ()
    assert doc.blocks[0].label is Label.TITLE and doc.text == f"{P1}\n\n{P2}"


def _thread_page(opening_post: str, body_class: str = "") -> str:
    replies = "".join(
        f"<div class='comment'><p class='author'>user{i}</p><p>{post}</p></div>"
        for i, post in enumerate(CONSENT * 3)
    )
    return (
        f"<html lang=en><body class='{body_class}'><main><h1>App Store gone over mobile data?</h1>"
        f"{opening_post}<div class='comments'>{replies}</div></main></body></html>"
    )


def test_on_a_forum_thread_the_posts_are_the_text() -> None:
    # Every post, the first one too, is marked up as a comment: the thread is the page's content.
    first = f"<div class='comment first'><p>{P1}</p></div>"
    doc = newsclean.extract(_thread_page(first))
    assert doc.text.startswith(P1) and CONSENT[2] in doc.text


@pytest.mark.parametrize("body_class", ["", "single comments-open"])
def test_a_post_with_a_long_comment_thread_keeps_the_comments_out(body_class: str) -> None:
    # a comment class on <body> puts the whole page under it, the post too: it says nothing
    doc = newsclean.extract(_thread_page(f"<p>{P1}</p><p>{P2}</p>", body_class))
    assert _norm(doc.text) == _norm(f"{P1} {P2}")


def _sectioned_report(section_class: str, sections: list[str]) -> str:
    body = "".join(
        f"<section class='{section_class}'><h2>Teil {i}</h2><p>{text}</p></section>"
        for i, text in enumerate(sections)
    )
    return (
        "<html lang=en><body><nav><a href='/'>Home</a> <a href='/tests'>Tests</a></nav><main>"
        f"<article class='report'><h1>Rivers rise</h1>{body}</article></main>"
        "<footer>Copyright Example News</footer></body></html>"
    )


def test_a_class_on_every_section_of_the_article_is_layout() -> None:
    # "Section--Ads": every section has room for an ad slot; it says nothing about the text
    doc = newsclean.extract(_sectioned_report("Report__Section Report__Section--Ads", [P1, P2, P3]))
    assert _norm(doc.text) == _norm(f"Teil 0 {P1} Teil 1 {P2} Teil 2 {P3}")
    assert doc.boxes == ()


def test_two_ad_sections_in_an_article_stay_ads() -> None:
    # fewer sections than MIN_LAYOUT_SECTIONS: two ad containers are two ads, whatever their text
    html = _sectioned_report("Report__Section", [P1, P2, P3]).replace(
        "<section class='Report__Section'><h2>Teil 1", "<section class='ad-slot'><h2>Teil 1"
    ).replace("<section class='Report__Section'><h2>Teil 2", "<section class='ad-slot'><h2>Teil 2")
    doc = newsclean.extract(html)
    assert P1 in doc.text and P2 not in doc.text and P3 not in doc.text


def test_a_sentence_set_as_a_heading_is_kept() -> None:
    # A standfirst in an <h4> right before a subheading has no body text of its own after it,
    # but it is a sentence of the article; a short title there, or a linked prompt, is not.
    standfirst = "Simon travels to the Eternal City for a taste of fast-paced polo and exquisite whisky."
    html = (
        "<html lang=en><body><article><h1>Rivers rise</h1>"
        f"<h4>{standfirst}</h4><h4>From India to Argentina</h4><p>{P1}</p><p>{P2}</p>"
        "<h4>More on this</h4>"
        "<h4>Not the answer you are looking for? <a href='/q'>Browse other questions or ask.</a></h4>"
        "</article></body></html>"
    )
    doc = newsclean.extract(html)
    assert doc.text.startswith(standfirst)
    assert "More on this" not in doc.text and "Browse other" not in doc.text
