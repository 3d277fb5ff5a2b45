"""newsclean: one news page in, its article out — with explainer boxes, related teasers and
ads returned separately and labelled, each with the reason it was classified so.

    >>> import newsclean
    >>> doc = newsclean.extract(html, url="https://example.com/a")
    >>> doc.text, [(b.kind, b.title) for b in doc.boxes]
"""

from .api import extract
from .batch import Record, Result, extract_many
from .errors import InvalidInputError, NewscleanError
from .model import Block, BlockKind, Box, BoxKind, Document, Label, Link
from .rules import Rules
from .text import extract_text

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
