#!/usr/bin/env python3
"""newsclean against trafilatura on every evaluation corpus, in one run → ``docs/benchmarks.md``.

    .venv/bin/python bench/compare.py                 # from the project root; rewrites docs/benchmarks.md
    .venv/bin/python bench/compare.py --repeat 3      # best of three timing passes
    .venv/bin/python bench/compare.py --out /tmp/b.md --json /tmp/b.json

The corpora, their loaders and every metric come from ``../shared/eval/score.py``, imported
from that path (never copied), so these figures are the ones ``score.py`` prints. What this
script adds: all corpora and the metadata run in one go, a warm-up call per extractor before
its clock starts (``score.py`` counts the first call's imports and table loading), the speed
ratio newsclean/trafilatura from the same run, machine and version information, and the
Markdown report. resiliparse and readability-lxml are measured too when they are importable
(``pip install -e '.[bench]'``). The speed table also gives the floor newsclean approaches: a
bare Lexbor parse of the same page bytes plus the text of its body, with nothing decided.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
OUT = ROOT / "docs" / "benchmarks.md"

BODY_CORPORA = ("scrapinghub", "trafilatura-eval", "readability", "boxes")
#: Always measured on the body corpora.
BASE_EXTRACTORS = ("newsclean", "trafilatura")
#: score.py extractor name → the module it needs; measured only when importable.
OPTIONAL_EXTRACTORS = {"resiliparse": "resiliparse", "readability": "readability"}
#: score.py names readability-lxml after the corpus it is also measured on.
DISPLAY_NAMES = {"readability": "readability-lxml"}
#: Name of the bare-parse timing among an extractor's results (speed only, no scores).
FLOOR = "lexbor-floor"
#: The metadata corpus compares newsclean with trafilatura's metadata pass.
METADATA_EXTRACTORS = ("newsclean", "trafilatura-meta")
VERSIONED = ("newsclean", "selectolax", "regex", "charset-normalizer", "nh3", "trafilatura", "lxml",
             "resiliparse", "readability-lxml")


def load_score(path: Path = SCORE_PY) -> ModuleType:
    """Import score.py from its path (registered in sys.modules: its dataclasses need that)."""
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def measure(score: ModuleType, corpus: str, names: tuple[str, ...], repeat: int) -> dict[str, Any]:
    """Score each extractor on one corpus; timing is score.run's (extraction only), best of
    ``repeat`` rounds. The rounds interleave the extractors (a pass of each, then again), so a
    slow spell on a shared machine slows them all alike instead of the one whose passes it hits."""
    pages = score.LOADERS[corpus](score.DEFAULT_ROOT)
    print(f"== {corpus}: {len(pages)} pages", flush=True)
    results: dict[str, Any] = {}
    extractors = {}
    for name in names:
        extractor = score.EXTRACTORS[name]
        try:  # warm-up: imports, rule tables, stopword lists load outside the clock
            extractor(pages[0].html, pages[0].url)
        except ImportError as exc:
            print(f"  {name:<17} not available: {exc}")
            continue
        except Exception:  # noqa: BLE001 - a page that raises is counted by score.run below
            pass
        extractors[name] = extractor
    best = dict.fromkeys(extractors, float("inf"))
    runs: dict[str, tuple[list[Any], list[str]]] = {}
    for _ in range(repeat):
        for name, extractor in extractors.items():
            outs, secs, errors = score.run(extractor, pages, 1)
            best[name] = min(best[name], secs)
            runs.setdefault(name, (outs, errors))  # the first round's outputs and errors
    for name in extractors:
        outs, errors = runs[name]
        secs = best[name]
        s = score.SCORERS[corpus](pages, outs)
        s.update(pages=len(pages), seconds=secs, pages_per_s=len(pages) / secs if secs else None,
                 errors=len(errors), error_pages=errors[:5])
        results[name] = s
        print(f"  {name:<17} {score.headline(corpus, s)}  {s['pages_per_s']:7.1f} pages/s"
              f"  errors {len(errors)}", flush=True)
    return results


def floor_seconds(pages: list[Any], repeat: int) -> float:
    """Best of ``repeat`` passes of a bare Lexbor parse of each page's bytes and the text of its
    body: what any extractor built on Lexbor pays before it decides anything."""
    from selectolax.lexbor import LexborHTMLParser

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            tree = LexborHTMLParser(page.html)
            (tree.body or tree.root).text()
        best = min(best, time.perf_counter() - start)
    return best


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git_state() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                              check=False).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "newsclean")
    return commit + (" + uncommitted changes in newsclean/" if dirty else "")


def machine_info(commit_at_start: str) -> dict[str, Any]:
    commit = _git_state()
    if commit != commit_at_start:  # someone committed or edited newsclean/ while we measured
        commit = f"{commit_at_start} at the start, {commit} at the end"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "versions": {d: v for d in VERSIONED if (v := _version(d))},
    }


# ---------------------------------------------------------------- report


def _f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _display(name: str) -> str:
    """score.py's extractor name as the report shows it ("readability" is also a corpus)."""
    return DISPLAY_NAMES.get(name, name)


def _body(s: dict[str, Any], corpus: str) -> dict[str, float]:
    return s["body"] if corpus == "boxes" else s


def pages_per_s(results: dict[str, Any], corpora: tuple[str, ...], name: str) -> float | None:
    """Pages/s of one extractor (or ``FLOOR``) over the given corpora; None if not measured on all."""
    pages, secs = 0, 0.0
    for corpus in corpora:
        s = results.get(corpus, {}).get(name)
        if s is None:
            return None
        pages += s["pages"]
        secs += s["seconds"]
    return pages / secs if secs else None


def speed_ratio(results: dict[str, Any], corpora: tuple[str, ...]) -> tuple[float | None, ...]:
    """Pages/s of newsclean and trafilatura over the given corpora, and their ratio."""
    nc = pages_per_s(results, corpora, "newsclean")
    tr = pages_per_s(results, corpora, "trafilatura")
    return nc, tr, (nc / tr if nc and tr else None)


def render(results: dict[str, Any], info: dict[str, Any], repeat: int, command: str) -> str:
    out: list[str] = []
    w = out.append
    w("# Benchmarks")
    w("")
    w(f"Generated by `bench/compare.py` on {info['date']} (commit {info['commit']}); do not edit by hand.")
    w("Every metric is `../shared/eval/score.py`'s, imported from that path; the corpora are described")
    w("in `../shared/corpora/README.md`. Reproduce from the project root with:")
    w("")
    w("```")
    w(command)
    w("```")
    w("")
    body = [c for c in BODY_CORPORA if c in results]
    w("## Article body")
    w("")
    w("scrapinghub and readability: 4-gram shingle P/R averaged per page, F1 of the averages;")
    w("trafilatura-eval: `with`/`without` snippets pooled over pages; boxes: body snippets found vs.")
    w("box, boilerplate and caption snippets leaking into the body. *errors*: pages that raised.")
    w("")
    w("| corpus | pages | extractor | F1 | precision | recall | pages/s | errors |")
    w("|---|---:|---|---:|---:|---:|---:|---:|")
    for corpus in body:
        for name, s in results[corpus].items():
            if name == FLOOR:
                continue
            b = _body(s, corpus)
            w(f"| {corpus} | {s['pages']} | {_display(name)} | {_f(b['f1'])} | {_f(b['precision'])} | "
              f"{_f(b['recall'])} | {_f(s['pages_per_s'], 1)} | {s['errors']} |")
    w("")
    w("## Speed")
    w("")
    w(f"Seconds of extraction only (pages read and decompressed before the clock starts), best of {repeat}")
    w("pass(es), one process, after one warm-up call per extractor; the passes of the extractors take")
    w("turns, so a slow spell of the machine falls on all of them. Ratio > 1: newsclean is faster.")
    w("")
    w("| corpus | newsclean pages/s | trafilatura pages/s | ratio newsclean/trafilatura |")
    w("|---|---:|---:|---:|")
    for corpus in body:
        nc, tr, ratio = speed_ratio(results, (corpus,))
        w(f"| {corpus} | {_f(nc, 1)} | {_f(tr, 1)} | {_f(ratio, 2)} |")
    nc, tr, ratio = speed_ratio(results, tuple(body))
    w(f"| **all body corpora** | **{_f(nc, 1)}** | **{_f(tr, 1)}** | **{_f(ratio, 2)}** |")
    w("")
    others = [n for n in dict.fromkeys(n for c in body for n in results[c]) if n != "newsclean"]
    if nc and FLOOR in results.get(body[0], {}):
        w("Over all body corpora, every extractor measured in this run and the floor (a bare Lexbor")
        w("parse of the page bytes and the text of its body, nothing decided). Ratio < 1: the other")
        w("is faster than newsclean.")
        w("")
        w("| extractor | pages/s | ratio newsclean/extractor |")
        w("|---|---:|---:|")
        w(f"| newsclean | {_f(nc, 1)} | 1.00 |")
        for name in others:
            other = pages_per_s(results, tuple(body), name)
            label = "floor: bare Lexbor parse + text" if name == FLOOR else _display(name)
            w(f"| {label} | {_f(other, 1)} | {_f(nc / other if other else None, 2)} |")
        w("")
    if "boxes" in results:
        w("## Box separation (boxes corpus)")
        w("")
        snippets = next(iter(results["boxes"].values()))["snippets"]
        w("Share of each kind's annotated snippets returned inside a box *of that kind* (in any box);")
        w("*all*: every box snippet in a box of its kind; *box precision*: box snippets in a box of the")
        w("right kind / (those + body snippets returned in some box). Snippets: "
          + ", ".join(f"{k} {v}" for k, v in snippets.items()) + ".")
        w("")
        w("| extractor | explainer | related | ad | all | box precision | leaks into body |")
        w("|---|---:|---:|---:|---:|---:|---|")
        for name, s in results["boxes"].items():
            if name == FLOOR:
                continue
            kinds = [f"{_f(s['separated'][k], 2)} ({_f(s['separated_any_kind'][k], 2)})"
                     for k in ("explainer", "related", "ad")]
            leaks = ", ".join(f"{k} {v}" for k, v in sorted(s["leaks_into_body"].items())) or "none"
            w(f"| {_display(name)} | {' | '.join(kinds)} | {_f(s['separated_all'], 2)} | "
              f"{_f(s['box_precision'], 2)} | {leaks} |")
        w("")
    if "metadata" in results:
        fields = next(iter(results["metadata"].values()))["fields"]
        w("## Metadata (trafilatura-eval pages with annotations)")
        w("")
        w("Share exactly right: title (case and whitespace folded), the same set of author names, the")
        w("same day. Annotated fields: " + ", ".join(f"{k} {v}" for k, v in fields.items()) + ".")
        w("")
        w("| extractor | title | author | date | all fields | pages/s |")
        w("|---|---:|---:|---:|---:|---:|")
        for name, s in results["metadata"].items():
            w(f"| {name} | {_f(s.get('title'))} | {_f(s.get('author'))} | {_f(s.get('date'))} | "
              f"{_f(s['f1'])} | {_f(s['pages_per_s'], 1)} |")
        w("")
        w("trafilatura-meta runs trafilatura's metadata pass and its body extraction, so its pages/s")
        w("is not comparable with the body tables.")
        w("")
    failing = {(c, n): s["error_pages"] for c, r in results.items() for n, s in r.items()
               if s.get("error_pages")}
    if failing:
        w("## Pages that raised (first five per corpus and extractor)")
        w("")
        for (corpus, name), pages in failing.items():
            for page in pages:
                w(f"- {corpus} / {name}: `{page}`")
        w("")
    w("## Machine")
    w("")
    w(f"- {info['cpu']}, {info['cpus']} CPUs; {info['platform']}; Python {info['python']}")
    w("- " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    w("")
    return "\n".join(out)


def _growth_section(path: Path) -> str:
    """The section bench/growth.py wrote into the report, kept across rewrites (it takes
    minutes to measure and does not change with the corpus figures)."""
    from growth import END_MARK, START_MARK

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START_MARK not in text or END_MARK not in text:
        return ""
    return text[text.index(START_MARK): text.index(END_MARK) + len(END_MARK)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1, help="timing passes per extractor; the best is kept")
    ap.add_argument("--out", type=Path, default=OUT, help="Markdown report (default: docs/benchmarks.md)")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument("--score", type=Path, default=SCORE_PY, help="path of score.py")
    args = ap.parse_args(argv)

    score = load_score(args.score)
    optional = tuple(n for n, mod in OPTIONAL_EXTRACTORS.items() if importlib.util.find_spec(mod))
    started = time.perf_counter()
    commit_at_start = _git_state()
    results: dict[str, Any] = {}
    for corpus in BODY_CORPORA:
        if (score.DEFAULT_ROOT / corpus).exists():
            results[corpus] = measure(score, corpus, BASE_EXTRACTORS + optional, args.repeat)
            pages = score.LOADERS[corpus](score.DEFAULT_ROOT)
            secs = floor_seconds(pages, args.repeat)
            results[corpus][FLOOR] = {"pages": len(pages), "seconds": secs}
            print(f"  {FLOOR:<17} {len(pages) / secs:7.1f} pages/s", flush=True)
    if (score.DEFAULT_ROOT / "trafilatura-eval").exists():
        results["metadata"] = measure(score, "metadata", METADATA_EXTRACTORS, args.repeat)
    if not results:
        print(f"no corpora under {score.DEFAULT_ROOT}", file=sys.stderr)
        return 1

    command = ".venv/bin/python bench/compare.py" + (f" --repeat {args.repeat}" if args.repeat != 1 else "")
    report = render(results, machine_info(commit_at_start), args.repeat, command)
    growth = _growth_section(args.out)
    if growth:
        report = report.rstrip("\n") + "\n\n" + growth + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
