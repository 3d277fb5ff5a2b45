"""Block text as segment() writes it: word breaks between text nodes that touch."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsclean.segment import segment


def _texts(body: str) -> list[str]:
    page = segment(LexborHTMLParser(f"<html><body>{body}</body></html>"))
    return [b.text for b in page.blocks]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # feed tiles: title and sponsor spans touch, a style sheet puts them on two lines
        (
            "<p><span>Best Tracking Device Ever Is Selling Like Crazy</span><span>Sponsored by X</span></p>",
            "Best Tracking Device Ever Is Selling Like Crazy Sponsored by X",
        ),
        (
            "<p><span>Selling Like Hotcakes!</span><span>Sponsored by Lumify</span></p>",
            "Selling Like Hotcakes! Sponsored by Lumify",
        ),
        ("<li><a href='/x'>Mein Haus und ich</a><span>Anzeige</span></li>", "Mein Haus und ich Anzeige"),
        # no word break: drop caps, word parts in one case, digits, words written with a space
        ("<p><span class='dropcap'>D</span>er Rat tagte am Montag.</p>", "Der Rat tagte am Montag."),
        ("<p><b>Wort</b>teil und <i>HTML</i>5</p>", "Wortteil und HTML5"),
        ("<p>Die <b>Stadt</b> Bonn</p>", "Die Stadt Bonn"),
        ("<p>Ä<b>rger</b> über <b>ÖPNV</b>-Preise</p>", "Ärger über ÖPNV-Preise"),
    ],
)
def test_touching_text_nodes(html: str, text: str) -> None:
    assert _texts(html) == [text]


def test_word_break_keeps_link_offsets() -> None:
    page = segment(LexborHTMLParser("<p><a href='/a'>jetzt kündigen</a><a href='/b'>Anzeige</a></p>"))
    (block,) = page.blocks
    assert block.text == "jetzt kündigen Anzeige"
    assert [(block.text[ln.start : ln.end].strip(), ln.href) for ln in block.links] == [
        ("jetzt kündigen", "/a"),
        ("Anzeige", "/b"),
    ]


def test_text_is_nfc_and_links_still_cover_their_anchor() -> None:
    # a decomposed umlaut (macOS), and an acute that starts a text node of its own
    page = segment(LexborHTMLParser("<p>Sta<b>e</b>\u0301dte <a href='/a'>fu\u0308r</a> B\u00fcrger</p>"))
    (block,) = page.blocks
    assert block.text == "Sta\u00e9dte f\u00fcr B\u00fcrger"
    assert [block.text[ln.start : ln.end] for ln in block.links] == ["f\u00fcr"]


def test_table_cells_are_nfc() -> None:
    page = segment(LexborHTMLParser("<table><tr><td>Gru\u0308n</td><td>Wei\u00df</td></tr></table>"))
    assert [b.cells for b in page.blocks] == [("Gr\u00fcn", "Wei\u00df")]
