"""The events tests' fixture: one short text we wrote through the whole pipeline."""

from __future__ import annotations

from datetime import date

import pytest

from eventlens.ingest import document_from_text

PUBLISHED = date(2025, 3, 14)  # a Friday


@pytest.fixture(scope="module")
def extract(pipeline):
    def run(text: str):
        (result,) = list(pipeline.run([document_from_text(text, "test", published=PUBLISHED)]))
        return result

    return run
