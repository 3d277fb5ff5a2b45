"""Turn a ``Document`` into plain text, Markdown, clean HTML or a JSON-ready dict.

Every renderer walks the body blocks (``Block.in_body``) in page order, grouped into *units*:
a run of list items or table rows sharing a ``group`` is one unit, anything else is a unit on
its own. ``body_text`` is the single definition of the plain-text join so that
``Document.text`` (computed by the assembler) and ``render_text`` can never drift apart.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Iterator, Sequence
from typing import Any

import regex

from .errors import InvalidInputError
from .model import Block, BlockKind, Box, BoxKind, BoxPlacement, Document, Label, Link

__all__ = [
    "body_text",
    "render_text",
    "render_markdown",
    "render_html",
    "render_dict",
    "safe_href",
    "sanitize_html",
]

_PLACEMENTS = ("none", "inline", "end")

#: How a box is announced in Markdown (``> **Explainer: Title**``).
BOX_NAMES: dict[str, str] = {
    BoxKind.EXPLAINER: "Explainer",
    BoxKind.RELATED: "Related",
    BoxKind.AD: "Ad",
}

#: URL schemes a rendered link may carry; anything else (javascript:, vbscript:, data:, file:,
#: ...) is dropped and its anchor text kept as plain text.
SAFE_URL_SCHEMES = ("http", "https", "mailto")

#: The longest text node ``render_html`` hands nh3 (see ``_h``).
HTML_TEXT_NODE_CHARS = 2000

#: The only tags and attributes ``render_html`` may emit. nh3 (the Rust ammonia sanitiser) gets
#: this list as a second, independent check: the renderer already escapes every text and
#: attribute value itself, so nh3 only matters if that escaping ever has a bug, and then it
#: should be a parser-based sanitiser with its own allow-list, not more of our own code.
HTML_ALLOWED_TAGS = frozenset(
    {
        "article", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "a",
        "ul", "ol", "li", "blockquote", "pre",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
HTML_ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {"a": frozenset({"href"})}
#: Attributes allowed only with these exact values (nh3 drops any other value).
HTML_ALLOWED_ATTRIBUTE_VALUES: dict[str, dict[str, frozenset[str]]] = {
    "article": {"class": frozenset({"newsclean-article"})},
    "aside": {
        "class": frozenset({"newsclean-box"}),
        "data-kind": frozenset(kind.value for kind in BoxKind),
    }
}

# A scheme is everything before the first ':' if it looks like one (RFC 3986 syntax).
_SCHEME_RE = regex.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers delete ASCII tab/newline anywhere in a URL and trim C0 controls and spaces at the
# ends, so "java\tscript:" and " javascript:" both run script: look at the URL the way they do.
_URL_IGNORED_RE = regex.compile(r"[\x00-\x20\x7f]")
# A host with white space in it ("http://Der Text oben …") is no URL: nh3 would drop the href
# and leave an <a> without one, which reads back as no link.
_SPACE_IN_HOST_RE = regex.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//[^/?#]*\s")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_URL_CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that must not appear raw in an emitted href; percent-encoding keeps the URL's
# meaning while keeping the attribute (and a Markdown link destination) unambiguous.
_HREF_ENCODE_RE = regex.compile(r"[\x00-\x20\x7f\"'<>`]")
_MD_HREF_ENCODE_RE = regex.compile(r"[\x00-\x20\x7f\"'<>`()\\]")

# Characters a parser would change, so rendering them would break the HTML fixed point and
# Markdown's meaning: CR (normalised to LF), C0 controls, and lone surrogates (not encodable).
_UNSAFE_TEXT_RE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_NEWLINES_RE = regex.compile(r"\r\n?")
_SPACES_RE = regex.compile(r"\s+")

# Markdown: characters that start inline syntax anywhere in a line. '&' only matters when it
# would start a character reference.
_MD_INLINE_RE = regex.compile(r"[\\`*_\[\]<>|~]|&(?=#?[0-9A-Za-z]+;)")
# Markdown: line starts that open a block (ATX heading, list item, setext underline / thematic
# break, ordered list item). Escaping the first character is enough to keep it a paragraph.
_MD_LINE_START_RE = regex.compile(
    r"^(?:(?P<c>#)|(?P<c>[-+])(?=[ \t]|$)|(?P<c>[-=])(?=[-=]*[ \t]*$))", flags=regex.MULTILINE
)
_MD_ORDERED_RE = regex.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)", flags=regex.MULTILINE)
_MD_LEADING_WS_RE = regex.compile(r"^[ \t]+|[ \t]+$", flags=regex.MULTILINE)
_BACKTICK_RUN_RE = regex.compile(r"`+")


# --------------------------------------------------------------------------------------------
# units


def _units(blocks: Sequence[Block]) -> list[list[Block]]:
    """Split blocks into runs: one list or one table per run, every other block alone."""
    units: list[list[Block]] = []
    for block in blocks:
        if units and _continues(units[-1][-1], block):
            units[-1].append(block)
        else:
            units.append([block])
    return units


def _continues(prev: Block, block: Block) -> bool:
    # group None means "unknown list": joining such items could merge two unrelated lists.
    return (
        block.kind in (BlockKind.LIST_ITEM, BlockKind.TABLE_ROW)
        and block.kind == prev.kind
        and block.group is not None
        and block.group == prev.group
    )


def _row_cells(block: Block) -> tuple[str, ...]:
    return block.cells if block.cells else (block.text,)


# --------------------------------------------------------------------------------------------
# plain text


def body_text(blocks: Sequence[Block]) -> str:
    """The plain text of ``blocks``, joined exactly as ``Document.text`` is.

    Blocks are separated by a blank line; the items of one list and the rows of one table
    (same ``group``) go one per line, table cells joined by ``" | "``. Blocks with no visible
    text are left out. No filtering by label: pass the blocks you want joined.
    """
    parts: list[str] = []
    for unit in _units(blocks):
        if unit[0].kind is BlockKind.TABLE_ROW:
            lines = [" | ".join(_row_cells(b)) for b in unit]
        else:
            lines = [b.text for b in unit]
        lines = [line for line in lines if line.strip()]
        if lines:
            parts.append("\n".join(lines))
    return "\n\n".join(parts)


def render_text(doc: Document) -> str:
    """``doc.text``, recomputed from the body blocks."""
    if not doc.blocks:
        # A Document built without blocks (plain-text input, hand-made) has only its text.
        return doc.text
    return body_text(doc.body_blocks)


# --------------------------------------------------------------------------------------------
# shared by Markdown and HTML


def _check_placement(boxes: str) -> None:
    if boxes not in _PLACEMENTS:
        raise InvalidInputError(f"boxes must be one of {_PLACEMENTS}, not {boxes!r}")


def _clean(text: str) -> str:
    return _UNSAFE_TEXT_RE.sub(
        lambda m: "\ufffd" if m.group() >= "\ud800" else "", _NEWLINES_RE.sub("\n", text)
    )


def safe_href(href: str) -> str | None:
    """``href`` trimmed, or ``None`` if it is empty or not http/https/mailto/relative.

    Checks the URL as a browser would read it: with tab/newline/controls removed and with
    character references decoded (a caller may hand in an href that was never unescaped).
    """
    href = href.strip(_C0_AND_SPACE)
    if not href or _URL_CONTROL_RE.search(href) or _SPACE_IN_HOST_RE.match(href):
        return None
    seen = href
    for _ in range(3):  # "&amp;#106;" needs two rounds; more is never legitimate
        unescaped = html.unescape(seen)
        if unescaped == seen:
            break
        seen = unescaped
    for candidate in (href, seen):
        squeezed = _URL_IGNORED_RE.sub("", candidate)
        match = _SCHEME_RE.match(squeezed)
        if match and match.group(1).lower() not in SAFE_URL_SCHEMES:
            return None
        if _URL_CONTROL_RE.search(candidate):
            return None
    return href


def _segments(text: str, links: Sequence[Link]) -> Iterator[tuple[str, str | None]]:
    """``text`` cut into (chunk, href) pieces; unsafe or malformed links become plain text."""
    pos = 0
    for link in sorted(links, key=lambda lk: (lk.start, lk.end, lk.href)):
        if not (pos <= link.start < link.end <= len(text)):
            continue  # out of range or overlapping an earlier link
        href = safe_href(link.href)
        if href is None:
            continue
        if link.start > pos:
            yield text[pos : link.start], None
        yield text[link.start : link.end], href
        pos = link.end
    if pos < len(text):
        yield text[pos:], None


def _cell_links(block: Block) -> list[tuple[str, tuple[Link, ...]]]:
    """Each cell of a table row with the links that fall wholly inside it.

    Link offsets point into ``block.text``; cells are found in it left to right. A row whose
    cells cannot all be found keeps its text but loses its links.
    """
    cells = _row_cells(block)
    spans: list[tuple[int, int]] = []
    pos = 0
    for cell in cells:
        start = block.text.find(cell, pos)
        if start < 0:
            return [(cell, ()) for cell in cells]
        spans.append((start, start + len(cell)))
        pos = start + len(cell)
    result = []
    for cell, (start, end) in zip(cells, spans, strict=True):
        inside = tuple(
            Link(lk.start - start, lk.end - start, lk.href)
            for lk in block.links
            if start <= lk.start and lk.end <= end
        )
        result.append((cell, inside))
    return result


def _trim(text: str, links: Sequence[Link]) -> tuple[str, tuple[Link, ...]]:
    """``text`` without outer whitespace, ``links`` shifted to match."""
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return text, tuple(Link(lk.start - lead, lk.end - lead, lk.href) for lk in links)


def _visible(unit: list[Block]) -> list[Block]:
    return [b for b in unit if any(c.strip() for c in _row_cells(b))]


def _heading_level(block: Block, lowest: int) -> int:
    return min(6, max(lowest, block.level or 2))


def _box_slots(
    doc: Document, boxes: str, body_count: int
) -> tuple[list[Box], dict[int, list[Box]], list[Box]]:
    """Boxes to put before the body, after body block i, and after the body."""
    before: list[Box] = []
    after: dict[int, list[Box]] = {}
    end: list[Box] = []
    if boxes == "end":
        end = list(doc.boxes)
    elif boxes == "inline":
        for box in doc.boxes:
            if box.position < 0:
                before.append(box)
            elif box.position >= body_count:
                end.append(box)
            else:
                after.setdefault(box.position, []).append(box)
    return before, after, end


def _box_content(box: Box) -> list[Block]:
    blocks = list(box.blocks)
    if blocks and box.title and blocks[0].text.strip() == box.title.strip():
        blocks = blocks[1:]  # the title block is rendered as the box's own heading
    if not box.blocks and box.text.strip():
        blocks = [
            Block(index=-1, text=part, kind=BlockKind.PARAGRAPH, label=Label.EXPLAINER)
            for part in box.text.split("\n\n")
            if part.strip()
        ]
    return blocks


def _layout(doc: Document, boxes: str) -> Iterator[list[Block] | Box]:
    """Body units and boxes in output order.

    A box placed after a block in the middle of a list or table comes after the whole list or
    table: splitting it would restart numbering and, in Markdown, need a second table header.
    """
    body = list(doc.body_blocks)
    before, after, end = _box_slots(doc, boxes, len(body))
    yield from before
    i = 0
    for unit in _units(body):
        yield unit
        for j in range(i, i + len(unit)):
            yield from after.get(j, ())
        i += len(unit)
    yield from end


# --------------------------------------------------------------------------------------------
# Markdown


def _md_escape(text: str) -> str:
    return _MD_INLINE_RE.sub(lambda m: "\\" + m.group(), text)


def _md_line_starts(text: str) -> str:
    text = _MD_LEADING_WS_RE.sub("", text)  # leading spaces would make an indented code block
    text = _MD_LINE_START_RE.sub(lambda m: "\\" + m.group("c"), text)
    return _MD_ORDERED_RE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_href(href: str) -> str:
    return _MD_HREF_ENCODE_RE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), href)


def _md_inline(text: str, links: Sequence[Link]) -> str:
    out = []
    for chunk, href in _segments(_clean_keeping_offsets(text), links):
        if href is None:
            out.append(_md_escape(chunk))
        else:
            out.append(f"[{_md_escape(chunk)}]({_md_href(href)})")
    return _md_line_starts("".join(out))


def _clean_keeping_offsets(text: str) -> str:
    # Link offsets index the original text, so unsafe characters become spaces, not nothing.
    text = _UNSAFE_TEXT_RE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else " ", text)
    return text.replace("\r\n", " \n").replace("\r", "\n")


def _md_one_line(text: str, links: Sequence[Link] = ()) -> str:
    return _SPACES_RE.sub(" ", _md_inline(*_trim(text, links)))


def _md_list(unit: list[Block]) -> str:
    unit = _visible(unit)
    lines: list[str] = []
    stack: list[tuple[int, int]] = []  # (level, content column) of the open items
    counters: dict[int, int] = {}
    for block in unit:
        while stack and stack[-1][0] >= block.level:
            level, _ = stack.pop()
            if level > block.level:
                counters.pop(level, None)
        indent = stack[-1][1] if stack else 0
        if block.ordered:
            counters[block.level] = counters.get(block.level, 0) + 1
            marker = f"{counters[block.level]}. "
        else:
            marker = "- "
        stack.append((block.level, indent + len(marker)))
        body = _md_inline(*_trim(block.text, block.links))
        first, *rest = body.split("\n")
        lines.append(" " * indent + marker + first)
        pad = " " * (indent + len(marker))
        lines.extend(pad + line if line else "" for line in rest)
    return "\n".join(lines)


def _md_table(unit: list[Block]) -> str:
    unit = _visible(unit)
    if not unit:
        return ""
    rows = [[_md_one_line(cell, links) for cell, links in _cell_links(b)] for b in unit]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    if unit[0].header_row:
        header, rows = rows[0], rows[1:]
    else:
        header = [""] * width
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines.extend("| " + " | ".join(r) + " |" for r in rows)
    return "\n".join(lines)


def _md_code(text: str) -> str:
    text = _clean(text).strip("\n")
    longest = max((len(run) for run in _BACKTICK_RUN_RE.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _md_unit(unit: list[Block], heading_floor: int = 1) -> str:
    first = unit[0]
    if first.kind is BlockKind.LIST_ITEM:
        return _md_list(unit)
    if first.kind is BlockKind.TABLE_ROW:
        return _md_table(unit)
    if not first.text.strip():
        return ""
    if first.kind is BlockKind.HEADING or first.label is Label.HEADING:
        text = _md_one_line(first.text, first.links)
        if text.endswith("#"):
            text = text[:-1] + "\\#"  # else it would be read as a closing sequence
        return "#" * _heading_level(first, heading_floor) + " " + text
    if first.kind is BlockKind.PREFORMATTED:
        return _md_code(first.text)
    text = _md_inline(*_trim(first.text, first.links))
    if first.kind is BlockKind.QUOTE:
        return _md_quote(text)
    return text


def _md_quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def _md_box(box: Box) -> str:
    name = BOX_NAMES.get(box.kind, str(box.kind).title())
    head = f"**{name}: {_md_one_line(box.title)}**" if box.title else f"**{name}**"
    parts = [head, *[p for p in (_md_unit(u, 2) for u in _units(_box_content(box))) if p]]
    return _md_quote("\n\n".join(parts))


def render_markdown(doc: Document, *, boxes: BoxPlacement = "none") -> str:
    """The article as Markdown; ``boxes`` puts the boxes nowhere, in place or at the end."""
    _check_placement(boxes)
    parts: list[str] = []
    if doc.title and doc.title.strip():
        parts.append("# " + _md_one_line(doc.title))
    for item in _layout(doc, boxes):
        part = _md_box(item) if isinstance(item, Box) else _md_unit(item)
        if part:
            parts.append(part)
    if not doc.blocks and doc.text.strip():
        parts.extend(_md_inline(p.strip(), ()) for p in doc.text.split("\n\n") if p.strip())
    return "\n\n".join(parts) + "\n" if parts else ""


# --------------------------------------------------------------------------------------------
# HTML


def _h(text: str) -> str:
    # quote=False: the HTML serialiser writes quotes in text raw, so escaping them here would
    # make the output differ from a parse-and-serialise round trip.
    if len(text) > HTML_TEXT_NODE_CHARS:
        # nh3's serialiser pays for every character of U+00A0–U+00BF (nbsp, ©, «, ·) with the
        # length of its text node: a long paragraph full of them is quadratic (320 000
        # non-breaking spaces: 1.3 s). Empty comments cut it into short nodes; nh3 drops them,
        # and the text comes out unchanged.
        return "<!---->".join(
            _h(text[i : i + HTML_TEXT_NODE_CHARS]) for i in range(0, len(text), HTML_TEXT_NODE_CHARS)
        )
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;")


def _html_href(href: str) -> str:
    encoded = _HREF_ENCODE_RE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), href)
    return html.escape(encoded, quote=True).replace("&#x27;", "%27")


def _html_inline(text: str, links: Sequence[Link]) -> str:
    out = []
    for chunk, href in _segments(_clean_keeping_offsets(text), links):
        escaped = _h(chunk).replace("\n", "<br>")
        out.append(escaped if href is None else f'<a href="{_html_href(href)}">{escaped}</a>')
    return "".join(out)


def _html_list(unit: list[Block]) -> str:
    out: list[str] = []
    unit = _visible(unit)
    stack: list[tuple[int, str]] = []  # (level, tag) of the open lists, innermost last
    for block in unit:
        while stack and stack[-1][0] > block.level:
            out.append(f"</li></{stack.pop()[1]}>")
        content = _html_inline(*_trim(block.text, block.links))
        if stack and stack[-1][0] == block.level:
            out.append(f"</li><li>{content}")
        else:
            tag = "ol" if block.ordered else "ul"
            stack.append((block.level, tag))
            out.append(f"<{tag}><li>{content}")
    while stack:
        out.append(f"</li></{stack.pop()[1]}>")
    return "".join(out)


def _html_row(block: Block, cell_tag: str) -> str:
    cells = _cell_links(block)
    return (
        "<tr>"
        + "".join(f"<{cell_tag}>{_html_inline(cell, links)}</{cell_tag}>" for cell, links in cells)
        + "</tr>"
    )


def _html_table(unit: list[Block]) -> str:
    # thead/tbody written out: the parser inserts a tbody around bare rows, which would break
    # the fixed point.
    unit = _visible(unit)
    if not unit:
        return ""
    out = ["<table>"]
    rows = unit
    if unit[0].header_row:
        out.append("<thead>" + _html_row(unit[0], "th") + "</thead>")
        rows = unit[1:]
    if rows:
        out.append(
            "<tbody>" + "".join(_html_row(b, "th" if b.header_row else "td") for b in rows) + "</tbody>"
        )
    out.append("</table>")
    return "\n".join(out)


def _html_unit(unit: list[Block], heading_floor: int = 2) -> str:
    first = unit[0]
    if first.kind is BlockKind.LIST_ITEM:
        return _html_list(unit)
    if first.kind is BlockKind.TABLE_ROW:
        return _html_table(unit)
    if not first.text.strip():
        return ""
    if first.kind is BlockKind.HEADING or first.label is Label.HEADING:
        tag = f"h{_heading_level(first, heading_floor)}"
        return f"<{tag}>{_html_inline(*_trim(first.text, first.links))}</{tag}>"
    if first.kind is BlockKind.PREFORMATTED:
        # A newline right after <pre> is swallowed by the parser: drop it so a round trip keeps it.
        return f"<pre>{_h(_clean(first.text).lstrip(chr(10)))}</pre>"
    content = _html_inline(*_trim(first.text, first.links))
    if first.kind is BlockKind.QUOTE:
        return f"<blockquote><p>{content}</p></blockquote>"
    return f"<p>{content}</p>"


def _html_box(box: Box) -> str:
    out = [f'<aside class="newsclean-box" data-kind="{html.escape(str(box.kind))}">']
    if box.title and box.title.strip():
        out.append(f"<h2>{_html_inline(box.title.strip(), ())}</h2>")
    out.extend(p for p in (_html_unit(u, 3) for u in _units(_box_content(box))) if p)
    out.append("</aside>")
    return "\n".join(out)


def render_html(doc: Document, *, boxes: BoxPlacement = "none") -> str:
    """The article as one sanitised ``<article>`` element.

    A fixed point: parsing the result with an HTML5 parser and serialising it again gives the
    same string.
    """
    _check_placement(boxes)
    parts = ['<article class="newsclean-article">']
    if doc.title and doc.title.strip():
        parts.append(f"<h1>{_html_inline(doc.title.strip(), ())}</h1>")
    for item in _layout(doc, boxes):
        part = _html_box(item) if isinstance(item, Box) else _html_unit(item)
        if part:
            parts.append(part)
    if not doc.blocks and doc.text.strip():
        parts.extend(f"<p>{_html_inline(p.strip(), ())}</p>" for p in doc.text.split("\n\n") if p.strip())
    parts.append("</article>")
    return sanitize_html("\n".join(parts))


def sanitize_html(fragment: str) -> str:
    """``fragment`` through nh3 with the renderer's allow-list (idempotent on its own output)."""
    import nh3  # only HTML output needs the sanitiser: not imported with the package

    return nh3.clean(
        fragment,
        tags=set(HTML_ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in HTML_ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {attr: set(values) for attr, values in attrs.items()}
            for tag, attrs in HTML_ALLOWED_ATTRIBUTE_VALUES.items()
        },
        url_schemes=set(SAFE_URL_SCHEMES),
        strip_comments=True,
    )


# --------------------------------------------------------------------------------------------
# dict

#: Document fields that are not metadata; every other field is, in declaration order.
_NON_METADATA_FIELDS = ("text", "blocks", "boxes", "empty_reason", "extractor")


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        # Sorted: a mapping filled by the pipeline has no meaningful insertion order.
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, str):
        return str(value)  # StrEnum members become plain strings
    return value


def _block_dict(block: Block) -> dict[str, Any]:
    density = block.link_density
    return {
        "index": block.index,
        "text": block.text,
        "kind": str(block.kind),
        "label": str(block.label),
        "reasons": list(block.reasons),
        "level": block.level,
        "group": block.group,
        "box": block.box,
        # NaN/inf are not JSON; a broken ratio is "unknown", not a number.
        "link_density": round(density, 4) if math.isfinite(density) else None,
        "links": [[lk.start, lk.end, lk.href] for lk in block.links],
    }


def render_dict(doc: Document) -> dict[str, Any]:
    """Everything in ``doc`` as JSON-ready values, keys in a fixed order."""
    out: dict[str, Any] = {
        f.name: _plain(getattr(doc, f.name))
        for f in dataclasses.fields(doc)
        if f.name not in _NON_METADATA_FIELDS
    }
    out["text"] = doc.text
    out["boxes"] = [box.to_dict() for box in doc.boxes]
    out["blocks"] = [_block_dict(b) for b in doc.blocks]
    out["empty_reason"] = doc.empty_reason
    out["extractor"] = str(doc.extractor)
    return out
