"""Bytes → text, the way a browser picks the encoding (WHATWG "encoding sniffing").

Order: byte-order mark, then valid UTF-8 (cheap and almost always right), then the charset
the page declares, then statistical detection. Three deliberate departures from the standard:

* a page that declares a legacy charset but whose bytes are valid, non-ASCII UTF-8 is read
  as UTF-8: CMS templates keep a stale ``<meta charset=iso-8859-1>`` long after the content
  moved to UTF-8, and the reverse accident (cp1252 text that happens to be valid UTF-8) is
  vanishingly rare for real prose;
* a page that declares nothing is not read as windows-1252 blindly: charset-normalizer
  guesses, because an undeclared Cyrillic or CJK page read as cp1252 is pure mojibake;
* a page that declares UTF-8 but has more invalid bytes than valid multi-byte sequences
  is detected like an undeclared one (a browser would show U+FFFD for every accent).

``decode_html`` never raises: undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import html
import re
from typing import NamedTuple

__all__ = ["Decoded", "decode_html", "decode_page"]

# The standard pre-scans 1024 bytes; real pages often put analytics snippets and long
# comments before the <meta charset>, and scanning 4 KiB more costs nothing measurable.
PRESCAN_BYTES = 4096

# charset-normalizer's cost grows with its input; 64 KiB holds enough prose to tell
# legacy encodings apart and keeps detection around tens of milliseconds on any page.
DETECTION_SAMPLE_BYTES = 64 * 1024

# A UTF-16 page without BOM (rare, but some exporters write one) shows, for the ASCII
# markup, as the high byte of every pair being NUL and the low byte never; NUL padding or
# stray NULs in a UTF-8 page put NULs on both sides. The shares leave room for a few
# non-ASCII characters in the sniffed head.
UTF16_SNIFF_BYTES = 512
UTF16_HIGH_BYTE_MIN_NUL_SHARE = 0.75
UTF16_LOW_BYTE_MAX_NUL_SHARE = 0.25

# charset-normalizer cannot tell cp1252 from cp1250/cp1257 on a short Western text (they
# share most accented letters) and then picks by a hair of "chaos". cp1252 is by far the
# most common legacy web encoding, so a near-tie goes to it.
WESTERN_PRIOR_CHAOS_TOLERANCE = 0.1
WESTERN_PRIOR_COHERENCE_TOLERANCE = 0.05

# Below this many bytes a NUL share says nothing (b"a\x00b" is not UTF-16).
UTF16_MIN_SAMPLE = 16

# The legacy encodings browsers still meet (the Encoding Standard's set), in
# charset-normalizer's spelling. Restricting the guesser to them makes it ~20x faster and
# stops it from picking exotic code pages (cp775, mac_iceland) for short Western text.
_DETECTION_CANDIDATES = [
    "utf_8", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "iso8859_2", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_13", "iso8859_15", "koi8_r", "koi8_u", "cp866", "mac_roman", "gb18030", "big5",
    "big5hkscs", "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr", "cp874",
]

# UTF-32 marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Python's canonical codec name → the codec the WHATWG Encoding Standard actually means by
# that label (browsers read "latin-1" and "ascii" pages as windows-1252, and so on).
_WHATWG_OVERRIDES = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    # A <meta> that could be read as ASCII cannot be UTF-16; the standard says UTF-8.
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}

# Labels from the Encoding Standard that Python spells differently or lacks.
_WHATWG_LABELS = {
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-roman": "mac-roman",
    "iso-8859-8-i": "iso8859-8",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "x-gbk": "gb18030",
    "koi8-ru": "koi8-u",
    "dos-874": "cp874",
}

# Everything the Encoding Standard can name, as Python codecs. Any other codec a label
# resolves to (utf-7, base64, rot13, EBCDIC...) is ignored as the standard says, so no page
# can choose a transform that is not a text encoding.
_ALLOWED_CODECS = frozenset(
    {
        "utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic",
        "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949", "cp874",
    }
    | {f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)}
    | {f"cp{n}" for n in range(1250, 1259)}
)

# Encodings in which pure-ASCII bytes do not mean ASCII text (escape-sequence based).
_NON_ASCII_COMPATIBLE = frozenset({"iso2022_jp"})

_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)
_META = re.compile(rb"<meta[\s/]([^>]*)", re.I)
_ATTR = re.compile(
    rb"""([^\s/>=][^\s/>=]*)\s*(?:=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?"""
)
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([^\s"';]+)""", re.I)
_XML_DECL = re.compile(rb"""\s*<\?xml[^>]*?\sencoding\s*=\s*["']?([A-Za-z0-9._:\-]+)""", re.I)


class Decoded(NamedTuple):
    text: str
    # the page's own bytes where they are exactly ``text`` in UTF-8 (most pages): the parser
    # reads them as they are instead of encoding ``text`` back to UTF-8
    utf8: bytes | None


def decode_html(data: bytes) -> str:
    """Decode one page's bytes; never raises, NUL and undecodable bytes become U+FFFD."""
    return decode_page(data).text


def decode_page(data: bytes) -> Decoded:
    """``decode_html``, with the bytes kept where they are the text's UTF-8."""
    text, as_is = _decode(data)
    return Decoded(text, data if as_is else None)


def _decode(data: bytes) -> tuple[str, bool]:
    """The text, and whether it is ``data`` read as strict UTF-8 and left as it was."""
    if not data:
        return "", False
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _fix_nul(data[len(bom):].decode(encoding, "replace"), data), False

    utf16 = _sniff_bomless_utf16(data)
    if utf16 is not None:
        return _fix_nul(data.decode(utf16, "replace"), data), False

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not text.isascii():
        # Valid non-ASCII UTF-8 is UTF-8 whatever the page declares: the common case costs
        # this one decode and no pre-scan.
        return _as_read(text, data)

    head = data[:PRESCAN_BYTES]
    if text is not None:
        # Pure 7-bit bytes read the same in every ASCII-compatible encoding; only the
        # escape-sequence ISO-2022-JP (all of whose labels contain "2022") reads them
        # differently, so the pre-scan runs only when that label could be there.
        if b"2022" in head:
            declared = _declared_encoding(head)
            if declared in _NON_ASCII_COMPATIBLE:
                return _fix_nul(data.decode(declared, "replace"), data), False
        return _as_read(text, data)

    declared = _declared_encoding(head)
    if declared is not None and declared != "utf-8":
        return _fix_nul(data.decode(declared, "replace"), data), False
    lenient = data.decode("utf-8", "replace")
    if _mostly_utf8(lenient):
        # A few stray bytes in a UTF-8 page must not turn every "café" into "cafÃ©".
        return _fix_nul(lenient, data), False
    # Declared UTF-8 (or nothing) yet more broken bytes than valid sequences: the stale
    # declaration the other way round (a cp1252 page under a UTF-8 template), detected
    # instead of turning every accented letter into U+FFFD.
    return _fix_nul(data.decode(_detect(data), "replace"), data), False


def _as_read(text: str, data: bytes) -> tuple[str, bool]:
    fixed = _fix_nul(text, data)
    return fixed, fixed is text


def _fix_nul(text: str, data: bytes) -> str:
    # The HTML tokenizer turns NUL into U+FFFD (or drops it); doing it here keeps it out of
    # every later stage. In every codec decode_html uses, only a zero byte decodes to NUL
    # (tests/test_decode.py checks each), so bytes without one - all but UTF-16/32 pages -
    # need no look at the text: a memchr over bytes, where "\x00" in a 2-byte str is a
    # character-by-character loop.
    if b"\x00" not in data:
        return text
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def _mostly_utf8(lenient: str) -> bool:
    # Legacy 8-bit text almost never forms valid multi-byte UTF-8 sequences by accident,
    # so more valid non-ASCII characters than broken bytes means UTF-8 with some damage.
    errors = lenient.count("\ufffd")
    non_ascii = len(lenient) - len(lenient.encode("ascii", "ignore"))
    return non_ascii - errors >= errors


def _sniff_bomless_utf16(data: bytes) -> str | None:
    sample = data[:UTF16_SNIFF_BYTES]
    if b"\x00" not in sample or len(sample) < UTF16_MIN_SAMPLE:  # memchr-speed usual answer
        return None
    even, odd = sample[0::2], sample[1::2]
    even_share = even.count(0) / len(even)
    odd_share = odd.count(0) / len(odd)
    if even_share >= UTF16_HIGH_BYTE_MIN_NUL_SHARE and odd_share <= UTF16_LOW_BYTE_MAX_NUL_SHARE:
        return "utf-16-be"
    if odd_share >= UTF16_HIGH_BYTE_MIN_NUL_SHARE and even_share <= UTF16_LOW_BYTE_MAX_NUL_SHARE:
        return "utf-16-le"
    return None


def _codec_for_label(label: bytes | str) -> str | None:
    """Map an encoding label to a Python codec the WHATWG way; None for unknown labels."""
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    name = label.strip().strip("\"'").lower()
    if not name:
        return None
    name = _WHATWG_LABELS.get(name, name)
    try:
        canonical = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    canonical = _WHATWG_OVERRIDES.get(canonical, canonical)
    return canonical if canonical in _ALLOWED_CODECS else None


def _declared_encoding(head: bytes) -> str | None:
    """The charset a page declares in its first bytes (XML declaration or <meta>)."""
    xml = _XML_DECL.match(head)
    if xml:
        codec = _codec_for_label(xml.group(1))
        if codec:
            return codec
    if b"<!--" in head:
        head = _COMMENT.sub(b"", head)
    for meta in _META.finditer(head):
        attrs: dict[bytes, bytes] = {}
        for m in _ATTR.finditer(meta.group(1)):
            name = m.group(1).lower()
            if name not in attrs:  # the first of duplicate attributes wins, as in HTML
                attrs[name] = _unescape(m.group(2) or m.group(3) or m.group(4) or b"")
        label = None
        if b"charset" in attrs:
            label = attrs[b"charset"]
        elif attrs.get(b"http-equiv", b"").strip().lower() == b"content-type":
            found = _CONTENT_CHARSET.search(attrs.get(b"content", b""))
            label = found.group(1) if found else None
        if label is not None:
            codec = _codec_for_label(label)
            if codec:
                return codec
    return None


def _unescape(value: bytes) -> bytes:
    # The WHATWG pre-scan reads attribute values raw, but the tree builder decodes character
    # references and then switches to the encoding the <meta> names ("change the encoding"):
    # a browser reads <meta charset="wind&#111;ws-1252"> as windows-1252 in the end too.
    if b"&" not in value:
        return value
    return html.unescape(value.decode("latin-1")).encode("latin-1", "replace")


def _detect(data: bytes) -> str:
    """Best statistical guess for undeclared, non-UTF-8 bytes; cp1252 when unsure."""
    try:
        from charset_normalizer import from_bytes  # deferred: costly import, rare path

        matches = list(from_bytes(data[:DETECTION_SAMPLE_BYTES], cp_isolation=_DETECTION_CANDIDATES))
    except Exception:  # a third-party guesser must never turn a page into an exception
        matches = []
    best = matches[0] if matches else None
    for match in matches[1:]:
        if best is not None and (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos + WESTERN_PRIOR_CHAOS_TOLERANCE
            and match.coherence >= best.coherence - WESTERN_PRIOR_COHERENCE_TOLERANCE
        ):
            best = match
            break
    if best is not None and best.encoding:
        # charset-normalizer only ever tries text codecs, so its pick may lie outside the
        # WHATWG set (mac_greek, cp037...) and still be the right one for this page.
        try:
            canonical = codecs.lookup(best.encoding).name
        except LookupError:
            canonical = None
        if canonical:
            return _WHATWG_OVERRIDES.get(canonical, canonical)
    # The standard's fallback for most locales, and a total mapping of bytes to text.
    return "cp1252"
