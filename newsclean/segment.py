"""Tree → blocks: the one place that walks DOM nodes.

The walk turns the parsed page into plain values: ``Container`` for every block-level
element (tag, class/id, role, itemprop, parent) and ``RawBlock`` for every run of text
between block boundaries, with its link spans and the chain of containers around it.
Nothing after this module sees a DOM node.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate
from types import ModuleType

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import _accel
from .model import BlockKind, Link
from .parse import _NON_CONTENT_TAGS, strip_non_content
from .unicode import nfc

__all__ = ["Container", "RawBlock", "Page", "segment"]

# Elements whose start and end break the text into separate blocks.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "legend",
        "option",
    ]
)
# Subtrees that never hold readable article text (parse.strip_non_content removes most of
# them first; this set keeps segment correct on a tree that was not stripped).
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "button",
        "input",
        "textarea",
        "head",
        "title",
        "link",
        "meta",
        "audio",
        "video",
        "source",
        "track",
        "map",
        "area",
        "picture",
        "img",
    ]
)
# What parse.strip_non_content removes (comments aside): the C walk skips these itself.
_NON_CONTENT = frozenset(_NON_CONTENT_TAGS) | {"noscript"}
HEADING_LEVEL = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LIST_TAGS = frozenset({"ul", "ol", "dl", "menu", "dir"})
ITEM_TAGS = frozenset({"li", "dd", "dt"})
# Sentence ends after which a capital in the next text node starts a new word, space or not.
SENTENCE_END_GLUE = frozenset(".!?")
# A table is data (rows of cells) unless a cell holds one of these: then it is layout.
# (Lexbor's node.css() matches the node itself too, hence the "td " prefix on each.)
LAYOUT_TABLE_MARKERS = ", ".join(
    f"{cell} {inner}"
    for cell in ("td", "th")
    for inner in ("table", "p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "blockquote", "article", "section")
)

_WS = regex.compile(r"\s+")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
# Class tokens of a link drawn as a button: "btn", "fusion-button", "cta-link" (parts of a
# class split at "-" and "_" count; "btnGold", "buttonset" do not).
_BUTTON_CLASS = regex.compile(r"(?<![^\s_-])(?:btn|button|cta)(?![^\s_-])", regex.IGNORECASE)


def _glued(last: str, first: str) -> bool:
    """Whether two text nodes written without white space between them still read as two
    words: a lower-case letter or a sentence end, then a capital (``CrazySponsored by``,
    ``ichAnzeige`` from spans a style sheet puts on lines of their own). A capital then
    lower case (drop caps: ``D`` + ``er``) and letters of one case stay one word."""
    return first.isupper() and (last.islower() or last in SENTENCE_END_GLUE)


def _renormalised(text: str, links: tuple[Link, ...]) -> tuple[str, tuple[Link, ...]]:
    """NFC of a block's text, its link offsets moved with it. Done once per block, not per
    text node: a combining mark that opens a node composes with the letter ending the one
    before, so only the joined text can be normalised."""
    normal = unicodedata.normalize("NFC", text)
    if not links:
        return normal, links
    size = len(normal)
    # Each offset moves by how much the text before it shrinks. Normalising the pieces between
    # link edges one by one keeps this linear for any number of links; a mark composing across
    # an edge moves that edge by one character at most.
    edges = sorted({0, *(ln.start for ln in links), *(ln.end for ln in links)})
    moved: dict[int, int] = {}
    total = 0
    for start, end in zip(edges, [*edges[1:], len(text)], strict=True):
        moved[start] = min(size, total)
        total += len(unicodedata.normalize("NFC", text[start:end]))
    return normal, tuple(Link(moved[ln.start], moved[ln.end], ln.href) for ln in links)


@dataclass(slots=True)
class Container:
    """A block-level element; blocks point at the chain of these around them."""

    id: int
    tag: str
    parent: int  # container id, -1 at the top
    depth: int
    hints: str  # lower-cased "class id" text, for token rules
    role: str
    itemprop: str
    # a user selector's verdict (``Rules.selectors``), or the rule verdict of a box newsclean wrote
    forced: object | None = None
    chain: tuple[int, ...] = ()  # container ids from the outermost down to this one


@dataclass(slots=True)
class RawBlock:
    index: int
    text: str
    kind: BlockKind
    tag: str
    container: int  # innermost container id
    level: int = 0
    links: tuple[Link, ...] = ()
    link_chars: int = 0
    group: int | None = None
    ordered: bool = False
    cells: tuple[str, ...] = ()
    header_row: bool = False
    in_quote: bool = False
    button_chars: int = 0  # characters inside links styled as buttons


@dataclass(slots=True)
class Page:
    blocks: list[RawBlock]
    containers: list[Container]
    lang: str | None = None
    # per-container [link chars, chars, headings], filled on first use by combine._box_stats
    box_stats: tuple[list[int], list[int], list[int]] | None = None
    # per container, one past the last id of its subtree; filled on first use by subtree_totals
    subtree_ends: list[int] | None = None

    def chain(self, container_id: int) -> tuple[int, ...]:
        """Container ids from the outermost down to ``container_id``."""
        return self.containers[container_id].chain

    # Stages that need a sum or a search over every container around every block use these
    # instead of walking each block's chain: a hostile page can have 10^5 blocks each 256
    # containers deep, and the chain walks then cost minutes. Both rely on a container's
    # parent having a smaller id (containers are numbered in document order).

    def subtree_totals(self, own: list[int]) -> list[int]:
        """Per container, the sum of ``own`` over it and every container below it."""
        # The walk numbers containers as it enters them, so a subtree is the id range from its
        # root to its end and its total a difference of prefix sums. Stages ask for a dozen
        # totals per page; the ends are found once.
        fast = _c_page()
        ends = self.subtree_ends
        if ends is None:
            ends = self.subtree_ends = (
                fast.subtree_ends(self.containers) if fast is not None else self._python_subtree_ends()
            )
        if fast is not None:
            return fast.subtree_totals(ends, own)
        return _range_totals(ends, own)

    def python_subtree_totals(self, own: list[int]) -> list[int]:
        """``subtree_totals`` in Python, ends included: the reference of _walk.c's."""
        return _range_totals(self._python_subtree_ends(), own)

    def _python_subtree_ends(self) -> list[int]:
        ends = list(range(1, len(self.containers) + 1))
        containers = self.containers
        for cid in range(len(ends) - 1, 0, -1):
            parent = containers[cid].parent
            if ends[cid] > ends[parent]:
                ends[parent] = ends[cid]
        return ends

    def innermost(self, marked: list[bool]) -> list[int]:
        """Per container, the innermost marked container of its chain (itself included), or -1."""
        fast = _c_page()
        if fast is not None:
            return fast.innermost(self.containers, marked)
        return self.python_innermost(marked)

    def python_innermost(self, marked: list[bool]) -> list[int]:
        """``innermost`` in Python: the reference of _walk.c's."""
        out = [-1] * len(marked)
        for cid, container in enumerate(self.containers):
            if marked[cid]:
                out[cid] = cid
            elif container.parent >= 0:
                out[cid] = out[container.parent]
        return out


def _range_totals(ends: list[int], own: list[int]) -> list[int]:
    """Per container, the sum of ``own`` over its id range (itself to its subtree's end)."""
    prefix = [0, *accumulate(own)]
    return [prefix[end] - prefix[start] for start, end in enumerate(ends)]


class _TextBuffer:
    """Collects inline text of one block with whitespace collapsed as it arrives, so that
    link offsets stay exact."""

    __slots__ = ("parts", "length", "ends_space", "links", "link_chars", "button_chars")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.ends_space = True
        self.links: list[Link] = []
        self.link_chars = 0
        self.button_chars = 0

    def add(self, raw: str) -> int:
        # str.split/join is several times faster than a regex substitution here, and this
        # runs once per text node of the page
        words = raw.split()
        if not words:
            if not self.ends_space:
                self.parts.append(" ")
                self.length += 1
                self.ends_space = True
            return 0
        text = " ".join(words)
        if not self.ends_space and (raw[0].isspace() or _glued(self.parts[-1][-1], text[0])):
            text = " " + text
        if raw[-1].isspace():
            text += " "
        self.parts.append(text)
        self.length += len(text)
        self.ends_space = text[-1] == " "
        return len(text)

    def space(self) -> None:
        if not self.ends_space:
            self.parts.append(" ")
            self.length += 1
            self.ends_space = True


class _Walker:
    def __init__(self, forced: Mapping[int, object]) -> None:
        self.forced = forced
        self.blocks: list[RawBlock] = []
        self.containers: list[Container] = []
        self.buffer = _TextBuffer()
        self.group_counter = 0

    # ------------------------------------------------------------ containers and blocks
    def open_container(self, node: LexborNode, tag: str, attrs: dict, parent: int, depth: int) -> int:
        cid = len(self.containers)
        hints = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if "-" in tag:  # custom elements (<amp-ad>, <ad-slot>) name themselves
            hints = f"{hints} {tag}"
        self.containers.append(
            Container(
                cid,
                tag,
                parent,
                depth,
                hints.strip(),
                (attrs.get("role") or "").lower(),
                (attrs.get("itemprop") or "").lower(),
                self.forced.get(node.mem_id) if self.forced else None,
                (self.containers[parent].chain if parent >= 0 else ()) + (cid,),
            )
        )
        return cid

    def flush(self, ctx: _Context) -> None:
        buf = self.buffer
        if not buf.parts:
            return
        text = "".join(buf.parts)
        stripped = text.strip()
        if stripped:
            size = len(stripped)
            lead = len(text) - len(text.lstrip())
            links: tuple[Link, ...] = ()
            if buf.links:
                if lead == 0 and buf.links[-1].end <= size:
                    # the common case: no leading space, every link inside the stripped text
                    links = tuple(buf.links)
                else:
                    links = tuple(
                        Link(max(0, ln.start - lead), min(size, ln.end - lead), ln.href)
                        for ln in buf.links
                        if ln.end - lead > 0 and ln.start - lead < size
                    )
            if not stripped.isascii() and not unicodedata.is_normalized("NFC", stripped):
                stripped, links = _renormalised(stripped, links)
                size = len(stripped)
            self.blocks.append(
                RawBlock(
                    len(self.blocks),
                    stripped,
                    ctx.kind,
                    ctx.tag,
                    ctx.container,
                    ctx.level,
                    links,
                    min(buf.link_chars, size),
                    ctx.group,
                    ctx.ordered,
                    in_quote=ctx.in_quote,
                    button_chars=min(buf.button_chars, size),
                )
            )
        self.buffer = _TextBuffer()

    def add_table(self, node: LexborNode, ctx: _Context) -> None:
        """A data table: one block per row, its cells kept apart."""
        self.group_counter += 1
        group = self.group_counter
        for row in node.css("tr"):
            cells = []
            header = True
            for cell in row.css("th, td"):
                if cell.tag == "td":
                    header = False
                cells.append(nfc(_WS.sub(" ", cell.text(separator=" ")).strip()))
            if not any(cells):
                continue
            text = " | ".join(cells)
            self.blocks.append(
                RawBlock(
                    len(self.blocks),
                    text,
                    BlockKind.TABLE_ROW,
                    "tr",
                    ctx.container,
                    0,
                    (),
                    0,
                    group,
                    False,
                    tuple(cells),
                    header,
                )
            )

    # ------------------------------------------------------------ the walk
    def walk(self, root: LexborNode) -> None:
        # Iterative depth-first walk: deep pages must not hit Python's recursion limit.
        # Each stack entry is (node, context) for a node to enter, or (None, context) to
        # leave the block-level element whose context it restores.
        top = _Context(kind=BlockKind.PARAGRAPH, tag="body", container=-1, depth=0)
        cid = self.open_container(root, "body", root.attributes, -1, 0)
        top.container = cid
        stack: list[tuple[LexborNode | None, _Context]] = []
        child = root.child
        children = []
        while child is not None:
            children.append(child)
            child = child.next
        for c in reversed(children):
            stack.append((c, top))
        buf_owner = top
        pop, push = stack.pop, stack.append
        # ``buf`` is self.buffer, re-read after every flush (which starts a new buffer)
        buf = self.buffer
        skip_tags, block_tags, hidden_style = SKIP_TAGS, BLOCK_TAGS, _HIDDEN_STYLE.search
        while stack:
            node, ctx = pop()
            if node is None:
                # leaving a block element: whatever text it gathered is one block
                if buf.parts:
                    self.flush(buf_owner)
                    buf = self.buffer
                buf_owner = ctx
                continue
            tag = node.tag
            if tag == "-text":
                text = node.text_content
                if text:
                    if not buf.parts:
                        buf_owner = ctx
                    if text.isspace():
                        # most text nodes are the indentation between tags: at most a space
                        if not buf.ends_space:
                            buf.parts.append(" ")
                            buf.length += 1
                            buf.ends_space = True
                        continue
                    added = buf.add(text)
                    href = ctx.href
                    if added and href is not None:
                        end = buf.length
                        start = end - added
                        buf.link_chars += added
                        if ctx.button:
                            buf.button_chars += added
                        links = buf.links
                        if links and links[-1].href == href and links[-1].end >= start - 1:
                            links[-1] = Link(links[-1].start, end, href)
                        else:
                            links.append(Link(start, end, href))
                continue
            if tag is None or tag[0] == "-" or tag in skip_tags:
                continue
            attrs = node.attributes
            if "hidden" in attrs or (attrs.get("aria-hidden") == "true" and tag not in block_tags):
                continue
            style = attrs.get("style")
            if style and hidden_style(style):
                continue
            if tag == "br":
                # one <br> is a line break inside a paragraph; two in a row end it
                nxt = node.next
                while nxt is not None and nxt.tag == "-text" and not (nxt.text_content or "").strip():
                    nxt = nxt.next
                if nxt is not None and nxt.tag == "br":
                    self.flush(buf_owner)
                    buf = self.buffer
                    buf_owner = ctx
                else:
                    buf.space()
                continue
            if tag in block_tags or "-" in tag:
                if buf.parts:
                    self.flush(buf_owner)
                    buf = self.buffer
                new_cid = self.open_container(node, tag, attrs, ctx.container, ctx.depth + 1)
                new = ctx.child_context(tag, new_cid)
                if tag == "table" and node.css_first(LAYOUT_TABLE_MARKERS) is None:
                    self.add_table(node, new)
                    continue
                if tag in LIST_TAGS:
                    self.group_counter += 1
                    new.group = self.group_counter
                    new.ordered = tag == "ol"
                    new.list_depth = ctx.list_depth + 1
                push((None, ctx))
                buf_owner = new
            elif tag == "a":
                href = attrs.get("href")
                new = ctx.copy()
                new.href = href.strip() if href else ""
                cls = attrs.get("class")
                if cls and _BUTTON_CLASS.search(cls):
                    new.button = True
            else:
                new = ctx
            child = node.last_child
            while child is not None:
                push((child, new))
                child = child.prev
        self.flush(buf_owner)


class _Context:
    """What the nearest block-level ancestor makes of the text inside it."""

    __slots__ = (
        "kind",
        "tag",
        "container",
        "depth",
        "level",
        "group",
        "ordered",
        "list_depth",
        "in_quote",
        "href",
        "button",
    )

    def __init__(self, kind: BlockKind, tag: str, container: int, depth: int) -> None:
        self.kind = kind
        self.tag = tag
        self.container = container
        self.depth = depth
        self.level = 0
        self.group: int | None = None
        self.ordered = False
        self.list_depth = 0
        self.in_quote = False
        self.href: str | None = None
        self.button = False  # inside a link styled as a button ("btn", "button", "cta")

    def copy(self) -> _Context:
        # one per block element and link: bypassing __init__ halves the attribute writes
        new = _Context.__new__(_Context)
        new.kind, new.tag, new.container, new.depth = self.kind, self.tag, self.container, self.depth
        new.level, new.group, new.ordered = self.level, self.group, self.ordered
        new.list_depth, new.in_quote, new.href = self.list_depth, self.in_quote, self.href
        new.button = self.button
        return new

    def child_context(self, tag: str, container: int) -> _Context:
        new = self.copy()
        new.container = container
        new.depth = self.depth + 1
        new.tag = tag
        # a block inside a link (a whole teaser card wrapped in <a>) is still link text
        if tag in HEADING_LEVEL:
            new.kind, new.level = BlockKind.HEADING, HEADING_LEVEL[tag]
        elif tag in ITEM_TAGS:
            new.kind, new.level = BlockKind.LIST_ITEM, max(1, self.list_depth)
        elif tag == "blockquote":
            new.kind, new.in_quote = BlockKind.QUOTE, True
        elif tag == "pre":
            new.kind = BlockKind.PREFORMATTED
        elif tag == "figcaption":
            new.kind = BlockKind.CAPTION
        elif tag == "p" and self.kind is not BlockKind.LIST_ITEM:
            new.kind = BlockKind.QUOTE if self.in_quote else BlockKind.PARAGRAPH
        elif tag in LIST_TAGS:
            pass  # list containers keep the kind of what is around them until an item opens
        elif self.kind in (BlockKind.HEADING,):
            pass
        elif self.kind not in (
            BlockKind.LIST_ITEM,
            BlockKind.QUOTE,
            BlockKind.CAPTION,
            BlockKind.PREFORMATTED,
        ):
            new.kind = BlockKind.PARAGRAPH
        return new


def segment(
    tree: LexborHTMLParser, *, forced: Mapping[int, object] | None = None, stripped: bool = True
) -> Page:
    """Split the page into text blocks. ``forced`` maps node ``mem_id`` to a forced verdict
    (``rules.match_selectors``). Link targets stay as written; ``assemble`` resolves them for
    the blocks it keeps.

    ``stripped``: whether ``parse.strip_non_content`` has run on ``tree``. If not, the C walk
    reads the tree as if it had (it skips those elements and the comments itself, which is
    cheaper than removing them); the Python walk strips it first.
    """
    root = tree.body or tree.root
    if root is None:
        return Page([], [])
    fast = c_walk()
    if not stripped and (fast is None or root.tag in _NON_CONTENT):
        # the Python walk reads a stripped tree; so does a page whose body is a <frameset>,
        # which stripping removes, making the <html> element the root
        strip_non_content(tree)
        return segment(tree, forced=forced)
    if fast is not None:
        blocks, containers = fast(root.mem_id, forced or None)
        return Page(blocks, containers)
    return python_segment(tree, forced=forced)


def python_segment(tree: LexborHTMLParser, *, forced: Mapping[int, object] | None = None) -> Page:
    """``segment`` by the Python walk alone: the reference the C walk is held to."""
    root = tree.body or tree.root
    walker = _Walker(forced or {})
    if root is not None:
        walker.walk(root)
    return Page(walker.blocks, walker.containers)


# -- the C walk (_walk.c) ------------------------------------------------------------------


def _tag_flags() -> dict[str, int]:
    """The tag tables above as the bit flags _walk.c reads (its TF_* constants)."""
    flags: dict[str, int] = {}

    def add(names: frozenset[str] | set[str] | list[str] | tuple[str, ...], bit: int) -> None:
        for name in names:
            flags[name] = flags.get(name, 0) | bit

    cells, inner = _layout_marker_parts()
    add(BLOCK_TAGS, 1 << 0)
    add(SKIP_TAGS, 1 << 1)
    add(LIST_TAGS, 1 << 2)
    add(ITEM_TAGS, 1 << 3)
    add(["blockquote"], 1 << 4)
    add(["pre"], 1 << 5)
    add(["figcaption"], 1 << 6)
    add(["p"], 1 << 7)
    add(["table"], 1 << 8)
    add(["a"], 1 << 9)
    add(["br"], 1 << 10)
    add(["ol"], 1 << 11)
    add(cells, 1 << 12)
    add(inner, 1 << 13)
    add(["tr"], 1 << 14)
    add(["td"], 1 << 15)
    add(_NON_CONTENT, 1 << 17)
    for name, level in HEADING_LEVEL.items():
        flags[name] = flags.get(name, 0) | (level << 20)
    return flags


def _layout_marker_parts() -> tuple[set[str], set[str]]:
    """LAYOUT_TABLE_MARKERS as (cell tags, inner tags): the C walk tests "cell inner" itself."""
    pairs = [marker.split() for marker in LAYOUT_TABLE_MARKERS.split(", ")]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("LAYOUT_TABLE_MARKERS must be 'cell inner' pairs for the C walk")
    cells = {cell for cell, _ in pairs}
    inner = {tag for _, tag in pairs}
    if {(cell, tag) for cell, tag in pairs} != {(c, t) for c in cells for t in inner}:
        raise ValueError("LAYOUT_TABLE_MARKERS must pair every cell tag with every inner tag")
    return cells, inner


def _clean_cell(text: str) -> str:
    return nfc(_WS.sub(" ", text).strip())


def _probe_layout(walk_module: ModuleType) -> bool:
    """Whether _walk.c reads this selectolax's text nodes right (its struct assumption)."""
    probe = LexborHTMLParser("<p>Grüße, <b>x</b> 1</p>")
    body = probe.body
    if body is None:
        return False
    node = body.child.child if body.child is not None else None
    seen = 0
    while node is not None:
        if node.tag == "-text":
            expected = (node.text_content or "").encode("utf-8")
            if walk_module.probe_text(node.mem_id) != expected:
                return False
            seen += 1
        node = node.next
    return seen == 2


@cache
def _c_page() -> ModuleType | None:
    """_walk.c's Page helpers (subtree_ends, subtree_totals, innermost), where the walk is in use."""
    if c_walk() is None:
        return None
    from . import _walk

    return _walk


@cache
def c_walk() -> Callable[[int, Mapping[int, object] | None], tuple[list[RawBlock], list[Container]]] | None:
    """The C walk, set up on first use; None where it is not built, switched off
    (``NEWSCLEAN_PURE_PYTHON=1``) or cannot read this selectolax's tree."""
    _walk = _accel.twin("_walk")
    if _walk is None:
        return None
    functions = _accel.lexbor_functions()
    if functions is None:
        return None
    _walk.init(
        functions,
        {
            # filled slot by slot in field order, without __init__ (see _walk.c)
            "Container": (Container, _accel.field_names(Container)),
            "RawBlock": (RawBlock, _accel.field_names(RawBlock)),
            "Link": (Link, _accel.field_names(Link)),
            "kinds": (
                BlockKind.PARAGRAPH,
                BlockKind.HEADING,
                BlockKind.LIST_ITEM,
                BlockKind.QUOTE,
                BlockKind.PREFORMATTED,
                BlockKind.TABLE_ROW,
                BlockKind.CAPTION,
            ),
            "tag_flags": _tag_flags(),
            "hidden_style": lambda style: _HIDDEN_STYLE.search(style) is not None,
            "button_class": lambda cls: _BUTTON_CLASS.search(cls) is not None,
            "renormalise": _renormalised,
            "is_nfc": partial(unicodedata.is_normalized, "NFC"),
            "clean_cell": _clean_cell,
        },
    )
    if not _probe_layout(_walk):
        return None
    return _walk.walk
