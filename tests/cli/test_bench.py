"""``eventlens bench`` as a user runs it, on a tiny corpus: the figures are there, not their values."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eventlens.cli import app


def test_bench_json_reports_geolocations_share_and_the_arabic_corpus():
    result = CliRunner().invoke(app, ["bench", "--docs", "3", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["docs"] == 3 and figures["events"] > 0
    assert 0 < figures["geo_share"] < 1
    # The Arabic corpus, run beside the English one by the same workers.
    assert figures["arabic_events"] > 0 and figures["arabic_words_per_s"] > 0
