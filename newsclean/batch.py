"""Many pages: ``extract_many`` over a stream of pages on every core, readers for files,
directories, globs, stdin and WARC archives, and ``extract_bag`` for a Dask cluster.

    records = read_paths(["crawl/", "more/*.html", "CC-MAIN-…warc.gz"], stats=stats)
    for result in extract_many(records, jobs=None):   # None: every core
        result.id, result.error, result.document       # in input order, none dropped

Streaming: input is read lazily and at most ``IN_FLIGHT_CHUNKS_PER_JOB * jobs`` chunks of
``chunksize`` pages are in flight, so memory stays flat whatever the input's size. Order is
kept, and no record is lost: a page whose extraction raises comes back with ``error`` set,
and one that kills its worker process (a crash, the out-of-memory killer) too. Workers get
the page bytes and send back the pickled ``Document`` (measured cheaper than anything
rebuilt from ``to_dict()``: see docs/scale.md); the command line's JSON Lines mode sends back
the finished line instead, so the parent process only writes.
"""

from __future__ import annotations

import dataclasses
import gzip
import inspect
import io
import json
import logging
import os
import zlib
from collections import Counter, deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from glob import has_magic, iglob
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from .api import extract
from .errors import InvalidInputError
from .model import Block, Box, Document, Link
from .rules import Rules
from .text import extract_text

if TYPE_CHECKING:
    import dask.bag

__all__ = [
    "Record",
    "Result",
    "ReadStats",
    "extract_many",
    "extract_bag",
    "read_paths",
    "read_warc",
    "expand_paths",
    "is_warc_path",
]

log = logging.getLogger(__name__)

#: Pages per task sent to a worker: amortises the per-task IPC and scheduling cost (a page
#: takes ~25 ms to extract, a task round trip well under 1 ms) while keeping the ordered
#: output smooth. Measured in docs/scale.md.
DEFAULT_CHUNKSIZE = 4
#: Chunks in flight per worker: enough that no worker waits for the parent, few enough that
#: memory stays bounded and a slow page holds back little finished work.
IN_FLIGHT_CHUNKS_PER_JOB = 2

#: Suffixes taken when walking a directory (also under a trailing ``.gz``); files named
#: explicitly or by a glob are read whatever their suffix.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")
#: Suffixes of plain-text dumps (sent to ``extract_text``), as on the one-page command line.
TEXT_SUFFIXES = (".txt", ".txt.gz")
#: HTTP content types extracted from WARC response records.
HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"


@dataclass(frozen=True, slots=True)
class Record:
    """One page to extract. ``id`` defaults to the page's index in the input."""

    data: bytes | str
    url: str | None = None
    id: str | int | None = None
    origin: str | None = None  # where it was read: a path, or "file.warc.gz@offset"
    text_input: bool = False  # a plain-text dump: goes to ``extract_text``


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome for one input record; ``document`` is None exactly when ``error`` is set."""

    id: str | int
    url: str | None
    document: Document | None
    error: str | None = None  # "ExceptionType: message"
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``id``, ``origin``, ``error``, then ``Document.to_dict()`` (or ``url`` alone on error)."""
        head: dict[str, Any] = {"id": self.id, "origin": self.origin, "error": self.error}
        if self.document is None:
            head["url"] = self.url
            return head
        return head | self.document.to_dict()


@dataclass
class ReadStats:
    """What the readers saw: ``read`` records in all, ``skipped`` of them by reason."""

    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, where: str, reason: str, detail: str = "", *, level: int = logging.INFO) -> None:
        """Count one skipped record under ``reason`` and log where it was and why."""
        self.skipped[reason] += 1
        log.log(level, "%s: skipped: %s%s", where, reason, f" ({detail})" if detail else "")

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


# --------------------------------------------------------------------------- extraction

# A task is what crosses the process boundary: (id, origin, url, data, text_input, error).
_Task = tuple[Any, "str | None", "str | None", Any, bool, "str | None"]


def extract_many(
    items: Iterable[bytes | str | tuple[bytes | str, str | None] | Record],
    *,
    jobs: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    **extract_options: Any,
) -> Iterator[Result]:
    """Extract every page of ``items``, in order, on ``jobs`` processes (None: every core).

    Items are page bytes or str, ``(page, url)`` pairs, or ``Record``s. The input is read
    lazily and results are yielded as they come, in input order; each ``Result`` has the
    record's ``id`` (its index in the input unless the ``Record`` names one) and either a
    ``document`` or an ``error``. ``extract_options`` (``extractor``, ``rules``) are passed to
    ``extract`` and checked here, before anything runs. ``jobs=1`` runs in this process.
    On a platform that starts workers by spawning (Windows, macOS), call this under
    ``if __name__ == "__main__":`` as with any process pool.
    """
    jobs = _check_jobs(jobs)
    if not isinstance(chunksize, int) or chunksize < 1:
        raise InvalidInputError(f"chunksize must be a positive int, not {chunksize!r}")
    _check_options(extract_options)
    return _run(_tasks(items), jobs, chunksize, extract_options, _DOCUMENT)


def _check_jobs(jobs: int | None) -> int:
    if jobs is None:
        return os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InvalidInputError(f"jobs must be a positive int or None, not {jobs!r}")
    return jobs


def _check_options(options: dict[str, Any]) -> None:
    if "url" in options:
        raise InvalidInputError("url belongs to each page: pass (page, url) pairs or Records")
    # Raise for an unknown keyword, extractor or rules type now, not once per page.
    inspect.signature(extract).bind("", **options)
    try:
        extract("<p></p>", **options)
    except InvalidInputError:
        raise
    except Exception:  # not the options' fault: each page will report it
        pass


def _tasks(items: Iterable[Any]) -> Iterator[_Task]:
    for index, item in enumerate(items):
        if isinstance(item, Record):
            rid = index if item.id is None else item.id
            yield (rid, item.origin, item.url, item.data, item.text_input, None)
        elif isinstance(item, (bytes, str)):
            yield (index, None, None, item, False, None)
        elif isinstance(item, (bytearray, memoryview)):
            yield (index, None, None, bytes(item), False, None)
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], (bytes, str)):
            yield (index, None, item[1], item[0], False, None)
        else:
            kind = type(item).__name__
            error = f"InvalidInputError: item {index} is a {kind}, not bytes, str, (page, url) or Record"
            yield (index, None, None, None, False, error)


_DOCUMENT = "document"  # workers return Result objects
_JSON = "json"  # workers return (error, JSON line) pairs, for the command line

# Set in each worker process by _init_worker (and in this process for jobs=1).
_worker_options: dict[str, Any] = {}
_worker_mode = _DOCUMENT


def _init_worker(options: dict[str, Any], mode: str) -> None:
    global _worker_options, _worker_mode
    _worker_options = _restore_options(options)
    _worker_mode = mode
    _register_fast_reducers()


def _register_fast_reducers() -> None:
    """Send Documents back as constructor calls (worker side only; the parent needs nothing).

    The default pickling of a frozen slots dataclass goes through a generic ``__setstate__``
    that looks up the fields again for every object; ``Block(*values)`` loads twice as fast,
    which matters because the parent unpickles every page alone (docs/scale.md).
    """
    from multiprocessing.reduction import ForkingPickler

    for cls in (Document, Block, Box, Link):
        fields = dataclasses.fields(cls)
        if all(f.init for f in fields):
            ForkingPickler.register(cls, _constructor_reducer(tuple(f.name for f in fields)))


def _constructor_reducer(names: tuple[str, ...]) -> Any:
    def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
        return type(obj), tuple([getattr(obj, name) for name in names])

    return reduce


def _portable_options(options: dict[str, Any]) -> dict[str, Any]:
    # Rules hold mapping proxies, which do not pickle: send plain dicts and rebuild.
    rules = options.get("rules")
    if isinstance(rules, Rules):
        return options | {"rules": ("__rules__", dict(rules.selectors), dict(rules.markers))}
    return dict(options)


def _restore_options(options: dict[str, Any]) -> dict[str, Any]:
    rules = options.get("rules")
    if isinstance(rules, tuple) and rules and rules[0] == "__rules__":
        return options | {"rules": Rules(selectors=rules[1], markers=rules[2])}
    return dict(options)


def _extract_task(task: _Task, options: dict[str, Any]) -> Result:
    rid, origin, url, data, text_input, error = task
    if error is not None:
        return Result(rid, url, None, error, origin)
    try:
        if text_input:
            text = data if isinstance(data, str) else decode_text_dump(data)
            doc = extract_text(text, url=url)
        else:
            doc = extract(data, url=url, **options)
    except Exception as exc:  # one bad page must not end the batch: keep it, with its error
        return Result(rid, url, None, _describe(exc), origin)
    return Result(rid, url, doc, None, origin)


def _json_line(result: Result) -> tuple[Any, str | None, str]:
    try:
        line = json.dumps(result.to_dict(), ensure_ascii=False)
    except Exception as exc:
        result = Result(result.id, result.url, None, _describe(exc), result.origin)
        line = json.dumps(result.to_dict(), ensure_ascii=False)
    return result.id, result.error, line


def _work(chunk: list[_Task]) -> list[Any]:
    results = [_extract_task(task, _worker_options) for task in chunk]
    if _worker_mode == _JSON:
        return [_json_line(r) for r in results]
    return results


def _describe(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    if len(message) > 300:
        message = message[:299] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _crashed(task: _Task, exc: BaseException) -> Result:
    rid, origin, url = task[0], task[1], task[2]
    error = (
        f"{type(exc).__name__}: the worker process died while extracting this page (crash or out of memory)"
    )
    return Result(rid, url, None, error, origin)


def _chunks(tasks: Iterator[_Task], size: int) -> Iterator[list[_Task]]:
    while chunk := list(islice(tasks, size)):
        yield chunk


def _run(
    tasks: Iterator[_Task], jobs: int, chunksize: int, options: dict[str, Any], mode: str
) -> Generator[Any, None, None]:
    if jobs == 1:
        return _run_inline(tasks, options, mode)
    return _run_pool(tasks, jobs, chunksize, _portable_options(options), mode)


def _run_inline(tasks: Iterator[_Task], options: dict[str, Any], mode: str) -> Generator[Any, None, None]:
    for task in tasks:
        result = _extract_task(task, options)
        yield _json_line(result) if mode == _JSON else result


class _Pool:
    """A process pool that can be rebuilt after a worker died (which breaks every future)."""

    def __init__(self, jobs: int, options: dict[str, Any], mode: str) -> None:
        self.jobs, self.initargs = jobs, (options, mode)
        self.executor = self._new(jobs)

    def _new(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=self.initargs)

    def submit(self, chunk: list[_Task]) -> Future[list[Any]]:
        return self.executor.submit(_work, chunk)

    def rebuild(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new(self.jobs)

    def one_by_one(self, chunk: list[_Task]) -> list[Any]:
        """Run ``chunk`` a page at a time in a pool of its own, so a page that kills its
        worker is known and recorded, and the others are extracted."""
        out: list[Any] = []
        executor: ProcessPoolExecutor | None = None
        try:
            for task in chunk:
                executor = executor or self._new(1)
                try:
                    out.extend(executor.submit(_work, [task]).result())
                except BrokenProcessPool as exc:
                    log.warning("record %r: worker process died; recorded as an error", task[0])
                    result = _crashed(task, exc)
                    out.append(_json_line(result) if self.initargs[1] == _JSON else result)
                    executor.shutdown(wait=False, cancel_futures=True)
                    executor = None
        finally:
            if executor is not None:
                executor.shutdown(wait=True)
        return out

    def close(self, *, wait: bool) -> None:
        self.executor.shutdown(wait=wait, cancel_futures=not wait)


def _run_pool(
    tasks: Iterator[_Task], jobs: int, chunksize: int, options: dict[str, Any], mode: str
) -> Generator[Any, None, None]:
    pool = _Pool(jobs, options, mode)
    window: deque[tuple[list[_Task], Future[list[Any]]]] = deque()
    limit = jobs * IN_FLIGHT_CHUNKS_PER_JOB
    chunks = _chunks(tasks, chunksize)
    finished = False
    try:
        while True:
            while len(window) < limit and (chunk := next(chunks, None)) is not None:
                window.append((chunk, pool.submit(chunk)))
            if not window:
                break
            chunk, future = window.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # Some page in flight killed its worker; which one is unknown. Start a new
                # pool for the rest and run this chunk page by page to find it.
                pending = [c for c, _ in window]
                pool.rebuild()
                window = deque((c, pool.submit(c)) for c in pending)
                results = pool.one_by_one(chunk)
            yield from results
        finished = True
    finally:
        pool.close(wait=finished)


# --------------------------------------------------------------------------- readers


def decode_text_dump(data: bytes) -> str:
    """Bytes of a plain-text dump → str: BOM/UTF-8 first, then detection, then lossy UTF-8.

    (HTML decoding belongs to ``extract``, which knows meta charsets; a dump declares none.)
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("utf-8", errors="replace")


def _looks_like_warc(head: bytes) -> bool:
    """True when the first bytes of a file (gzipped or not) start a WARC record."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, len(_WARC_MAGIC))
        except zlib.error:
            return False
    return head.startswith(_WARC_MAGIC)


_SNIFF_BYTES = 512


def is_warc_path(path: str) -> bool:
    """True for a WARC file: by its suffix, else by its first bytes. False if unreadable."""
    if path.lower().endswith(WARC_SUFFIXES):
        return True
    try:
        with open(path, "rb") as fh:
            return _looks_like_warc(fh.read(_SNIFF_BYTES))
    except OSError:
        return False


def _walk(directory: str) -> Iterator[str]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            lower = name.lower().removesuffix(".gz")
            if not name.startswith(".") and (lower.endswith(PAGE_SUFFIXES) or lower.endswith(".warc")):
                yield os.path.join(root, name)


def expand_paths(args: Iterable[str]) -> Iterator[str]:
    """Each argument as files: ``-`` (stdin) as is, a directory walked (sorted, recursive,
    page and WARC suffixes only), a glob expanded (sorted; ``**`` recurses), a file as is."""
    for arg in args:
        if arg == "-":
            yield arg
        elif os.path.isdir(arg):
            yield from _walk(arg)
        elif not os.path.exists(arg) and has_magic(arg):
            for path in sorted(iglob(arg, recursive=True)):
                yield from _walk(path) if os.path.isdir(path) else (path,)
        else:
            yield arg  # an unreadable one is reported, and counted, by read_paths


def read_paths(
    args: Iterable[str],
    *,
    stats: ReadStats | None = None,
    text_input: bool = False,
    stdin: IO[bytes] | None = None,
) -> Iterator[Record]:
    """Records from files, directories, globs (see ``expand_paths``) and ``-`` for ``stdin``.

    A WARC file (by suffix or content) gives one record per HTML response (``read_warc``);
    any other file is one page, id and origin its path, gunzipped if it is gzip, a text
    dump if ``text_input`` or named ``*.txt``. Files that cannot be read are skipped,
    counted in ``stats`` and logged.
    """
    stats = stats if stats is not None else ReadStats()
    for path in expand_paths(args):
        if path == "-":
            stream = stdin if stdin is not None else _stdin_bytes()
            yield from _read_stream(stream, "-", "<stdin>", stats, text_input)
            continue
        try:
            fh = open(path, "rb")  # noqa: SIM115 - handed to a generator, closed below
        except OSError as exc:
            stats.read += 1
            stats.skip(path, "unreadable file", exc.strerror or str(exc), level=logging.WARNING)
            continue
        with fh:
            yield from _read_stream(fh, path, path, stats, text_input or path.lower().endswith(TEXT_SUFFIXES))


def _stdin_bytes() -> IO[bytes]:
    import sys

    return sys.stdin.buffer


def _read_stream(
    fh: IO[bytes], rid: str, origin: str, stats: ReadStats, text_input: bool
) -> Iterator[Record]:
    try:
        head = fh.read(_SNIFF_BYTES)
        if _looks_like_warc(head):
            if fh.seekable():
                fh.seek(0)
            else:  # stdin: put the sniffed bytes back in front
                fh = io.BufferedReader(_Prefixed(head, fh))
            yield from read_warc(fh, origin=origin, stats=stats)
            return
        data = head + fh.read()
        if data.startswith(_GZIP_MAGIC):
            data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        stats.read += 1
        stats.skip(origin, "unreadable file", f"{type(exc).__name__}: {exc}", level=logging.WARNING)
        return
    stats.read += 1
    yield Record(data, None, rid, origin, text_input)


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read to sniff it (stdin cannot seek back)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def read_warc(
    stream: str | os.PathLike[str] | IO[bytes],
    *,
    origin: str | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Record]:
    """The HTML responses of a WARC file (``.warc`` or ``.warc.gz``), streamed, as Records.

    ``id`` is the WARC-Record-ID, ``url`` the WARC-Target-URI, ``origin`` "file@offset".
    Only ``response`` records with status 2xx and an HTML content type are yielded; every
    other record (request, metadata, images, redirects) is counted in ``stats`` as skipped,
    with its reason logged. A truncated record is skipped with a warning; an unparsable
    one too, and then the rest of the file, which cannot be found again after it.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ImportError("reading WARC files needs warcio: pip install 'newsclean[warc]'") from exc

    stats = stats if stats is not None else ReadStats()
    if isinstance(stream, (str, os.PathLike)):
        name = origin or os.fspath(stream)
        with open(stream, "rb") as fh:
            yield from read_warc(fh, origin=name, stats=stats)
        return
    name = origin or getattr(stream, "name", None) or "<warc>"
    records = ArchiveIterator(stream)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as exc:  # warcio's ArchiveLoadFailed, zlib/EOF errors on bad gzip
            where = f"{name}@{getattr(records, 'offset', '?')}"
            stats.read += 1
            stats.skip(
                where, "unreadable record", f"{_describe(exc)}; rest of file not read", level=logging.WARNING
            )
            return
        where = f"{name}@{getattr(records, 'offset', '?')}"
        stats.read += 1
        try:
            out = _warc_record(record, where, stats)
        except Exception as exc:
            stats.skip(where, "unreadable record", _describe(exc), level=logging.WARNING)
            continue
        if out is not None:
            yield out


def _warc_record(record: Any, where: str, stats: ReadStats) -> Record | None:
    headers = record.rec_headers
    rid = headers.get_header("WARC-Record-ID") or where
    label = f"{where} {rid}"
    if record.rec_type != "response":
        stats.skip(label, "not a response record", record.rec_type)
        return None
    http = record.http_headers
    if http is None:
        stats.skip(label, "not an HTTP response", headers.get_header("Content-Type") or "")
        return None
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        stats.skip(label, "HTTP status not 2xx", status)
        return None
    content_type = http.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in HTML_CONTENT_TYPES:
        stats.skip(label, "not HTML", content_type or "no Content-Type")
        return None
    data = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than Content-Length announced
        stats.skip(
            label, "truncated record", f"{record.raw_stream.limit} bytes missing", level=logging.WARNING
        )
        return None
    return Record(data, headers.get_header("WARC-Target-URI"), rid, where)


# --------------------------------------------------------------------------- Dask


def extract_bag(bag: dask.bag.Bag, **extract_options: Any) -> dask.bag.Bag:
    """A Dask bag of ``Result``s, one per item of ``bag`` (items as for ``extract_many``).

    Each partition is extracted in one task, page after page; Dask runs the partitions in
    parallel on its workers (processes on this machine, or a cluster). Items without an id
    of their own get ``"<partition>:<index>"``.
    """
    import dask
    import dask.bag as db

    _check_options(extract_options)
    options = _portable_options(extract_options)
    # One task per partition with the partition as its only input, so Dask fuses it with
    # the task that made the partition: a partition that is a generator (map_partitions
    # (read_paths), as docs/scale.md shows) is consumed where it was made. A second bag of
    # partition numbers (db.range) made the extract task depend on two tasks: no fusion,
    # and the generator had to be pickled to reach another worker, which fails.
    extract = dask.delayed(_extract_partition, pure=True)
    parts = bag.to_delayed(optimize_graph=True)
    return db.from_delayed([extract(part, number, options) for number, part in enumerate(parts)])


def _extract_partition(items: Iterable[Any], partition: int, options: dict[str, Any]) -> list[Result]:
    restored = _restore_options(options)
    out = []
    for task in _tasks(items):
        if isinstance(task[0], int):
            task = (f"{partition}:{task[0]}", *task[1:])
        out.append(_extract_task(task, restored))
    return out


# --------------------------------------------------------------------------- command line


def _json_lines(
    records: Iterable[Record],
    *,
    jobs: int | None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    **extract_options: Any,
) -> Generator[tuple[Any, str | None, str], None, None]:
    """(id, error, JSON line) per record, the lines made in the workers (for ``newsclean``)."""
    _check_options(extract_options)
    return _run(_tasks(records), _check_jobs(jobs), chunksize, extract_options, _JSON)
