"""Shared test helpers: fixture paths and hypothesis profiles.

Hypothesis profiles: ``ci`` (the default; derandomized, 50 examples, no shrinking) and
``deep`` (2000 examples, shrinking). Pick one with the environment variable ``HYPOTHESIS_PROFILE``.
``ci`` skips the shrink phase: shrinking one failure of a generated page took minutes, and a
failing example is still reported (with a ``@reproduce_failure`` blob) and still fails the run;
re-run the test under ``deep`` to get it shrunk.
"""

from __future__ import annotations

import os
from pathlib import Path

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
