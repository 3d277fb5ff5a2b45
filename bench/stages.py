#!/usr/bin/env python3
"""Where newsclean's time goes: seconds per pipeline stage over the body corpora.

    .venv/bin/python bench/stages.py              # best of 3 passes, one line per stage
    .venv/bin/python bench/stages.py --repeat 5
    .venv/bin/python bench/stages.py -c scrapinghub   # one corpus

Each stage is timed with ``perf_counter`` around the same calls ``newsclean.api.extract``
makes, in the same order; per stage the fastest pass counts, so noise from other jobs on
the machine inflates the figures less than a single pass would. "lexbor floor" is a bare
``LexborHTMLParser(text).body.text()`` of the same (decoded) pages: what a parse and one
text read cost, the least any extractor on this parser can spend.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import BODY_CORPORA, load_score  # noqa: E402

from newsclean._accel import status  # noqa: E402
from newsclean.assemble import assemble  # noqa: E402
from newsclean.combine import combine  # noqa: E402
from newsclean.config import LENIENT_DENSITY  # noqa: E402
from newsclean.decode import decode_html, decode_page  # noqa: E402
from newsclean.density import classify_density  # noqa: E402
from newsclean.features import compute_features  # noqa: E402
from newsclean.metadata import extract_metadata  # noqa: E402
from newsclean.parse import parse_decoded_with_report  # noqa: E402
from newsclean.rules import box_blocks, classify_rules, match_selectors, may_hold_own_markup  # noqa: E402
from newsclean.segment import segment  # noqa: E402

# "segment" includes stripping the non-content elements: the C walk skips them itself, the
# Python walk (NEWSCLEAN_PURE_PYTHON=1) removes them first (parse.strip_non_content).
STAGES = ("decode", "parse", "metadata", "segment", "features", "rules", "density", "combine", "assemble")


def one_pass(pages: list[tuple[bytes, str | None]]) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)
    clock = time.perf_counter
    for html, url in pages:
        t0 = clock()
        text, utf8 = decode_page(html)
        t1 = clock()
        tree, _ = parse_decoded_with_report(text, utf8)
        t2 = clock()
        meta = extract_metadata(tree, url=url)
        t3 = clock()
        page = segment(tree, forced=None, stripped=False)
        if may_hold_own_markup(page) and (forced := match_selectors(tree, None)):
            page = segment(tree, forced=forced, stripped=False)
        t5 = clock()
        features = compute_features(page, language_hint=meta.language)
        t6 = clock()
        rule_verdicts = classify_rules(page, features)
        t7 = clock()
        outside_flow = box_blocks(page, rule_verdicts)
        density = classify_density(page, features, headline=meta.title, outside_flow=outside_flow)
        t8 = clock()
        labels = combine(page, features, rule_verdicts, density, meta)
        t9 = clock()
        if labels.main is None and page.blocks:
            density = classify_density(
                page, features, LENIENT_DENSITY, headline=meta.title, outside_flow=outside_flow
            )
            t9b = clock()
            spent["density"] += t9b - t9
            retry = combine(page, features, rule_verdicts, density, meta)
            if retry.main is not None:
                labels = retry
            t9 = clock()
            spent["combine"] += t9 - t9b
        assemble(page, labels, meta, extractor="combined", base_url=meta.url or url,
                 detected_language=features.language)
        t10 = clock()
        for name, a, b in zip(STAGES, (t0, t1, t2, t3, t5, t6, t7, t8, t9),
                              (t1, t2, t3, t5, t6, t7, t8, t9, t10), strict=True):
            spent[name] += b - a
    return spent


def floor_pass(texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        tree = LexborHTMLParser(text)
        root = tree.body or tree.root
        if root is not None:
            root.text()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("-c", "--corpus", action="append", choices=BODY_CORPORA,
                    help="only this corpus (repeatable; default: all body corpora)")
    args = ap.parse_args(argv)
    score = load_score()
    corpora = args.corpus or BODY_CORPORA
    pages = [(p.html, p.url) for c in corpora for p in score.LOADERS[c](score.DEFAULT_ROOT)]
    texts = [decode_html(html) for html, _ in pages]
    one_pass(pages[:5])  # warm-up: tables and stopword lists load outside the clock
    best: dict[str, float] = {}
    floor = float("inf")
    for _ in range(args.repeat):
        for name, secs in one_pass(pages).items():
            best[name] = min(best.get(name, float("inf")), secs)
        floor = min(floor, floor_pass(texts))
    total = sum(best.values())
    megabytes = sum(len(h) for h, _ in pages) / 1e6
    print(f"{len(pages)} pages, {megabytes:.1f} MB; best of {args.repeat} per stage; "
          f"C accelerators in use: {', '.join(k for k, v in status().items() if v) or 'none'}")
    for name in STAGES:
        print(f"  {name:<10} {best[name]:7.3f} s  {100 * best[name] / total:5.1f} %"
              f"  {1000 * best[name] / len(pages):6.2f} ms/page")
    print(f"  {'total':<10} {total:7.3f} s          {len(pages) / total:6.1f} pages/s")
    print(f"  lexbor floor {floor:5.3f} s          {len(pages) / floor:6.1f} pages/s"
          f"  (newsclean takes {total / floor:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
