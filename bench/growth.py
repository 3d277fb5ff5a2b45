#!/usr/bin/env python3
"""Time and peak memory of ``newsclean.extract`` against page size, 10 kB to 20 MB.

    .venv/bin/python bench/growth.py                  # all sizes; rewrites its section of docs/benchmarks.md
    .venv/bin/python bench/growth.py --sizes 10k,1M --out -    # print the section instead

Pages are synthesised from one real news page (``SEED``, from ../shared/corpora): its
``<head>`` and then its ``<body>`` content repeated until the target size, cut before a
tag so that none is split. Each size runs in a fresh child process, so the peak
resident set (``ru_maxrss``) is that page's alone; "extract peak" is the growth of the peak
during ``extract`` (the page string itself excluded), and time is the best of a few calls
(fewer for big pages). A bare Lexbor parse + ``.text()`` of the same page is timed too, as
the floor. Linear growth shows as a constant µs/kB and MB-per-MB column.

The result replaces the text between the ``GROWTH`` markers in ``docs/benchmarks.md``, so
``bench/compare.py`` (which writes the rest of that file and keeps this section) and this
script can run independently. The plot is ASCII in Markdown: it renders everywhere, diffs
as text and needs no plotting package in the environment.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks.md"
SEED = ROOT.parent / "shared" / "corpora" / "pages" / "flairNLP+fundus"
SEED = SEED / "tests" / "resources" / "Merkur.html"
SIZES = ("10k", "30k", "100k", "300k", "1M", "3M", "10M", "20M")
START_MARK = "<!-- GROWTH:START (written by bench/growth.py; do not edit by hand) -->"
END_MARK = "<!-- GROWTH:END -->"
# Enough calls for a stable minimum on small pages without making the 20 MB run take minutes.
CALLS_PER_SIZE = {10_000: 20, 30_000: 10, 100_000: 5, 300_000: 3, 1_000_000: 2}
_CUT = re.compile(r"<[A-Za-z/]")


def parse_size(text: str) -> int:
    scale = {"k": 1000, "M": 1000**2}
    return int(float(text[:-1]) * scale[text[-1]]) if text[-1] in scale else int(text)


def synthesise(seed: str, size: int) -> str:
    """``seed``'s head, then its body content repeated to about ``size`` characters."""
    low = seed.lower()
    body_start = low.index(">", low.index("<body")) + 1
    body_end = low.rindex("</body")
    head, inner, tail = seed[:body_start], seed[body_start:body_end], seed[body_end:]
    room = max(0, size - len(head) - len(tail))
    body = inner * (room // len(inner) + 1)
    cut = 0
    for m in _CUT.finditer(body, 0, room + 1):
        cut = m.start()
    return head + body[:cut] + tail


def run_child(size: int) -> None:
    """Measure one size in this process; print one JSON line."""
    from selectolax.lexbor import LexborHTMLParser

    import newsclean
    from newsclean.parse import parse_html_with_report

    seed = SEED.read_text(encoding="utf-8", errors="replace")
    newsclean.extract(synthesise(seed, 10_000))  # tables and stopword lists load before the clock
    page = synthesise(seed, size)
    calls = CALLS_PER_SIZE.get(size, 1)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    best = math.inf
    for _ in range(calls):
        start = time.perf_counter()
        doc = newsclean.extract(page)
        best = min(best, time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    floor = math.inf
    for _ in range(calls):
        start = time.perf_counter()
        tree = LexborHTMLParser(page)
        (tree.body or tree.root).text()
        floor = min(floor, time.perf_counter() - start)
    del tree
    print(json.dumps({
        "size": size,
        "bytes": len(page.encode()),
        "seconds": best,
        "floor_seconds": floor,
        "extract_mb": max(0, peak - rss_before) / 1024,
        "text_chars": len(doc.text),
        "degraded": list(parse_html_with_report(page)[1]),
        "calls": calls,
    }))


def measure(size: int) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, "--child", str(size)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"size {size}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ascii_plot(rows: list[dict], width: int = 56, height: int = 14) -> list[str]:
    """Log-log plot of seconds (``*``) and floor seconds (``.``) against page size, with
    the slope-1 line through the smallest newsclean point (``-``): linear growth follows it."""
    xs = [math.log10(r["bytes"]) for r in rows]
    ys = [math.log10(r["seconds"]) for r in rows] + [math.log10(r["floor_seconds"]) for r in rows]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    grid = [[" "] * (width + 1) for _ in range(height + 1)]

    def put(x: float, y: float, mark: str) -> None:
        col = round((x - x0) / (x1 - x0) * width)
        row = height - round((y - y0) / (y1 - y0) * height)
        if 0 <= row <= height and 0 <= col <= width and (grid[row][col] == " " or mark != "-"):
            grid[row][col] = mark

    for i in range(width * 4 + 1):
        x = x0 + (x1 - x0) * i / (width * 4)
        put(x, ys[0] + (x - xs[0]), "-")
    for r, x in zip(rows, xs, strict=True):
        put(x, math.log10(r["floor_seconds"]), ".")
        put(x, math.log10(r["seconds"]), "*")
    lines = []
    for i, row in enumerate(grid):
        y = y1 - (y1 - y0) * i / height
        label = f"{10**y:8.4f} s |" if i % 3 == 0 or i == height else "           |"
        lines.append(label + "".join(row).rstrip())
    lines.append("           +" + "-" * (width + 1))
    left, right = f"{10**x0 / 1000:.0f} kB", f"{10**x1 / 1e6:.0f} MB"
    lines.append("            " + left + " " * (width + 1 - len(left) - len(right)) + right
                 + "   (page size, log scale)")
    return lines


def render(rows: list[dict], command: str) -> str:
    out = [START_MARK, "", "## Growth with page size", ""]
    w = out.append
    w(f"Written by `bench/growth.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: one real")
    w("news page's head and its body content repeated to each size, each size in a fresh")
    w("process; time is the best of the calls shown; *extract peak* is the growth of the")
    w("process's peak resident memory during `extract` (the page string excluded); *floor*")
    w("is a bare Lexbor parse + `.text()` of the same page. Reproduce with:")
    w("")
    w("```")
    w(command)
    w("```")
    w("")
    w("| page | calls | newsclean ms | µs per kB | floor ms | newsclean/floor | extract peak MB "
      "| MB per MB of page | degraded |")
    w("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        mb = r["bytes"] / 1e6
        w(f"| {r['bytes'] / 1000:,.0f} kB | {r['calls']} | {r['seconds'] * 1000:,.1f} | "
          f"{r['seconds'] * 1e6 / (r['bytes'] / 1000):.0f} | {r['floor_seconds'] * 1000:,.2f} | "
          f"{r['seconds'] / r['floor_seconds']:.1f} | {r['extract_mb']:.1f} | "
          f"{r['extract_mb'] / mb:.1f} | {', '.join(r['degraded']) or '–'} |")
    w("")
    w("Time against size, log-log (`*` newsclean, `.` floor, `-` slope 1, i.e. linear growth,")
    w("through the smallest page):")
    w("")
    w("```")
    out.extend(ascii_plot(rows))
    w("```")
    w("")
    w(END_MARK)
    return "\n".join(out)


def write_section(section: str, path: Path, start: str = START_MARK, end: str = END_MARK) -> None:
    """Replace the section between ``start`` and ``end`` in ``path`` (the growth section by
    default), or append it when there is none yet."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in text and end in text:
        before = text[: text.index(start)]
        after = text[text.index(end) + len(end):]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(SIZES), help="comma-separated sizes (k, M suffixes)")
    ap.add_argument("--out", default=str(OUT), help="report file whose growth section to rewrite, or -")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        run_child(args.child)
        return 0
    if not SEED.exists():
        print(f"seed page {SEED} not found (../shared/corpora is needed)", file=sys.stderr)
        return 1
    rows = []
    for size in (parse_size(s) for s in args.sizes.split(",")):
        row = measure(size)
        rows.append(row)
        print(f"{row['bytes'] / 1000:10,.0f} kB  {row['seconds']:8.4f} s  floor {row['floor_seconds']:7.4f} s"
              f"  peak +{row['extract_mb']:.0f} MB  {row['degraded']}", flush=True)
    command = ".venv/bin/python bench/growth.py" + (f" --sizes {args.sizes}" if args.sizes != ",".join(SIZES)
                                                     else "")
    section = render(rows, command)
    if args.out == "-":
        print(section)
    else:
        write_section(section, Path(args.out))
        print(f"wrote the growth section of {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
