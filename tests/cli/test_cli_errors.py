"""Careless command lines: each invalid value, missing or foreign database and unwritable output is
one line on stderr with its exit code (2 for a value, 4 for a database or output), never a traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventlens.cli import app
from eventlens.model import Result
from eventlens.store import open_store
from tests.factories import make_document, make_event

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def one_line(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("eventlens: error: ")
    return line


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "events.sqlite"
    with open_store(path) as store:
        store.write_result(Result(make_document(), (make_event(),), (), ()))
    return path


@pytest.mark.parametrize(
    "args, says",
    [
        (["--near", "999,999"], "--near latitude: 999.0 is not a number of at least -90 and at most 90"),
        (["--near", "36.5,nan"], "--near longitude: nan is not a number"),
        (["--near", "36.5,37.9", "--km", "nan"], "--km: nan is not a number of at least 0"),
        (["--km", "-1"], "--km: -1.0 is not a number of at least 0"),
        (["--limit", "-1"], "--limit: -1 is not a number of at least 0"),
        (["--since", "2025-13-01"], "--since: '2025-13-01' is not a date: give YYYY-MM-DD"),
    ],
)
def test_an_invalid_option_value_is_one_line_and_exit_2(db, args, says):
    assert says in one_line(run("events", "--db", str(db), *args), 2)


@pytest.mark.parametrize("command", [["events"], ["export", "--format", "jsonl"]])
def test_read_commands_refuse_a_missing_database_and_create_none(tmp_path, command):
    typo = tmp_path / "typo.sqlite"
    assert "no such database" in one_line(run(*command, "--db", str(typo)), 4)
    assert not typo.exists()


@pytest.mark.parametrize("command", [["events"], ["export", "--format", "jsonl"]])
def test_without_db_an_empty_folder_is_refused_and_left_empty(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    assert "eventlens.sqlite: no such database; create it with: eventlens ingest" in one_line(
        run(*command), 4
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["events"], ["export", "--format", "jsonl"], ["ingest", "-"]])
def test_another_programs_database_is_refused_and_left_alone(tmp_path, command):
    other = tmp_path / "browser-history.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE visits (url TEXT)")
    assert "not an eventlens database (it holds the tables visits)" in one_line(
        run(*command, "--db", str(other)), 4
    )
    with sqlite3.connect(other) as connection:
        assert [r[0] for r in connection.execute("SELECT name FROM sqlite_master")] == ["visits"]


def test_export_into_a_missing_folder_or_a_full_disk_is_one_line_and_exit_4(db, tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "events.csv"
    assert "No such file or directory" in one_line(
        run("export", "--db", str(db), "-f", "csv", "-o", str(missing)), 4
    )
    assert "No space left on device" in one_line(
        run("export", "--db", str(db), "-f", "csv", "-o", "/dev/full"), 4
    )


def test_a_full_disk_on_standard_output_is_one_line_and_exit_4(db):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "eventlens"), "events", "--db", str(db), "-f", "jsonl"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 4, done.stderr
    assert done.stderr.strip() == "eventlens: error: output: cannot write (No space left on device)"
