"""Text → Lexbor tree, guarded against markup that makes the parser super-linear.

Lexbor builds the tree the HTML standard prescribes, and some of that tree-building is
quadratic or worse on hostile input (measured with selectolax 1.0.2 on a 2-core box):
10^5 nested ``<div>`` take ~20 s, one tag with 10^5 attributes ~20 s, and lexbor issue
#340 (``<b k>``×n ``<i k>``×n ``x</b>``×n, every tag distinct so the "Noah's ark" clause
never prunes the list of active formatting elements) 4 s and 1.3 GB at n = 2000, growing
~n^2.5. Formatting elements closed by a block end tag are re-created ("reconstructed")
before the next text, so a few dozen of them open at once turn ``</div><div>x`` × 10^5 into
millions of elements as well.

``parse_html_with_report`` therefore first runs a linear pre-scan: one regex tokenizer pass
that feeds a small model of the tree builder (stack of open elements with the standard's
scopes and implied end tags, SVG/MathML content, active formatting elements with markers,
Noah's ark and reconstruction). The tokenizer reads tags as the standard's does (ASCII-only
case, its five space characters, the attribute states, script escapes, CDATA in SVG/MathML),
so that no markup makes the model start a tag where Lexbor does not: one quoted attribute
value could otherwise hide any number of tags from it. Every scope question is answered
from position indices in O(1) (a few walks are bounded by ``DEPTH_CAP``), so the scan stays
linear whatever the stack holds. The model is approximate where
being exact would cost (foster parenting, quirks mode, <select> details) and errs towards
a deeper tree; every cap is far above what real pages reach (none of ~750 real pages in
the evaluation corpora trips one), so a normal page is parsed exactly as written. When a
cap is hit, the page is rewritten into a flat, harmless version that keeps the text, and
that is parsed instead; the report names what was degraded:

``nesting-depth``
    an element that would open deeper than ``DEPTH_CAP`` first closes the current
    innermost element, so excess nesting becomes a sequence of siblings;
``formatting-elements``
    the list of active formatting elements outgrew ``FORMATTING_CAP`` or reconstruction
    outgrew its budget: b, i, em, strong, font, u, s, small, big, code, tt and strike
    become ``<nc-b>``, ``<nc-i>``... (attributes kept), ordinary elements that nest and
    close by name but are never re-created; ``<a>`` and ``<nobr>`` stay, as each closes
    the previous one and cannot pile up;
``attributes-per-tag``
    attributes beyond ``ATTRIBUTE_CAP`` on one tag are dropped;
``element-count``
    past ``ELEMENT_CAP`` elements and comments, the remaining markup is dropped and its
    text kept, with a line break where a non-inline tag was; an open link, button, select,
    template or embed is closed first, so the rest is neither link text nor thrown away.

Script and style are kept here (metadata reads JSON-LD first); ``strip_non_content``
removes them and the other non-content elements later.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from functools import cache
from itertools import islice
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

from . import _accel

__all__ = [
    "parse_html",
    "parse_decoded_with_report",
    "parse_html_with_report",
    "strip_non_content",
    "DEGRADED_DEPTH",
    "DEGRADED_FORMATTING",
    "DEGRADED_ATTRIBUTES",
    "DEGRADED_ELEMENTS",
]

DEGRADED_DEPTH = "nesting-depth"
DEGRADED_FORMATTING = "formatting-elements"
DEGRADED_ATTRIBUTES = "attributes-per-tag"
DEGRADED_ELEMENTS = "element-count"

# Browsers stop nesting at 512; real article markup stays well under 100 levels. 256 keeps
# Lexbor's per-tag scope walks cheap and leaves later stages that recurse over the tree
# far from Python's default recursion limit of 1000.
DEPTH_CAP = 256

# Active formatting elements since the last table cell / object marker. Noah's ark keeps
# at most three identical ones, so real pages have a handful; #340 needs thousands.
FORMATTING_CAP = 64

# Lexbor checks each new attribute against all earlier ones on the tag (quadratic: 10^5
# attributes ~20 s). Framework-heavy real tags carry a few dozen at most.
ATTRIBUTE_CAP = 256

# Each Lexbor node costs ~150 bytes (10^6 paragraphs: 0.3 s, 300 MB), and every later
# stage walks every element in Python. The largest real article pages (long live blogs,
# huge encyclopedia entries) stay around 10^5 elements.
ELEMENT_CAP = 250_000

# Elements re-created by "reconstruct the active formatting elements" are allowed up to
# one per element in the source plus this slack; beyond that the tree grows faster than
# the input (the amplification behind #340) and formatting is dropped.
RECONSTRUCTION_SLACK = 10_000


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_FORMATTING = _tags("a b big code em font i nobr s small strike strong tt u")
# <a> and <nobr> close the previous open one ("adoption agency"), so they never pile up
# and carry meaning (links) later stages need; the formatting degradation keeps them.
_SELF_LIMITING = frozenset({"a", "nobr"})
_STRIPPABLE = _FORMATTING - _SELF_LIMITING

# SVG/MathML elements that are special, scope boundaries and integration points (their
# content is HTML again). They are all that only in their own namespace: in HTML a
# <foreignObject> or <desc> is an ordinary element, in MathML a <title> is a plain MathML
# element, in SVG an <mi>. The model pushes the foreign ones with this mark in front, so
# the two never meet.
_FOREIGN_MARK = "\x00"
_SVG_SPECIAL = _tags("foreignobject desc title")
_MATHML_SPECIAL = _tags("mi mo mn ms mtext annotation-xml")
_FOREIGN_SPECIAL = _SVG_SPECIAL | _MATHML_SPECIAL
_INTEGRATION_POINTS = frozenset(_FOREIGN_MARK + name for name in _FOREIGN_SPECIAL)
# MathML's text integration points: there <mglyph> and <malignmark> stay MathML.
_TEXT_INTEGRATION_POINTS = frozenset(_FOREIGN_MARK + name for name in _MATHML_SPECIAL - {"annotation-xml"})
_MATHML_GLYPHS = frozenset({"mglyph", "malignmark"})
# SVG/MathML elements pushed under a name of their own, apart from the HTML names and the
# integration points (_FOREIGN_MARK), carry this mark in front.
_TWIN_MARK = "\x01"
# <annotation-xml> is an integration point only with an HTML encoding; without one it is
# still special and a scope boundary, pushed under this name.
_PLAIN_ANNOTATION = _TWIN_MARK + "annotation-xml"
# An <svg> inside MathML content or a <math> inside SVG content is an element of that
# content, no root (but an <svg> right in an <annotation-xml> is one: SVG content inside
# MathML's). It is pushed under these names.
_NESTED_ROOTS = {name: _TWIN_MARK + name for name in ("svg", "math")}
# A glyph in a text integration point starts MathML content again (an HTML tag ends it, and
# only it): a root of its own, under these names.
_GLYPH_ROOTS = {name: _TWIN_MARK + name for name in ("mglyph", "malignmark")}
# Names whose end tag closes the innermost of the name and its twin.
_ROOT_TWINS = {**_NESTED_ROOTS, **_GLYPH_ROOTS}
_PLAIN_TWINS = frozenset({_PLAIN_ANNOTATION, *_ROOT_TWINS.values()})
_HTML_ENCODINGS = frozenset({"text/html", "application/xhtml+xml"})
_FOREIGN_MARKS = _FOREIGN_MARK + _TWIN_MARK

_SPECIAL = _INTEGRATION_POINTS | {_PLAIN_ANNOTATION} | _tags(
    """address applet area article aside base basefont bgsound blockquote body br button
    caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure
    footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input
    keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p
    param plaintext pre script search section select source style summary table tbody td
    template textarea tfoot th thead title tr track ul wbr xmp"""
)
_DEFAULT_SCOPE = _INTEGRATION_POINTS | {_PLAIN_ANNOTATION} | _tags(
    "applet caption html table td th marquee object template"
)
_BUTTON_SCOPE = _DEFAULT_SCOPE | {"button"}
_LIST_SCOPE = _DEFAULT_SCOPE | {"ol", "ul"}
_TABLE_SCOPE = frozenset({"html", "table", "template"})
# A new <li>/<dd>/<dt> closes the open one unless a special element other than these
# lies in between.
_LIST_ITEM_BOUNDARY = _SPECIAL - {"address", "div", "p"}

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# End tags the tree builder closes when their element is in scope (the others close theirs
# only with no special element in between, </form> takes the form off the stack alone).
_END_IN_SCOPE = _tags(
    """address article aside blockquote button center details dialog dir div dl fieldset
    figcaption figure footer header hgroup listing main menu nav ol pre search section summary
    ul applet marquee object dd dt template select"""
)
_CLOSES_P = _tags(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption
    figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5
    h6 pre listing form table hr xmp plaintext li dd dt"""
)
_MARKERS = frozenset({"applet", "object", "marquee", "template", "td", "th", "caption"})
_VOID = _tags(
    """area base basefont bgsound br col embed frame hr image img input keygen link meta
    param source track wbr"""
)
# Elements whose content the tokenizer reads as text up to the matching end tag
# (scripting is off in our parser, so <noscript> content is markup).
_RAW_TEXT = _tags("script style xmp iframe noembed noframes textarea title plaintext")
_TABLE_SECTIONS = frozenset({"tbody", "thead", "tfoot"})
_TABLE_PARTS = _TABLE_SECTIONS | {"tr", "td", "th", "caption", "colgroup"}
_TABLE_END_SCOPED = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup"})
# Special elements whose start tag still reconstructs the active formatting elements
# (<noscript> is "any other start tag" with scripting off).
_RECONSTRUCTING_SPECIAL = frozenset(
    {"applet", "marquee", "object", "area", "br", "embed", "img", "keygen", "wbr", "input",
     "button", "select", "image", "xmp", "noscript"}
)
_IGNORED_START = frozenset({"html", "head", "body", "frameset"})
_IGNORED_END = frozenset({"html", "head", "body"})
_FOREIGN_ROOTS = frozenset({"svg", "math", *_GLYPH_ROOTS.values()})
# HTML start tags that end foreign content (the tree builder pops back to HTML first).
_BREAKOUT = _tags(
    """b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr
    i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table
    tt u ul var"""
)
# Tags that do not separate words; every other dropped tag becomes a line break.
_INLINE = _tags(
    """a abbr b bdi bdo big cite code data dfn em font i kbd label mark nobr q rb rp rt rtc
    ruby s samp small span strike strong sub sup time tt u var wbr"""
)

# The inside of a tag after its name, read as the tokenizer's states read it (HTML's
# whitespace is exactly \t \n \f \r and space): attributes with whitespace or "/" between
# them; an attribute is a name - its first character anything but whitespace, "/" or ">",
# so also "=" or a quote - then an optional "= value", the value quoted or up to whitespace
# or ">" (a "/" in it is part of it). Only a "/" right before the ">" makes the tag
# self-closing. A quoted value with no closing quote runs to the end of the text, which
# cuts the tag off there.
def _attribute_pattern(groups: bool) -> str:
    """One attribute, as the comment above reads it; with ``groups``, its name and its value
    (quotes included) as groups 1 and 2."""
    open_, close = ("(", ")") if groups else ("(?:", ")")
    return (
        rf"{open_}[^\t\n\f\r />][^\t\n\f\r /=>]*+{close}[\t\n\f\r ]*+"
        rf"(?:=[\t\n\f\r ]*+{open_}\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >]*+{close})?"
    )


_ATTRIBUTE_PATTERN = _attribute_pattern(groups=False)
# Attributes, self-closing "/", ">" (empty if the text ends first): three groups.
_TAG_REST_PATTERN = rf"((?:[\t\n\f\r ]++|/(?!>)|{_ATTRIBUTE_PATTERN})*+)(/?)(>?)"
_TOKEN_PATTERN = (
    r"<(?:"
    rf"(/?)([A-Za-z][^\t\n\f\r />]*+){_TAG_REST_PATTERN}"
    r"|!--(?:-?>|.*?--!?>|.*)"
    r"|[!?/][^>]*+>?"
    r")"
)
# Attribute names that take a <font> out of SVG/MathML content (the tokenizer lowercases
# ASCII letters in names, and only those).
_FONT_BREAKOUT = frozenset({"color", "face", "size"})
# Tag names are lowercased in ASCII only, as the tokenizer does: str.lower() would make
# <lin\u212a> (KELVIN SIGN) a <link>.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SPACE = "\t\n\f\r "


class _GuardPatterns(NamedTuple):
    # One token per match: a start/end tag (groups 1-5: end-tag slash, name, attributes,
    # self-closing slash, ">"), a comment, or another "<!", "<?", "</" construct. Possessive
    # quantifiers and "or end of input" alternatives mean no part of the text is scanned
    # twice, so the scan is linear even when nothing ever closes.
    token: re.Pattern[str]
    attribute: re.Pattern[str]
    # The same, with its name and its value (quotes included) as groups.
    attribute_parts: re.Pattern[str]
    # The rest of a raw-text element's end tag, from after its name.
    tag_rest: re.Pattern[str]
    # Where a raw-text element's end tag starts (re.A: the tokenizer compares ASCII letters
    # case-insensitively, not "ſ" with "s"); the end tag is read on with tag_rest.
    raw_text_end: dict[str, re.Pattern[str]]
    # Script data has escapes: after "<!--", a "<script" opens a section in which "</script"
    # does not end the script; "-->" ends both. The three states' next event each.
    script_states: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]
    # Past the element cap: a whole raw-text element (its content is script or style, not
    # text) or any other token. Lazy-until-end-or-\Z keeps it linear when nothing closes.
    flat_token: re.Pattern[str]


@cache
def _guard_patterns() -> _GuardPatterns:
    """The patterns of the Python model of the tokenizer, compiled when a page first needs the
    model: the C pre-scan clears every page of the corpora without it, and compiling them took
    3 ms of every process's import."""
    return _GuardPatterns(
        re.compile(_TOKEN_PATTERN, re.S),
        re.compile(_ATTRIBUTE_PATTERN),
        re.compile(_attribute_pattern(groups=True)),
        re.compile(_TAG_REST_PATTERN),
        {name: re.compile(rf"</{name}(?=[\t\n\f\r />])", re.I | re.A) for name in _RAW_TEXT},
        (
            re.compile(r"<!--|</script(?=[\t\n\f\r />])", re.I | re.A),
            re.compile(r"-->|</?script(?=[\t\n\f\r />])", re.I | re.A),
            re.compile(r"-->|</script(?=[\t\n\f\r />])", re.I | re.A),
        ),
        re.compile(
            rf"<({'|'.join(sorted(_RAW_TEXT))})(?=[\t\n\f\r />])[^>]*+>?"
            r"(.*?)(?:</\1(?=[\t\n\f\r />])[^>]*+>?|\Z)"
            rf"|{_TOKEN_PATTERN}"
            r"|<",  # a "<" that starts no token: escaped, so dropping a tag cannot make it one
            re.S | re.I | re.A,
        ),
    )


# Raw-text elements whose content is readable text (kept, escaped, when flattening); the
# content of the others (script, style, iframe...) is code or fallback and goes.
_TEXT_RCDATA = frozenset({"title", "textarea"})
# Open elements closed where the element cap is reached: a link makes everything in it link
# text, and these others are removed whole later (or, <template>, kept out of the document).
_HIDES_TEXT = _tags("a applet button math noscript object select svg template")
_TEXT_RAWTEXT = frozenset({"xmp", "plaintext"})

# Names whose end tag needs more than a pop when they are the current node.
_NOT_PLAIN = _FORMATTING | _MARKERS | _FOREIGN_ROOTS
# Names whose start tag the model treats specially; all others are a plain push. Every
# scope boundary is special, so a plain name never needs boundary bookkeeping.
_MODELLED_START = _SPECIAL | _CLOSES_P | _FORMATTING | _FOREIGN_ROOTS | {"option", "optgroup", "image"}

# Void elements with no implied end (<hr> closes a <p>).
_PLAIN_VOID = _VOID - {"hr"}
# Block starts whose only implied end is closing an open <p>.
_PLAIN_BLOCKS = _CLOSES_P - _HEADINGS - _RAW_TEXT - _VOID - {"li", "dd", "dt"}

# Scope boundary sets, in the order of _Scan.bounds; a scope is a tuple of their indices.
_BOUNDARY_SETS = (
    _DEFAULT_SCOPE,
    frozenset({"button"}),
    frozenset({"ol", "ul"}),
    _TABLE_SCOPE,
    _SPECIAL,
    _LIST_ITEM_BOUNDARY,
    _INTEGRATION_POINTS,
)
_SCOPE_DEFAULT = (0,)
_SCOPE_BUTTON = (0, 1)
_SCOPE_LIST = (0, 2)
_SCOPE_TABLE = (3,)
_SCOPE_SPECIAL = (4,)
_SCOPE_LIST_ITEM = (5,)
_INTEGRATION = 6

_fast_is_clean: Callable[[str], bool] | None
try:  # the C port of the first _Scan pass (newsclean/_prescan.c); same verdicts, ~30x faster
    from ._prescan import CAPS as _FAST_CAPS
    from ._prescan import is_clean as _fast_is_clean
except ImportError:  # built without a C compiler: the Python model alone
    _fast_is_clean = None
if _accel.PURE_PYTHON:
    _fast_is_clean = None


def parse_html(text: str) -> LexborHTMLParser:
    """Parse one page into a Lexbor tree, degrading hostile markup (see the module doc)."""
    return parse_html_with_report(text)[0]


def parse_html_with_report(text: str) -> tuple[LexborHTMLParser, tuple[str, ...]]:
    """Parse like ``parse_html`` and also name the degradations applied (empty if none)."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")  # as decode_html does for bytes input
    return parse_decoded_with_report(text)


def parse_decoded_with_report(
    text: str, utf8: bytes | None = None
) -> tuple[LexborHTMLParser, tuple[str, ...]]:
    """``parse_html_with_report`` for a text without NUL, as ``decode_html`` returns them:
    the look for NUL, a character-by-character loop over a 2-byte str, is left out.
    ``utf8``: the page's bytes where they are ``text`` in UTF-8 (``decode_page``); Lexbor
    then reads them instead of a fresh encoding of ``text``, unless the guard rewrites it."""
    if text.startswith("\ufeff"):
        text = text[1:]  # Lexbor would keep a str's BOM as text
        utf8 = None
    # The C scan has the caps compiled in: where they were changed here (tests do), it has no say.
    if (
        _fast_is_clean is not None
        and _FAST_CAPS == (DEPTH_CAP, FORMATTING_CAP, ATTRIBUTE_CAP, ELEMENT_CAP, RECONSTRUCTION_SLACK)
        and _fast_is_clean(text)
    ):
        return LexborHTMLParser(text if utf8 is None else utf8), ()
    scan = _Scan(text, strip_formatting=False, emit=False)
    degraded = scan.run()
    if degraded == {DEGRADED_ELEMENTS}:
        # Nothing before the cap needed rewriting, so the scan's stopping point is enough.
        text = text[:scan.flatten_at] + scan.closing + _flatten_markup(text[scan.flatten_at:])
    elif degraded:
        strip = DEGRADED_FORMATTING in degraded
        rewrite = _Scan(text, strip_formatting=strip, emit=True)
        degraded |= rewrite.run()
        text = rewrite.output()
    return LexborHTMLParser(text), tuple(sorted(degraded))


class _Scan:
    """One pass of the tokenizer over the text, driving a model of Lexbor's tree builder.

    The model keeps, besides the stack of open elements, the stack positions of every open
    element by name and of every scope boundary, so each "is X in scope" question and each
    implied end costs O(1) whatever the depth - a walk down the stack would make hostile
    pages quadratic here too. With ``emit`` the pass also writes the degraded text;
    without it, it stops as soon as the outcome is known. Both passes make the same
    decisions, so the report of the first describes the output of the second.
    """

    __slots__ = (
        "text", "strip", "emit", "out", "copied", "hits", "stack", "where", "bounds",
        "member", "active", "segments", "ark", "saved_off", "off", "foreign", "elements",
        "clones", "prefix", "tag", "flatten_at", "closing", "chain",
    )

    def __init__(self, text: str, *, strip_formatting: bool, emit: bool) -> None:
        self.text = text
        self.strip = strip_formatting
        self.emit = emit
        self.out: list[str] = []
        self.copied = 0  # text[:copied] is already in out
        self.hits: set[str] = set()
        # Open elements, html and body implied below; "" marks an element the adoption
        # agency took out of the middle (kept so positions stay valid, counted as depth).
        self.stack: list[str] = []
        self.where: dict[str, list[int]] = {}  # name → its stack positions, ascending
        self.bounds: list[list[int]] = [[] for _ in _BOUNDARY_SETS]  # positions per set
        self.member: dict[str, tuple[list[int], ...]] = {}  # name → the bounds it is in
        # Active formatting elements as (name, attributes) keys; None is a marker.
        self.active: list[tuple[str, str] | None] = []
        self.segments = [0]  # index in active where each marker's segment starts
        self.ark: list[dict[tuple[str, str], int]] = [{}]  # Noah's ark counts per segment
        self.saved_off: list[int] = []
        self.off = 0  # active entries whose element is no longer open (to reconstruct)
        self.foreign = 0  # open <svg>/<math>: worth asking _foreign_root
        # stack position of an <svg>/<math> root -> where the run of SVG/MathML elements
        # it is part of starts (below it when it sits right on an integration point)
        self.chain: dict[int, int] = {}
        self.elements = 0
        self.clones = 0
        # The rewrite of the current token (emit only): closing tags to put before it, and
        # its new text (None: unchanged).
        self.prefix = ""
        self.tag: str | None = None
        self.flatten_at = -1  # where the element cap was reached, if it was
        self.closing = ""  # end tags put there, for the elements that would hide the rest

    def output(self) -> str:
        self.out.append(self.text[self.copied:])
        return "".join(self.out)

    def _replace(self, start: int, end: int, replacement: str) -> None:
        self.out.append(self.text[self.copied:start])
        self.out.append(replacement)
        self.copied = end

    # -- the pass ---------------------------------------------------------------------------

    def run(self) -> set[str]:
        text = self.text
        end_of_text = len(text)
        hits = self.hits
        stack, where, member = self.stack, self.where, self.member
        strip, emit = self.strip, self.emit
        attribute_chars = 2 * ATTRIBUTE_CAP  # fewer chars cannot hold more attributes
        token = _guard_patterns().token
        pos = last_end = 0
        previous: re.Match[str] | None = None  # its end is where text since then starts
        while pos < end_of_text:
            # finditer is restarted after each raw-text element: a "<" inside a script
            # must not start a token that runs past the script's end tag.
            for m in token.finditer(text, pos):
                if (
                    self.off and m.start() > (previous.end() if previous else last_end)
                    and not (self.foreign and self._foreign_root() >= 0)  # SVG/MathML text does not
                ):
                    self._reconstruct()  # text since the last token reopens closed formatting
                    if DEGRADED_FORMATTING in hits and not strip:
                        return hits  # the rewrite starts over with formatting stripped
                previous = m
                slash, name, attrs, solidus, closed = m.groups()
                if self.elements >= ELEMENT_CAP:
                    return self._flatten(m.start())
                if name is None:  # comment, doctype, processing instruction, bogus comment
                    self.elements += 1
                    if self.foreign and text.startswith("<![CDATA[", m.start()) and self._in_foreign_node():
                        # In SVG/MathML a CDATA section: text up to "]]>", not to the first ">".
                        close = text.find("]]>", m.start() + 9)
                        pos = last_end = close + 3 if close >= 0 else end_of_text
                        previous = None
                        break
                    continue
                if not closed:
                    return hits  # a tag cut off by the end of input is dropped by the tokenizer
                name = name.lower() if name.isascii() else name.translate(_ASCII_LOWER)
                skip = None
                if emit:
                    self.prefix, self.tag = "", None
                if strip and name in _STRIPPABLE and not self._foreign_element(name, attrs, slash):
                    name = self._rename_formatting(name, slash, attrs)
                if len(attrs) > attribute_chars:
                    self._cap_attributes(slash, name if self.tag else m.group(2), attrs, solidus)
                if slash:
                    if self.foreign and self._in_foreign_node():
                        self._end_tag(name)
                    elif stack and stack[-1] == name:
                        if name not in _NOT_PLAIN:
                            # The common well-formed case: an end tag closing the current node.
                            stack.pop()
                            where[name].pop()
                            for positions in member.get(name, ()):
                                positions.pop()
                        elif name not in _FORMATTING or not self._close_current_formatting(name):
                            self._end_tag(name)
                    else:
                        self._end_tag(name)
                elif len(stack) >= DEPTH_CAP:
                    skip = self._start_tag(name, attrs, solidus, m.start(), m.end())
                elif name not in _MODELLED_START:
                    # An ordinary element (span, custom elements): no implied ends, no scope
                    # boundary, nothing but a push.
                    if self.foreign and (self._foreign_root() >= 0 or self._glyph(name)):
                        skip = self._start_tag(name, attrs, solidus, m.start(), m.end())
                    else:
                        if self.off:
                            self._reconstruct()
                        self.elements += 1
                        known = where.get(name)
                        if known is None:
                            where[name] = [len(stack)]
                        else:
                            known.append(len(stack))
                        stack.append(name)
                elif name in _PLAIN_VOID and not self.foreign:
                    # <img>, <meta>, <br>...: an element, but nothing is opened.
                    if self.off and name in _RECONSTRUCTING_SPECIAL:
                        self._reconstruct()
                    self.elements += 1
                elif name in _PLAIN_BLOCKS and not where.get("p") and not self.foreign:
                    # A block start whose only implied end (closing a <p>) has nothing to close.
                    self.elements += 1
                    self._open(name)
                elif (
                    name == "a" and not self.off and not self.foreign
                    and len(self.active) == self.segments[-1]
                ):
                    # A link with no formatting element active around it.
                    self.elements += 1
                    self._open(name)
                    self._add_active(name, attrs)
                else:
                    skip = self._start_tag(name, attrs, solidus, m.start(), m.end())
                if emit and (self.prefix or self.tag is not None):
                    tag = m.group(0) if self.tag is None else self.tag
                    self._replace(m.start(), m.end(), self.prefix + tag)
                if hits and DEGRADED_FORMATTING in hits and not strip:
                    return hits
                if skip is not None:
                    pos = last_end = skip  # past a raw-text element's content and end tag
                    previous = None
                    break
            else:
                break
        return hits

    def _cap_attributes(self, slash: str, name: str, attrs: str, solidus: str) -> None:
        cut = _attribute_cut(attrs)
        if cut is not None:
            self.hits.add(DEGRADED_ATTRIBUTES)
            if self.emit:
                # a space first: "/" right after an unquoted value would be part of it
                self.tag = f"<{slash}{name}{attrs[:cut]}{' /' if solidus else ''}>"

    def _flatten(self, start: int) -> set[str]:
        """Past the element cap: keep the text, drop the markup."""
        self.hits.add(DEGRADED_ELEMENTS)
        self.flatten_at = start
        # The end tags past this point are dropped with the rest of the markup, so an element
        # open here would hold all the remaining text: as link text (an <a> around a teaser
        # card) or inside something strip_non_content removes whole.
        self.closing = "".join(f"</{name}>" for name in reversed(self.stack) if name in _HIDES_TEXT)
        if self.emit:
            self.out.append(self.text[self.copied:start])
            self.out.append(self.closing + _flatten_markup(self.text[start:]))
            self.copied = len(self.text)
        return self.hits

    # -- tree-builder model -----------------------------------------------------------------

    def _scope_top(self, scope: tuple[int, ...]) -> int:
        top = -1
        bounds = self.bounds
        for i in scope:
            positions = bounds[i]
            if positions and positions[-1] > top:
                top = positions[-1]
        return top

    def _in_scope(self, names: Iterable[str], scope: tuple[int, ...]) -> int:
        """Position of the innermost open element named in ``names`` if in scope, else -1."""
        where = self.where
        found = -1
        for name in names:
            positions = where.get(name)
            if positions and positions[-1] > found:
                found = positions[-1]
        # An element that is itself a boundary of the scope is in scope (top == found).
        return found if found >= 0 and found >= self._scope_top(scope) else -1

    def _open(self, name: str) -> None:
        """Put ``name`` on the stack with its bookkeeping (no caps, no markers)."""
        stack = self.stack
        index = len(stack)
        stack.append(name)
        positions = self.where.get(name)
        if positions is None:
            self.where[name] = [index]
        else:
            positions.append(index)
        member = self.member.get(name)
        if member is None:
            member = self.member[name] = tuple(
                self.bounds[i] for i, names in enumerate(_BOUNDARY_SETS) if name in names
            )
        if member:
            for positions in member:
                positions.append(index)

    def _pop_to(self, index: int) -> None:
        stack = self.stack
        where = self.where
        member = self.member
        while len(stack) > index:
            name = stack.pop()
            if not name:
                continue  # taken out by the adoption agency earlier
            where[name].pop()
            for positions in member.get(name, ()):
                positions.pop()
            if name in _FORMATTING:
                self.off += 1  # still in the active list: reconstructed before next text
            elif name in _MARKERS:
                self._clear_to_marker()
            elif name in _FOREIGN_ROOTS:
                self.foreign -= 1
        self.off = min(self.off, len(self.active) - self.segments[-1])

    def _rename_formatting(self, name: str, slash: str, attrs: str) -> str:
        """Degraded formatting: <b> becomes <nc-b>, an ordinary element that nests and
        closes by name like <b> but is never re-created by the tree builder."""
        renamed = "nc-" + name
        breakout = ""
        if not slash and self.foreign:
            root = self._foreign_root()
            if root >= 0:
                # <b> ends SVG/MathML content, <nc-b> would not: an empty <span> does.
                self._pop_to(self._region_start())
                self.elements += 1
                breakout = "<span></span>"
        if self.emit:
            self.prefix += breakout
            self.tag = f"<{slash}{renamed}{attrs}>"
        return renamed

    def _foreign_element(self, name: str, attrs: str, slash: str) -> bool:
        """Whether this start tag makes an SVG/MathML element rather than an HTML one."""
        return (
            not slash
            and self.foreign > 0
            and name not in _BREAKOUT
            and not (name == "font" and _font_breaks_out(attrs))
            and self._foreign_root() >= 0
        )

    def _foreign_name(self, name: str, attrs: str, root: int) -> str:
        """The name an SVG/MathML element is pushed under, in the content of the <svg> or
        <math> at ``root``: marked if it is an integration point there."""
        if name in _NESTED_ROOTS:
            return _NESTED_ROOTS[name]
        if name not in _FOREIGN_SPECIAL:
            return name
        if self.stack[root] == "svg":
            return _FOREIGN_MARK + name if name in _SVG_SPECIAL else name
        if name not in _MATHML_SPECIAL:
            return name
        if name == "annotation-xml" and not _html_encoding(attrs):
            return _PLAIN_ANNOTATION
        return _FOREIGN_MARK + name

    def _current_node(self) -> str:
        top = self._current_position()
        return self.stack[top] if top >= 0 else ""

    def _glyph(self, name: str) -> bool:
        """<mglyph> or <malignmark> in a MathML text integration point: a MathML element."""
        return name in _MATHML_GLYPHS and self._current_node() in _TEXT_INTEGRATION_POINTS

    def _in_foreign_node(self) -> bool:
        """Whether the current node is an SVG/MathML element (then "<![CDATA[" is CDATA)."""
        return self._foreign_root() >= 0 or self._current_node()[:1] in (_FOREIGN_MARK, _TWIN_MARK)

    def _foreign_end(self, name: str) -> int:
        """Position of the innermost element named ``name`` in the run of SVG/MathML
        elements that ends at the current node, or -1."""
        points = self.bounds[_INTEGRATION]
        count = len(points)
        if count and points[-1] == self._current_position():
            count -= 1  # the current node is an integration point: its own content's run
        start = self._region_start(points[count - 1] if count else -1)
        if start < 0:
            return -1
        start = self.chain.get(start, start)
        where = self.where
        found = -1
        for variant in (name, _FOREIGN_MARK + name, _TWIN_MARK + name):
            positions = where.get(variant)
            if positions and positions[-1] > found:
                found = positions[-1]
        return found if found >= start else -1

    def _current_position(self) -> int:
        stack = self.stack
        top = len(stack) - 1
        while top >= 0 and not stack[top]:
            top -= 1
        return top

    def _region_start(self, floor: int | None = None) -> int:
        """Stack position of the outermost root of the SVG/MathML content we are in, where
        an HTML tag ends it (<math><annotation-xml><svg>: the <math>); -1 in HTML. With
        ``floor``, of the content above that position."""
        if floor is None:
            points = self.bounds[_INTEGRATION]
            floor = points[-1] if points else -1
        start = -1
        for name in _FOREIGN_ROOTS:
            positions = self.where.get(name)
            i = len(positions) if positions else 0
            while i > 0 and positions[i - 1] > floor:  # type: ignore[index]  # one or two steps
                i -= 1
            if positions and i < len(positions) and (start < 0 or positions[i] < start):
                start = positions[i]
        return start

    def _foreign_root(self) -> int:
        """Stack position of the <svg>/<math> whose content we are in, or -1 in HTML."""
        where = self.where
        root = -1
        for name in _FOREIGN_ROOTS:
            positions = where.get(name)
            if positions and positions[-1] > root:
                root = positions[-1]
        points = self.bounds[_INTEGRATION]
        return root if root >= 0 and (not points or points[-1] < root) else -1

    def _clear_to_marker(self) -> None:
        if len(self.segments) > 1:
            del self.active[self.segments.pop() - 1:]
            self.ark.pop()
            self.off = self.saved_off.pop()

    def _remove(self, index: int) -> None:
        """Take the element at ``index`` off the stack, leaving those above it open."""
        name = self.stack[index]
        self.stack[index] = ""
        self.where[name].pop()
        for positions in self.member.get(name, ()):
            positions.remove(index)

    def _push(self, name: str, start: int) -> None:
        stack = self.stack
        if len(stack) >= DEPTH_CAP:
            self.hits.add(DEGRADED_DEPTH)
            top = len(stack) - 1
            while top > 0 and not stack[top]:
                top -= 1
            if self.emit:
                self.prefix += f"</{stack[top].lstrip(_FOREIGN_MARKS)}>"
            self._pop_to(top)
        self._open(name)
        self.elements += 1
        if name in _MARKERS:
            self.active.append(None)
            self.segments.append(len(self.active))
            self.ark.append({})
            self.saved_off.append(self.off)
            self.off = 0
        elif name in _FOREIGN_ROOTS:
            self.foreign += 1
            index = len(self.stack) - 1
            below = index - 1
            while below >= 0 and not self.stack[below]:
                below -= 1
            run = index
            if below >= 0 and self.stack[below][:1] == _FOREIGN_MARK:
                # Right on an integration point, the run of SVG/MathML elements goes on below
                # it: an end tag here may close one there (<svg><foreignObject><math></svg>).
                points = self.bounds[_INTEGRATION]  # points[-1] is that integration point
                start = self._region_start(points[-2] if len(points) > 1 else -1)
                run = self.chain.get(start, start) if start >= 0 else index
            self.chain[index] = run

    def _reconstruct(self) -> None:
        off = min(self.off, len(self.active) - self.segments[-1])
        self.off = 0
        if off <= 0:
            return
        self.clones += off
        overflow = len(self.stack) + off > DEPTH_CAP
        if not self.strip and (overflow or self.clones > self.elements + RECONSTRUCTION_SLACK):
            self.hits.add(DEGRADED_FORMATTING)
            return
        if not overflow:
            for key in self.active[-off:]:
                self._open(key[0])  # type: ignore[index]  # no marker after segment start

    def _find_active(self, name: str) -> int:
        active = self.active
        for i in range(len(active) - 1, self.segments[-1] - 1, -1):
            if active[i][0] == name:  # type: ignore[index]  # no marker after segment start
                return i
        return -1

    def _adoption(self, name: str, entry: int) -> None:
        """The adoption agency, as far as depth and the formatting list are concerned."""
        self._forget(self.active.pop(entry))  # type: ignore[arg-type]
        index = self._in_scope((name,), _SCOPE_DEFAULT)
        if index < 0:
            if not self.where.get(name):
                self.off = max(0, self.off - 1)  # it was waiting for reconstruction
            return
        stack = self.stack
        if self._scope_top(_SCOPE_SPECIAL) > index:
            # A "furthest block" above it stays open; the element itself leaves the stack.
            stack[index] = ""
            self.where[name].pop()
        else:
            self._pop_to(index + 1)
            self._pop_to(index)
            self.off = max(0, self.off - 1)  # its entry is gone, it will not come back

    def _close_current_formatting(self, name: str) -> bool:
        """``</b>`` closing the current node that is also the newest active entry."""
        active = self.active
        if len(active) == self.segments[-1] or active[-1][0] != name:  # type: ignore[index]
            return False
        self.stack.pop()
        self.where[name].pop()
        self._forget(active.pop())  # type: ignore[arg-type]
        return True

    def _forget(self, key: tuple[str, str]) -> None:
        """Take one entry out of the current segment's Noah's ark counts."""
        ark = self.ark[-1]
        count = ark.get(key, 0)
        if count > 1:
            ark[key] = count - 1
        else:
            ark.pop(key, None)  # keeps the ark as small as the list

    def _end_tag(self, name: str) -> None:
        if self.foreign and self._in_foreign_node():
            if name == "br" or name == "p":
                if self._foreign_root() >= 0:
                    self._pop_to(self._region_start())  # </br>, </p> end foreign content like a start tag
            else:
                # An SVG/MathML current node: the end tag closes the innermost element of its
                # name among the SVG/MathML elements that end the stack; if none has it, the
                # HTML rules below see it.
                index = self._foreign_end(name)
                if index >= 0:
                    self._pop_to(index)
                    return
        if name in _FORMATTING:
            entry = self._find_active(name)
            if entry >= 0:
                self._adoption(name, entry)
                return
            index = self._in_scope((name,), _SCOPE_SPECIAL)
        elif name == "p":
            index = self._in_scope(("p",), _SCOPE_BUTTON)
            if index < 0:
                self.elements += 1  # a stray </p> creates an empty <p>
        elif name == "br":
            self.elements += 1  # </br> is read as <br>
            return
        elif name in _IGNORED_END:
            return
        elif name in _HEADINGS:
            index = self._in_scope(_HEADINGS, _SCOPE_DEFAULT)
        elif name == "li":
            index = self._in_scope(("li",), _SCOPE_LIST)
        elif name in _TABLE_END_SCOPED:
            index = self._in_scope((name,), _SCOPE_TABLE)
        elif name in _END_IN_SCOPE:
            index = self._in_scope((name,), _SCOPE_DEFAULT)
        elif name == "form":
            index = self._in_scope(("form",), _SCOPE_DEFAULT)
            if index >= 0 and index < len(self.stack) - 1 and not self.where.get("template"):
                self._remove(index)  # the form leaves the stack; what it holds stays open
                return
        else:
            # "Any other end tag" (</noscript>, </title>, the SVG/MathML ones...) closes the
            # innermost element of that name unless a special element is in between.
            index = self._in_scope((name,), _SCOPE_SPECIAL)
        if index >= 0:
            self._pop_to(index)

    def _start_tag(self, name: str, attrs: str, solidus: str, start: int, end: int) -> int | None:
        """Model one start tag; returns where tokenizing resumes after raw text, if any.

        ``solidus`` is the tag's self-closing "/", if it has one.
        """
        stack = self.stack
        if self.foreign:
            root = self._foreign_root()
            glyph = root < 0 and self._glyph(name)
            # <svg> right in a MathML <annotation-xml> is read as in HTML: a new root
            if (root >= 0 or glyph) and not (name == "svg" and self._current_node() == _PLAIN_ANNOTATION):
                if glyph or (name not in _BREAKOUT and not (name == "font" and _font_breaks_out(attrs))):
                    # An SVG/MathML element: no implied ends, no raw text, "/>" closes it.
                    self.elements += 1
                    if solidus:
                        return None
                    if len(stack) < DEPTH_CAP:
                        # A glyph in a text integration point makes what follows MathML again.
                        pushed = _GLYPH_ROOTS[name] if glyph else self._foreign_name(name, attrs, root)
                        self._push(pushed, start)
                    else:
                        # Closing the current node here would end the foreign content and
                        # turn a following <style> or <iframe> into raw text: "/>" instead.
                        self.hits.add(DEGRADED_DEPTH)
                        if self.emit:
                            tag = self.text[start:end] if self.tag is None else self.tag
                            self.tag = tag[:-1] + " />"  # "x/>" could end a value
                    return None
                self._pop_to(self._region_start())  # an HTML tag ends the foreign content
        if name in _FORMATTING:
            self._reconstruct()
            if name in _SELF_LIMITING:
                entry = self._find_active(name)
                if entry >= 0:
                    self._adoption(name, entry)
            self._push(name, start)
            self._add_active(name, attrs)
            return None
        if name in _IGNORED_START:
            return None
        if name in _CLOSES_P:
            index = self._in_scope(("p",), _SCOPE_BUTTON)
            if index >= 0:
                self._pop_to(index)
            if name in _HEADINGS and stack and stack[-1] in _HEADINGS:
                self._pop_to(len(stack) - 1)
            elif name == "li" or name == "dd" or name == "dt":
                items = ("li",) if name == "li" else ("dd", "dt")
                index = self._in_scope(items, _SCOPE_LIST_ITEM)
                if index >= 0:
                    self._pop_to(index)
        elif name in _TABLE_PARTS:
            if not self.where.get("table"):
                return None  # outside a table the tree builder ignores these tags
            if name != "caption" and name != "colgroup":
                self._open_table_part(name, start)
        elif name == "option" or name == "optgroup":
            if stack and stack[-1] == "option":
                self._pop_to(len(stack) - 1)
            if name == "optgroup" and stack and stack[-1] == "optgroup":
                self._pop_to(len(stack) - 1)
        elif name == "button" or name == "select":
            index = self._in_scope((name,), _SCOPE_DEFAULT)
            if index >= 0:
                self._pop_to(index)
                if name == "select":
                    return None  # <select> inside <select> only closes the open one
        # "Any other start tag" reconstructs; of the special ones and <dialog>, only these.
        if (name not in _SPECIAL and name not in _CLOSES_P) or name in _RECONSTRUCTING_SPECIAL:
            self._reconstruct()
        if name in _VOID or (solidus and name in _FOREIGN_ROOTS):  # <svg/> is closed at once
            self.elements += 1
            return None
        if name in _RAW_TEXT:
            self.elements += 1  # a leaf: its content is text, not tags
            return _raw_text_end(self.text, name, end)
        self._push(name, start)
        return None

    def _open_table_part(self, name: str, start: int) -> None:
        stack = self.stack
        if name == "td" or name == "th":
            index = self._in_scope(("td", "th"), _SCOPE_TABLE)
        elif name == "tr":
            index = self._in_scope(("tr",), _SCOPE_TABLE)
        else:
            index = self._in_scope(_TABLE_SECTIONS, _SCOPE_TABLE)
        if index >= 0:
            self._pop_to(index)
        # The tree builder inserts the <tbody> and <tr> a table cell needs.
        if name not in _TABLE_SECTIONS and stack and stack[-1] == "table":
            self._push("tbody", start)
        if (name == "td" or name == "th") and stack and stack[-1] in _TABLE_SECTIONS:
            self._push("tr", start)

    def _add_active(self, name: str, attrs: str) -> None:
        ark = self.ark[-1]
        key = (name, attrs.strip(_SPACE))
        count = ark.get(key, 0)
        if count >= 3:
            return  # Noah's ark: the oldest identical entry makes way for this one
        ark[key] = count + 1
        self.active.append(key)
        if len(self.active) - self.segments[-1] > FORMATTING_CAP:
            self.hits.add(DEGRADED_FORMATTING)


def _font_breaks_out(attrs: str) -> bool:
    """Whether a <font> with these attributes ends SVG/MathML content: one of them is named
    color, face or size."""
    parts = _guard_patterns().attribute_parts.finditer(attrs)
    return any(m.group(1).translate(_ASCII_LOWER) in _FONT_BREAKOUT for m in parts)


def _html_encoding(attrs: str) -> bool:
    """Whether a MathML <annotation-xml> with these attributes is an HTML integration point:
    its (first) encoding attribute is text/html or application/xhtml+xml, in ASCII case,
    character references decoded (html.unescape differs from the attribute-value rules only
    on references that cannot make those characters)."""
    for m in _guard_patterns().attribute_parts.finditer(attrs):
        if m.group(1).translate(_ASCII_LOWER) == "encoding":  # a repeated one is dropped
            value = m.group(2) or ""
            if value[:1] in ("'", '"'):
                value = value[1:-1]  # the tag is closed, so is the quote
            if "&" in value:
                value = html.unescape(value)
            return value.translate(_ASCII_LOWER) in _HTML_ENCODINGS
    return False


def _raw_text_end(text: str, name: str, start: int) -> int:
    """Where the tokenizer leaves the raw text of a ``name`` element whose content starts at
    ``start``: after its end tag, or at the end of the text."""
    if name == "plaintext":
        return len(text)
    if name != "script":
        found = _guard_patterns().raw_text_end[name].search(text, start)
        return _tag_end(text, found.end()) if found else len(text)
    states = _guard_patterns().script_states
    state, pos = 0, start
    while True:
        found = states[state].search(text, pos)
        if found is None:
            return len(text)
        event = found.group()
        if event == "<!--":
            state, pos = 1, found.start() + 2  # its "--" can be the start of "-->"
        elif event == "-->":
            state, pos = 0, found.end()
        elif event[1] != "/":
            state, pos = 2, found.end()  # "<script" in an escape
        elif state == 2:
            state, pos = 1, found.end()  # "</script" closing that "<script"
        else:
            return _tag_end(text, found.end())


def _tag_end(text: str, pos: int) -> int:
    """The end of a tag whose name ends at ``pos`` (the end of the text if it is cut off)."""
    rest = _guard_patterns().tag_rest.match(text, pos)
    assert rest is not None  # every part of the pattern is optional
    return rest.end()


def _flatten_markup(text: str) -> str:
    return _guard_patterns().flat_token.sub(_flat_replacement, text)


def _flat_replacement(m: re.Match[str]) -> str:
    raw, content, _, name = m.group(1, 2, 3, 4)
    if raw:
        raw = raw.lower()
        if raw in _TEXT_RCDATA:  # entities already mean the same; "<" must stay text
            return "\n" + content.replace("<", "&lt;") + "\n"
        if raw in _TEXT_RAWTEXT:
            return "\n" + content.replace("&", "&amp;").replace("<", "&lt;") + "\n"
        return ""
    if name is None:
        return "&lt;" if m.group(0) == "<" else ""  # else comment, doctype, "<?...>"
    return "" if name.translate(_ASCII_LOWER) in _INLINE else "\n"


def _attribute_cut(attrs: str) -> int | None:
    """Where to cut ``attrs`` to keep ``ATTRIBUTE_CAP`` attributes; None if within it."""
    found = list(islice(_guard_patterns().attribute.finditer(attrs), ATTRIBUTE_CAP + 1))
    if len(found) <= ATTRIBUTE_CAP:
        return None
    return found[ATTRIBUTE_CAP - 1].end()


# Elements that never carry article text: executable or styling content, embedded
# documents and graphics, form controls (their labels are UI chrome, not prose), and ruby
# annotations: furigana or pinyin over each word would split the text the reader reads
# (子こども for 子ども); the base text stays.
_NON_CONTENT_TAGS = [
    "script", "style", "template", "iframe", "object", "embed", "applet", "svg", "math",
    "canvas", "select", "button", "input", "textarea", "datalist",
    "meter", "progress", "noembed", "noframes", "frameset", "frame",
    "rt", "rp", "rtc",
]


def strip_non_content(tree: LexborHTMLParser) -> None:
    """Remove non-content elements and comments from ``tree`` in place.

    ``<noscript>`` goes too, but first gives up its images: lazy-loading pages often keep
    the only real ``<img src>`` there, while its text ("please enable JavaScript") is junk.
    """
    for noscript in tree.css("noscript"):
        for img in noscript.css("img"):
            noscript.insert_before(img)
        noscript.decompose()
    tree.strip_tags(_NON_CONTENT_TAGS, recursive=True)
    root = tree.root
    if root is None:
        return
    comments = [node for node in root.traverse(include_text=True) if node.is_comment_node]
    for node in comments:
        node.decompose()
