"""The optional C accelerators: which are in use, and the switch that turns them off.

Seven parts have a C twin, built by setup.py where a compiler is at hand: the parser guard's
pre-scan (``_prescan.c``, twin of ``parse._Scan``), the segment walk (``_walk.c``, twin of
``segment._Walker``), the per-block features (``_features.c``, twin of
``features.block_features``), the rule stage's container verdicts (``_rules.c``, twin of
``rules.python_container_verdicts``) and marker check of a short block text (``_markers.c``,
twin of ``rules._table_marker_verdict_uncached``), the density stage's first pass
(``_density.c``, twin of ``density.python_initial_verdicts``) and the CSS selection of lists of
simple selectors (``_select.c``, twin of Lexbor's ``node.css``, used through ``css.select``).
Each twin gives the same output as its reference (``tests/test_accel.py``,
``tests/test_markers.py``, ``tests/test_css.py``); the reference runs where a twin is missing,
and everywhere when ``NEWSCLEAN_PURE_PYTHON=1`` is set before newsclean is imported.

The walk reads Lexbor's tree without linking Lexbor: selectolax's extension exports
Lexbor's accessor functions, whose addresses are looked up here with ctypes and handed to
the C module once, on first use.
"""

from __future__ import annotations

import ctypes
import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import fields
from functools import cache
from types import ModuleType
from typing import Any, TypeVar

__all__ = [
    "PURE_PYTHON", "LEXBOR_FUNCTIONS", "field_names", "lexbor_functions", "slot_maker", "status", "twin",
]  # fmt: skip

T = TypeVar("T")

#: Set in the environment before import: every stage runs its Python code.
PURE_PYTHON = os.environ.get("NEWSCLEAN_PURE_PYTHON") == "1"

#: What _walk.c and _select.c call in selectolax's copy of Lexbor (all exported, non-inline versions).
LEXBOR_FUNCTIONS = (
    "lxb_dom_node_first_child_noi",
    "lxb_dom_node_last_child_noi",
    "lxb_dom_node_next_noi",
    "lxb_dom_node_prev_noi",
    "lxb_dom_node_parent_noi",
    "lxb_dom_node_type_noi",
    "lxb_dom_element_qualified_name",
    "lxb_dom_element_first_attribute_noi",
    "lxb_dom_element_next_attribute_noi",
    "lxb_dom_attr_qualified_name",
    "lxb_dom_attr_value_noi",
    # _select.c compares local names, as Lexbor's selectors do (svg's xlink:href is "href")
    "lxb_dom_element_local_name",
    "lxb_dom_attr_local_name_noi",
)


def lexbor_functions() -> dict[str, int] | None:
    """Addresses of ``LEXBOR_FUNCTIONS`` in selectolax's extension, or None where the
    platform does not export them (Windows builds, a selectolax without them)."""
    from selectolax import lexbor

    try:
        library = ctypes.CDLL(lexbor.__file__)
        found = {}
        for name in LEXBOR_FUNCTIONS:
            address = ctypes.cast(getattr(library, name), ctypes.c_void_p).value
            if not address:
                return None
            found[name] = address
        return found
    except (OSError, AttributeError):
        return None


def twin(name: str) -> ModuleType | None:
    """The C twin ``newsclean.<name>`` (``"_walk"`` …), or None where it is not built or
    switched off (``NEWSCLEAN_PURE_PYTHON=1``): the reference runs then."""
    if PURE_PYTHON:
        return None
    try:
        return importlib.import_module(f"{__package__}.{name}")
    except ImportError:
        return None


def field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names in order: the order C fills its slots in."""
    return tuple(f.name for f in fields(cls))


@cache
def slot_maker(cls: type[T]) -> Callable[..., T]:
    """A constructor of the slotted dataclass ``cls`` that takes every field positionally, in
    field order: _slots.c's, which fills the slots without running the generated ``__init__``
    (a tenth of the time for a frozen dataclass), or ``cls`` itself. Only for a class whose
    instances cannot be part of a reference cycle: _slots.c leaves them to reference counting
    alone, untracked by the cyclic collector (see _slotted.h)."""
    _slots = twin("_slots")
    if _slots is None:
        return cls
    made: Callable[..., Any] = _slots.maker(cls, field_names(cls))
    return made


def status() -> Mapping[str, bool]:
    """Which accelerators are in use: name → True when its C twin runs."""
    from . import combine, css, density, features, parse, rules, segment
    from .model import Block

    return {
        "prescan": getattr(parse, "_fast_is_clean", None) is not None,
        "walk": segment.c_walk() is not None,
        "features": features.c_block_features() is not None,
        "rules": rules.c_container_verdicts() is not None,
        "markers": rules.c_marker_verdict() is not None,
        "density": density.c_initial_verdicts() is not None,
        "combine": combine._c_combine() is not None,
        "select": css._c_select() is not None,
        "slots": slot_maker(Block) is not Block,
    }
