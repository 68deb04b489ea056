"""The gazetteer, built once per test session (and reused across sessions while current).

With EVENTLENS_CACHE set (tests/conftest.py sets it to the checkout's build/cache, CI too) the
database is the one at ``Config().gazetteer_file``; without it, one file under pytest's temp
root that all xdist workers share. Either way ``build_gazetteer`` builds only when the file is
missing or stale, and its lock makes the other workers wait for the first one's build.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventlens.config import Config
from eventlens.geo import Gazetteer, ToponymResolver, build_gazetteer


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("EVENTLENS_CACHE"):
        path = Config().gazetteer_file
    else:
        # The parent of the session's base temp is shared by the xdist workers of one run.
        path = tmp_path_factory.getbasetemp().parent / "eventlens-geo" / "gazetteer.sqlite"
    build_gazetteer(path)
    return path


@pytest.fixture(scope="session")
def gazetteer(gazetteer_path: Path) -> Gazetteer:
    return Gazetteer.open(gazetteer_path)


@pytest.fixture(scope="session")
def resolver(gazetteer: Gazetteer) -> ToponymResolver:
    return ToponymResolver(gazetteer)
