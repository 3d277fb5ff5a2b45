"""``newsclean PAGE.html``: extract one article from the command line — or many.

One page (a file, or ``-`` for stdin) prints its article in the chosen ``--format``. Several
paths, a directory, a glob, a WARC file or ``--jsonl`` switch to batch mode: one JSON object
per record (``id``, ``origin``, ``error``, then ``Document.to_dict()``) on stdout or ``-o``,
extracted on ``--jobs`` processes, with a summary line on stderr.

Exit status: 0 on success (also when a page holds no article: the output is then empty and
the reason goes to stderr; in batch mode also when some records failed: they are in the
output with their ``error``), 1 when stdout was closed early, 2 for a usage error or an input
that cannot be read (one page) or does not exist (batch mode), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import io
import json
import logging
import os
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from glob import has_magic, iglob
from typing import IO, Any, BinaryIO, TextIO

import newsclean

from .batch import (
    ReadStats,
    Record,
    _json_lines,
    _looks_like_warc,
    decode_text_dump,
    is_warc_path,
    read_paths,
)
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
EXIT_INTERRUPTED = 130

log = logging.getLogger("newsclean")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsclean",
        description="Extract the news article from one HTML page, or from many as JSON Lines.",
    )
    parser.add_argument(
        "pages",
        nargs="+",
        metavar="PAGE",
        help="the HTML file to read, or - for stdin; several files, directories, globs or WARC "
        "files (.warc, .warc.gz) switch to batch mode",
    )
    parser.add_argument("--url", help="the page's URL (resolves relative links, fills Document.url)")
    parser.add_argument("--format", choices=FORMATS, help="output format for one page (default: text)")
    parser.add_argument(
        "--boxes",
        choices=BOX_PLACEMENTS,
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
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    batch = parser.add_argument_group("batch mode")
    batch.add_argument(
        "--jsonl", action="store_true", help="write JSON Lines even for one page (implied for many)"
    )
    batch.add_argument(
        "--jobs", type=int, metavar="N", help="worker processes (default and 0: all cores; 1: no pool)"
    )
    batch.add_argument(
        "--resume",
        metavar="FILE",
        help="skip records whose id is already in FILE, an earlier output (appended to if it is -o)",
    )
    batch.add_argument(
        "-v", "--verbose", action="store_true", help="log every skipped record, not only unreadable ones"
    )
    return parser


def _read_input(page: str, stdin: BinaryIO) -> bytes:
    if page == "-":
        return stdin.read()
    with open(page, "rb") as fh:
        return fh.read()


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


def _is_utf8(stream: TextIO) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def _write_utf8(stream: TextIO, text: str) -> None:
    # Output must be UTF-8 whatever the locale says (a cp1252 console or LANG=C would
    # otherwise raise on the first non-Latin character).
    buffer = getattr(stream, "buffer", None)
    if _is_utf8(stream) or buffer is None:
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _silence_stdout() -> None:
    # The reader went away (`| head`). Point stdout at devnull so the interpreter's final
    # flush does not raise again and print a traceback (the recipe from the signal docs).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _stdin_head(stdin: BinaryIO) -> bytes:
    """The first bytes of stdin without consuming them ('' when that cannot be done)."""
    peek = getattr(stdin, "peek", None)
    if peek is not None:
        return peek(512)[:512]
    if stdin.seekable():
        head = stdin.read(512)
        stdin.seek(-len(head), os.SEEK_CUR)
        return head
    return b""


def _is_batch(args: argparse.Namespace, stdin: BinaryIO) -> bool:
    return args.jsonl or len(args.pages) > 1 or _is_many(args.pages[0], stdin)


def _is_many(page: str, stdin: BinaryIO) -> bool:
    """A directory, a glob, a WARC file (or WARC on stdin): many records behind one argument."""
    if page == "-":
        return _looks_like_warc(_stdin_head(stdin))
    if os.path.isdir(page):
        return True
    if not os.path.exists(page):
        return has_magic(page)
    return is_warc_path(page)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or argparse already printed the usage error
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE

    stdin: BinaryIO = sys.stdin.buffer if sys.stdin is not None else io.BytesIO()
    if _is_batch(args, stdin):
        return _main_batch(args, stdin)
    return _main_one(args, stdin)


# --------------------------------------------------------------------------- one page


def _main_one(args: argparse.Namespace, stdin: BinaryIO) -> int:
    page = args.pages[0]
    try:
        data = _read_input(page, stdin)
    except OSError as exc:
        name = "stdin" if page == "-" else repr(page)
        print(f"newsclean: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE

    if data.startswith(b"\x1f\x8b"):  # page.html.gz, as batch mode reads it too
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            print(f"newsclean: cannot read {page!r}: bad gzip data ({exc})", file=sys.stderr)
            return EXIT_USAGE
    text_input = args.text_input or page.lower().removesuffix(".gz").endswith(TEXT_SUFFIXES)
    try:
        if text_input:
            doc = newsclean.extract_text(decode_text_dump(data), url=args.url)
        else:
            doc = newsclean.extract(data, url=args.url, extractor=args.extractor)
    except InvalidInputError as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return EXIT_USAGE

    if not doc.text and doc.empty_reason:
        print(f"newsclean: no article found: {doc.empty_reason}", file=sys.stderr)
    rendered = _render(doc, args.format or "text", args.boxes or "none")
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(rendered)
        except OSError as exc:
            print(f"newsclean: cannot write {args.output!r}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_OK
    try:
        _write_utf8(sys.stdout, rendered)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    return EXIT_OK


# --------------------------------------------------------------------------- batch mode


def _usage(message: str) -> int:
    print(f"newsclean: {message}", file=sys.stderr)
    return EXIT_USAGE


def _missing(pages: list[str]) -> str | None:
    for page in pages:
        if page == "-" or os.path.exists(page):
            continue
        if has_magic(page):
            if next(iglob(page, recursive=True), None) is None:
                return f"no file matches {page!r}"
        else:
            return f"cannot read {page!r}: No such file or directory"
    return None


def _done_ids(path: str) -> set[Any]:
    """The ids of an earlier output file; lines that do not parse (a cut last line) are ignored."""
    done: set[Any] = set()
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                if isinstance(obj, dict) and isinstance(obj.get("id"), (str, int)):
                    done.add(obj["id"])
    except FileNotFoundError:
        pass
    return done


def _drop_cut_line(path: str) -> None:
    """If ``path`` ends inside a line (a run killed mid-write), cut that line off before appending."""
    try:
        with open(path, "rb+") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size == 0:
                return
            fh.seek(size - 1)
            if fh.read(1) == b"\n":
                return
            step = min(size, 1 << 16)
            pos = size
            while pos > 0:
                start = max(0, pos - step)
                fh.seek(start)
                chunk = fh.read(pos - start)
                cut = chunk.rfind(b"\n")
                if cut >= 0:
                    fh.truncate(start + cut + 1)
                    break
                pos = start
            else:
                fh.truncate(0)
            log.warning("%s: dropped an incomplete last line before appending", path)
    except FileNotFoundError:
        pass


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


class _Progress:
    """A progress bar on stderr (tqdm if installed, else a counter) that log lines print above."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream, self.enabled = stream, enabled
        self.count, self.started, self.shown = 0, time.monotonic(), 0.0
        self.bar: Any = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                pass
            else:
                self.bar = tqdm(unit="page", file=stream, smoothing=0.1, dynamic_ncols=True)

    def update(self) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update()
            return
        now = time.monotonic()
        if self.enabled and now - self.shown >= 0.2:
            self.shown = now
            rate = self.count / max(now - self.started, 1e-9)
            self.stream.write(f"\r{self.count} pages, {rate:.1f} pages/s")
            self.stream.flush()

    def write(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=self.stream)
        elif self.enabled:
            self.stream.write("\r\x1b[K" + message + "\n")
        else:
            self.stream.write(message + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar, self.enabled = None, False
        elif self.enabled:
            self.enabled = False
            self.stream.write("\r\x1b[K")
            self.stream.flush()


class _ProgressHandler(logging.Handler):
    def __init__(self, progress: _Progress) -> None:
        super().__init__()
        self.progress = progress
        self.setFormatter(logging.Formatter("newsclean: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.progress.write(self.format(record))
        except Exception:
            self.handleError(record)


def _skip_done(records: Iterable[Record], done: set[Any], stats: ReadStats) -> Iterator[Record]:
    for record in records:
        if record.id in done:
            stats.skip(record.origin or str(record.id), "already in output", str(record.id))
        else:
            yield record


def _with_url(records: Iterable[Record], url: str) -> Iterator[Record]:
    for record in records:
        yield record if record.url else Record(record.data, url, record.id, record.origin, record.text_input)


def _main_batch(args: argparse.Namespace, stdin: BinaryIO) -> int:
    if args.format not in (None, "json"):
        return _usage(f"batch mode writes JSON Lines; --format {args.format} is for one page")
    if args.boxes is not None:
        return _usage("--boxes is for one page's markdown or html output, not for batch mode")
    if args.jobs is not None and args.jobs < 0:
        return _usage(f"--jobs must be 0 (all cores) or more, not {args.jobs}")
    if args.url and (len(args.pages) > 1 or _is_many(args.pages[0], stdin)):
        return _usage("--url names one page; in batch mode each record's URL comes from its WARC")
    missing = _missing(args.pages)
    if missing:
        return _usage(missing)

    progress = _Progress(sys.stderr, enabled=sys.stderr.isatty())
    handler = _ProgressHandler(progress)
    old_level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO if args.verbose else logging.WARNING)
    try:
        return _run_batch(args, stdin, progress)
    finally:
        progress.close()
        log.removeHandler(handler)
        log.setLevel(old_level)


def _run_batch(args: argparse.Namespace, stdin: BinaryIO, progress: _Progress) -> int:
    done = _done_ids(args.resume) if args.resume else set()
    out: IO[str] | TextIO | _Utf8Writer
    if args.output:
        append = bool(args.resume) and _same_file(args.resume, args.output)
        if append:
            _drop_cut_line(args.output)
        try:
            out = open(args.output, "a" if append else "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            return _usage(f"cannot write {args.output!r}: {exc.strerror or exc}")
    elif _is_utf8(sys.stdout) or getattr(sys.stdout, "buffer", None) is None:
        out = sys.stdout
    else:
        out = _Utf8Writer(sys.stdout)

    stats = ReadStats()
    records: Iterable[Record] = read_paths(args.pages, stats=stats, text_input=args.text_input, stdin=stdin)
    if done:
        records = _skip_done(records, done, stats)
    if args.url:
        records = _with_url(records, args.url)

    written = errors = 0
    started = time.monotonic()
    status = EXIT_OK
    lines = _json_lines(records, jobs=args.jobs or None, extractor=args.extractor)
    try:
        for _rid, error, line in lines:
            out.write(line + "\n")
            out.flush()  # each finished line is on disk: --resume can pick up after a kill
            written += 1
            errors += error is not None
            progress.update()
    except BrokenPipeError:
        _silence_stdout()
        status = EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except ImportError as exc:  # a WARC file without the warc extra installed
        print(f"newsclean: {exc}", file=sys.stderr)
        status = EXIT_USAGE
    finally:
        lines.close()  # stops the workers now, not when garbage collected
        if args.output:
            out.close()
    progress.close()
    elapsed = time.monotonic() - started
    if stats.skipped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in stats.skipped.most_common())
        print(f"newsclean: skipped {reasons}", file=sys.stderr)
    rate = written / elapsed if elapsed > 0 else 0.0
    print(
        f"newsclean: in {stats.read}, out {written}, skipped {stats.skipped_total}, errors {errors}"
        f" ({elapsed:.1f} s, {rate:.1f} pages/s)",
        file=sys.stderr,
    )
    return status


class _Utf8Writer:
    """stdout as UTF-8 whatever the locale: JSON Lines are UTF-8 by definition."""

    def __init__(self, stream: TextIO) -> None:
        stream.flush()
        self.buffer = stream.buffer

    def write(self, text: str) -> int:
        return self.buffer.write(text.encode("utf-8"))

    def flush(self) -> None:
        self.buffer.flush()

    def close(self) -> None:
        self.flush()
