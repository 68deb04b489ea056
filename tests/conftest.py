"""Shared fixtures: one Pipeline (models and gazetteer loaded once) for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed"
REPORTS = ROOT / "tests" / "data" / "reports"

# The gazetteer is built once into the checkout's build/ folder and reused across runs.
os.environ.setdefault("EVENTLENS_CACHE", str(ROOT / "build" / "cache"))


@pytest.fixture(scope="session")
def pipeline():
    from eventlens.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = SEED / "deirezzor24-soleimani-albukamal.txt"
    if not path.exists():
        pytest.skip("the reference report (../shared/seed) is not beside this checkout")
    return path.read_text(encoding="utf-8")
