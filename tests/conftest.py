"""Shared test helpers: fixture paths and hypothesis profiles.

Hypothesis profiles: ``ci`` (the default; derandomized, 50 examples, no shrinking) and
``deep`` (2000 examples, shrinking). Pick one with the environment variable ``HYPOTHESIS_PROFILE``.
``ci`` skips the shrink phase: shrinking one failure of a generated page took minutes, and a
failing example is still reported (with a ``@reproduce_failure`` blob) and still fails the run;
re-run the test under ``deep`` to get it shrunk.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, Phase, settings

#: The project root (the folder holding ``pyproject.toml``).
ROOT = Path(__file__).resolve().parent.parent
#: Hand-written fixture cases: ``fixtures/<case>/{input.html|input.txt, expected.json, NOTES.md}``.
FIXTURES = ROOT / "fixtures"
#: Material shared between projects (seed example, evaluation corpora); may be absent.
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
SEED = SHARED / "seed"
#: The scorer we are judged by; its loaders read the corpora.
SCORE_PY = SHARED / "eval" / "score.py"
#: The corpora score.py scores article bodies on.
BODY_CORPORA = ("scrapinghub", "trafilatura-eval", "readability", "boxes")
#: Every fixture page written as HTML.
FIXTURE_PAGES = sorted(FIXTURES.glob("*/input.html"))

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=50,
    deadline=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@cache
def load_score() -> ModuleType | None:
    """``../shared/eval/score.py`` as a module (its loaders and scorers), or None without it."""
    if not CORPORA.is_dir() or not SCORE_PY.is_file():
        return None
    spec = importlib.util.spec_from_file_location("shared_eval_score", SCORE_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # score.py's dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def body_corpus_pages() -> list[tuple[str, str | bytes]]:
    """(corpus/key, html) of every page of the body corpora, through score.py's loaders;
    skips the calling test where ../shared is missing."""
    score = load_score()
    if score is None:
        pytest.skip(f"evaluation corpora or scorer not found ({CORPORA}, {SCORE_PY})")
    return [(f"{c}/{p.key}", p.html) for c in BODY_CORPORA for p in score.LOADERS[c](CORPORA)]


def fixture_cases() -> list[Path]:
    """Every fixture folder that holds an ``expected.json``, sorted by name."""
    return sorted(p.parent for p in FIXTURES.glob("*/expected.json"))


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder; skips the test when it is not there (e.g. a bare checkout)."""
    if not SHARED.is_dir():
        pytest.skip(f"shared folder not found: {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"evaluation corpora not found: {CORPORA}")
    return CORPORA
