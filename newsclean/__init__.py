"""newsclean: one news page in, its article out — with explainer boxes, related teasers and
ads returned separately and labelled, each with the reason it was classified so.

    >>> import newsclean
    >>> doc = newsclean.extract(html, url="https://example.com/a")
    >>> doc.text, [(b.kind, b.title) for b in doc.boxes]
"""

import typing

from .api import extract
from .errors import InvalidInputError, NewscleanError
from .model import Block, BlockKind, Box, BoxKind, Document, Label, Link
from .rules import Rules

if typing.TYPE_CHECKING:
    from .batch import Record, Result, extract_many
    from .text import extract_text

# Loaded on first use: a scraper calling extract() once per page need not pay, in every fresh
# process, for the batch runner's process pool and logging imports or the plain-text
# extractor's patterns (together about a fifth of `import newsclean`).
_LAZY = {"Record": "batch", "Result": "batch", "extract_many": "batch", "extract_text": "text"}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "extract",
    "extract_text",
    "extract_many",
    "Record",
    "Result",
    "Rules",
    "Document",
    "Block",
    "Box",
    "Link",
    "Label",
    "BlockKind",
    "BoxKind",
    "NewscleanError",
    "InvalidInputError",
    "__version__",
]

__version__ = "0.1.0"
