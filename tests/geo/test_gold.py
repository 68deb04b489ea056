"""The geo gold set (tests/data/geo/gold.jsonl) through the whole pipeline: the targets of the
README's "eventlens eval geo" section. The texts are ours; tune on dev.jsonl, not on these."""

from __future__ import annotations

from eventlens.geo_evaluation import load_gold, score_geo
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "data" / "geo" / "gold.jsonl"


def test_gold_set_is_well_formed():
    reports = load_gold(GOLD)  # checks every span against its text
    assert len(reports) >= 70
    assert len({r.id for r in reports}) == len(reports)
    for report in reports:
        for toponym in report.toponyms:
            assert -90 <= toponym.lat <= 90 and -180 <= toponym.lon <= 180


def test_gold_set_accuracy_and_recall(pipeline):
    reports = load_gold(GOLD)
    scores = score_geo(pipeline.run(r.document() for r in reports), reports)
    assert scores.end_to_end >= 0.95, "\n".join(scores.misses())
    assert scores.recall >= 0.95, "\n".join(scores.misses())


GOLD_ARABIC = ROOT / "tests" / "data" / "geo" / "gold-ar.jsonl"


def test_arabic_gold_set_accuracy_and_recall(pipeline):
    reports = load_gold(GOLD_ARABIC)
    assert len(reports) >= 12 and {r.language for r in reports} == {"ar"}
    scores = score_geo(pipeline.run(r.document() for r in reports), reports)
    assert scores.end_to_end >= 0.9, "\n".join(scores.misses())
    assert scores.recall >= 0.9, "\n".join(scores.misses())
