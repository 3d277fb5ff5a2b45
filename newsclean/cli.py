"""``newsclean PAGE.html``: extract one article from the command line.

Exit status: 0 on success (also when the page holds no article: the output is then empty and
the reason goes to stderr), 1 when stdout was closed early, 2 for a usage error or an input
that cannot be read.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
from typing import BinaryIO, TextIO

import newsclean

from .errors import InvalidInputError
from .model import BoxPlacement, Document

__all__ = ["main"]

FORMATS = ("text", "markdown", "json", "html")
BOX_PLACEMENTS = ("none", "inline", "end")
EXTRACTORS = ("combined", "rules", "density")
#: Input files with these suffixes are plain-text dumps, not HTML.
TEXT_SUFFIXES = (".txt",)

EXIT_OK = 0
EXIT_BROKEN_PIPE = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Extract the news article from one HTML page.",
    )
    parser.add_argument("page", help="the HTML file to read, or - for stdin")
    parser.add_argument("--url", help="the page's URL (resolves relative links, fills Document.url)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--boxes",
        choices=BOX_PLACEMENTS,
        default="none",
        help="where markdown/html output puts explainer, related and ad boxes (default: none)",
    )
    parser.add_argument(
        "--extractor", choices=EXTRACTORS, default="combined", help="classifier family (default: combined)"
    )
    parser.add_argument(
        "--text-input",
        action="store_true",
        help="the input is a plain-text dump, not HTML (implied for .txt files)",
    )
    return parser


def _read_input(page: str, stdin: BinaryIO) -> bytes:
    if page == "-":
        return stdin.read()
    with open(page, "rb") as fh:
        return fh.read()


def _decode_text_dump(data: bytes) -> str:
    # HTML decoding belongs to the library (it knows meta charsets); a text dump has no
    # declaration, so: BOM/UTF-8 first, then detection, then a lossless-length fallback.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("utf-8", errors="replace")


def _render(doc: Document, fmt: str, boxes: BoxPlacement) -> str:
    if fmt == "json":
        return json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        out = doc.to_markdown(boxes=boxes)
    elif fmt == "html":
        out = doc.to_html(boxes=boxes)
    else:
        out = doc.to_text()
    return out if not out or out.endswith("\n") else out + "\n"


def _write_utf8(stream: TextIO, text: str) -> None:
    # Output must be UTF-8 whatever the locale says (a cp1252 console or LANG=C would
    # otherwise raise on the first non-Latin character).
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        is_utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        is_utf8 = False
    buffer = getattr(stream, "buffer", None)
    if is_utf8 or buffer is None:
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or argparse already printed the usage error
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE

    try:
        data = _read_input(args.page, sys.stdin.buffer)
    except OSError as exc:
        name = "stdin" if args.page == "-" else repr(args.page)
        print(f"newsclean: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE

    text_input = args.text_input or args.page.lower().endswith(TEXT_SUFFIXES)
    try:
        if text_input:
            doc = newsclean.extract_text(_decode_text_dump(data), url=args.url)
        else:
            doc = newsclean.extract(data, url=args.url, extractor=args.extractor)
    except InvalidInputError as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return EXIT_USAGE

    if not doc.text and doc.empty_reason:
        print(f"newsclean: no article found: {doc.empty_reason}", file=sys.stderr)
    try:
        _write_utf8(sys.stdout, _render(doc, args.format, args.boxes))
    except BrokenPipeError:
        # The reader went away (`| head`). Point stdout at devnull so the interpreter's final
        # flush does not raise again and print a traceback (the recipe from the signal docs).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return EXIT_OK
