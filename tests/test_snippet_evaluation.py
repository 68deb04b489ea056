"""`eventlens eval snippets`: ACLED sub-event types scored on labelled snippets."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventlens.cli import app
from eventlens.errors import InputError
from eventlens.snippet_evaluation import load_snippets
from tests.conftest import ROOT

SNIPPETS = ROOT / "tests" / "data" / "snippets" / "coded-snippets.tsv"


def test_labels_are_read_as_codes_or_as_acled_names():
    snippets = {s.id: s for s in load_snippets(SNIPPETS)}
    assert snippets["s1"].subtype == "Protest with intervention"
    assert snippets["s3"].subtype == "Disrupted weapons use"
    assert snippets["s4"].subtype is None  # a natural disaster: no ACLED event expected


def test_a_file_without_a_text_column_is_refused(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("id\tlabel\n1\tARREST\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column named text"):
        load_snippets(path)


def test_eval_snippets_scores_the_file():
    outcome = CliRunner().invoke(app, ["eval", "snippets", str(SNIPPETS), "--json"])
    assert outcome.exit_code == 0, outcome.output
    scores = json.loads(outcome.output.strip().splitlines()[-1])
    assert scores["snippets"] == 5 and scores["acled_snippets"] == 4 and scores["other_snippets"] == 1
    assert 0.0 <= scores["weighted_f1"] <= 1.0
    assert scores["accuracy"] >= 0.75
