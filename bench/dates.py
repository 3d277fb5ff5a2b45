#!/usr/bin/env python3
"""newsclean's publication dates against htmldate's on the annotated metadata pages.

    .venv/bin/python bench/dates.py            # from the project root; prints a Markdown table
    .venv/bin/python bench/dates.py --misses   # also every page where the two disagree

Why this exists: the metadata issue asks for a well-kept date library (htmldate, which
trafilatura uses) unless our own date finder is shown to be better on the corpus. This script
is that comparison, on the pages and with the metric of ``../shared/eval/score.py``
(``score_metadata``: the same YYYY-MM-DD as the annotation). htmldate comes with the test
extra (trafilatura depends on it); newsclean does not need it at run time.

htmldate is run twice: with its defaults (``extensive_search=True``: it also guesses from
free text and URLs) and with ``original_date=True`` (it prefers the publication date over
the last modification, which is what the annotations give).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"


def load_score(path: Path = SCORE_PY) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["score"] = module
    spec.loader.exec_module(module)
    return module


def newsclean_date(html: bytes, url: str | None) -> str | None:
    import newsclean

    return newsclean.extract(html, url=url).date


def htmldate_default(html: bytes, url: str | None) -> str | None:
    from htmldate import find_date

    return find_date(html, url=url)


def htmldate_original(html: bytes, url: str | None) -> str | None:
    from htmldate import find_date

    return find_date(html, url=url, original_date=True)


FINDERS = {
    "newsclean": newsclean_date,
    "htmldate": htmldate_default,
    "htmldate original_date": htmldate_original,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list the pages where the finders disagree")
    args = ap.parse_args(argv)
    score = load_score()
    pages = [p for p in score.load_metadata(score.DEFAULT_ROOT) if p.truth.get("date")]
    found: dict[str, list[str | None]] = {}
    seconds: dict[str, float] = {}
    for name, finder in FINDERS.items():
        finder(pages[0].html, pages[0].url)  # warm-up: imports and tables outside the clock
        start = time.perf_counter()
        out: list[str | None] = []
        for page in pages:
            try:
                out.append(finder(page.html, page.url))
            except Exception:  # a crash counts as no date, as in score.py
                out.append(None)
        seconds[name] = time.perf_counter() - start
        found[name] = out
    print(f"Publication day exactly right, {len(pages)} pages of trafilatura-eval with an annotated date")
    print("(newsclean's time includes its whole extraction, body and boxes too).\n")
    print("| finder | right | share | pages/s |")
    print("|---|---:|---:|---:|")
    for name, out in found.items():
        right = sum(str(d or "")[:10] == p.truth["date"][:10] for d, p in zip(out, pages, strict=True))
        print(f"| {name} | {right} | {right / len(pages):.3f} | {len(pages) / seconds[name]:.1f} |")
    if args.misses:
        print()
        for i, page in enumerate(pages):
            answers = {name: str(out[i] or "")[:10] for name, out in found.items()}
            if len(set(answers.values())) > 1:
                print(page.key, "truth", page.truth["date"][:10], answers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
