"""Stress the guarded parse with hostile markup at full size; write docs/robustness.md.

    .venv/bin/python bench/stress.py                 # all cases, Lexbor-alone baseline too
    .venv/bin/python bench/stress.py --no-baseline   # guarded parse only (about a minute)
    .venv/bin/python bench/stress.py --case 340-30000

Each case runs in a fresh child process, so its peak resident memory (ru_maxrss) is its
own; the Lexbor-alone baseline runs under a time and address-space limit, because several
of these pages take minutes or gigabytes without the guard. With ../shared/corpora present,
the real pages there are timed too (pre-scan and parse per 200 kB, pages degraded).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
REPORT = ROOT / "docs" / "robustness.md"

# A hostile page may take minutes and gigabytes without the guard; the baseline gives up
# after this long or this much address space and reports that instead.
BASELINE_TIMEOUT_S = 30
BASELINE_MEMORY_LIMIT = 8 * 1024**3
# The guarded parse is expected to finish within a few seconds; this only stops a
# regression from hanging the bench.
GUARDED_TIMEOUT_S = 120
# Corpus timings are reported per 200 kB, the size of a typical news page.
PER_BYTES = 200_000


def _nested_divs() -> str:
    n = 100_000
    return "".join(f"<div>w{i} " for i in range(n)) + "</div>" * n


def _lexbor_340(n: int) -> Callable[[], str]:
    def make() -> str:
        return (
            "".join(f"<b {i}>" for i in range(n))
            + "".join(f"<i {i}>" for i in range(n))
            + "x</b>" * n
        )

    return make


def _reconstruction() -> str:
    return "<div>" + "".join(f"<b {i}>" for i in range(60)) + "</div><div>x" * 100_000


def _unclosed_soup() -> str:
    unit = "<p>para <b>bold <i>both</b> it</i><li>item<td>cell<a href=/x>link<font size=2>f"
    return "<body>" + unit * 20_000


def _misnested_soup() -> str:
    unit = "<div><b><p>x</b>y</p><i><div>z</i></div><a href=1><a href=2>l</a><nobr><nobr>n"
    return unit * 20_000


# name → (what it is, page factory)
CASES: dict[str, tuple[str, Callable[[], str]]] = {
    "nested-divs": ("100 000 nested `<div>`, a word in each", _nested_divs),
    "siblings": ("1 000 000 sibling `<p>x</p>`", lambda: "<p>x</p>" * 1_000_000),
    "attributes": (
        "one `<p>` with 100 000 attributes",
        lambda: "<p " + " ".join(f"a{i}={i}" for i in range(100_000)) + ">hello</p>",
    ),
    "text-node": ("10 MB text node without spaces", lambda: "a" * 10_000_000),
    "340-3000": ("lexbor #340 pattern, n = 3000", _lexbor_340(3000)),
    "340-30000": ("lexbor #340 pattern, n = 30 000", _lexbor_340(30_000)),
    "reconstruction": ("60 open `<b k>`, then `</div><div>x` × 100 000", _reconstruction),
    "unclosed": ("unclosed p/b/i/li/td/a/font soup × 20 000", _unclosed_soup),
    "misnested": ("misnested b/p/i/div, nested a/nobr × 20 000", _misnested_soup),
    "object-scope": (
        "`<div><object></div></object>` × 100 000 (end tag out of scope)",
        lambda: "<div><object></div></object>" * 100_000 + "x",
    ),
    "lists": ("`<ul><li>` nested 100 000 deep", lambda: "<ul><li>" * 100_000 + "x"),
    "tables": ("`<table><tr><td>` nested 30 000 deep", lambda: "<table><tr><td>" * 30_000 + "x"),
    "br": ("2 500 000 `<br>`", lambda: "<br>" * 2_500_000 + "x"),
    "comments": ("1 000 000 empty comments", lambda: "<!---->" * 1_000_000 + "x"),
    "open-comments": ("100 000 unterminated `<!--`", lambda: "<!--" * 100_000 + "x"),
}


def run_child(case: str, baseline: bool) -> None:
    """Parse one case in this process and print a JSON line of measurements."""
    page = CASES[case][1]()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if baseline:
        from selectolax.lexbor import LexborHTMLParser

        tree = LexborHTMLParser(page)
        report: tuple[str, ...] = ()
    else:
        from newsclean.parse import parse_html_with_report

        tree, report = parse_html_with_report(page)
    seconds = time.perf_counter() - start
    body = tree.body
    text = body.text() if body is not None else ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "case": case,
        "bytes": len(page.encode()),
        "seconds": seconds,
        "peak_mb": peak / 1024,
        "parse_mb": max(0, peak - rss_before) / 1024,
        "report": list(report),
        "text_chars": len(text),
    }))


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (BASELINE_MEMORY_LIMIT, BASELINE_MEMORY_LIMIT))


def measure(case: str, baseline: bool) -> dict[str, object]:
    args = [sys.executable, __file__, "--child", case] + (["--baseline-child"] if baseline else [])
    timeout = BASELINE_TIMEOUT_S if baseline else GUARDED_TIMEOUT_S
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, timeout=timeout,
            preexec_fn=_limit_memory if baseline else None,
        )
    except subprocess.TimeoutExpired:
        return {"case": case, "failed": f"> {timeout} s"}
    if done.returncode != 0:
        reason = "out of memory" if "MemoryError" in done.stderr or done.returncode < 0 else "error"
        return {"case": case, "failed": f"{reason} (exit {done.returncode})", "stderr": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def corpus_timing() -> dict[str, object] | None:
    """Pre-scan and parse time of the real pages in ../shared/corpora, per 200 kB."""
    if not CORPORA.is_dir():
        return None
    from selectolax.lexbor import LexborHTMLParser

    from newsclean.decode import decode_html
    from newsclean.parse import parse_html_with_report

    pages = sorted(CORPORA.glob("**/*.html")) + sorted(CORPORA.glob("**/*.html.gz"))
    total_bytes = 0
    decode_s = guarded_s = lexbor_s = 0.0
    degraded: list[str] = []
    for path in pages:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        total_bytes += len(data)
        t0 = time.perf_counter()
        text = decode_html(data)
        t1 = time.perf_counter()
        _, report = parse_html_with_report(text)
        t2 = time.perf_counter()
        LexborHTMLParser(text)
        t3 = time.perf_counter()
        decode_s += t1 - t0
        guarded_s += t2 - t1
        lexbor_s += t3 - t2
        if report:
            degraded.append(f"{path.relative_to(CORPORA)} {report}")
    scale = PER_BYTES / total_bytes * 1000
    return {
        "pages": len(pages),
        "megabytes": total_bytes / 1e6,
        "decode_ms": decode_s * scale,
        "guarded_ms": guarded_s * scale,
        "lexbor_ms": lexbor_s * scale,
        "degraded": degraded,
    }


def _cell(result: dict[str, object], key: str, fmt: str) -> str:
    if "failed" in result:
        return str(result["failed"]) if key == "seconds" else "–"
    return format(result[key], fmt)


def _summary(result: dict[str, object]) -> str:
    if "failed" in result:
        return str(result["failed"])
    return f"{result['seconds']:7.2f} s {result['peak_mb']:6.0f} MB"


NOTES = f"""
Notes:

- Caps (constants in `newsclean/parse.py`): nesting depth {{depth}}, active formatting
  elements {{formatting}}, attributes per tag {{attributes}}, elements and comments
  {{elements:,}}, re-created formatting elements one per source element plus
  {{slack:,}}. A page under all caps is parsed exactly as written; the pre-scan is the
  whole cost of the guard there (see the real-page table).
- "text kept" is the length of the body text after the parse; past the element cap,
  dropped block tags leave a line break, so it can exceed the visible characters.
- The pre-scan models the tree builder approximately (no foster parenting, no quirks
  mode, SVG/MathML and `<select>` only in outline). Fuzzing with tiny caps
  (tests/test_parse.py, and 2000-page runs with raw-text, SVG, MathML and template tags)
  found degraded pages keeping every text character, except about 0.5 % of the widest
  fuzz pages, where a rewrite moved a few characters into `<svg>`, `<select>` or a
  raw-text element that `strip_non_content` later removes.
- Not capped: the total number of attributes. 10 000 tags × 256 attributes (a 12 MB
  page) parse in ~1 s but take ~580 MB.
- The "Lexbor alone" limits are {BASELINE_TIMEOUT_S} s and {BASELINE_MEMORY_LIMIT // 1024**3} GiB.
"""


def write_report(rows: list[tuple[str, dict[str, object], dict[str, object] | None]],
                 corpus: dict[str, object] | None) -> str:
    lines = [
        "# Robustness of the guarded parse",
        "",
        "Written by `bench/stress.py` (each case in a fresh process; time is the parse call,",
        "peak is the process's maximum resident set, input included). The guard is",
        "`newsclean.parse.parse_html_with_report`; \"Lexbor alone\" is `LexborHTMLParser(page)`",
        (f"with a {BASELINE_TIMEOUT_S} s / {BASELINE_MEMORY_LIMIT // 1024**3} GiB limit. "
        "Machine: 2 cores, selectolax 1.0.2."),
        "",
        ("| case | input MB | guarded s | guarded peak MB | degraded | text kept (chars) "
        "| Lexbor alone s | Lexbor alone peak MB |"),
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for case, guarded, baseline in rows:
        what = CASES[case][0]
        report = ", ".join(guarded.get("report", [])) or "–"  # type: ignore[arg-type]
        base_s = _cell(baseline, "seconds", ".2f") if baseline else "not run"
        base_mb = _cell(baseline, "peak_mb", ".0f") if baseline else ""
        size = guarded.get("bytes", 0) / 1e6  # type: ignore[operator]
        lines.append(
            f"| {what} | {size:.1f} | {_cell(guarded, 'seconds', '.2f')} "
            f"| {_cell(guarded, 'peak_mb', '.0f')} | {report} "
            f"| {_cell(guarded, 'text_chars', ',')} | {base_s} | {base_mb} |"
        )
    if corpus:
        lines += [
            "",
            (f"Real pages ({corpus['pages']} from `shared/corpora`, {corpus['megabytes']:.0f} MB), "
            "mean cost per 200 kB of HTML:"),
            "",
            "| decode_html | parse_html (pre-scan + Lexbor) | Lexbor alone |",
            "|---:|---:|---:|",
            (f"| {corpus['decode_ms']:.2f} ms | {corpus['guarded_ms']:.2f} ms "
            f"| {corpus['lexbor_ms']:.2f} ms |"),
            "",
            f"Pages degraded: {len(corpus['degraded']) or 'none'}."  # type: ignore[arg-type]
            + "".join(f"\n- {line}" for line in corpus["degraded"]),  # type: ignore[union-attr]
        ]
    from newsclean import parse

    lines.append(NOTES.format(
        depth=parse.DEPTH_CAP, formatting=parse.FORMATTING_CAP, attributes=parse.ATTRIBUTE_CAP,
        elements=parse.ELEMENT_CAP, slack=parse.RECONSTRUCTION_SLACK,
    ))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    parser.add_argument("--no-baseline", action="store_true", help="skip Lexbor alone")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {REPORT.name}")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--baseline-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.baseline_child)
        return

    rows = []
    for case in args.case or list(CASES):
        guarded = measure(case, baseline=False)
        baseline = None if args.no_baseline else measure(case, baseline=True)
        rows.append((case, guarded, baseline))
        print(f"{case:15} guarded {_summary(guarded)} {guarded.get('report', '')}"
              + (f" | Lexbor alone {_summary(baseline)}" if baseline else ""), flush=True)
    corpus = corpus_timing() if not args.case else None
    if corpus:
        print(
            f"corpus: {corpus['pages']} pages, per 200 kB: decode {corpus['decode_ms']:.2f} ms, "
            f"guarded parse {corpus['guarded_ms']:.2f} ms, Lexbor alone {corpus['lexbor_ms']:.2f} ms, "
            f"degraded {len(corpus['degraded'])}"  # type: ignore[arg-type]
        )
    if not args.no_write and not args.case:
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(write_report(rows, corpus), encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
