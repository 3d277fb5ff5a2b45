"""CSS selection over the parsed tree: Lexbor's, or its C twin for lists of simple selectors.

The metadata stage asks the whole page for its ``<meta>``, JSON-LD, headline and byline
elements with lists of simple selectors: a tag, an attribute test, or both. Lexbor's engine
runs every selector of a list against every element, reading its attributes again for each;
the eleven case-insensitive substring tests of the byline list took ~0.4 ms a page. ``_select.c``
answers such a list in one pass that reads each element's attributes once, and gives the same
nodes in the same order (tests/test_css.py). :func:`select` uses it where the list compiles
(:func:`compile_selectors`) and the twin is built, and Lexbor everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Final

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import _accel

__all__ = ["Clause", "compile_selectors", "select", "select_first"]

#: One selector: (tag or None, attribute or None, operation, value, case-insensitive), as
#: _select.c reads it. Tag, attribute and value are ASCII bytes; the value lower-cased when
#: case-insensitive.
Clause = tuple[bytes | None, bytes | None, int, bytes, bool]

OP_NONE, OP_EXISTS, OP_CONTAINS, OP_WORD = 0, 1, 2, 3
# The "i" flag folds ASCII letters only ("Ä" matches "Ä", not "ä"), as _select.c lowers a value.
_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_OPERATIONS: Final = {None: OP_EXISTS, "*=": OP_CONTAINS, "~=": OP_WORD}

#: Attributes whose values HTML matches without regard to case even without the "i" flag, on
#: HTML elements only (HTML Standard, "case-sensitivity of selectors"). The twin does not
#: know an element's namespace, so a test of one of these without the flag is left to Lexbor.
HTML_CASE_INSENSITIVE_ATTRIBUTES: Final = frozenset(
    {
        "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked",
        "clear", "codetype", "color", "compact", "declare", "defer", "dir", "direction",
        "disabled", "enctype", "face", "frame", "hreflang", "http-equiv", "lang", "language",
        "link", "media", "method", "multiple", "nohref", "noresize", "noshade", "nowrap",
        "readonly", "rel", "rev", "rules", "scope", "scrolling", "selected", "shape", "target",
        "text", "type", "valign", "valuetype", "vlink",
    }
)  # fmt: skip

# tag, [attr], [attr*="value"], [attr~="value" i], tag[attr …]: ASCII names, quoted values
# without escapes. Anything else (combinators, pseudo-classes, several attribute tests) is
# Lexbor's alone.
_SIMPLE_SELECTOR: Final = regex.compile(
    r'(?P<tag>[a-z][a-z0-9]*)?'
    r'(?:\[(?P<attr>[a-z][a-z0-9_-]*)(?:(?P<op>\*=|~=)"(?P<value>[^"\\]+)"(?:\s+(?P<flag>i))?)?\])?'
)


@cache
def compile_selectors(selectors: str) -> tuple[Clause, ...] | None:
    """The clauses of a selector list _select.c can answer, or None where it cannot."""
    clauses: list[Clause] = []
    for part in selectors.split(","):
        found = _SIMPLE_SELECTOR.fullmatch(part.strip())
        if found is None or not (found["tag"] or found["attr"]):
            return None
        attr, op, value, ci = found["attr"], found["op"], found["value"] or "", bool(found["flag"])
        if op and not ci and attr in HTML_CASE_INSENSITIVE_ATTRIBUTES:
            return None
        if op == "~=" and any(c in value for c in " \t\n\f\r"):
            return None  # no word holds white space: Lexbor's answer, not worth a clause
        clauses.append(
            (
                found["tag"].encode("ascii") if found["tag"] else None,
                attr.encode("ascii") if attr else None,
                _OPERATIONS[op] if attr else OP_NONE,
                (value.translate(_ASCII_LOWER) if ci else value).encode("utf-8"),
                ci,
            )
        )
    return tuple(clauses)


def select(node: LexborHTMLParser | LexborNode, selectors: str) -> list[LexborNode]:
    """``node.css(selectors)``: the node (a tree: its root) and its descendants that match, in
    document order, a node once for each selector of the list it matches. For a parsed
    document and its nodes, as the pipeline asks: selectolax treats a fragment parser's
    wrapper and a template's content specially, which the twin does not mirror."""
    root = node.root if isinstance(node, LexborHTMLParser) else node
    if root is None:
        return []
    c_select = _c_select()
    clauses = compile_selectors(selectors) if c_select is not None else None
    if clauses is None or c_select is None:
        return root.css(selectors)
    return c_select(root, clauses, False)


def select_first(node: LexborHTMLParser | LexborNode, selectors: str) -> LexborNode | None:
    """``node.css_first(selectors)``."""
    root = node.root if isinstance(node, LexborHTMLParser) else node
    if root is None:
        return None
    c_select = _c_select()
    clauses = compile_selectors(selectors) if c_select is not None else None
    if clauses is None or c_select is None:
        return root.css_first(selectors)
    found = c_select(root, clauses, True)
    return found[0] if found else None


@cache
def _c_select() -> Callable[[LexborNode, tuple[Clause, ...], bool], list[LexborNode]] | None:
    """_select.c's select, set up on first use; None where it is not built, switched off
    (``NEWSCLEAN_PURE_PYTHON=1``) or gives other nodes than Lexbor on a probe page."""
    _select = _accel.twin("_select")
    functions = _accel.lexbor_functions()
    if _select is None or functions is None:
        return None
    probe = LexborHTMLParser(
        '<title>t</title><div class="By-Line x"><a href="/author/a" rel="author">A</a></div>'
        '<svg><title>s</title></svg>'
    )
    if probe.root is None:
        return None
    try:
        _select.init(functions, probe.root, probe)
    except (ValueError, KeyError, TypeError):
        return None
    query = 'title, [class*="byline" i], a[href*="/author"], [rel~="author" i]'
    clauses = compile_selectors(query)
    assert clauses is not None
    ours = _select.select(probe.root, clauses, False)
    theirs = probe.css(query)
    if [(n.mem_id, n.tag, n.text()) for n in ours] != [(n.mem_id, n.tag, n.text()) for n in theirs]:
        return None
    if any(n.parser is not probe for n in ours):
        return None
    return _select.select
