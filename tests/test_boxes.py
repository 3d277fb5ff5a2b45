"""Box separation: which containers and lines become explainer, related and ad boxes.

Each test builds a small page around the same three-paragraph article, so the article is found
on its own evidence and only the box decision under test varies.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from prose import P1, P2, P3
from selectolax.lexbor import LexborHTMLParser

import newsclean
from newsclean import BoxKind
from newsclean.rules import container_verdict, marker_verdict


def _page(inside: str = "", after: str = "", lang: str = "en") -> str:
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Rivers rise | Example News</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><article>
<h1>Rivers rise after a week of rain</h1>
<p>{P1}</p>
<p>{P2}</p>
{inside}
<p>{P3}</p>
</article>
{after}
</main>
<footer>Copyright Example News. All rights reserved.</footer>
</body></html>
"""


def _boxes(doc: newsclean.Document, kind: BoxKind) -> list[str]:
    return [" ".join(b.text.split()) for b in doc.boxes if b.kind is kind]


def _assert_article_intact(doc: newsclean.Document) -> None:
    for para in (P1, P2, P3):
        assert para in doc.text


def test_a_token_never_spans_two_class_names() -> None:
    """ "imageEmbed ArticlePhoto" are two classes of an inline image, not an "embed-article"
    teaser; the same words in one class name still match."""
    assert container_verdict("div", "", "", "InlineImage-imageEmbed ArticlePhoto-wide") is None
    verdict = container_verdict("div", "", "", "story-embed-article")
    assert verdict is not None and verdict.verdict == "related"


def test_teaser_tiles_inside_a_related_container_are_one_related_box() -> None:
    """Outside the article, the cards of a "related-posts" grid (each a "card" with a linked
    headline and an image caption) belong to the related box, not to the page chrome."""
    tiles = "".join(
        f'<div class="card"><h3 class="card-title">'
        f'<a href="/a{i}">Teaser headline number {i} about floods</a></h3>'
        f'<figure><figcaption class="caption">Photo {i}</figcaption></figure></div>'
        for i in range(3)
    )
    doc = newsclean.extract(_page(after=f'<section class="related-posts"><h2>Related</h2>{tiles}</section>'))
    _assert_article_intact(doc)
    related = _boxes(doc, BoxKind.RELATED)
    assert len(related) == 1
    for i in range(3):
        assert f"Teaser headline number {i} about floods" in related[0]
        assert f"Teaser headline number {i}" not in doc.text


def test_teaser_list_around_the_article_is_related_when_mostly_links() -> None:
    """A "teaser" list next to the article, with no related class of its own, is a related box."""
    tiles = "".join(
        f'<div class="teaser-item"><h4><a href="/b{i}">Another headline number {i} on the weather</a>'
        "</h4></div>"
        for i in range(3)
    )
    doc = newsclean.extract(_page(after=f'<div class="teaser-list">{tiles}</div>'))
    _assert_article_intact(doc)
    related = _boxes(doc, BoxKind.RELATED)
    assert len(related) == 1 and all(f"headline number {i}" in related[0] for i in range(3))


def test_an_ad_label_claims_its_small_article_tile_and_no_more() -> None:
    """In a grid of <article> tiles, the tile carrying "ANZEIGE" is an ad box; its neighbour,
    a tile of the site's own, is not."""
    grid = (
        '<div class="tile-grid">'
        '<article class="tile"><div class="kat">ANZEIGE</div>'
        '<h3><a href="https://shop.example.com/x">Jetzt Rabatte beim Möbelhaus sichern</a></h3></article>'
        '<article class="tile"><div class="kat">Lokales</div>'
        '<h3><a href="/lokales/y">Stadtrat beschließt neue Parkgebühren</a></h3></article>'
        "</div>"
    )
    doc = newsclean.extract(_page(after=grid))
    _assert_article_intact(doc)
    ads = _boxes(doc, BoxKind.AD)
    assert len(ads) == 1 and "Jetzt Rabatte beim Möbelhaus sichern" in ads[0]
    assert "Parkgebühren" not in ads[0]


def test_an_ad_label_in_a_title_bar_claims_the_box_the_bar_heads() -> None:
    """ "Die besten Leasing-Deals" + "ANZEIGE" form the title bar of a list of offers: the whole
    list is the ad, not just its title bar."""
    offers = "".join(
        f'<div class="item"><a href="https://deals.example.com/{i}">'
        f"Leasing-Angebot {i} für 199 Euro im Monat</a>"
        "</div>"
        for i in range(3)
    )
    box = (
        '<div class="deals"><div class="bar"><h4>Die besten Leasing-Deals</h4><span>ANZEIGE</span></div>'
        f'<div class="list">{offers}</div></div>'
    )
    doc = newsclean.extract(_page(after=f'<div class="sidebar-col">{box}</div>', lang="de"))
    _assert_article_intact(doc)
    ads = _boxes(doc, BoxKind.AD)
    assert len(ads) == 1 and all(f"Leasing-Angebot {i}" in ads[0] for i in range(3))


def test_a_linked_headline_line_inside_the_article_is_related() -> None:
    """A paragraph of the article that is one link with a headline's words points to another
    article: a related box. A short linked line (a tag, an author) is not a teaser."""
    inside = (
        '<p><a href="/other/storm-tracker">Storm tracker shows where the flood is heading next</a></p>'
        '<p><a href="/tag/floods">Floods</a></p>'
    )
    doc = newsclean.extract(_page(inside=inside))
    _assert_article_intact(doc)
    related = _boxes(doc, BoxKind.RELATED)
    assert related == ["Storm tracker shows where the flood is heading next"]


def test_recommendations_inside_a_sponsored_widget_are_ads() -> None:
    """A "recommendations" list inside a "sponsored" widget is the widget's: an ad box."""
    recs = "".join(
        f'<div class="recommendation-item"><a href="https://promo.example.net/{i}">'
        f"Doctors are stunned by this simple trick number {i}</a></div>"
        for i in range(3)
    )
    widget = f'<div class="sponsored-widget"><div class="recommendations">{recs}</div></div>'
    doc = newsclean.extract(_page(after=widget))
    _assert_article_intact(doc)
    assert not _boxes(doc, BoxKind.RELATED)
    ads = _boxes(doc, BoxKind.AD)
    assert len(ads) == 1 and all(f"simple trick number {i}" in ads[0] for i in range(3))


def test_small_linked_article_tiles_around_the_article_are_related() -> None:
    """A stream of one-line <article> tiles next to the story is a related box."""
    tiles = "".join(
        f'<article class="tile"><a href="/koeln/{i}">Kurzmeldung Nummer {i} aus der Stadt Köln</a></article>'
        for i in range(3)
    )
    doc = newsclean.extract(_page(after=f'<section class="stream">{tiles}</section>'))
    _assert_article_intact(doc)
    related = _boxes(doc, BoxKind.RELATED)
    assert len(related) == 1 and all(f"Kurzmeldung Nummer {i}" in related[0] for i in range(3))


FAQ_A = "Most households pay the new rate from July, when the first bills under the new scheme go out."
FAQ_B = "Tenants pay it through their service charges, which landlords may raise once a year at most."


def test_an_explainer_marker_heading_takes_the_section_it_opens() -> None:
    """ "Frequently asked questions" as an <h2> opens an explainer box that runs to the next
    <h2>; the text after that heading is the article's again."""
    inside = (
        "<h2>Frequently asked questions</h2>"
        f"<h3>When does the new rate apply?</h3><p>{FAQ_A}</p>"
        f"<h3>Who pays it?</h3><p>{FAQ_B}</p>"
        "<h2>What happens next</h2>"
    )
    doc = newsclean.extract(_page(inside=inside))
    _assert_article_intact(doc)
    explainers = _boxes(doc, BoxKind.EXPLAINER)
    assert len(explainers) == 1
    assert FAQ_A in explainers[0] and FAQ_B in explainers[0] and "Who pays it?" in explainers[0]
    assert FAQ_A not in doc.text and "What happens next" in doc.text


def test_an_explainer_marker_heading_over_most_of_the_article_stays_body() -> None:
    """ "Background" over the whole text is a subheading of the article, not a box."""
    page = _page().replace(f"<p>{P1}</p>", f"<h2>Background</h2><p>{P1}</p>")
    doc = newsclean.extract(page)
    _assert_article_intact(doc)
    assert not _boxes(doc, BoxKind.EXPLAINER)


@pytest.mark.parametrize(
    ("line", "is_marker"),
    [
        ("Zahlen", True),
        ("Zahlen und Fakten zur Wahl", True),
        ("Chronologie der Ereignisse", True),
        ("Die wichtigsten Fragen zum Coronavirus", True),
        ("Questions about the best tax software", True),
        ("Hintergrund – die Nato", True),
        ("Info (Stand Mai)", True),
        # the same words opening a subheading or a sentence
        ("Zahlen steigen weiter", False),
        ("Wissen Sie, was Sie unterschreiben?", False),
        ("Background checks fail at the border", False),
        ("Summary judgment denied", False),
    ],
)
def test_an_explainer_phrase_names_a_box_only_before_its_topic(line: str, is_marker: bool) -> None:
    hit = marker_verdict(line)
    assert (hit is not None and hit.verdict == "explainer") is is_marker


@pytest.mark.parametrize(
    "heading", ["What is Dezuka Suisan?", "Who is the front-runner?", "Zahlen steigen weiter"]
)
def test_a_question_or_sentence_subheading_keeps_its_section_in_the_body(heading: str) -> None:
    """An <h2> in the running text that asks a question or opens a sentence is the article's
    own subheading: the section under it stays body ("What is …?" is no box name)."""
    page = _page().replace(f"<p>{P3}</p>", f"<h2>{heading}</h2><p>{P3}</p>")
    doc = newsclean.extract(page)
    _assert_article_intact(doc)
    assert not _boxes(doc, BoxKind.EXPLAINER)
    assert heading in doc.text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Mehr dazu sagte er nicht.", None),
        ("Zum Thema äußerte sich die Ministerin nicht.", None),
        ("Related charges were dropped.", None),
        ("Trending downward, the index fell again.", None),
        ("Hintergrund der Entscheidung ist die Haushaltslage.", None),
        ("Background checks failed at the border.", None),
        # teaser lines: a label before the story, or a link to it
        ("Lesen Sie auch: Die Bahn streikt.", BoxKind.RELATED),
        ("Mehr zum Thema", BoxKind.RELATED),
        ("Mehr zum Thema.", BoxKind.RELATED),
        ("Mehr dazu lesen Sie <a href='/bahn'>in unserem Bericht</a>.", BoxKind.RELATED),
    ],
)
def test_a_sentence_opening_like_a_teaser_line_is_body(line: str, kind: BoxKind | None) -> None:
    """A short paragraph that merely starts with a related or explainer phrase ("Mehr dazu …",
    "Hintergrund der …") and ends like a sentence is the article's own text unless it links to
    another story."""
    page = _page().replace(f"<p>{P3}</p>", f"<p>{line}</p><p>{P3}</p>")
    doc = newsclean.extract(page)
    _assert_article_intact(doc)
    text = LexborHTMLParser(line).text()
    if kind is None:
        assert text in doc.text and not doc.boxes
    else:
        assert any(b.kind is kind and text in b.text for b in doc.boxes) and text not in doc.text


TRANSCRIPT = [
    ("My Lords and Members of the House of Commons, my Government will govern in the service of "
     "working people, and its legislative programme will be built on the principles of security, "
     "fairness and opportunity for everyone, in every part of the country and in every region."),
    ("A Bill will be introduced to establish a national energy company owned by the public, which "
     "will invest in clean power across the nations, help to cut household bills over time and "
     "give the country a measure of security against the price shocks of recent winters."),
    ("Legislation will be brought forward to strengthen the rights of tenants, to end evictions "
     "without a stated reason, and to give people who rent their homes the means to challenge "
     "rent rises that they consider unfair before an independent tribunal set up for the purpose."),
    ("My Government will introduce measures to reform the planning system so that more homes can "
     "be built where they are needed, with the roads, schools and surgeries that new communities "
     "require, while the green belt is protected from building that would spoil the countryside."),
]


def test_a_named_explainer_with_half_the_article_is_a_box() -> None:
    """A "factbox" holding the full transcript next to the report is still a box: a box named
    by its class is the article only when it holds nearly all of the article's prose."""
    transcript = "".join(f"<p>{p}</p>" for p in TRANSCRIPT)
    inside = f"<div class='factbox'><h2>The full transcript</h2>{transcript}</div>"
    doc = newsclean.extract(_page(inside=inside))
    _assert_article_intact(doc)
    explainers = _boxes(doc, BoxKind.EXPLAINER)
    assert len(explainers) == 1 and TRANSCRIPT[0] in explainers[0]
    assert TRANSCRIPT[0] not in doc.text


def test_three_infoboxes_with_half_the_article_stay_boxes() -> None:
    """Three "infobox" asides holding about half the article's prose between them are boxes, as
    one would be: a class on every section is layout only when the sections hold nearly all of
    it (found by the property test that inserts a teaser line)."""
    first, second, third, fourth = (f"<p>{p}</p>" for p in TRANSCRIPT)
    boxed = [first, second, third + fourth]
    inside = "".join(f"<aside class='infobox'><h3>Hintergrund</h3>{box}</aside>" for box in boxed)
    doc = newsclean.extract(_page(inside=inside, lang="de"))
    _assert_article_intact(doc)
    explainers = _boxes(doc, BoxKind.EXPLAINER)
    assert len(explainers) == 3 and all(p not in doc.text for p in TRANSCRIPT)


def test_a_named_explainer_of_links_is_related() -> None:
    """A "textbox" listing other articles of a dossier points elsewhere: it is related, while
    a textbox of prose with one link stays an explainer."""
    titles = ("Electric cars: the road to a green battery", "Old cells", "Lithium mines in the Andes")
    links = "".join(f"<li><a href='/dossier/{i}'>{title}</a></li>" for i, title in enumerate(titles))
    dossier = f"<div class='textbox'><h3>More from the dossier</h3><ul>{links}</ul></div>"
    explained = (
        f"<div class='textbox'><h3>What is a flood gauge?</h3><p>{FAQ_A} <a href='/g'>More</a></p></div>"
    )
    doc = newsclean.extract(_page(inside=dossier + explained))
    _assert_article_intact(doc)
    related, explainers = _boxes(doc, BoxKind.RELATED), _boxes(doc, BoxKind.EXPLAINER)
    assert any("Lithium mines in the Andes" in b for b in related)
    assert not any("Lithium mines" in b for b in explainers)
    assert any(FAQ_A in b for b in explainers)


@pytest.mark.parametrize(
    ("widget", "item", "organic", "paid"),
    [
        ("OUTBRAIN", "li class='ob-dynamic-rec-container ob-recIdx-{i} ob-{mark}'", "o", "p"),
        ("trc_rbox taboola", "div class='videoCube trc_spotlight_item{mark}'", "", " syndicatedItem"),
    ],
    ids=["outbrain", "taboola"],
)
def test_a_recommendation_widget_splits_the_sites_own_items_from_paid_ones(
    widget: str, item: str, organic: str, paid: str
) -> None:
    """Outbrain and Taboola mix the site's own articles with paid ones in one ad widget and mark
    the paid items: the unmarked ones are related, the marked ones ad."""
    stories = [
        ("Plane lands on a highway", organic),
        ("Ten credit cards that pay you back", paid),
        ("Kepler finds an Earth-like planet", organic),
        ("This town will take your breath away", paid),
    ]
    tag = item.split()[0]
    items = "".join(
        f"<{item.format(i=i, mark=mark)}><a href='/s/{i}'>{title}</a></{tag}>"
        for i, (title, mark) in enumerate(stories)
    )
    doc = newsclean.extract(_page(after=f"<div class='{widget}'><h3>You might also like</h3>{items}</div>"))
    _assert_article_intact(doc)
    related, ads = " ".join(_boxes(doc, BoxKind.RELATED)), " ".join(_boxes(doc, BoxKind.AD))
    assert "Plane lands on a highway" in related and "Kepler finds an Earth-like planet" in related
    assert "Ten credit cards" in ads and "This town will take" in ads
    assert "Ten credit cards" not in related and "Plane lands" not in ads


def test_an_aside_around_an_article_of_its_own_is_related() -> None:
    """An <aside> in the article holding an <article> (headline, dek, author) announces another
    article; an <aside> of text explains this one."""
    teaser = (
        "<aside><article><header><h3>Is artificial intelligence a dud?</h3></header>"
        "<p>The supposed IT revolution has yet to arrive in the offices of most firms.</p>"
        "<p>By Anna Muster</p></article></aside>"
    )
    explainer = f"<aside><h3>What is a flood gauge?</h3><p>{FAQ_A}</p></aside>"
    doc = newsclean.extract(_page(inside=teaser + explainer))
    _assert_article_intact(doc)
    assert any("Is artificial intelligence a dud?" in b for b in _boxes(doc, BoxKind.RELATED))
    assert any(FAQ_A in b for b in _boxes(doc, BoxKind.EXPLAINER))
    assert not any("artificial intelligence" in b for b in _boxes(doc, BoxKind.EXPLAINER))


def test_a_named_explainer_holding_nearly_all_the_prose_is_the_article() -> None:
    """A page whose every paragraph sits inside an "infobox" has no article outside it: the
    box is the article."""
    transcript = "".join(f"<p>{p}</p>" for p in TRANSCRIPT)
    page = _page(inside=f"<div class='infobox'>{transcript}</div>").replace(f"<p>{P2}</p>", "")
    page = page.replace(f"<p>{P3}</p>", "")
    doc = newsclean.extract(page)
    assert all(p in doc.text for p in TRANSCRIPT)
    assert not _boxes(doc, BoxKind.EXPLAINER)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Unzufrieden mit Ihrem Leasingvertrag? Jetzt bequem online kündigen! (Anzeige)", "marker-ad-badge"),
        ("Heute wird es günstig [Werbung]", "marker-ad-badge"),
        ("Heute wird ein langer Teaser zu etwas ganz anderem 6.652 ADVERTISEMENT  ", "marker-ad-badge"),
        ("Ein langer Teaser mit dem Abzeichen (Paid content)", "marker-ad-badge"),
        ("ANZEIGE - Heute mal ausgehen/bestellen? Wie wäre es mit:", "marker-ad-badge"),
        ("Advertisement | Switch your energy plan now", "marker-ad-badge"),
        ("Jetzt zugreifen!", "marker-ad-cta"),
        ("Paid Partner", "marker-ad"),
        # an ad word that is the sentence's own: no badge
        ("Anzeige gegen Unbekannt erstattet", None),
        ("Die Polizei nahm die Anzeige auf.", None),
        ("Werbung wirkt, sagt die Studie", None),
        ("Jetzt zugreifen, sagte der Händler, solange der Vorrat reicht", None),
    ],
)
def test_ad_badges_and_calls_to_action(line: str, rule: str | None) -> None:
    from newsclean.rules import marker_verdict

    hit = marker_verdict(line)
    assert (hit.rule if hit else None) == rule
    assert hit is None or hit.verdict == "ad"


def test_an_explainer_title_after_a_topic_is_a_marker() -> None:
    """ "Cloud-Gaming: Das Wichtigste in Kürze" names its topic before the box title; a heading
    that merely has a colon is no marker."""
    from newsclean.rules import marker_verdict

    hit = marker_verdict("Cloud-Gaming: Das Wichtigste in Kürze")
    assert hit is not None and hit.verdict == "explainer"
    assert marker_verdict("Stadtrat: Die Mehrheit steht") is None
    inside = (
        "<h2>Hochwasser: Das Wichtigste in Kürze</h2>"
        "<ul><li>Die alte Brücke bleibt bis Freitag gesperrt.</li><li>Busse fahren eine Umleitung.</li></ul>"
    )
    doc = newsclean.extract(_page(inside=inside, lang="de"))
    _assert_article_intact(doc)
    explainers = _boxes(doc, BoxKind.EXPLAINER)
    assert len(explainers) == 1 and "Busse fahren eine Umleitung." in explainers[0]


def test_a_key_points_box_between_headline_and_text_is_an_explainer() -> None:
    """ "Key Points" above the article body, outside its element, is an explainer box; the same
    kind of box after the article (a sidebar blurb) is not reported."""
    key_points = (
        '<div class="summary-card"><h2>Key Points</h2><ul>'
        "<li>The old bridge is closed until the engineers have checked it.</li>"
        "<li>The water is expected to peak this evening.</li></ul></div>"
    )
    page = _page().replace("<main>", f"{key_points}<main>")
    doc = newsclean.extract(page)
    _assert_article_intact(doc)
    explainers = _boxes(doc, BoxKind.EXPLAINER)
    assert len(explainers) == 1 and "The water is expected to peak this evening." in explainers[0]
    after = _page().replace("</main>", f"</main>{key_points}")
    doc = newsclean.extract(after)
    _assert_article_intact(doc)
    assert not _boxes(doc, BoxKind.EXPLAINER)


def test_a_call_to_action_block_in_the_article_is_an_ad() -> None:
    """A "block-cta" promoting the site's own plans, between two paragraphs, is a house ad."""
    cta = (
        '<div class="block-cta"><h3>Let us earn your trust</h3>'
        "<p>On average, our customers save four hours a week with the premium plan we sell.</p>"
        '<p><a href="/pricing">See plan options</a></p></div>'
    )
    doc = newsclean.extract(_page(inside=cta))
    _assert_article_intact(doc)
    ads = _boxes(doc, BoxKind.AD)
    assert len(ads) == 1 and "premium plan we sell" in ads[0]
    assert "premium plan" not in doc.text


def test_a_coupon_portal_is_an_ad_box_a_menu_item_named_coupons_is_not() -> None:
    """ "Mit Gutscheinen sparen" over links that each name a coupon is the affiliate portal a
    publisher runs with partners: an ad. The same word as one item of a menu is not."""
    shops = ("Saturn", "Galaxus", "Cyberport", "Euronics")
    portal = (
        '<div class="links"><p><a href="/g">Mit Gutscheinen sparen</a></p><ul>'
        + "".join(f'<li><a href="/g/{s.lower()}">{s} Gutscheine</a></li>' for s in shops)
        + "</ul></div>"
    )
    doc = newsclean.extract(_page(after=portal, lang="de"))
    _assert_article_intact(doc)
    (ad,) = _boxes(doc, BoxKind.AD)
    assert ad.startswith("Mit Gutscheinen sparen") and "Euronics Gutscheine" in ad

    items = ("Gutscheine", "Magazin", "Wiederbestellen", "Kontakt")
    menu = '<div class="links">' + "".join(f'<p><a href="/{w.lower()}">{w}</a></p>' for w in items) + "</div>"
    doc = newsclean.extract(_page(after=menu, lang="de"))
    _assert_article_intact(doc)
    assert not any("Magazin" in b.text for b in doc.boxes)


def _promo(heading: str, text: str, button: str) -> str:
    return (
        f'<div class="strip"><div class="strip-inner"><h2>{heading}</h2><p>{text}</p>'
        f'<div><a class="site-btn btn-gold" href="/offer">{button}</a></div></div></div>'
    )


def test_a_headed_box_closed_by_a_button_outside_the_article_is_an_ad() -> None:
    """A promotion: heading, a line of unlinked text, a link drawn as a button. The same shape
    asking for a newsletter sign-up, or opening an article (the button repeats the headline),
    is not an ad; nor is the shape inside the article."""
    offer = _promo(
        "Premium Investing Services",
        "Invest better with our analysts. Get stock picks and portfolio guidance every week.",
        "View Premium Services",
    )
    doc = newsclean.extract(_page(after=offer))
    _assert_article_intact(doc)
    (ad,) = _boxes(doc, BoxKind.AD)
    assert ad.startswith("Premium Investing Services") and ad.endswith("View Premium Services")
    assert next(b for b in doc.boxes if b.kind is BoxKind.AD).reasons == ("rule:button-promotion-heading",)

    for not_an_offer in (
        _promo("Stay informed", "Our newsletter brings the day's top stories to your inbox.", "Sign me up"),
        _promo(
            "Floods in the north", "Where the water is highest and what comes next.", "Floods in the north"
        ),
        _promo("Floods in the north", "Where the water is highest and what comes next.", "Read more"),
    ):
        doc = newsclean.extract(_page(after=not_an_offer))
        _assert_article_intact(doc)
        assert not _boxes(doc, BoxKind.AD)
    doc = newsclean.extract(_page(inside=offer))
    _assert_article_intact(doc)
    assert not _boxes(doc, BoxKind.AD)


def test_an_article_element_classed_as_a_teaser_is_a_card() -> None:
    """<article> and role=article name an article, unless the class calls the element a
    teaser, card or tile: then it is one card of a list of other articles."""
    for tag, role, hints in (("article", "", "teaser col-lg-3"), ("li", "article", "teaser views-row")):
        verdict = container_verdict(tag, role, "", hints)
        assert verdict is not None and verdict.verdict == "box"
        assert verdict.rule.endswith("+box-tokens:teaser")
    plain = container_verdict("article", "", "", "node node-article clearfix")
    assert plain is not None and plain.verdict == "content"


TEASER_DEK = (
    "A look back at the debates of the past year, in which we ask what is left of the big promises "
    "and why so many people would now rather not talk about it at all when it comes to their own future."
)


def test_a_list_of_role_article_teasers_is_not_body() -> None:
    """A grid of teasers below the article, each an element with role=article and a "teaser"
    class, its dek as long as a paragraph: a related list, not more article, even where the
    teasers' prose outweighs the article's and takes the main container up to the page."""
    cards = "".join(
        f'<li class="teaser views-row" role="article"><h2 class="title"><a href="/t{i}">Teaser {i} about '
        f'the year</a></h2><ul class="list-unstyled"><li class="author-date">By Max Muster, 0{i}.01.17</li>'
        f'<li class="headline">The subtitle {i}</li><li class="body">{TEASER_DEK} ({i})</li></ul></li>'
        for i in range(1, 13)
    )
    doc = newsclean.extract(_page(after=f'<div class="view"><ul class="view-content">{cards}</ul></div>'))
    _assert_article_intact(doc)
    assert TEASER_DEK not in doc.text
    assert "The subtitle" not in doc.text
    related = " ".join(_boxes(doc, BoxKind.RELATED))
    assert all(f"Teaser {i} about the year" in related for i in range(1, 13))


def test_an_ad_badge_outranks_a_tiles_teaser_class() -> None:
    """Outside the article, in a grid of tiles classed as teaser cards ("article-tile"), the
    one whose line ends with the ad label "Anzeige" is an ad; the others are related."""

    def tile(headline: str, badge: str) -> str:
        return (
            f'<article class="article-tile"><a class="article" href="/{len(headline)}">'
            f'<span class="h3">{headline}</span> <span class="badge">{badge}</span></a></article>'
        )

    # a grid larger than an ad tile (AD_TILE_MAX_BLOCKS): the badge labels its own tile only
    grid = (
        tile("Schlitter-Gefahr: Nach Seifenlaugen-Sauerei auf der A57 gilt Tempo 60", "Top")
        + tile("Dieses Mega-Event wird zur neuen Adresse für Gaming-Fans", "Anzeige")
        + "".join(tile(f"Daniel Barenboim erhält den Preis der Stadt, Folge {i}", "Köln") for i in range(5))
    )
    page = _page(lang="de").replace("<footer>", f'<section class="content">{grid}</section><footer>')
    doc = newsclean.extract(page)
    _assert_article_intact(doc)
    ads = " ".join(_boxes(doc, BoxKind.AD))
    assert "Mega-Event" in ads and "Seifenlaugen" not in ads
    related = " ".join(_boxes(doc, BoxKind.RELATED))
    assert "Seifenlaugen" in related and "Mega-Event" not in related


@pytest.mark.parametrize(
    "line",
    [
        "Leia também: O rio subiu",
        "Mehr zum Anspruch auf Urlaub: So viele Tage stehen Ihnen zu",
        "Você pode gostar...",
        "Te recomendamos",
        "Vous aimerez aussi",
        "Ook interessant",
    ],
)
def test_related_markers_in_more_languages(line: str) -> None:
    verdict = marker_verdict(line)
    assert verdict is not None and verdict.verdict == "related"


@pytest.mark.parametrize(
    ("line", "is_dateline"),
    [
        ("14.06.2019 | Von Anna Muster", True),
        ("Freitag | 14. Juni 2019 | 15:49 VON Sina Giebel IN Fashion | 0 COMMENTS", True),
        ("Monday, November 18, 2019", True),
        ("Sonntagsfrage 12.3.2020", False),  # a weekday opening a word is no weekday
        ("Bis 14.06.2020 gilt die Regel", False),
    ],
)
def test_a_short_line_opening_with_a_date_or_weekday_is_a_dateline(line: str, is_dateline: bool) -> None:
    verdict = marker_verdict(line)
    assert (verdict is not None and verdict.rule == "marker-dateline") is is_dateline


@pytest.mark.parametrize(
    "line", ["Text von Christian Probe Illustration von Lisa Muster", "Text & Fotos: Ivan Muster | 0 337"]
)
def test_a_credit_line_is_a_byline(line: str) -> None:
    verdict = marker_verdict(line)
    assert verdict is not None and verdict.verdict == "byline"


def test_a_breaking_news_ticker_is_related_and_an_article_classed_so_stays_body() -> None:
    """A "breaking-news" strip of other stories' headlines is a related list; a wrapper around
    the article itself with that class (a breaking story's page) keeps the article."""
    ticker = "".join(f'<li><a href="/b{i}">Breaking story number {i} about the storm</a> Just now</li>'
                     for i in range(4))
    doc = newsclean.extract(_page(after=f'<div class="breaking-news"><ul>{ticker}</ul></div>'))
    _assert_article_intact(doc)
    assert any("Breaking story number 2" in text for text in _boxes(doc, BoxKind.RELATED))
    wrapped = _page().replace("<main><article>", '<main><div class="breaking-news"><article>').replace(
        "</article>", "</article></div>"
    )
    _assert_article_intact(newsclean.extract(wrapped))


def _phrases() -> list[str]:
    import tomllib

    from newsclean._data import DATA_DIR

    raw = tomllib.loads((DATA_DIR / "rules.toml").read_text(encoding="utf-8"))
    return [w for group in raw["markers"] for w in group["phrases"]]


@given(
    st.sampled_from(_phrases()),
    st.lists(st.booleans(), max_size=40),
    st.text(alphabet=" -:.!»«\"“–\u00a0\u2028xyzſKıİÄß", max_size=8),
    st.text(max_size=3),
)
def test_the_marker_prefix_matches_like_the_whole_pattern(
    phrase: str, upper: list[bool], tail: str, head: str
) -> None:
    """MarkerPrefix.match compares case-folded texts with the phrases whose first characters
    fit, without running the pattern: it must find what the one pattern of all phrases finds,
    in any case and after any first characters."""
    from newsclean.rules import tables

    prefix = tables().marker_prefix
    flags = upper + [False] * len(phrase)
    cased = "".join(c.upper() if up else c for c, up in zip(phrase, flags[: len(phrase)], strict=True))
    for text in (cased + tail, head + cased + tail, head):
        fast, whole = prefix.match(text), prefix.pattern.match(text)
        assert (fast is None) == (whole is None)
        if fast is not None and whole is not None:
            assert (fast.lastgroup, fast.end()) == (whole.lastgroup, whole.end())


def test_the_marker_prefix_folds_every_code_point_as_regex_matches_it() -> None:
    """For every character of every phrase, the code points regex's IGNORECASE matches with it
    are exactly those MarkerPrefix folds to the same character."""
    import regex

    from newsclean.phrases import case_folding as _case_folding
    from newsclean.rules import tables

    prefix = tables().marker_prefix
    chars = {c for _, words in prefix._groups for w in words for c in w}
    folding = _case_folding(chars)
    assert folding is not None and prefix._folded
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for char in sorted(chars):
        matched = set(regex.findall(regex.escape(char), every, regex.IGNORECASE))
        assert matched == {c for c, f in folding.items() if f == folding[char]}, hex(ord(char))
        assert all(prefix._fold(c) == folding[char] for c in matched)


@pytest.mark.parametrize("text", ["Mehr zum Thema", "MEHR ZUM THEMA: x", "Lesen Sie auch", "Foto: dpa",
                                  "© 2024", "BY ANNA", "Anzeige", "mehr", "Nichts davon", ""])
def test_the_marker_prefix_without_case_tables_runs_the_pattern(text: str) -> None:
    """Where regex's case tables cannot be read, match runs the whole pattern: same answers."""
    import copy

    from newsclean.rules import tables

    prefix = tables().marker_prefix
    fallback = copy.copy(prefix)
    fallback._folded = False
    fast, slow, whole = prefix.match(text), fallback.match(text), prefix.pattern.match(text)
    assert (fast is None) == (slow is None) == (whole is None)
    if fast is not None and slow is not None and whole is not None:
        assert (fast.lastgroup, fast.end(fast.lastgroup), fast.end(), fast.phrase) == (
            slow.lastgroup, slow.end(slow.lastgroup), slow.end(), slow.phrase
        ) == (whole.lastgroup, whole.end(whole.lastgroup), whole.end(), whole.group(whole.lastgroup))
