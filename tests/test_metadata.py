"""Tests for ``newsclean.metadata``: each source (JSON-LD, meta, microdata, page heuristics) on
a small inline page, then the date and author parsers on their own."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

import newsclean
from newsclean.metadata import (
    Metadata,
    credit_line_authors,
    extract_metadata,
    find_date,
    parse_date,
    split_authors,
)


def meta_of(html: str, url: str | None = "https://example.org/news/story") -> Metadata:
    return extract_metadata(LexborHTMLParser(html), url=url)


def page(head: str = "", body: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


# ---------------------------------------------------------------- JSON-LD


def test_jsonld_news_article_fields():
    """A NewsArticle gives headline, person authors, dates, publisher and the article body."""
    m = meta_of(
        page(
            ld(
                {
                    "@context": "https://schema.org",
                    "@type": "NewsArticle",
                    "headline": "Stadtrat beschließt neuen Haushalt",
                    "author": [
                        {"@type": "Person", "name": "Anna Muster"},
                        {"@type": "Person", "name": "Ben Beispiel"},
                    ],
                    "datePublished": "2025-02-18T14:54:00+01:00",
                    "dateModified": "2025-02-19T08:00:00+01:00",
                    "publisher": {"@type": "Organization", "name": "Tageblatt"},
                    "articleBody": "Der Stadtrat hat am Dienstag …",
                    "inLanguage": "de-DE",
                }
            ),
            "<h1>Stadtrat beschließt neuen Haushalt</h1>",
        )
    )
    assert m.title == "Stadtrat beschließt neuen Haushalt"
    assert m.authors == ("Anna Muster", "Ben Beispiel")
    assert m.date == "2025-02-18T14:54:00+01:00"
    assert m.modified == "2025-02-19T08:00:00+01:00"
    assert m.site_name == "Tageblatt"
    assert m.article_body == "Der Stadtrat hat am Dienstag …"
    assert m.sources["title"] == "json-ld:NewsArticle.headline"
    assert m.sources["authors"] == "json-ld:NewsArticle.author"


def test_jsonld_graph_resolves_author_reference():
    """In an @graph (Yoast) the article's author {"@id": …} is resolved to the Person node."""
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "https://example.org/p#page", "name": "Ein Titel - Blog"},
            {
                "@type": "Article",
                "@id": "https://example.org/p#article",
                "headline": "Ein Titel",
                "author": {"@id": "https://example.org/#/person/1"},
                "datePublished": "2021-03-04T10:00:00+00:00",
            },
            {"@type": "Person", "@id": "https://example.org/#/person/1", "name": "Carla Beispiel"},
        ],
    }
    m = meta_of(page(ld(graph)))
    assert m.title == "Ein Titel"
    assert m.authors == ("Carla Beispiel",)
    assert m.date == "2021-03-04T10:00:00+00:00"


def test_jsonld_author_string_with_two_names():
    """An author string "A und B" becomes two names."""
    m = meta_of(page(ld({"@type": "BlogPosting", "headline": "X", "author": "Anna Muster und Ben Beispiel"})))
    assert m.authors == ("Anna Muster", "Ben Beispiel")


def test_jsonld_organization_author_is_not_a_person():
    """An Organization as author is not a person; an agency among them becomes the source."""
    org = {"@type": "Organization", "name": "dpa"}
    m = meta_of(page(ld({"@type": "NewsArticle", "headline": "X", "author": org})))
    assert m.authors == ()
    assert m.source == "dpa"


@pytest.mark.parametrize(
    ("byline", "authors", "source"),
    [
        # The desk is the only credit: it wrote the piece.
        ("Von Redaktion - 8. Februar 2022", ("Redaktion",), "Redaktion"),
        ("By HLNF Staff Report", ("HLNF Staff Report",), "HLNF Staff Report"),
        # A wire agency or a content system's placeholder is no author.
        ("Von dpa", (), "dpa"),
        ("Von admin", (), "admin"),
        # A person named next to the desk is the author.
        ("Von Anna Muster und Redaktion", ("Anna Muster",), "Redaktion"),
    ],
)
def test_desk_credit_is_the_author_when_no_person_is_named(byline, authors, source):
    body = f"<article><h1>Die Brücke bleibt gesperrt</h1><p>{byline}</p><p>Text.</p></article>"
    m = meta_of(page(body=body))
    assert m.authors == authors
    assert m.source == source
    if authors == ("Redaktion",):
        assert m.sources["authors"].startswith("desk credit")


def test_jsonld_creator_list_extends_truncated_author():
    """A creator list naming the author plus more people wins over the one-name author field."""
    m = meta_of(
        page(
            ld(
                {
                    "@type": "Article",
                    "headline": "X",
                    "author": {"@type": "Person", "name": "Anna Muster"},
                    "creator": ["Anna Muster", "Ben Beispiel"],
                }
            )
        )
    )
    assert m.authors == ("Anna Muster", "Ben Beispiel")


def test_jsonld_trailing_comma_is_repaired():
    """JSON-LD with a trailing comma and an HTML comment wrapper still parses."""
    raw = (
        '<script type="application/ld+json"><!-- {"@type": "NewsArticle", "headline": "Repariert",} -->'
        "</script>"
    )
    assert meta_of(page(raw)).title == "Repariert"


def test_jsonld_broken_beyond_repair_is_mined():
    """JSON-LD too broken to parse still yields headline and date through patterns."""
    raw = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Gerettet", '
        '"datePublished": "2020-05-06T07:08:09Z", "articleBody": "unterminated }</script>'
    )
    m = meta_of(page(raw))
    assert m.title == "Gerettet"
    assert m.date == "2020-05-06T07:08:09+00:00"
    assert m.sources["title"].startswith("json-ld(salvaged)")


@pytest.mark.parametrize(
    "value",
    [
        {"@type": ["NewsArticle"], "headline": ["Liste", "zwei"], "author": [[{"name": 5}], None, 3]},
        {"@type": 7, "headline": {"x": 1}, "author": {"@id": "missing"}},
        [[[[{"@graph": "nope"}]]]],
        {"@type": "NewsArticle", "datePublished": 1700000000, "image": [{"url": ["a"]}], "keywords": 5},
        "just a string",
        None,
    ],
)
def test_jsonld_odd_types_never_raise(value):
    """Lists where strings belong, numbers, nulls and dangling @id references never raise."""
    assert isinstance(meta_of(page(ld(value))), Metadata)


LD_KEYS = ["@type", "@id", "@graph", "headline", "author", "name", "datePublished", "publisher"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(LD_KEYS) | st.text(max_size=8),
        children,
        max_size=5,
    ),
    max_leaves=20,
)


@given(json_values)
def test_jsonld_arbitrary_json_never_raises(value):
    """Any JSON value in a JSON-LD script gives a Metadata, never an exception."""
    assert isinstance(meta_of(page(ld(value))), Metadata)


def test_jsonld_deep_nesting_never_raises():
    """Deeply nested lists (parseable or not) neither recurse out of bounds nor raise."""
    for depth in (50, 900, 5000):
        raw = '{"@type": "NewsArticle", "headline": ' + "[" * depth + '"x"' + "]" * depth + "}"
        assert isinstance(meta_of(page(f'<script type="application/ld+json">{raw}</script>')), Metadata)


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdehilmnoprstuvy:-0123456789{}[],.")), max_size=300))
def test_arbitrary_markup_never_raises(markup):
    """Any markup, however broken, gives a Metadata."""
    assert isinstance(meta_of(markup), Metadata)


# ---------------------------------------------------------------- meta tags


def test_opengraph_only_page():
    """og:title loses its site suffix, article:published_time and meta author are read."""
    head = (
        '<meta property="og:title" content="Neue Brücke eröffnet | Kreisbote">'
        '<meta property="og:site_name" content="Kreisbote">'
        '<meta property="article:published_time" content="2024-06-01T09:30:00+02:00">'
        '<meta property="article:author" content="https://www.facebook.com/someone">'
        '<meta name="author" content="Dora Beispiel">'
        '<meta property="og:url" content="/lokales/bruecke">'
        '<meta property="og:locale" content="de_DE">'
        '<meta property="article:tag" content="Verkehr"><meta property="article:tag" content="Bau">'
    )
    m = meta_of(page(head), url="https://kreisbote.example/lokales/bruecke?ref=x")
    assert m.title == "Neue Brücke eröffnet"
    assert m.site_name == "Kreisbote"
    assert m.date == "2024-06-01T09:30:00+02:00"
    assert m.authors == ("Dora Beispiel",)
    assert m.url == "https://kreisbote.example/lokales/bruecke"
    assert m.language == "de-DE"
    assert m.tags == ("Verkehr", "Bau")
    assert m.sources["date"] == "meta:article:published_time"


def test_twitter_data_label_names_author():
    """twitter:data1 is an author only when twitter:label1 says "Written by"."""
    head = (
        '<meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="Eva Probe">'
        '<meta name="twitter:label2" content="Est. reading time">'
        '<meta name="twitter:data2" content="3 minutes">'
    )
    m = meta_of(page(head, "<h1>T</h1>"))
    assert m.authors == ("Eva Probe",)


def test_canonical_link_wins_over_passed_url():
    """The canonical link, made absolute against the passed URL, is the page URL."""
    m = meta_of(page('<link rel="canonical" href="/a/b">'), url="https://example.org/x?utm=1")
    assert m.url == "https://example.org/a/b"
    assert meta_of(page(), url="https://example.org/x").url == "https://example.org/x"


# ---------------------------------------------------------------- microdata


def test_microdata_only_page():
    """itemprop headline / author > name / datePublished / publisher > name are read."""
    body = (
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<h2 itemprop="headline">Mikrodaten-Schlagzeile</h2>'
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">Fritz Probe</span></span>'
        '<time itemprop="datePublished" datetime="2019-10-21">21. Oktober 2019</time>'
        '<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
        '<meta itemprop="name" content="Example Bote"></div>'
        '<div itemprop="comment" itemscope itemtype="https://schema.org/Comment">'
        '<span itemprop="author">Troll</span></div></div>'
    )
    m = meta_of(page(body=body))
    assert m.title == "Mikrodaten-Schlagzeile"
    assert m.authors == ("Fritz Probe",)
    assert m.date == "2019-10-21"
    assert m.site_name == "Example Bote"


# ---------------------------------------------------------------- page heuristics


def test_heuristics_only_german_page():
    """Without markup, the <h1>, a "Von …" byline and the dateline below the headline are used."""
    body = (
        "<header><a href='/'>Kreisbote</a></header><article><h1>Feuerwehr rettet Katze</h1>"
        "<p class='byline'>Von Max Mustermann | 18.02.2025 - 14:54 Uhr</p>"
        "<p>Am Dienstag, dem 3. März 2020, hatte die Feuerwehr einen ungewöhnlichen Einsatz, der "
        "die Nachbarschaft lange beschäftigen sollte und über den noch lange gesprochen wurde.</p>"
        "</article><div class='comments'><p class='author'>Troll Hans</p></div>"
    )
    m = meta_of(page("<title>Feuerwehr rettet Katze - Kreisbote</title>", body))
    assert m.title == "Feuerwehr rettet Katze"
    assert m.authors == ("Max Mustermann",)
    assert m.date == "2025-02-18"
    assert m.sources["date"] == "near headline"


def test_picture_caption_below_the_headline_is_skipped():
    """A picture between headline and text is neither byline nor dateline, and its long
    caption does not use up the reach in which the dateline opening the text is found."""
    caption = "Windräder vor der Küste: " + "Die Anlagen liefern bei gutem Wind viel Strom. " * 7
    body = (
        "<article><h1>Bundesregierung drosselt Bioenergie</h1>"
        f"<figure><img src='a.jpg'><figcaption>{caption} Von Anna Muster, 03.05.2021</figcaption></figure>"
        "<p>Am vergangenen Freitag hat die Bundesregierung den Gesetzentwurf beschlossen. Er sieht "
        "weiterhin die Abschöpfung von Erlösen vor. Das behindert die Energiewende.</p>"
        "<p>29.11.2022 – Mehrfach und vehement hatte die Branche die Nachteile des Entwurfs "
        "kritisiert, und sie wird es wohl weiter tun.</p></article>"
    )
    m = meta_of(page(body=body))
    assert m.date == "2022-11-29"
    assert m.authors == ()


def test_heuristics_english_page_with_rel_author_and_time():
    """A rel=author link and a <time class="published"> give author and date."""
    body = (
        "<main><article><h1>Council approves budget</h1>"
        "<p>By <a rel='author' href='/people/jane'>Jane Doe</a> and "
        "<a rel='author' href='/people/john'>John Roe</a></p>"
        "<time class='entry-date published' datetime='2023-11-07T18:00:00-05:00'>Nov 7, 2023</time>"
        "<time class='updated' datetime='2023-11-09T10:00:00-05:00'>Nov 9</time>"
        "</article></main>"
    )
    m = meta_of(page(body=body))
    assert m.authors == ("Jane Doe",)  # the first byline element; structured data would list both
    assert m.date == "2023-11-07T18:00:00-05:00"
    assert m.modified == "2023-11-09T10:00:00-05:00"


def test_byline_below_headline_without_markup():
    """A bare "By" string under the headline followed by a name gives the author."""
    body = "<h1>Arduino trademark fight</h1><p><span>By</span> <b>Nathan Willis</b><br>March 25, 2015</p>"
    m = meta_of(page(body=body))
    assert m.authors == ("Nathan Willis",)
    assert m.date == "2015-03-25"


def test_photo_credit_in_figure_is_not_an_author():
    """A name in a figure caption, even marked itemprop=author, is the photographer."""
    body = (
        "<article><figure><img src='a.jpg'><figcaption><span itemprop='author'>Benoit Tessier</span>"
        "</figcaption></figure><h1>T</h1><span itemprop='author'>Sarah Archer</span></article>"
    )
    assert meta_of(page(body=body)).authors == ("Sarah Archer",)


STORY = "<p>" + "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen. " * 12 + "</p>"
CARD = (
    "<article class='c-teaser'><h3><a href='/other'>Eine andere Geschichte</a></h3>"
    "<p class='c-teaser__byline'>Von Max Beispiel | 19.10.19</p></article>"
)


@pytest.mark.parametrize(
    "body",
    [
        f"<main><article><h1>Haushalt</h1>{STORY}</article>{CARD * 3}</main>",
        f"<div><h1>Haushalt</h1>{STORY}</div><section class='more'>{CARD * 3}</section>",
        # the whole card in the link
        (
            f"<div><h1>Haushalt</h1>{STORY}</div><article><a href='/o'><h4>Eine andere</h4></a>"
            "<span class='author'>Max Beispiel</span></article>"
        ),
    ],
)
def test_byline_of_a_teaser_card_is_not_the_pages_author(body):
    """A short <article> with a linked headline and no <h1> is a card for another story."""
    assert meta_of(page(body=body)).authors == ()


def test_blog_post_with_a_linked_title_keeps_its_byline():
    """A theme links the post's own title to its permalink: the post is no teaser card."""
    body = (
        "<article class='post'><h2 class='entry-title'><a href='/news/story'>Haushalt</a></h2>"
        f"<span class='author'>Von Anna Muster</span>{STORY}</article>{CARD}"
    )
    assert meta_of(page(body=body)).authors == ("Anna Muster",)


def test_picture_license_holder_is_not_an_author():
    """A "media-license-author" next to a picture names its rights holder ("© zvg")."""
    body = (
        "<article><h1>T</h1><p><img src='a.jpg'><span class='media-license-info'>&copy;</span>"
        "<span class='media-license-author'>Petra Bild</span></p><p>Text</p></article>"
    )
    assert meta_of(page(body=body)).authors == ()


def test_labelled_update_date_is_not_the_dateline():
    """A date after a separate "Last updated:" label is skipped for the publication date."""
    body = (
        "<article><h1>T</h1><p><span>Last Updated:</span> <span>January 7, 2025</span></p>"
        "<p><span>Published:</span> <span>July 10, 2020</span></p></article>"
    )
    assert meta_of(page(body=body)).date == "2020-07-10"


def test_byline_in_comments_is_ignored():
    """A byline-classed element inside the comments is not the article's author."""
    body = (
        "<article><h1>T</h1><p>Text</p></article>"
        "<section id='comments'><span class='author'>Lisa Leser</span></section>"
    )
    assert meta_of(page(body=body)).authors == ()


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Gespeichert von <span class='username'>rasos</span> am 24. Juli 2017 - 18:55", ("rasos",)),
        ("Submitted by <span class='username'>Anna Muster</span> on 05/12/2015 - 10:22", ("Anna Muster",)),
    ],
)
def test_drupal_submitted_line_names_the_author(line, authors):
    """Drupal prints its byline in a "submitted" element: "Submitted by … on …"."""
    body = f"<article><h1>T</h1><p>Text</p><div class='submitted'>{line}</div></article>"
    assert meta_of(page(body=body)).authors == authors


def test_drupal_submitted_line_of_a_comment_is_ignored():
    body = (
        "<article><h1>T</h1><p>Text</p></article><section id='comments'>"
        "<div class='submitted'>Submitted by <span class='username'>Lisa Leser</span> on 12 May</div>"
        "</section>"
    )
    assert meta_of(page(body=body)).authors == ()


def test_kicker_inside_h1_is_split_off():
    """A kicker span inside the <h1> is the kicker, not part of the title."""
    body = (
        "<article><h1><span class='headline__kicker'>Wahl in Hessen</span> "
        "<span>Die SPD verliert</span></h1></article>"
    )
    m = meta_of(page(body=body))
    assert m.title == "Die SPD verliert"
    assert m.kicker == "Wahl in Hessen"


def test_h1_wins_over_og_title_with_tagline():
    """og:title that is the <h1> plus a tagline after a separator gives way to the <h1>."""
    head = '<meta property="og:title" content="Chapter 1: Prologue - Murdered - Melas">'
    m = meta_of(page(head, "<h1>Chapter 1: Prologue - Murdered</h1>"))
    assert m.title == "Chapter 1: Prologue - Murdered"
    assert m.sources["title"] == "h1"


@pytest.mark.parametrize(
    ("h1", "title", "source"),
    [
        # the article's headline says something else than the search-engine title: the reader's
        ("Ultium Cells erhöht Gigafactory-Kapazität in Tennessee",
         "Ultium Cells erhöht Gigafactory-Kapazität in Tennessee", "h1(article)"),
        ("Kein Zugang mehr mit Sparpreis-Ticket", "Kein Zugang mehr mit Sparpreis-Ticket", "h1(article)"),
        # ... but an <h1> that is the structured title plus a kicker or a subtitle is not
        ("Forderungsausfälle vermeiden: Ultium Cells erhöht Gigafactory-Kapazität",
         "Ultium Cells erhöht Gigafactory-Kapazität", "og:title"),
        ("<span>Ultium Cells erhöht Gigafactory-Kapazität</span> <span>Ein Werk in Tennessee</span>",
         "Ultium Cells erhöht Gigafactory-Kapazität", "og:title"),
        ("Ultium Cells erhöht Gigafactory-Kapazität | Battery News",
         "Ultium Cells erhöht Gigafactory-Kapazität", "og:title"),
    ],
)
def test_the_articles_h1_outranks_a_different_structured_title(h1, title, source):
    head = '<meta property="og:title" content="Ultium Cells erhöht Gigafactory-Kapazität">'
    m = meta_of(page(head, f"<article><h1>{h1}</h1><p>Text.</p></article>"))
    assert (m.title, m.sources["title"]) == (title, source)


def test_an_h1_the_html_title_repeats_outranks_the_structured_title():
    head = (
        '<meta property="og:title" content="Können Fische Schmerzen spüren?">'
        "<title>Können Fische Schmerzen spüren / empfinden?</title>"
    )
    m = meta_of(page(head, "<h1>Können Fische Schmerzen spüren / empfinden?</h1><p>Text.</p>"))
    assert (m.title, m.sources["title"]) == ("Können Fische Schmerzen spüren / empfinden?", "h1")


def test_an_h1_outside_the_article_does_not_outrank_the_structured_title():
    head = '<meta property="og:title" content="Ultium Cells erhöht Gigafactory-Kapazität">'
    m = meta_of(page(head, "<h1>Battery News Magazin</h1><article><p>Text.</p></article>"))
    assert m.title == "Ultium Cells erhöht Gigafactory-Kapazität"


def test_ruby_annotations_are_not_part_of_the_headline():
    annotated = "<ruby>体罰<rp>(</rp><rt>たいばつ</rt><rp>)</rp></ruby>"
    body = f"<article><h1><ruby>子<rt>こ</rt></ruby>どもへの{annotated}を禁止</h1>"
    assert meta_of(page(body=body)).title == "子どもへの体罰を禁止"


def test_typeset_h1_is_kept_over_its_ascii_og_title():
    """og:title repeating the <h1> with straight quotes and hyphens confirms it; the title keeps
    the <h1>'s own quotes and dashes."""
    head = (
        '<meta property="og:title" content="Editor\'s Letter - &quot;Welches Europa wir wollen&quot;">'
        "<title>Editor's Letter - \"Welches Europa wir wollen\" | Tafelblog</title>"
    )
    m = meta_of(page(head, "<h1>Editor’s Letter – „Welches Europa wir wollen“</h1>"))
    assert m.title == "Editor’s Letter – „Welches Europa wir wollen“"
    assert m.sources["title"] == "og:title"


def test_ascii_og_title_is_kept_when_the_h1_differs_only_in_case():
    head = '<meta property="og:title" content="Neue Brücke eröffnet">'
    assert meta_of(page(head, "<h1>NEUE BRÜCKE ERÖFFNET</h1>")).title == "Neue Brücke eröffnet"


def test_title_site_prefix_is_stripped():
    """A <title> "Site: Headline" loses the site name known from og:site_name."""
    head = '<title>Kreisbote: Neue Brücke eröffnet</title><meta property="og:site_name" content="Kreisbote">'
    assert meta_of(page(head)).title == "Neue Brücke eröffnet"


def test_title_part_matching_host_is_dropped():
    """Without a declared site name, the <title> part spelling the host name is cut."""
    m = meta_of(page("<title>Example News » Ein langer Artikel über Dinge</title>"), url="https://examplenews.org/a")
    assert m.title == "Ein langer Artikel über Dinge"


def test_url_date_when_page_has_none():
    """A /yyyy/mm/dd/ path gives the date when the page itself has none."""
    m = meta_of(page(body="<h1>T</h1>"), url="https://blog.example/2019/10/21/a-post/")
    assert m.date == "2019-10-21"
    assert m.sources["date"] == "url"


def test_dateline_overrides_a_utc_shifted_structured_date():
    """A date printed under the headline wins over a structured stamp naming another day."""
    head = '<meta property="article:published_time" content="2022-05-04T03:37:37+00:00">'
    body = "<article><h1>Headline</h1><p class='date'>May 3, 2022</p><p>Body text</p></article>"
    m = meta_of(page(head, body))
    assert m.date == "2022-05-03"
    assert m.sources["date"].startswith("near headline")


def test_modified_date_is_a_last_resort():
    """datePublished beats dateModified; a page with only a modified date still gets a date."""
    both = page(ld({"@type": "Article", "datePublished": "2020-01-02", "dateModified": "2021-01-02"}))
    assert meta_of(both).date == "2020-01-02"
    only = page('<meta property="article:modified_time" content="2021-01-02T10:00:00+01:00">')
    m = meta_of(only)
    assert m.date == "2021-01-02T10:00:00+01:00"
    assert m.sources["date"].endswith("(modified)")


def test_tree_is_not_mutated():
    """extract_metadata only reads the tree."""
    body = "<article><h1>X</h1><p class='byline'>Von A B</p></article>"
    html = page(ld({"@type": "NewsArticle", "headline": "X"}), body)
    tree = LexborHTMLParser(html)
    before = tree.html
    extract_metadata(tree, url=None)
    assert tree.html == before


def test_empty_page():
    """A page with nothing gives an empty Metadata carrying the passed URL."""
    m = meta_of("", url="https://example.org/")
    assert m.title is None and m.authors == () and m.date is None
    assert m.url == "https://example.org/"


# ---------------------------------------------------------------- authors


@pytest.mark.parametrize(
    ("raw", "names", "agencies"),
    [
        ("Von Anna Muster, dpa", ["Anna Muster"], ["dpa"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"], []),
        ("Autor: Dr. Erika Mustermann", ["Dr. Erika Mustermann"], []),
        ("Text: Max Muster & Lisa Probe", ["Max Muster", "Lisa Probe"], []),
        ("Anna Muster (AFP)", ["Anna Muster"], ["AFP"]),
        ("Redaktion", [], ["Redaktion"]),
        ("dpa/AFP", [], ["dpa", "AFP"]),
        ("Perry Bacon Jr.", ["Perry Bacon Jr."], []),
        ("Ann Lee, PhD", ["Ann Lee"], []),
        ("Zeige alle Beiträge von Cem Basman", ["Cem Basman"], []),
        ("anna@example.org", [], []),
        ("Text: unbekannt", [], []),
        ("Auteur : inconnu", [], []),
        ("https://twitter.com/anna", [], []),
        ("@annamuster", [], []),
        ("Veröffentlicht am 18.02.2025 von der Stadt Musterhausen und vielen, vielen anderen", [], []),
        # spam-proofed addresses are addresses too, not "anna" and "at"
        ("anna[at]example.net", [], []),
        ("anna (at) example (dot) de, Bob Roe", ["Bob Roe"], []),
        ("Jane Doe (at) Reuters", ["Jane Doe"], ["Reuters"]),
        # a site's domain, then its address: places are no names
        ("example.de, Frankfurt, Germany", [], []),
        ("Anna Muster, example.de", ["Anna Muster"], []),
        ("publisher", [], []),
        # longer than any byline: a text block, and never read character by character
        ("Anna Muster, " + "a" * 300, [], []),
    ],
)
def test_split_authors(raw, names, agencies):
    """Prefixes go, names are split, agencies are separated and non-names dropped."""
    assert split_authors(raw) == (names, agencies)


@pytest.mark.parametrize(
    ("texts", "names"),
    [
        (["Der Umbau dauert bis 2026.", "Text: Anna Muster"], ["Anna Muster"]),
        (["(wird fortgesetzt) Text: Klaus Beispiel Fotos: Max Muster"], ["Klaus Beispiel"]),
        (["Autor: Rechtsanwalt Max Muster"], ["Max Muster"]),
        (["Text von Christian Probe Illustration von Lisa Muster"], ["Christian Probe"]),
        (["Written by Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        # The label is a common word: what follows must look like names.
        (["Text: siehe unten", "Autor: unbekannt"], []),
        # Inside a sentence it is no credit.
        (["The film is based on a short story written by Vinoy Thomas."], []),
        (["Der Text: Anna Muster hat ihn geschrieben und alles andere auch"], []),
    ],
)
def test_credit_line_authors(texts, names):
    assert credit_line_authors(texts) == names


ARTICLE_WITH_CREDIT = """<html><head><title>Die Haubenfahrzeuge, Teil 49</title></head><body>
<nav><a href="/">Start</a> <a href="/news">News</a></nav>
<article><h1>Die Haubenfahrzeuge der Nachkriegszeit</h1>
<p>Die Feuerwehren der Nachkriegszeit fuhren vor allem umgebaute Lastwagen, deren Fahrgestelle
aus Altbeständen der Wehrmacht stammten und die in kleinen Werkstätten neu aufgebaut wurden.</p>
<p>Erst Mitte der fünfziger Jahre kamen wieder neue Fahrgestelle auf den Markt, und mit ihnen
die ersten Löschfahrzeuge, die von Anfang an für die Feuerwehr gebaut worden waren.</p>
<p>Viele Wehren behielten ihre alten Fahrzeuge trotzdem noch lange, weil das Geld fehlte und
weil die Umbauten sich im Einsatz bewährt hatten. Manche dieser Wagen liefen bis in die
siebziger Jahre, und einige stehen heute gepflegt in den Museen der Feuerwehrverbände.</p>
<p>(wird fortgesetzt)<br><strong>Text:</strong> Klausmartin Beispiel</p>
{byline}</article>
<ul class="books"><li>Autor: Max Muster; Illustrator: Lisa Probe</li></ul>
</body></html>"""


@pytest.mark.parametrize("byline", ["", "<p>Von Redaktion</p>"])
def test_credit_line_at_the_article_end_names_the_author(byline):
    """No byline element, no author field: the credit line closing the article names the
    author, and outranks a desk credit."""
    doc = newsclean.extract(ARTICLE_WITH_CREDIT.format(byline=byline))
    assert doc.authors == ("Klausmartin Beispiel",)
    assert doc.metadata_sources["authors"] == "credit line in article"


def test_credit_in_a_list_item_is_not_the_pages_author():
    """A list's "Autor:" credits a book or a game of the list, not the page."""
    html = ARTICLE_WITH_CREDIT.format(byline="").replace("<strong>Text:</strong> Klausmartin Beispiel", "")
    assert newsclean.extract(html).authors == ()


def test_a_paragraph_opening_like_a_byline_gives_no_author():
    """Italian "Di" (by) also opens sentences: a long string after it is prose, not names."""
    prose = (
        "Di origine polare, accompagnata da venti di Maestrale e poi di Tramontana, sta per fare il "
        "suo ingresso, ma colpirà con piogge e temporali e nevicate le regioni centrali, e oggi, "
        "mercoledì 19 febbraio, il tempo peggiorerà su Marche, Abruzzo, Molise, Umbria e Lazio."
    )
    m = meta_of(page(body=f"<h1>Maltempo al Centro-Sud</h1><p>{prose}</p>"))
    assert m.authors == ()


def test_handle_gives_way_to_display_name():
    """A login handle in JSON-LD yields to the display name in the page's byline."""
    body = "<article><h1>T</h1><span class='author'>Christian Stadtfeld</span></article>"
    person = {"@type": "Person", "name": "christian.stadtfeld"}
    m = meta_of(page(ld({"@type": "NewsArticle", "author": person}), body))
    assert m.authors == ("Christian Stadtfeld",)


def test_site_name_as_author_is_only_a_fallback():
    """An author equal to the site name yields to a person named elsewhere on the page."""
    head = '<meta property="og:site_name" content="Makronom"><meta name="author" content="Makronom">'
    body = "<article><h1>T</h1><div class='byline'>Von Klaus Jacob</div></article>"
    assert meta_of(page(head, body)).authors == ("Klaus Jacob",)
    assert meta_of(page(head, "<h1>T</h1>")).authors == ("Makronom",)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Eine Kolumne von Nils Beispiel", ["Nils Beispiel"]),
        ("A column by Jane Doe", ["Jane Doe"]),
        ("Jane Doe @janedoe", ["Jane Doe"]),
        ("Online-Experte Max Muster", ["Max Muster"]),
        ("Wirtschaftsredakteurin Anna Muster und Ben Beispiel", ["Anna Muster", "Ben Beispiel"]),
        ("Pastor Max Muster", ["Pastor Max Muster"]),
        ("Text von Anna Muster  Illustration von Max Beispiel", ["Anna Muster"]),
        ("Posted by Nessel under Fun", ["Nessel"]),
        # a date, time or reading time after the names ends them (it used to lose the name)
        ("Von Anna Muster 12.03.2024, 14:00 Uhr", ["Anna Muster"]),
        ("Jeff Foust Monday, November 18, 2019", ["Jeff Foust"]),
        ("Carrie Arnold November 18, 2019", ["Carrie Arnold"]),
        ("Anna Muster | 12. März 2024", ["Anna Muster"]),
        ("By Jane Doe 5 min read", ["Jane Doe"]),
        ("Von Anna Muster vor 3 Stunden", ["Anna Muster"]),
        ("Par Jean Dupont il y a 3 heures", ["Jean Dupont"]),
        (
            "Isabel Caro , Rocío Latorre y José Miguel Wilson Hace 13 horas Tiempo de lectura: 8 minutos",
            ["Isabel Caro", "Rocío Latorre", "José Miguel Wilson"],
        ),
        ("Theresa May", ["Theresa May"]),  # a month name is a name where no date follows
    ],
)
def test_split_authors_phrases_handles_roles(raw, names):
    """"Eine Kolumne von", trailing @handles, a leading role word, "Illustration …" and a
    date after the names are cut off."""
    assert split_authors(raw) == (names, [])


def test_bare_label_in_other_languages():
    """A French "Auteur" label above the name below the headline gives the author."""
    body = (
        "<article><h1>Titre</h1><dl><dt>Auteur</dt><dd><a href='/staff/u'>Jean Dupont</a></dd></dl>"
        "</article>"
    )
    assert meta_of(page(body=body)).authors == ("Jean Dupont",)


def test_byline_after_rule_characters():
    """Dashes before "by" ("---- by Jane Doe") do not hide the byline."""
    body = "<h1>micropolitics</h1><p>micropolitics: translation</p><p>---- by Jane Doe</p><p>Text.</p>"
    assert meta_of(page(body=body)).authors == ("Jane Doe",)


def test_byline_above_headline():
    """A "Redaktion: Name" line above the headline names the author; the role in brackets goes."""
    body = (
        "<article><p>- Redaktion: Anna Muster (Pressesprecherin)</p><p>05.02.2020</p>"
        "<h1>Faire Lieferketten</h1><p>Ein langer Text.</p></article>"
    )
    m = meta_of(page(body=body))
    assert m.authors == ("Anna Muster",)
    assert m.sources["authors"] == "byline above headline"


def test_kicker_opening_with_von_is_not_a_byline():
    """A kicker above the headline that starts with "Von" is no author."""
    body = "<article><p>Von wegen</p><h1>Die Wahrheit über Kaffee</h1><p>Ein Text.</p></article>"
    assert meta_of(page(body=body)).authors == ()


@pytest.mark.parametrize(
    "body",
    [
        "<h1>Variablen</h1><p>11.12.2019 - Anna Muster</p><p>Ein Text über Variablen.</p>",
        "<article><p>04.02.2022 | 13:10 Uhr | Anna Muster</p><h1>Stellungnahme</h1><p>Text.</p></article>",
    ],
)
def test_dateline_naming_one_person(body):
    """A dateline next to the headline that names one person besides the date gives the author."""
    assert meta_of(page(body=body)).authors == ("Anna Muster",)


@pytest.mark.parametrize(
    ("body", "url"),
    [
        ("<h1>Cup-Vorschau</h1><p>Handball Schweiz • 02.02.2022</p><p>Text.</p>", "https://www.handball.ch/n/1"),
        ("<h1>Wohngeld</h1><p>18.02.2022, 10:27 | Recht & Gesetz</p><p>Text.</p>", "https://example.org/n/1"),
    ],
)
def test_dateline_naming_site_or_section_is_no_author(body, url):
    """A dateline naming the site or a section ("Recht & Gesetz") gives no author."""
    assert meta_of(page(body=body), url=url).authors == ()


def test_headline_byline_completes_structured_author():
    """The byline at the headline adds the co-author a JSON-LD author field left out."""
    person = {"@type": "Person", "name": "Anna Muster"}
    body = "<article><h1>T</h1><p>von Anna Muster, Ben Beispiel</p><p>Text.</p></article>"
    m = meta_of(page(ld({"@type": "Article", "author": person}), body))
    assert m.authors == ("Anna Muster", "Ben Beispiel")
    assert m.sources["authors"] == "byline below headline"


def test_headline_byline_completes_first_name():
    """A first name in the author meta yields to the full name in the byline at the headline."""
    head = '<meta name="author" content="Nils">'
    body = "<article><h1>T</h1><p>Eine Kolumne von Nils Beispiel</p><p>Text.</p></article>"
    assert meta_of(page(head, body)).authors == ("Nils Beispiel",)


def test_headline_byline_naming_others_does_not_replace_structured_author():
    """A byline at the headline naming other people leaves the structured author alone."""
    head = '<meta name="author" content="Anna Muster">'
    body = "<article><h1>T</h1><p>Von Ben Beispiel</p><p>Text.</p></article>"
    assert meta_of(page(head, body)).authors == ("Anna Muster",)


def test_photo_credit_inside_author_link_is_dropped():
    """The "© Name" credit of the author's photo inside the author link is not read twice."""
    body = (
        "<article><h1>T</h1><a href='/autoren/anna-muster-1'><picture><img alt=''></picture>"
        "<span>© Anna Muster</span><div><span>Anna   Muster</span></div></a><p>Text.</p></article>"
    )
    assert meta_of(page(body=body)).authors == ("Anna Muster",)


def test_headline_in_h2_when_h1_is_the_site_name():
    """On blogs with the site name in <h1>, the <h2> showing the headline anchors the byline."""
    head = "<title>Four Years » Blog Archive » Interning of Small Integers</title>"
    body = (
        "<div id='header'><h1>Four Years</h1></div><div id='main'><h2>Interning of Small Integers</h2>"
        "<div class='postdata'><span>Posted by Konrad</span><span>21.10.2019</span></div><p>Text.</p></div>"
    )
    m = meta_of(page(head, body), url="http://fouryears.example/2019/10/21/interning/")
    assert m.title == "Interning of Small Integers"
    assert m.authors == ("Konrad",)
    assert m.date == "2019-10-21"


def test_title_blog_archive_part_is_cut():
    """The "Blog Archive" part of old WordPress titles is cut off like a site name."""
    head = (
        '<meta property="og:site_name" content="Mein Blog">'
        "<title>Mein Blog » Blog Archiv » Podcasts</title>"
    )
    m = meta_of(page(head))
    assert m.title == "Podcasts"


def test_photo_credit_date_is_not_the_dateline():
    """A date in a "© Photographer, date" credit under the headline is not the publication date."""
    body = "<h1>Offshore</h1><figure><img></figure><p>© Kurt Muster, 31.05.2013</p><p>Text.</p>"
    assert meta_of(page(body=body), url="https://example.org/wind").date is None


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025-02-18", "2025-02-18"),
        ("2025-02-18T14:54:00Z", "2025-02-18T14:54:00+00:00"),
        ("2025-02-18T14:54:00+0100", "2025-02-18T14:54:00+01:00"),
        ("2025-02-18 14:54", "2025-02-18T14:54:00"),
        ("20250218", "2025-02-18"),
        ("18.02.2025 - 14:54 Uhr", "2025-02-18"),
        ("18.2.25", "2025-02-18"),
        ("18. Februar 2025", "2025-02-18"),
        ("Dienstag, 18. Feb. 2025", "2025-02-18"),
        ("Feb 18, 2025", "2025-02-18"),
        ("February 18th, 2025", "2025-02-18"),
        ("18th February 2025", "2025-02-18"),
        ("18 de febrero de 2025", "2025-02-18"),
        ("Tue, 18 Feb 2025 14:54:00 +0100", "2025-02-18"),
        ("2025/02/18", "2025-02-18"),
        ("1739886840", "2025-02-18"),
    ],
)
def test_parse_date_formats(raw, iso):
    """ISO, compact, epoch and German / English / Spanish phrases all give ISO 8601."""
    assert parse_date(raw) == iso


@pytest.mark.parametrize("raw", ["31.02.2025", "1899-01-01", "Heft 3/2020", "", "gestern", "2025-13-01"])
def test_parse_date_rejects_implausible(raw):
    """Impossible days, dates before 1990 and phrases without a day give None."""
    assert parse_date(raw) is None


def test_parse_date_rejects_the_future():
    """A date more than a couple of days ahead is not a publication date."""
    future = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    assert parse_date(future) is None


def test_local_midnight_in_utc_is_the_next_day():
    """A whole late-evening hour in UTC is read as the next day's local midnight."""
    assert parse_date("2022-11-06T23:00:00+00:00") == "2022-11-07"
    assert parse_date("2022-11-06T23:17:00+00:00") == "2022-11-06T23:17:00+00:00"


def test_find_date_takes_the_first_in_text():
    """find_date returns the first date in running text."""
    assert find_date("Stand: 3. März 2020, aktualisiert 4.3.2020") == "2020-03-03"
    assert find_date("no date here") is None


def test_metadata_text_is_nfc():
    """Decomposed umlauts (text written on macOS) come back composed, as the body text does."""
    m = meta_of(
        page(
            '<meta property="og:title" content="Gru\u0308ne Welle fu\u0308r Ko\u0308ln">'
            '<meta name="author" content="Jo\u0308rg Mu\u0308ller">'
            '<meta name="description" content="U\u0308ber die A\u0308mter">',
            "<h1>Gru\u0308ne Welle fu\u0308r Ko\u0308ln</h1>",
        )
    )
    assert (m.title, m.authors, m.description) == (
        "Gr\u00fcne Welle f\u00fcr K\u00f6ln",
        ("J\u00f6rg M\u00fcller",),
        "\u00dcber die \u00c4mter",
    )
