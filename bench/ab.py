#!/usr/bin/env python3
"""Is the working tree faster than an earlier commit? Both in one process, page by page.

    .venv/bin/python bench/ab.py c578bc8             # 3 rounds over the body corpora
    .venv/bin/python bench/ab.py HEAD~3 --rounds 5

On a shared 2-core machine the speed of a whole pass drifts by 20 % from one minute to the
next, more than most optimisations gain, so two separate runs cannot tell a 7 % change from
noise. Here the commit's ``newsclean`` package is exported (``git archive``) under another
module name and imported beside the working tree's; each page is extracted by both, in an
order that alternates, so whatever the machine does in that moment falls on both equally.
The package uses relative imports only, which is what makes the renamed copy work.

The exported copy holds sources only, no compiled C twins, so it runs pure Python: to compare
a change to the Python stages, run this with ``NEWSCLEAN_PURE_PYTHON=1`` (both sides pure); a
change to a twin is measured with ``bench/stages.py`` runs instead.
"""

from __future__ import annotations

import argparse
import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from compare import BODY_CORPORA, load_score  # noqa: E402

import newsclean  # noqa: E402


def import_revision(revision: str, into: Path):
    """The ``newsclean`` package as of ``revision``, imported as ``newsclean_at_<rev>``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "newsclean"],
        check=True, capture_output=True,
    ).stdout
    name = "newsclean_at_" + "".join(ch if ch.isalnum() else "_" for ch in revision)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "newsclean").rename(into / name)
    sys.path.insert(0, str(into))
    return importlib.import_module(name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("revision", help="the commit to compare the working tree against")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    score = load_score()
    pages = [(p.html, p.url) for c in BODY_CORPORA for p in score.LOADERS[c](score.DEFAULT_ROOT)]
    with tempfile.TemporaryDirectory() as tmp:
        old = import_revision(args.revision, Path(tmp))
        sides = {"revision": old, "working tree": newsclean}
        for html, url in pages[:5]:  # warm-up: tables and stopword lists load outside the clock
            for module in sides.values():
                module.extract(html, url=url)
        spent = dict.fromkeys(sides, 0.0)
        clock = time.perf_counter
        for round_ in range(args.rounds):
            for i, (html, url) in enumerate(pages):
                order = list(sides.items())
                if (i + round_) % 2:
                    order.reverse()
                for name, module in order:
                    start = clock()
                    module.extract(html, url=url)
                    spent[name] += clock() - start
    per_pass = {name: secs / args.rounds for name, secs in spent.items()}
    print(f"{len(pages)} pages of {', '.join(BODY_CORPORA)}; {args.rounds} interleaved rounds")
    for name, secs in per_pass.items():
        print(f"  {name:13s} {secs:7.2f} s per pass  {len(pages) / secs:6.1f} pages/s")
    print(f"  working tree is {per_pass['revision'] / per_pass['working tree']:.3f}x {args.revision}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
