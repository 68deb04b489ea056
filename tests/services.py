"""What a test does when a service it needs (a PostgreSQL server, a Dask cluster) is not there."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str):
    """Skip the test on a developer's machine that lacks the service; in CI (CI=true) fail it."""
    if in_ci():
        pytest.fail(f"CI must run this test: {reason}", pytrace=False)
    pytest.skip(reason)
