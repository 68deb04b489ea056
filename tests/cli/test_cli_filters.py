"""The filters of `eventlens events` and `export` as a user gives them, on a real SQLite store of
hand-made events: each keeps what it says, a name the store has never seen is one line and exit 2."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from eventlens.cli import app
from eventlens.model import Place, Result
from eventlens.store import open_store
from tests.factories import drone_strike, make_document, make_event

runner = CliRunner()

TRIPOLI = Place(
    name="Tripoli", geonameid=2210247, lat=32.887, lon=13.188, country="LY", admin1="Tripoli", text="Tripoli"
)
RECENT = (date.today() - timedelta(days=3)).isoformat()


def run(*args: str):
    return runner.invoke(app, list(args))


def event_ids(db, *args: str) -> list[str]:
    result = run("events", "--db", str(db), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [event["id"] for event in json.loads(result.stdout)]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A clash at Manbij (3 killed), a recalled drone strike on Raqqa (none stated), a claimed
    ceasefire in Tripoli three days ago, and a planned visit without a place."""
    path = tmp_path_factory.mktemp("filters") / "events.sqlite"
    events = (
        make_event("clash"),
        drone_strike("strike", historical=True),
        make_event(
            "ceasefire",
            type="AGREE",
            mode=None,
            acled_type="Strategic developments",
            acled_subtype="Agreement",
            place=TRIPOLI,
            date=RECENT,
            modality="claimed",
            fatalities=0,
            confidence=0.5,
        ),
        make_event(
            "visit", type="CONSULT", acled_type=None, acled_subtype=None, place=None, modality="planned"
        ),
    )
    with open_store(path) as store:
        store.write_result(Result(make_document(), events, (), ()))
    return path


@pytest.mark.parametrize(
    "args, expected",
    [
        ([], ["strike", "clash", "visit", "ceasefire"]),
        (["--country", "SY"], ["strike", "clash"]),
        (["--country", "libya"], ["ceasefire"]),
        (["--admin1", "aleppo"], ["clash"]),
        (["--admin1", "Ar-Raqqah", "--country", "Syria"], ["strike"]),
        (["--place", "Manbij"], ["clash"]),
        (["--acled-type", "Strategic developments"], ["ceasefire"]),
        (["--type", "air/drone strike"], ["strike"]),
        (["--modality", "planned"], ["visit"]),
        (["--min-confidence", "0.8"], ["clash", "visit"]),
        (["--fatal"], ["clash", "visit"]),
        (["--historical"], ["strike"]),
        (["--no-historical"], ["clash", "visit", "ceasefire"]),
        (["--q", "drones str"], ["strike"]),
        (["--since", "7d"], ["ceasefire"]),
        (["--since", "2w", "--until", "yesterday"], ["ceasefire"]),
        (["--until", "2025-03-14", "--fatal"], ["clash", "visit"]),
    ],
)
def test_each_filter_keeps_what_it_says(db, args, expected):
    assert event_ids(db, *args) == expected


def test_no_match_says_so_on_stderr_and_exits_0(db):
    result = run("events", "--db", str(db), "--country", "SY", "--modality", "denied")
    assert result.exit_code == 0
    assert result.stderr.strip() == "eventlens: no stored event matches these filters"


def test_export_takes_the_same_filters(db):
    result = run("export", "--db", str(db), "--format", "jsonl", "--country", "SY", "--no-historical")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["clash"]
    assert result.stderr.strip() == "1 event(s) written"


def test_acled_csv_counts_the_events_it_leaves_out_and_all_keeps_them(db):
    result = run("export", "--db", str(db), "--format", "acled-csv")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1 + 3
    assert result.stderr.strip() == "3 event(s) written, 1 skipped (1 no ACLED event type; --all keeps them)"
    kept = run("export", "--db", str(db), "--format", "acled-csv", "--all")
    assert len(kept.stdout.splitlines()) == 1 + 4 and kept.stderr.strip() == "4 event(s) written"


@pytest.mark.parametrize(
    "args, says",
    [
        (
            ["--type", "Battle"],
            "--type: 'Battle' is no PLOVER type, ACLED event type or sub-event type; did you mean 'Battles'?",
        ),
        (["--acled-type", "ASSAULT"], "--acled-type: 'ASSAULT' is no ACLED event type or sub-event type"),
        (
            ["--modality", "maybe"],
            "--modality: 'maybe' is no modality (asserted, denied, planned, called for, claimed, hypothetical)",
        ),
        (["--actor", "Nobody"], "--actor: no stored event has an actor called 'Nobody'"),
        (["--place", "Atlantis"], "--place: no stored event is at a place called 'Atlantis'"),
        (["--admin1", "Narnia"], "--admin1: no stored event is in a first-level division called 'Narnia'"),
        (["--country", "Atlantis"], "--country: no country called 'Atlantis'"),
        (["--near", "Xqzvbnmplk"], "--near: no place called 'Xqzvbnmplk' in the gazetteer"),
        (["--min-confidence", "2"], "--min-confidence: 2.0 is not a number of at least 0 and at most 1"),
        (["--since", "tomorrow"], "--since: 'tomorrow' is not a date: give YYYY-MM-DD, today, yesterday, 7d"),
    ],
)
@pytest.mark.parametrize("command", [["events"], ["export", "--format", "jsonl"]])
def test_an_unknown_name_or_value_is_one_line_and_exit_2(db, command, args, says):
    result = run(*command, "--db", str(db), *args)
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("eventlens: error: ") and says in line
    assert result.stdout == ""


def test_all_is_refused_for_a_format_that_leaves_nothing_out(db):
    result = run("export", "--db", str(db), "--format", "jsonl", "--all")
    assert result.exit_code == 2
    assert result.stderr.strip() == "eventlens: error: --all: only --format acled-csv leaves events out"


def test_near_says_which_place_a_name_was_taken_for(db):
    result = run("events", "--db", str(db), "--near", "Manbij", "--km", "5", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)] == ["clash"]
    assert result.stderr.startswith("eventlens: --near Manbij: Manbij (Aleppo, SY) at 36.5")
