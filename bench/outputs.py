#!/usr/bin/env python3
"""Does a change alter any output? Every page's ``Document.to_dict()``, before and after.

    .venv/bin/python bench/outputs.py dump before.json      # every corpus and fixture page
    (change the code, or: git stash / git checkout REV)
    .venv/bin/python bench/outputs.py dump after.json
    .venv/bin/python bench/outputs.py diff before.json after.json

A speed change is only done when the second command prints "0 pages differ"; a quality
change says in its commit message how many pages changed and how. ``diff`` names the pages
and fields that differ and shows the first body paragraphs that came or went.
``NEWSCLEAN_PURE_PYTHON=1`` in front of ``dump`` gives the output of the Python references
alone (the C twins off), which must be the same too.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from compare import BODY_CORPORA, load_score  # noqa: E402

import newsclean  # noqa: E402


def dump(out: Path) -> int:
    score = load_score()
    pages: list[tuple[str, bytes | str, str | None]] = [
        (f"{corpus}/{i}", page.html, page.url)
        for corpus in BODY_CORPORA
        for i, page in enumerate(score.LOADERS[corpus](score.DEFAULT_ROOT))
    ]
    for path in sorted((ROOT / "fixtures").glob("*/input.html")):
        pages.append((f"fixtures/{path.parent.name}", path.read_bytes(), None))
    result = {key: newsclean.extract(html, url=url).to_dict() for key, html, url in pages}
    out.write_text(json.dumps(result, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    print(f"{len(result)} pages written to {out} (C twins: {newsclean._accel.status()})")
    return 0


def diff(before_path: Path, after_path: Path, show: int) -> int:
    before = json.loads(before_path.read_text(encoding="utf-8"))
    after = json.loads(after_path.read_text(encoding="utf-8"))
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    print(f"{len(changed)} pages differ (of {len(before)} before, {len(after)} after)")
    for key in changed:
        a, b = before.get(key) or {}, after.get(key) or {}
        fields = sorted(f for f in a.keys() | b.keys() if a.get(f) != b.get(f))
        print(f"{key}: {', '.join(fields)}")
        if "text" in fields and show:
            lines = difflib.unified_diff(
                (a.get("text") or "").split("\n\n"), (b.get("text") or "").split("\n\n"), lineterm="", n=0
            )
            shown = [ln for ln in lines if ln[:1] in "+-" and ln[:3] not in ("+++", "---")][:show]
            for ln in shown:
                print(f"    {ln[:160]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write every page's to_dict() to a JSON file")
    d.add_argument("out", type=Path)
    c = sub.add_parser("diff", help="compare two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=4, help="body paragraphs shown per changed page")
    args = ap.parse_args(argv)
    if args.command == "dump":
        return dump(args.out)
    return diff(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
