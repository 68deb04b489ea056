"""The commands that read a store give the same answers from PostgreSQL as from SQLite."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from eventlens.cli import app
from eventlens.errors import StoreError
from tests.factories import copy_store, drone_strike, make_event, make_result


@pytest.fixture
def both(tmp_path, postgres_url) -> tuple[str, str]:
    """The same documents in a SQLite file and a PostgreSQL database."""
    from eventlens.store import open_store

    sqlite = str(tmp_path / "events.sqlite")
    with open_store(sqlite) as store:
        store.write_result(make_result("doc-manbij"))
        raqqa = (drone_strike("ev1"), make_event("ev2", date=None))
        store.write_result(make_result("doc-raqqa", events=raqqa))
    return sqlite, copy_store(sqlite, postgres_url)


@pytest.mark.parametrize(
    "command",
    [
        ["events", "--format", "json"],
        ["events", "--near", "36.528,37.955", "--km", "50", "--format", "csv"],
        ["events", "--type", "ASSAULT", "--since", "2025-03-10"],
        ["export", "--format", "acled-csv"],
        ["export", "--format", "geojson"],
    ],
)
def test_reading_commands_answer_alike(both, command):
    sqlite, postgres = both
    runner = CliRunner()
    from_sqlite = runner.invoke(app, [*command, "--db", sqlite])
    from_postgres = runner.invoke(app, [*command, "--db", postgres])
    assert from_sqlite.exit_code == from_postgres.exit_code == 0, from_postgres.output
    assert _without_export_time(from_postgres.stdout) == _without_export_time(from_sqlite.stdout)
    assert from_sqlite.stdout.strip()


def _without_export_time(output: str) -> list[dict[str, str]] | str:
    """An ACLED CSV's rows without their timestamp (the second of the export, which two
    exports may straddle); any other output as it is."""
    if not output.startswith("event_id_cnty,"):
        return output
    return [{k: v for k, v in row.items() if k != "timestamp"} for row in csv.DictReader(io.StringIO(output))]


def test_an_unreachable_server_is_one_clear_line(postgres_cluster):
    result = CliRunner().invoke(app, ["events", "--db", postgres_cluster.url("no_such_database")])
    assert result.exit_code == StoreError.exit_code
    assert "cannot connect to PostgreSQL" in result.output and "Traceback" not in result.output
