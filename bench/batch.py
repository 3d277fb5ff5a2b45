#!/usr/bin/env python3
"""Pages per second of the batch paths on this machine → the Figures section of docs/scale.md.

    .venv/bin/python bench/batch.py               # rewrites the section between the BATCH markers
    .venv/bin/python bench/batch.py --out -       # print it instead
    .venv/bin/python bench/batch.py --repeat 1 --no-dask

Every page of the body corpora (../shared/corpora, through score.py's loaders: bytes and URL,
read and decompressed before any clock starts) goes through each way of running newsclean
over many pages:

- ``extract`` called in a loop in this process (the baseline: no pool, no pickling);
- ``extract_many(jobs=1)`` (inline, no pool) and ``extract_many(jobs=N)`` for N = 2 up to
  the core count (a process pool; pages and Documents cross the process boundary);
- the command line, ``newsclean DIR --jobs N -o out.jsonl`` over the pages written to a
  temporary directory (reading files and writing JSON Lines included; process start-up too);
- ``extract_bag`` on a Dask ``LocalCluster`` with one single-threaded worker process per
  core, fed as docs/scale.md shows: a bag of the file paths, ``map_partitions(read_paths)``,
  each worker reading its own files and writing JSON Lines with ``to_textfiles`` (the
  cluster is started before the clock). Pages
  written to the temporary directory carry no URL, in the command line's runs and here.

Each figure is the best of ``--repeat`` passes. The speed-up column divides by the
in-process loop of the same run, so the machine's drift falls on both sides.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import BODY_CORPORA, load_score  # noqa: E402
from growth import write_section  # noqa: E402

import newsclean  # noqa: E402
from newsclean.batch import extract_many  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "scale.md"
START_MARK = "<!-- BATCH:START (written by bench/batch.py; do not edit by hand) -->"
END_MARK = "<!-- BATCH:END -->"
NEWSCLEAN_CLI = Path(sys.executable).parent / "newsclean"

Page = tuple[bytes, str | None]


def best_of(repeat: int, run: Callable[[], int], pages: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        done = run()
        best = min(best, time.perf_counter() - start)
        if done != pages:
            raise SystemExit(f"{done} results for {pages} pages")
    return best


def loop(pages: list[Page]) -> int:
    return sum(1 for html, url in pages if newsclean.extract(html, url=url) is not None)


def many(pages: list[Page], jobs: int) -> int:
    errors = [r for r in extract_many(pages, jobs=jobs) if r.error]
    if errors:
        raise SystemExit(f"extract_many: {errors[0].id}: {errors[0].error}")
    return len(pages)


def cli(directory: Path, jobs: int, out: Path) -> int:
    subprocess.run([str(NEWSCLEAN_CLI), str(directory), "--jobs", str(jobs), "-o", str(out)],
                   check=True, stderr=subprocess.DEVNULL)
    with out.open(encoding="utf-8") as lines:
        return sum(1 for _ in lines)


def dask_runner(
    files: list[str], workers: int, out_dir: Path
) -> tuple[Callable[[], int], Callable[[], None]]:
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from newsclean.batch import extract_bag, read_paths

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    client = Client(cluster)

    def run() -> int:
        # as docs/scale.md shows: a bag of paths, each worker reading its own files and
        # writing its own JSON Lines, so no Document travels back to this process
        records = db.from_sequence(files, npartitions=workers * 8).map_partitions(read_paths)
        lines = extract_bag(records).map(lambda r: json.dumps(r.to_dict(), ensure_ascii=False))
        for old in out_dir.glob("*.jsonl"):
            old.unlink()
        lines.to_textfiles(str(out_dir / "*.jsonl"))
        return sum(1 for part in out_dir.glob("*.jsonl") for _ in part.open(encoding="utf-8"))

    def close() -> None:
        client.close()
        cluster.close()

    return run, close


def measure(pages: list[Page], repeat: int, with_dask: bool) -> list[tuple[str, int, float]]:
    cores = os.cpu_count() or 1
    rows: list[tuple[str, int, float]] = []
    n = len(pages)

    def row(label: str, workers: int, run: Callable[[], int]) -> None:
        secs = best_of(repeat, run, n)
        rows.append((label, workers, secs))
        print(f"  {label:<48} {n / secs:7.1f} pages/s", flush=True)

    newsclean.extract(pages[0][0], url=pages[0][1])  # tables and stopwords load outside the clock
    row("`extract` in a loop, this process", 1, lambda: loop(pages))
    row("`extract_many(jobs=1)` (no pool)", 1, lambda: many(pages, 1))
    for jobs in range(2, cores + 1):
        row(f"`extract_many(jobs={jobs})`", jobs, lambda jobs=jobs: many(pages, jobs))
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "pages"
        directory.mkdir()
        files = []
        for i, (html, _) in enumerate(pages):
            path = directory / f"{i:05d}.html"
            path.write_bytes(html)
            files.append(str(path))
        out = Path(tmp) / "out.jsonl"
        for jobs in sorted({1, cores}):
            label = f"`newsclean DIR --jobs {jobs} -o out.jsonl`"
            row(label, jobs, lambda jobs=jobs: cli(directory, jobs, out))
        if with_dask:
            out_dir = Path(tmp) / "bag-out"
            out_dir.mkdir()
            run, close = dask_runner(files, cores, out_dir)
            try:
                run()  # workers import newsclean and load its tables outside the clock
                row(f"`extract_bag` → `to_textfiles`, LocalCluster of {cores} processes", cores, run)
            finally:
                close()
    return rows


def render(rows: list[tuple[str, int, float]], pages: int, repeat: int, command: str) -> str:
    base = rows[0][2]
    out = [START_MARK, ""]
    w = out.append
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    w(f"Written by `bench/batch.py` on {when}: the {pages} pages of the body corpora, best of {repeat}")
    w(f"pass(es), on this machine's {os.cpu_count()} cores. Speed-up: against the in-process loop of the")
    w("same run. The command line's figures include starting its processes, reading the files and")
    w("writing JSON Lines. Reproduce with:")
    w("")
    w("```")
    w(command)
    w("```")
    w("")
    w("| how | processes | pages/s | speed-up |")
    w("|---|---:|---:|---:|")
    for label, workers, secs in rows:
        w(f"| {label} | {workers} | {pages / secs:.1f} | {base / secs:.2f} |")
    w("")
    w(END_MARK)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=2, help="passes per way of running; the best counts")
    ap.add_argument("--out", default=str(OUT), help="file whose BATCH section to rewrite, or -")
    ap.add_argument("--no-dask", action="store_true", help="leave out the Dask LocalCluster run")
    args = ap.parse_args(argv)
    score = load_score()
    pages: list[Page] = [(p.html, p.url) for corpus in BODY_CORPORA
                         if (score.DEFAULT_ROOT / corpus).exists()
                         for p in score.LOADERS[corpus](score.DEFAULT_ROOT)]
    if not pages:
        print(f"no corpora under {score.DEFAULT_ROOT}", file=sys.stderr)
        return 1
    print(f"{len(pages)} pages", flush=True)
    rows = measure(pages, args.repeat, with_dask=not args.no_dask)
    command = ".venv/bin/python bench/batch.py" + (f" --repeat {args.repeat}" if args.repeat != 2 else "")
    section = render(rows, len(pages), args.repeat, command)
    if args.out == "-":
        print(section)
    else:
        write_section(section, Path(args.out), START_MARK, END_MARK)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
