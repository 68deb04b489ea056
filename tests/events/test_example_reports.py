"""Our own annotated reports (tests/data/reports): accuracy floors and per-report checks.

The floors sit a little under what eventlens reaches today (see the README's figures); a
change that lowers accuracy below them fails here.
"""

from __future__ import annotations

import pytest

from eventlens.evaluation import EventScorer, EventScores, load_annotated
from eventlens.ingest import document_from_text
from eventlens.kb import KnowledgeBase
from tests.conftest import REPORTS

ANNOTATED = load_annotated(REPORTS)


@pytest.fixture(scope="module")
def results(pipeline):
    documents = [
        document_from_text(r.path.read_text(encoding="utf-8"), str(r.path), published=r.published, outlet=r.outlet)
        for r in ANNOTATED
    ]
    return dict(zip((r.path.name for r in ANNOTATED), pipeline.run(documents), strict=True))


@pytest.fixture(scope="module")
def scores(results):
    scores = EventScores()
    scorer = EventScorer(KnowledgeBase.load())
    for report in ANNOTATED:
        scorer.add(scores, report.events, results[report.path.name])
    return scores


def test_there_are_enough_varied_reports():
    assert len(ANNOTATED) >= 15
    types = {e["type"] for r in ANNOTATED for e in r.events}
    assert {"ASSAULT", "COERCE", "PROTEST", "CONSULT", "AGREE"} <= types


def test_recall_of_type_and_place(scores):
    assert scores.recall_loose >= 0.80, scores.misses


def test_recall_of_type_place_and_doer(scores):
    assert scores.recall >= 0.60, scores.misses


def test_precision_of_type_and_place(scores):
    assert scores.precision >= 0.85


@pytest.mark.parametrize("report", ANNOTATED, ids=lambda r: r.path.stem)
def test_each_report(results, report):
    result = results[report.path.name]
    for line in report.boilerplate_lines:
        assert line in result.document.boilerplate_removed
    if not report.events:
        assert len(result.events) <= 1, [e.evidence.text for e in result.events]
    text = result.document.text
    for event in result.events:
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert 0 < event.confidence < 1
        if event.place is not None and event.place.lat is not None:
            assert -90 <= event.place.lat <= 90 and -180 <= event.place.lon <= 180
