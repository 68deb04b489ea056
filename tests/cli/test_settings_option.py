"""`eventlens --settings FILE` (or EVENTLENS_SETTINGS): a user's values change what the pipeline
does; a bad file is one line and exit 3 before anything runs, and the store stays untouched."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventlens.cli import app

runner = CliRunner()

# Written for this test: an explosion by nobody's hand, which the classifier reads as no
# conflict event (an industrial accident), so the shipped settings drop the rules' attack.
ACCIDENT = "An explosion occurred at a metal plant in Homs on Monday, killing three workers.\n"


@pytest.fixture
def accident(tmp_path):
    path = tmp_path / "plant.txt"
    path.write_text(ACCIDENT, encoding="utf-8")
    return path


def events_of(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    return json.loads(line)["events"]


def test_a_classifier_threshold_from_the_users_file_changes_the_events(tmp_path, accident):
    shipped = runner.invoke(app, ["extract", str(accident), "--format", "jsonl"])
    assert events_of(shipped) == []
    user_file = tmp_path / "settings.toml"
    user_file.write_text("[classifier]\ndrop_threshold = 1.0\n", encoding="utf-8")
    changed = runner.invoke(
        app, ["--settings", str(user_file), "extract", str(accident), "--format", "jsonl"]
    )
    (event,) = events_of(changed)
    assert event["type"] == "ASSAULT" and event["place"]["name"] == "Homs"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[resolver]\nthreshhold = 3.0\n", "unknown setting 'resolver.threshhold'"),
        ('[classifier]\ndrop_threshold = "half"\n', "setting 'classifier.drop_threshold' must be a number"),
        ("[resolver\n", "not a valid settings file"),
    ],
)
def test_a_bad_settings_file_is_one_line_and_the_store_is_untouched(tmp_path, accident, text, says):
    user_file = tmp_path / "bad.toml"
    user_file.write_text(text, encoding="utf-8")
    db = tmp_path / "events.sqlite"
    result = runner.invoke(app, ["--settings", str(user_file), "ingest", str(accident), "--db", str(db)])
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"eventlens: error: {user_file}: ") and says in line
    assert not db.exists()


def test_the_environment_names_the_file_too(tmp_path, accident):
    user_file = tmp_path / "bad.toml"
    user_file.write_text("[pipeline]\nbatch_size = 0\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(accident)], env={"EVENTLENS_SETTINGS": str(user_file)})
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"eventlens: error: {user_file}: setting 'pipeline.batch_size' must be a finite number of at least 1, not 0"
    )
    assert result.stdout == ""
