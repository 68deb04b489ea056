"""The geoparsing scores on a hand-computed case, and ``eventlens eval geo`` as a user runs it."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from eventlens.cli import app
from eventlens.errors import DataError
from eventlens.geo_evaluation import GoldReport, GoldToponym, error_auc, load_gold, score_geo
from eventlens.model import Document, Place, PlaceMentions, Result, TextSpan

TEXT = "Drones hit Hajin and Tripoli near Qusayr."


def _gold(text: str, start: int, lat: float, lon: float) -> GoldToponym:
    return GoldToponym(start, start + len(text), text, lat, lon, "SY", "P")


def _placed(text: str, start: int, lat: float, lon: float) -> PlaceMentions:
    return PlaceMentions(Place(text, None, lat, lon, "SY"), (TextSpan(text, start, start + len(text)),))


def test_error_auc_is_the_normalised_area_under_the_log_error_curve():
    assert error_auc([0.0, 0.0]) == 0.0
    # ln(1 + 20038) / ln(20039) = 1: the curve goes from 0 to 1, the area is a half.
    assert error_auc([20038.0, 0.0]) == pytest.approx(0.5)
    assert error_auc([99.0]) == pytest.approx(math.log(100) / math.log(20039))


def test_scores_of_a_hand_computed_report():
    report = GoldReport(
        "r1",
        TEXT,
        None,
        (
            _gold("Hajin", 11, 34.70, 40.83),
            _gold("Tripoli", 21, 34.43, 35.84),
            _gold("Qusayr", 34, 34.51, 36.58),
        ),
    )
    result = Result(
        Document("r1", TEXT, "r1"),
        (),
        (),
        (
            _placed("Hajin", 11, 34.70, 40.83),  # right, 0 km
            _placed("Tripoli", 21, 32.89, 13.19),  # Libya's: about 2,100 km off
            _placed("Drones", 0, 0.0, 0.0),  # no gold span: spurious
        ),
    )
    scores = score_geo([result], [report])
    figures = scores.as_dict()
    assert figures["gold_toponyms"] == 3 and figures["predicted_mentions"] == 3 and figures["detected"] == 2
    assert figures["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert figures["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert figures["accuracy_161km"] == 0.5  # of the names found
    assert figures["end_to_end_161km"] == pytest.approx(1 / 3, abs=1e-3)  # of all gold names
    assert figures["f1"] == pytest.approx(2 / 3, abs=1e-3)
    assert figures["median_km"] == pytest.approx(figures["mean_km"], abs=0.1)
    assert 1000 < figures["mean_km"] < 1200
    misses = scores.misses()
    assert any(line.startswith("wrong: r1: 'Tripoli'") for line in misses)
    assert any(line.startswith("missed: r1: 'Qusayr'") for line in misses)
    assert any(line.startswith("extra: r1: 'Drones'") for line in misses)


def test_exact_spans_are_scored_apart_from_overlapping_ones():
    gold = (_gold("Hajin", 11, 34.70, 40.83), _gold("Tripoli", 21, 34.43, 35.84))
    report = GoldReport("r1", TEXT, None, gold)
    # "Hajin and" overlaps the gold "Hajin" but does not match it exactly.
    found = (
        _placed("Hajin and", 11, 34.70, 40.83),
        _placed("Tripoli", 21, 34.43, 35.84),
    )
    figures = score_geo([Result(Document("r1", TEXT, "r1"), (), (), found)], [report]).as_dict()
    assert figures["recall"] == 1.0 and figures["precision"] == 1.0
    assert figures["recall_exact"] == 0.5 and figures["precision_exact"] == 0.5 and figures["f1_exact"] == 0.5


def test_the_gold_geonames_id_counts_as_no_error():
    gold = GoldToponym(11, 16, "Hajin", 34.70, 40.83, "SY", "P", geonameid=170063)
    # The same GeoNames place, placed 300 km away by another source's point for it.
    place = Place("Hajin", 170063, 34.70, 44.10, "SY")
    result = Result(Document("r1", TEXT, "r1"), (), (), (PlaceMentions(place, (TextSpan("Hajin", 11, 16),)),))
    figures = score_geo([result], [GoldReport("r1", TEXT, None, (gold,))]).as_dict()
    assert figures["mean_km"] == 0.0 and figures["accuracy_161km"] == 1.0


def test_a_gold_file_is_read_as_json_lines_whatever_characters_its_strings_hold(tmp_path):
    # U+0085 (NEL) and U+2028 are line breaks to str.splitlines() but plain characters in JSON.
    text = "Drones hit Hajin\u0085 and Tripoli\u2028 near Qusayr."
    toponym = {"start": 11, "end": 16, "text": "Hajin", "lat": 34.7, "lon": 40.8}
    line = {"id": "x", "text": text, "toponyms": [toponym]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\r\n" + json.dumps(line) + "\n", encoding="utf-8")
    reports = load_gold(path)
    assert len(reports) == 2 and reports[0].text == text == reports[1].text


def test_a_span_that_does_not_match_its_text_is_refused(tmp_path):
    path = tmp_path / "bad.jsonl"
    line = {
        "id": "x",
        "text": TEXT,
        "published": "2024-01-01",
        "toponyms": [{"start": 10, "end": 15, "text": "Hajin", "lat": 34.7, "lon": 40.8}],
    }
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="not 'Hajin'"):
        load_gold(path)


def test_cli_prints_the_figures_and_the_misses(tmp_path, pipeline):
    text = "Unknown gunmen attacked a checkpoint near Saraqib in Idlib province on Monday."
    gold = {
        "id": "g1",
        "text": text,
        "published": "2024-09-21",
        "toponyms": [
            {
                "start": text.index("Saraqib"),
                "end": text.index("Saraqib") + 7,
                "text": "Saraqib",
                "geonameid": 164816,
                "lat": 35.8645,
                "lon": 36.8059,
                "country": "SY",
                "feature": "P",
            },
            {
                "start": text.index("Idlib"),
                "end": text.index("Idlib") + 5,
                "text": "Idlib",
                "geonameid": 169387,
                "lat": 35.87,
                "lon": 36.64,
                "country": "SY",
                "feature": "A",
            },
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "geo", str(path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.splitlines()[0])
    assert figures["gold_toponyms"] == 2 and figures["end_to_end_161km"] == 1.0

    missing = CliRunner().invoke(app, ["eval", "geo", str(tmp_path / "none.jsonl")])
    assert missing.exit_code != 0
