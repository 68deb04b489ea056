"""Our own annotated Arabic reports (tests/data/reports-ar): accuracy floors and per-report checks.

The floors are the issue's targets (recall of type and place 0.85, precision 0.90); a change
that lowers accuracy below them fails here. The figures today are in the README.
"""

from __future__ import annotations

import pytest

from eventlens.evaluation import EventScorer, EventScores, load_annotated
from eventlens.ingest import document_from_text
from eventlens.kb import KnowledgeBase
from tests.conftest import ROOT

ANNOTATED = load_annotated(ROOT / "tests" / "data" / "reports-ar")


@pytest.fixture(scope="module")
def results(pipeline):
    documents = [
        document_from_text(
            r.path.read_text(encoding="utf-8"), str(r.path), published=r.published, outlet=r.outlet
        )
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
    assert len(ANNOTATED) >= 35
    types = {e["type"] for r in ANNOTATED for e in r.events}
    assert {"ASSAULT", "COERCE", "PROTEST", "CONSULT", "REQUEST", "MOBILIZE"} <= types


def test_the_reports_are_read_as_arabic(results):
    assert {r.document.language for r in results.values()} == {"ar"}


def test_recall_of_type_and_place(scores):
    assert scores.recall_loose >= 0.85, scores.misses


def test_recall_of_type_place_and_doer(scores):
    assert scores.recall >= 0.80, scores.misses


def test_precision_of_type_and_place(scores):
    assert scores.precision >= 0.90
