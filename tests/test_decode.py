"""decode_html: BOM, declared charset, UTF-8 preference, detection, and never raising."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import decode
from newsclean.decode import _declared_encoding, decode_html, decode_page

CAFE = "<p>café – déjà vu</p>"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_and_is_stripped(bom: bytes, encoding: str) -> None:
    """Each byte-order mark picks its encoding and does not survive as U+FEFF."""
    assert decode_html(bom + CAFE.encode(encoding)) == CAFE


def test_bom_beats_declared_charset() -> None:
    """A BOM wins over a contradicting <meta charset>."""
    page = '<meta charset="windows-1252">' + CAFE
    assert decode_html(codecs.BOM_UTF8 + page.encode()) == page


def test_meta_charset_windows_1252() -> None:
    """<meta charset=windows-1252> reads cp1252 bytes, including the euro sign at 0x80."""
    page = '<html><head><meta charset="windows-1252"></head><body><p>café 20 €</p>'
    assert decode_html(page.encode("cp1252")) == page


def test_character_references_in_the_declaration_are_decoded() -> None:
    """A label spelled with character references names its encoding, as the tree builder reads it.

    Found by the property tests (``entities="mixed"`` spells attribute letters as references);
    on that page, detection without the label read the windows-1252 bytes as mac-roman.
    """
    assert _declared_encoding(b"<meta charset='wind&#111;ws-1252'>") == "cp1252"
    assert (
        _declared_encoding(b'<meta http-equiv=content-type content="text/html; ch&#x61;rset=koi8&#45;r">')
        == "koi8-r"
    )
    page = "<meta charset='wind&#111;ws-1252'><p>„Büchereien“ – café 20 €</p>"
    assert decode_html(page.encode("cp1252")) == page


def test_http_equiv_content_type() -> None:
    """The charset in <meta http-equiv=Content-Type content=...> is honoured."""
    page = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Привет, мир</p>'
    assert decode_html(page.encode("koi8-r")) == page


def test_xml_declaration_encoding() -> None:
    """The encoding of a leading XML declaration is honoured."""
    page = '<?xml version="1.0" encoding="windows-1251"?><html><p>Новости дня</p></html>'
    assert decode_html(page.encode("cp1251")) == page


def test_latin1_label_means_windows_1252() -> None:
    """latin-1 / iso-8859-1 labels decode as cp1252, as browsers do (0x93/0x94 are quotes)."""
    page = '<meta charset="iso-8859-1"><p>\u201cquoted\u201d café</p>'
    assert decode_html(page.encode("cp1252")) == page


def test_declared_latin1_but_valid_utf8_is_utf8() -> None:
    """A page declaring latin-1 whose bytes are valid non-ASCII UTF-8 is read as UTF-8."""
    page = '<meta charset="iso-8859-1">' + CAFE
    assert decode_html(page.encode("utf-8")) == page


def test_declared_utf8_with_stray_bytes_keeps_cafe() -> None:
    """A declared UTF-8 page with an invalid byte keeps "café" and gets one U+FFFD."""
    data = '<meta charset="utf-8"><p>café '.encode() + b"\xff" + " déjà</p>".encode()
    text = decode_html(data)
    assert "café" in text and "déjà" in text
    assert text.count("\ufffd") == 1


def test_cp1252_bytes_declared_utf8_are_detected() -> None:
    """A cp1252 page under a UTF-8 declaration (no valid multi-byte sequence) is not read as
    UTF-8 with a U+FFFD for every accent."""
    page = (
        '<meta charset="utf-8"><p>Le gouvernement a annoncé mercredi une série de mesures '
        "destinées à réduire la facture énergétique des ménages dès l'été prochain.</p>"
    )
    assert decode_html(page.encode("cp1252")) == page


def test_undeclared_utf8_with_stray_byte_stays_utf8() -> None:
    """Without a declaration, mostly-valid UTF-8 is not handed to the statistical guesser."""
    data = "<p>Grüße aus Köln, schöne Straße</p>".encode() + b"\x81"
    text = decode_html(data)
    assert "Grüße aus Köln, schöne Straße" in text


def test_undeclared_cp1252_is_detected() -> None:
    """Undeclared cp1252 prose is detected, not shown as mojibake or U+FFFD."""
    page = (
        "<html><body><p>Le gouvernement a annoncé mercredi une série de mesures destinées à "
        "réduire la facture énergétique des ménages. Selon le ministre, ces décisions "
        "entreront en vigueur dès l'été prochain, après consultation des élus régionaux."
        "</p></body></html>"
    )
    assert decode_html(page.encode("cp1252")) == page


def test_undeclared_cp1251_is_detected() -> None:
    """Undeclared Cyrillic cp1251 is detected as such."""
    page = "<p>Это русский текст, написанный в кодировке windows-1251 для проверки.</p>"
    assert decode_html(page.encode("cp1251")) == page


def test_unknown_label_is_ignored() -> None:
    """An unknown or non-text label (base64) is ignored instead of failing or garbling."""
    for label in ("bogus-charset", "base64", "rot13", "utf-7"):
        data = f'<meta charset="{label}"><p>caf'.encode() + b"\xe9 au lait</p>"
        assert "café au lait" in decode_html(data)


def test_commented_out_meta_is_ignored() -> None:
    """A <meta charset> inside a comment does not count."""
    data = b'<!-- <meta charset="koi8-r"> --><meta charset="windows-1251"><p>\xcf\xf0\xe8</p>'
    assert "При" in decode_html(data)


def test_iso_2022_jp_ascii_bytes() -> None:
    """7-bit ISO-2022-JP is decoded by its declaration, not taken as ASCII."""
    page = '<meta charset="iso-2022-jp"><p>日本語のニュース</p>'
    assert decode_html(page.encode("iso2022_jp")) == page


def test_bomless_utf16() -> None:
    """UTF-16 without BOM is recognised by its NUL pattern."""
    page = "<html><body><p>Hello from a BOM-less UTF-16 page</p></body></html>"
    assert decode_html(page.encode("utf-16-le")) == page
    assert decode_html(page.encode("utf-16-be")) == page


def test_nul_becomes_replacement_character() -> None:
    """NUL characters become U+FFFD, on every path."""
    assert decode_html(b"<p>a\x00b</p>") == "<p>a\ufffdb</p>"
    assert decode_html(codecs.BOM_UTF8 + b"a\x00b") == "a\ufffdb"
    assert decode_html(b"<p>caf\xe9\x00</p>") == "<p>café\ufffd</p>"


_EVERY_CODEC = sorted(
    decode._ALLOWED_CODECS | set(decode._DETECTION_CANDIDATES) | {encoding for _, encoding in decode._BOMS}
)


@pytest.mark.parametrize("codec", _EVERY_CODEC)
@given(st.binary(max_size=300).map(lambda b: b.replace(b"\x00", b"")))
@example(b"+AAA-")  # NUL in UTF-7, which decode_html never uses
@example(b"\x1b$B!!\x1b(B\x1b$(D\x80\x80")  # ISO-2022-JP escapes
@example(b"\x81\x30\x81\x30\xfe\xff")  # a GB18030 four-byte sequence, broken pairs
def test_only_a_zero_byte_decodes_to_nul(codec: str, data: bytes) -> None:
    """decode_html looks for NUL in the text only where the bytes hold a zero byte: in no
    codec it uses may other bytes (escapes, multi-byte sequences, broken ones) give NUL."""
    assert "\x00" not in data.decode(codec, "replace")


@given(st.one_of(st.binary(max_size=300), st.text(max_size=100).map(str.encode)))
def test_decode_page_keeps_the_bytes_only_where_they_are_the_text(data: bytes) -> None:
    decoded = decode_page(data)
    assert decoded.text == decode_html(data)
    if decoded.utf8 is not None:
        assert decoded.utf8 is data and data == decoded.text.encode("utf-8")


def test_decode_page_keeps_valid_utf8_bytes() -> None:
    page = "<p>Grüße aus Köln</p>".encode()
    assert decode_page(page).utf8 is page
    assert decode_page(b"<p>plain ascii</p>").utf8 is not None
    assert decode_page(b"<p>a\x00b</p>").utf8 is None  # the NUL was replaced
    assert decode_page(codecs.BOM_UTF8 + page).utf8 is None  # the text lacks the BOM
    assert decode_page("<p>café</p>".encode("cp1252")).utf8 is None


def test_empty_bytes() -> None:
    """Empty input decodes to the empty string."""
    assert decode_html(b"") == ""


def test_lone_bom() -> None:
    """A BOM with nothing after it decodes to the empty string."""
    assert decode_html(codecs.BOM_UTF8) == ""
    assert decode_html(codecs.BOM_UTF16_LE) == ""


def test_truncated_utf16_after_bom() -> None:
    """An odd trailing byte after a UTF-16 BOM becomes U+FFFD, not an exception."""
    assert decode_html(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"x") == "ab\ufffd"


@given(st.binary(max_size=2000))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    """Any bytes decode to a str without NUL."""
    text = decode_html(data)
    assert isinstance(text, str)
    assert "\x00" not in text


@given(st.text(max_size=500))
def test_utf8_round_trip(text: str) -> None:
    """Any text encoded as UTF-8 (without NUL and BOM) comes back unchanged."""
    text = text.replace("\x00", "").lstrip("\ufeff")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot be encoded at all
        return
    if b"\x00" in data:
        return
    assert decode_html(data) == text
