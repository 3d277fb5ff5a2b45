"""Many pages: extract_many, the readers (files, WARC), batch mode of the CLI, and Dask."""

from __future__ import annotations

import gzip
import io
import json
import logging
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean import batch
from newsclean.batch import ReadStats, Record, Result, extract_bag, extract_many, read_paths, read_warc
from newsclean.cli import main

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "scrapinghub" / "html"

SENTENCE = (
    "The council met on Tuesday evening and voted on the new budget for the coming year, after a long "
    "debate about the cost of repairing the old bridge and the schools in the northern districts of town. "
)


def page(n: int, *, paragraphs: int = 3) -> str:
    """A small article page whose title and text carry ``n``."""
    body = "".join(f"<p>Story {n}, part {k}. {SENTENCE * (1 + (n + k) % 3)}</p>\n" for k in range(paragraphs))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story {n}</title></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Story {n}</h1>"
        f"{body}</article><footer>Copyright Example</footer></body></html>"
    )


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def document_part(line: dict[str, Any]) -> dict[str, Any]:
    """A JSON line without the batch keys: what Document.to_dict() gave."""
    return {k: v for k, v in line.items() if k not in ("id", "origin", "error")}


def summary(err: str) -> str:
    return err.strip().splitlines()[-1]


# --------------------------------------------------------------------------- extract_many


def test_order_ids_and_item_forms() -> None:
    """Bytes, str, (page, url) pairs and Records come back in input order with their ids."""
    items: list[Any] = [
        page(0).encode(),
        page(1),
        (page(2).encode(), "https://example.com/2"),
        Record(page(3), url="https://example.com/3", id="three", origin="somewhere"),
        page(4, paragraphs=12),
        page(5),
    ]
    results = list(extract_many(iter(items), jobs=2, chunksize=1))
    assert [r.id for r in results] == [0, 1, 2, "three", 4, 5]
    assert [r.error for r in results] == [None] * 6
    assert results[2].url == "https://example.com/2" and results[3].origin == "somewhere"
    for n, result in enumerate(results):
        assert result.document is not None and result.document.title == f"Story {n}"
    assert results[2].document == newsclean.extract(page(2).encode(), url="https://example.com/2")


def test_error_records_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record whose extraction raises, or that is no page at all, is yielded with its error."""
    real = batch.extract

    def flaky(html: Any, **options: Any) -> Any:
        if "Story 1" in str(html):
            raise RuntimeError("boom\nsecond line")
        return real(html, **options)

    monkeypatch.setattr(batch, "extract", flaky)
    results = list(extract_many([page(0), page(1), 42, page(3)], jobs=1))
    assert [r.id for r in results] == [0, 1, 2, 3]
    assert results[1].error == "RuntimeError: boom second line" and results[1].document is None
    assert results[2].error is not None and results[2].error.startswith("InvalidInputError: item 2 is a int")
    assert results[0].document is not None and results[3].document is not None
    assert Result(7, None, None, "X: y", "f").to_dict() == {
        "id": 7,
        "origin": "f",
        "error": "X: y",
        "url": None,
    }


def test_bad_options_raise_before_any_work() -> None:
    """Unknown options, extractors, url= and bad jobs raise at the call, not per page."""
    with pytest.raises(TypeError):
        extract_many([page(0)], extractr="rules")
    with pytest.raises(newsclean.InvalidInputError):
        extract_many([page(0)], extractor="nope")
    with pytest.raises(newsclean.InvalidInputError):
        extract_many([page(0)], url="https://example.com/")
    with pytest.raises(newsclean.InvalidInputError):
        extract_many([page(0)], jobs=0)


def test_jobs_1_and_2_give_identical_results() -> None:
    """The pool changes nothing in the results, also with site rules (which travel to workers)."""
    pages = [page(n) for n in range(10)]
    rules = newsclean.Rules(selectors={"nav": "drop"}, markers={"Copyright": "boilerplate"})
    one = list(extract_many(pages, jobs=1, extractor="density"))
    two = list(extract_many(pages, jobs=2, chunksize=3, extractor="density"))
    assert one == two
    assert list(extract_many(pages[:4], jobs=1, rules=rules)) == list(
        extract_many(pages[:4], jobs=2, rules=rules)
    )


def test_streaming_reads_only_a_bounded_window_ahead() -> None:
    """The input is pulled lazily: after the first result only a few chunks have been read."""
    pulled = 0

    def endless() -> Any:
        nonlocal pulled
        while True:
            pulled += 1
            yield page(pulled % 5)

    results = extract_many(endless(), jobs=2, chunksize=2)
    first = next(results)
    assert first.id == 0 and first.error is None
    results.close()  # type: ignore[attr-defined]
    assert pulled <= 2 * batch.IN_FLIGHT_CHUNKS_PER_JOB * 2 + 2


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="needs forked workers to patch")
def test_a_page_that_kills_its_worker_is_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies (crash, OOM kill) costs only its own page, recorded with an error."""
    real = batch.extract

    def deadly(html: Any, **options: Any) -> Any:
        if html == "crash":
            os._exit(1)
        return real(html, **options)

    monkeypatch.setattr(batch, "extract", deadly)
    results = list(extract_many([page(0), page(1), "crash", page(3), page(4)], jobs=2, chunksize=2))
    assert [r.id for r in results] == [0, 1, 2, 3, 4]
    assert results[2].error is not None and results[2].error.startswith("BrokenProcessPool: ")
    assert all(r.document is not None for i, r in enumerate(results) if i != 2)


# --------------------------------------------------------------------------- readers


def write_warc(path: Path, *, gzip_records: bool = True) -> list[tuple[str, bytes]]:
    """2 HTML responses, 1 request, 1 image response; returns the (url, body) of the HTML ones."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = [(f"https://example.com/{n}", page(n).encode()) for n in (1, 2)]
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip_records)

        def response(url: str, ctype: str, body: bytes) -> Any:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)

        writer.write_record(response(html[0][0], "text/html; charset=utf-8", html[0][1]))
        request = StatusAndHeaders("GET /2 HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(html[1][0], "request", payload=io.BytesIO(b""), http_headers=request)
        )
        writer.write_record(response("https://example.com/logo.png", "image/png", b"\x89PNG\r\n" * 20))
        writer.write_record(response(html[1][0], "text/html", html[1][1]))
    return html


def test_warc_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A WARC gives its 2 HTML responses (out 2) and skips the request and the image (skipped 2)."""
    warc = tmp_path / "crawl.warc.gz"
    html = write_warc(warc)
    stats = ReadStats()
    records = list(read_warc(warc, stats=stats))
    assert [(r.url, r.data) for r in records] == html
    assert all(str(r.id).startswith("<urn:uuid:") and str(r.origin).startswith(f"{warc}@") for r in records)
    assert stats.read == 4 and dict(stats.skipped) == {"not a response record": 1, "not HTML": 1}
    results = list(extract_many(records, jobs=1))
    assert [r.document for r in results] == [newsclean.extract(body, url=url) for url, body in html]

    assert main([str(warc), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    lines = jsonl(captured.out)
    assert [line["url"] for line in lines] == [url for url, _ in html]
    assert summary(captured.err).startswith("newsclean: in 4, out 2, skipped 2, errors 0")


def test_truncated_warc_record_is_skipped_with_a_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A record cut short is skipped with a warning naming it; in = out + skipped still holds."""
    warc = tmp_path / "cut.warc"
    write_warc(warc, gzip_records=False)
    warc.write_bytes(warc.read_bytes()[:-300])  # the last HTML response loses its end
    stats = ReadStats()
    with caplog.at_level(logging.WARNING, logger="newsclean"):
        records = list(read_paths([str(warc)], stats=stats))  # found by its content, not a suffix
    assert len(records) == 1 and stats.read == 4
    assert stats.skipped["truncated record"] == 1 and stats.read == len(records) + stats.skipped_total
    assert any("truncated record" in m and f"{warc}@" in m and "urn:uuid:" in m for m in caplog.messages)


def test_read_paths_walks_directories_globs_and_gzip(tmp_path: Path) -> None:
    """Directories are walked recursively and sorted, globs expanded, .gz pages gunzipped."""
    (tmp_path / "b").mkdir()
    (tmp_path / "a.html").write_text(page(0), encoding="utf-8")
    (tmp_path / "b" / "c.html.gz").write_bytes(gzip.compress(page(1).encode()))
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    records = list(read_paths([str(tmp_path), str(tmp_path / "*.html")]))
    assert [r.id for r in records] == [
        str(tmp_path / "a.html"),
        str(tmp_path / "b" / "c.html.gz"),
        str(tmp_path / "a.html"),
    ]
    assert records[1].data == page(1).encode()


# --------------------------------------------------------------------------- command line


def test_cli_jsonl_with_two_jobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Several files with --jobs 2 give one JSON line each, in order, equal to extract().to_dict()."""
    paths = []
    for n in range(5):
        path = tmp_path / f"p{n}.html"
        path.write_text(page(n), encoding="utf-8")
        paths.append(str(path))
    assert main([*paths, "--jobs", "2", "--extractor", "rules"]) == 0
    captured = capsys.readouterr()
    lines = jsonl(captured.out)
    assert [line["id"] for line in lines] == paths and [line["origin"] for line in lines] == paths
    for path, line in zip(paths, lines, strict=True):
        assert line["error"] is None
        assert document_part(line) == newsclean.extract(Path(path).read_bytes(), extractor="rules").to_dict()
    assert summary(captured.err).startswith("newsclean: in 5, out 5, skipped 0, errors 0")


def test_cli_resume_skips_ids_already_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--resume FILE with -o FILE appends only records whose id is not in FILE yet."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"p{n}.html").write_text(page(n), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(pages), "-o", str(out), "--jobs", "1"]) == 0
    assert len(jsonl(out.read_text(encoding="utf-8"))) == 3
    (pages / "p3.html").write_text(page(3), encoding="utf-8")
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "cut sho')  # a run killed mid-line
    capsys.readouterr()
    assert main([str(pages), "-o", str(out), "--resume", str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert summary(err).startswith("newsclean: in 4, out 1, skipped 3, errors 0")
    ids = [line["id"] for line in jsonl(out.read_text(encoding="utf-8"))]
    assert sorted(ids) == sorted(str(pages / f"p{n}.html") for n in range(4))


def test_cli_batch_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Batch mode refuses one-page formats and paths or globs that match nothing (exit 2)."""
    (tmp_path / "a.html").write_text(page(0), encoding="utf-8")
    assert main([str(tmp_path), "--format", "markdown"]) == 2
    assert main([str(tmp_path / "a.html"), str(tmp_path / "missing.html")]) == 2
    assert main([str(tmp_path / "*.htm")]) == 2
    err = capsys.readouterr().err
    assert "--format markdown" in err and "missing.html" in err and "no file matches" in err


def test_cli_progress_counter_only_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A progress display goes to stderr when it is a terminal, and nothing of it otherwise."""
    (tmp_path / "a.html").write_text(page(0), encoding="utf-8")
    assert main([str(tmp_path), "--jobs", "1"]) == 0
    assert "\r" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setitem(sys.modules, "tqdm", None)  # the fallback counter, whatever is installed
    assert main([str(tmp_path), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert "\r1 pages" in captured.err and "\r" not in captured.out


# --------------------------------------------------------------------------- Dask


def test_dask_bag_on_a_local_cluster(tmp_path: Path) -> None:
    """extract_bag on a 2-process LocalCluster equals extract() run directly on 20 real pages."""
    distributed = pytest.importorskip("dask.distributed")
    import dask.bag as db

    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found: {CORPUS}")
    files = sorted(CORPUS.glob("*.gz"))[:20]
    records = [Record(gzip.decompress(f.read_bytes()), id=f.name) for f in files]
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        bag = db.from_sequence(records, npartitions=4)
        results = extract_bag(bag).compute(scheduler=client.get)
        bare = extract_bag(db.from_sequence([page(0), page(1), page(2)], npartitions=2)).compute(
            scheduler=client.get
        )
        # as in docs/scale.md: workers read their own files, several partitions of them, so
        # one worker's read_paths generator would have to reach another unless reading and
        # extracting are one task
        warcs, html = [], []
        for n in range(12):
            warcs.append(str(tmp_path / f"crawl-{n}.warc.gz"))
            html += write_warc(Path(warcs[-1]))
        bag_of_warcs = db.from_sequence(warcs, npartitions=12).map_partitions(read_paths)
        # a bound on the wait: the unfused graph failed by retrying the pickling, not by raising
        from_warc = client.compute(extract_bag(bag_of_warcs)).result(timeout=120)
    assert [r.id for r in results] == [f.name for f in files]
    assert [r.document for r in results] == [newsclean.extract(r.data) for r in records]
    assert [r.id for r in bare] == ["0:0", "0:1", "1:0"]
    assert [r.document for r in from_warc] == [newsclean.extract(body, url=url) for url, body in html]
