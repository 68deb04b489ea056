"""The API's routes for the page at scale: map cells, admin regions, newest-first pages and the
downloads, checked against the events the API lists one by one (each backend)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from xml.etree import ElementTree

import pytest


def located(events: list[dict]) -> list[dict]:
    return [e for e in events if e["place"] and e["place"]["lat"] is not None]


def listed(client, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        body = client.get(
            "/api/events", params={"limit": 1000, **params, **({"cursor": cursor} if cursor else {})}
        )
        assert body.status_code == 200, body.text
        items += body.json()["items"]
        if not (cursor := body.json()["next_cursor"]):
            return items


@pytest.mark.parametrize("cell", [0.25, 5, 360])
def test_clusters_count_every_event_once(client, everything, cell):
    body = client.get("/api/clusters", params={"cell": cell}).json()
    assert sum(c["count"] for c in body["cells"]) == len(located(everything))
    assert body["unplaced"] == len(everything) - len(located(everything))
    types = Counter()
    for c in body["cells"]:
        assert sum(n for _, n in c["types"]) == c["count"]
        types.update(dict(c["types"]))
    assert types == Counter(e["type"] for e in located(everything))


def test_clusters_of_one_place_name_it_and_sit_on_it(client, everything):
    body = client.get("/api/clusters", params={"cell": 0.01}).json()
    places = {e["place"]["geonameid"]: e["place"] for e in located(everything) if e["place"]["geonameid"]}
    named = [c for c in body["cells"] if c["places"] == 1 and c["geonameid"] is not None]
    assert named
    for c in named:
        place = places[c["geonameid"]]
        assert c["place"] == place["name"]
        assert (c["lat"], c["lon"]) == pytest.approx((place["lat"], place["lon"]), abs=0.01)


def test_clusters_keep_the_filters_and_the_view(client):
    protests = located(listed(client, type="PROTEST"))
    body = client.get("/api/clusters", params={"type": "PROTEST", "cell": 1}).json()
    assert protests and sum(c["count"] for c in body["cells"]) == len(protests)
    view = "36,35,40,37.5"  # northern Syria
    in_view = located(listed(client, bbox=view))
    body = client.get("/api/clusters", params={"cell": 0.5, "view": view}).json()
    assert sum(c["count"] for c in body["cells"]) == len(in_view) > 0
    assert all(36 <= c["lon"] <= 40 and 35 <= c["lat"] <= 37.5 for c in body["cells"])


@pytest.mark.parametrize(
    "params", [{"cell": 0}, {"cell": 400}, {"cell": "x"}, {"view": "1,2,3"}, {"view": "0,50,10,40"}]
)
def test_bad_cluster_parameters_are_a_client_error(client, params):
    assert client.get("/api/clusters", params=params).status_code in (400, 422)


def test_regions_count_every_event_and_its_fatalities(client, everything):
    regions = client.get("/api/regions").json()
    expected = Counter(
        (e["place"] or {}).get("country") and (e["place"]["country"], e["place"]["admin1"])
        for e in everything
    )
    counted = Counter()
    for r in regions:
        counted[(r["country"], r["admin1"]) if r["country"] else None] += r["event_count"]
    assert counted == Counter({(k if k else None): n for k, n in expected.items()})
    assert sum(r["fatalities"] for r in regions) == sum(e["fatalities"] or 0 for e in everything)
    assert [r["event_count"] for r in regions] == sorted((r["event_count"] for r in regions), reverse=True)


def test_newest_first_pages_every_event_once_undated_last(client, everything):
    newest = listed(client, order="newest")
    assert sorted(e["key"] for e in newest) == sorted(e["key"] for e in everything)
    dated = [e for e in newest if e["date"]]
    assert newest[: len(dated)] == dated  # undated last
    starts = [e["date"][:10] for e in dated]
    assert [s[:7] for s in starts] == sorted((s[:7] for s in starts), reverse=True)
    assert client.get("/api/events", params={"order": "sideways"}).status_code == 422


def test_downloads_hold_every_matching_event(client, everything):
    protests = listed(client, type="PROTEST")
    response = client.get("/api/export", params={"format": "csv", "type": "PROTEST"})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="events.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(protests) > 0

    geojson = client.get("/api/export", params={"format": "geojson"})
    assert geojson.headers["content-type"].startswith("application/geo+json")
    assert len(geojson.json()["features"]) == len(located(everything))

    lines = client.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == len(everything) and all(json.loads(line) for line in lines)

    acled = client.get("/api/export", params={"format": "acled-csv"})
    assert acled.status_code == 200 and acled.text.count("\n") >= 1


def test_the_network_downloads_as_graphml(client):
    network = client.get("/api/network").json()
    response = client.get("/api/export", params={"format": "graphml"})
    assert response.headers["content-type"].startswith("application/graphml+xml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ElementTree.fromstring(response.content).find("g:graph", ns)
    assert [n.get("id") for n in graph.findall("g:node", ns)] == [n["id"] for n in network["nodes"]]
    assert len(graph.findall("g:edge", ns)) == len(network["edges"]) > 0


def test_region_filters_keep_the_events_of_the_region(client, everything):
    region = next(r for r in client.get("/api/regions").json() if r["admin1"])
    kept = listed(client, country=region["country"], admin1=region["admin1"].upper())
    assert len(kept) == region["event_count"]
    assert all(e["place"]["admin1"] == region["admin1"] for e in kept)
    fatal = listed(client, fatal="true")
    assert {e["key"] for e in fatal} == {e["key"] for e in everything if (e["fatalities"] or 0) > 0}
    recalled = listed(client, historical="true")
    assert {e["key"] for e in recalled} == {e["key"] for e in everything if e["historical"]}
    assert client.get("/api/events", params={"country": "Atlantis"}).status_code == 400
