"""Our own annotated reports (tests/data/reports): per-report checks. Their accuracy floors are
in tests/accuracy_floors.json, checked by tests/test_accuracy_gate.py."""

from __future__ import annotations

import pytest

from eventlens.evaluation import load_annotated
from eventlens.ingest import document_from_text
from tests.conftest import REPORTS

ANNOTATED = load_annotated(REPORTS)


@pytest.fixture(scope="module")
def results(pipeline):
    documents = [
        document_from_text(
            r.path.read_text(encoding="utf-8"), str(r.path), published=r.published, outlet=r.outlet
        )
        for r in ANNOTATED
    ]
    return dict(zip((r.path.name for r in ANNOTATED), pipeline.run(documents), strict=True))


def test_there_are_enough_varied_reports():
    assert len(ANNOTATED) >= 15
    types = {e["type"] for r in ANNOTATED for e in r.events}
    assert {"ASSAULT", "COERCE", "PROTEST", "CONSULT", "AGREE"} <= types


@pytest.mark.parametrize("report", ANNOTATED, ids=lambda r: r.path.stem)
def test_each_report(results, report):
    result = results[report.path.name]
    for line in report.boilerplate_lines:
        assert line in result.document.boilerplate_removed
    if not report.events:
        assert len(result.events) <= 1, [e.evidence.text for e in result.events]
    text = result.document.text
    for event in result.events:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert 0 < event.confidence < 1
        if event.place is not None and event.place.lat is not None:
            assert -90 <= event.place.lat <= 90 and -180 <= event.place.lon <= 180
