"""The reference report of ../shared/seed against its hand annotation (skipped when absent)."""

from __future__ import annotations

import json

import pytest

from eventlens.config import Config
from eventlens.geo import haversine_km
from eventlens.ingest import read_sources
from tests.conftest import SEED

GOLD = SEED / "deirezzor24-soleimani-albukamal.gold.json"


@pytest.fixture(scope="module")
def gold(seed_text):
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result(pipeline, seed_text):
    (document,) = list(read_sources([str(SEED / "deirezzor24-soleimani-albukamal.txt")], Config()))
    (result,) = list(pipeline.run([document]))
    return result


def _matches(event, wanted, places) -> bool:
    place = places[wanted["place"]]
    return (
        event.type == wanted["plover"]
        and any(a.name == wanted["actor1"] for a in event.actor1)
        and event.place is not None
        and event.place.lat is not None
        and haversine_km(event.place.lat, event.place.lon, place["lat"], place["lon"]) <= 25
    )


def test_at_least_eight_of_nine_gold_events(result, gold):
    places = {p["mention"]: p for p in gold["places"]}
    found = [w["id"] for w in gold["events"] if any(_matches(e, w, places) for e in result.events)]
    assert len(found) >= 8, f"found {found} of {[w['id'] for w in gold['events']]}"


def test_boilerplate_lines_removed(result, gold):
    assert sorted(result.document.boilerplate_removed) == sorted(gold["boilerplate_lines"])
    for line in gold["boilerplate_lines"]:
        assert line not in result.document.text


def test_nothing_of_the_must_not_extract_list(result):
    for event in result.events:
        assert event.place is None or event.place.country != "IR", event
        names = {a.name for a in event.actor1 + event.actor2 + event.associated}
        assert not names & {"Deir Ezzor 24", "Editorial Board"}, event
        # The only dated event of the report is the recalled battle of October 2017.
        assert event.date is None or event.date.startswith("2017"), event


def test_battle_of_october_2017_is_historical_with_month_precision(result):
    battles = [e for e in result.events if e.type == "ASSAULT"]
    assert battles and all(
        e.date == "2017-10" and e.time_precision == "month" and e.historical for e in battles
    )
    assert battles[0].acled_type == "Battles"


def test_anonymous_sourcing_through_the_outlet(result):
    arrival = next(e for e in result.events if e.type == "CONSULT" and "arrived" in e.evidence.text)
    assert arrival.attribution.sourcing == "anonymous"
    assert arrival.attribution.outlet == "Deir Ezzor 24"
    assert result.document.text[arrival.evidence.start : arrival.evidence.end] == arrival.evidence.text


def test_commander_relation_in_actor_network(result):
    soleimani = next(a for a in result.actors if a.name == "Qasem Soleimani")
    assert ("commands", "Quds Force") in soleimani.relations
    assert len(soleimani.mentions) >= 5  # full name, surnames, titles and pronouns
