"""The JSON API over a real database: every filter, paging, one event, network, histogram,
corrections and their tokens, ingest, and that report text and paths stay data."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventlens.cli import app as cli_app
from eventlens.errors import StoreError
from eventlens.geo import haversine_km
from eventlens.store import is_postgres_url, open_store
from eventlens.web import create_app
from tests.factories import copy_store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
from tests.web.conftest import LOCAL


@pytest.fixture
def writable(served_db, request, tmp_path, pipeline):
    """A client allowed to write, on a copy of the example database, sharing the session's pipeline."""
    if is_postgres_url(served_db):
        copy = copy_store(served_db, request.getfixturevalue("postgres_url"))
    else:
        copy = tmp_path / "copy.sqlite"
        with sqlite3.connect(served_db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
    app = create_app(copy, token=TOKEN)
    app.state.api.__dict__["_pipeline"] = pipeline  # the lazily loaded Pipeline, already loaded
    with TestClient(app, base_url=LOCAL) as c:
        yield c, copy


def keys(items: list[dict]) -> list[str]:
    return [item["key"] for item in items]


def query(client, **params) -> list[dict]:
    response = client.get("/api/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()["items"]


# --- reading -------------------------------------------------------------------------------


def test_meta_counts_what_the_store_holds(client, served_db, everything):
    meta = client.get("/api/meta").json()
    with open_store(served_db) as store:
        assert meta["counts"]["events"] == store.count_events() == len(everything)
        assert meta["counts"]["documents"] == store.count_documents() == 9
    assert meta["read_only"] is True and meta["tile_url"] is None
    assert {"ASSAULT", "COERCE", "PROTEST"} <= set(meta["types"])
    assert "Battles" in meta["acled_types"]
    first, last = (date.fromisoformat(d) for d in meta["date_range"])
    assert first <= date(2020, 1, 31) and last >= date(2025, 3, 14)


def test_events_come_whole_in_date_order(everything):
    dated = [e for e in everything if e["date"]]
    assert dated and everything[: len(dated)] == dated  # undated last
    starts = [e["date"][:7] for e in dated]
    assert starts == sorted(starts)
    event = next(e for e in everything if e["place"] and e["place"]["name"] == "Manbij")
    assert event["key"] == f"{event['document_id']}/{event['id']}"
    assert event["document"]["id"] == event["document_id"] and event["corrected"] is False
    assert event["machine"] is None
    assert {"type", "mode", "acled_type", "actor1", "place", "attribution", "evidence", "confidence"} <= set(
        event
    )


@pytest.mark.parametrize(
    "params, keep",
    [
        (
            {"actor": "Syrian National Army"},
            lambda e: any(
                a["name"] == "Syrian National Army" for r in ("actor1", "actor2", "associated") for a in e[r]
            ),
        ),
        (
            {"actor": "SNA"},  # the KB id, any case
            lambda e: any(a["kb_id"] == "sna" for r in ("actor1", "actor2", "associated") for a in e[r]),
        ),
        ({"type": "COERCE"}, lambda e: e["type"] == "COERCE"),
        ({"type": "battles"}, lambda e: e["acled_type"] == "Battles"),
        ({"acled_type": "Strategic developments"}, lambda e: e["acled_type"] == "Strategic developments"),
        (
            {"place": "Manbij"},
            lambda e: e["place"] and "manbij" in (e["place"]["name"].lower(), e["place"]["text"].lower()),
        ),
        ({"place": "172408"}, lambda e: e["place"] and e["place"]["geonameid"] == 172408),
        (
            {"bbox": "35,32,43,37.5"},  # Syria, roughly
            lambda e: (
                e["place"]
                and e["place"]["lat"] is not None
                and 32 <= e["place"]["lat"] <= 37.5
                and 35 <= e["place"]["lon"] <= 43
            ),
        ),
        (
            {"near": "36.53,37.95", "km": 30},
            lambda e: (
                e["place"]
                and e["place"]["lat"] is not None
                and haversine_km(36.53, 37.95, e["place"]["lat"], e["place"]["lon"]) <= 30
            ),
        ),
        (
            {"since": "2024-10-01", "until": "2024-12-31"},
            lambda e: e["date"] is not None and "2024-10" <= e["date"][:7] <= "2024-12",
        ),
        ({"q": "DRONE"}, lambda e: "drone" in e["evidence"]["text"].lower()),
        ({"modality": "denied"}, lambda e: e["modality"] == "denied"),
        ({"min_confidence": 0.85}, lambda e: e["confidence"] >= 0.85),
        (
            {"type": "ASSAULT", "place": "Manbij", "min_confidence": 0.8},
            lambda e: e["type"] == "ASSAULT" and e["place"]["name"] == "Manbij" and e["confidence"] >= 0.8,
        ),
    ],
)
def test_each_filter_keeps_exactly_the_matching_events(client, everything, params, keep):
    expected = [e["key"] for e in everything if keep(e)]
    assert expected, "the example reports should have events for this filter"
    assert keys(query(client, **params)) == expected


def test_near_takes_a_place_name(client):
    by_name = query(client, near="Manbij", km=20)
    assert by_name and all(e["place"]["name"] == "Manbij" for e in by_name)


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "0,50,10,40"},
        {"near": "Nowhere-at-all-xyzzy"},
        {"cursor": "not-a-cursor"},
        {"cursor": "W10"},
        {"limit": 0},
        {"limit": 5000},
        {"modality": "maybe"},
        {"min_confidence": "nan"},
        {"km": -1, "near": "0,0"},
    ],
)
def test_bad_parameters_are_a_client_error(client, params):
    response = client.get("/api/events", params=params)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"] == "application/json"


def test_paging_gives_every_event_once(client, everything):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/events", params=params).json()
        assert len(body["items"]) <= 7
        seen += keys(body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == keys(everything) and len(set(seen)) == len(seen)
    assert pages == -(-len(everything) // 7)


def test_paging_a_filtered_list(client):
    full = keys(query(client, type="ASSAULT"))
    first = client.get("/api/events", params={"type": "ASSAULT", "limit": 5}).json()
    rest = query(client, type="ASSAULT", cursor=first["next_cursor"])
    assert keys(first["items"]) + keys(rest) == full


def test_one_event_with_its_document_text(client, everything):
    item = next(e for e in everything if e["type"] == "COERCE")
    body = client.get(f"/api/events/{item['key']}").json()
    assert body["event"] == item
    text, evidence = body["document"]["text"], item["evidence"]
    assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    assert body["corrections"] == []
    assert client.get(f"/api/events/{item['document_id']}/ev_missing").status_code == 404


def test_documents_list_and_one_document(client, everything):
    body = client.get("/api/documents", params={"limit": 4}).json()
    assert len(body["items"]) == 4 and body["next_cursor"]
    rest = client.get("/api/documents", params={"cursor": body["next_cursor"], "limit": 100}).json()
    docs = body["items"] + rest["items"]
    assert len({d["id"] for d in docs}) == 9
    assert sum(d["event_count"] for d in docs) == len(everything)
    doc = max(docs, key=lambda d: d["event_count"])
    detail = client.get(f"/api/documents/{doc['id']}").json()
    assert detail["event_count"] == doc["event_count"] == len(detail["events"])
    assert {e["document_id"] for e in detail["events"]} == {doc["id"]}
    assert detail["text"] and "text" not in doc


def test_actors_with_counts_and_relations(client, everything):
    body = client.get("/api/actors", params={"limit": 1000}).json()
    by_id = {a["kb_id"] or a["name"]: a for a in body["items"]}
    sna = by_id["sna"]
    assert sna["event_count"] == sum(
        any(a["kb_id"] == "sna" for r in ("actor1", "actor2", "associated") for a in e[r]) for e in everything
    )
    counts = [a["event_count"] for a in body["items"]]
    assert counts == sorted(counts, reverse=True)
    assert any(a["relations"] for a in body["items"])
    assert [a["kb_id"] for a in client.get("/api/actors", params={"q": "national ARMY"}).json()["items"]] == [
        "sna"
    ]
    page = client.get("/api/actors", params={"limit": 3}).json()
    more = client.get("/api/actors", params={"limit": 1000, "cursor": page["next_cursor"]}).json()
    assert [a["name"] for a in page["items"] + more["items"]] == [a["name"] for a in body["items"]]


def test_places_with_counts(client, everything):
    body = client.get("/api/places", params={"limit": 1000}).json()
    manbij = next(p for p in body["items"] if p["name"] == "Manbij")
    assert manbij["event_count"] == sum(
        1 for e in everything if e["place"] and e["place"]["geonameid"] == 167357
    )
    assert manbij["lat"] and manbij["country"] == "SY"
    assert [p["name"] for p in client.get("/api/places", params={"q": "manb"}).json()["items"]] == ["Manbij"]


def test_network_nodes_and_edges(client, everything):
    body = client.get("/api/network").json()
    nodes = {n["id"]: n for n in body["nodes"]}
    edge = next(e for e in body["edges"] if e["target"] == "sna" and e["type"] == "ASSAULT")
    assert edge["source"] in nodes and edge["count"] == len(edge["events"]) >= 1
    assert all(k in keys(everything) for e in body["edges"] for k in e["events"])
    assert nodes["sna"]["event_count"] >= edge["count"]
    later = client.get("/api/network", params={"since": "2025-01-01"}).json()
    assert {n["id"] for n in later["nodes"]} < set(nodes)


def test_histogram_counts_every_event(client, everything):
    for bucket in ("day", "week", "month"):
        body = client.get("/api/histogram", params={"bucket": bucket}).json()
        assert body["bucket"] == bucket
        assert sum(b["count"] for b in body["bins"]) + body["undated"] == len(everything)
        starts = [b["start"] for b in body["bins"]]
        assert starts == sorted(starts)
    months = client.get("/api/histogram", params={"type": "COERCE"}).json()
    assert all(b["start"].endswith("-01") for b in months["bins"])
    assert sum(b["count"] for b in months["bins"]) + months["undated"] == len(query(client, type="COERCE"))
    assert client.get("/api/histogram", params={"bucket": "year"}).status_code == 422


# --- writing ---------------------------------------------------------------------------------


def test_a_read_only_server_refuses_writes(client, everything):
    key = everything[0]["key"]
    response = client.post(
        f"/api/events/{key}/corrections", json={"field": "type", "value": "PROTEST"}, headers=AUTH
    )
    assert response.status_code == 403
    assert client.post("/api/documents", json={"text": "x"}).status_code == 403


def test_a_wrong_or_missing_token_is_refused(writable, everything):
    client, _ = writable
    key = everything[0]["key"]
    body = {"field": "type", "value": "PROTEST"}
    assert client.post(f"/api/events/{key}/corrections", json=body).status_code == 401
    wrong = client.post(f"/api/events/{key}/corrections", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert client.get(f"/api/events/{key}").json()["corrections"] == []


def test_a_correction_is_stored_shown_and_keeps_the_machine_value(writable, everything):
    client, path = writable
    item = next(e for e in everything if e["type"] == "COERCE" and e["place"])
    url = f"/api/events/{item['key']}/corrections"
    response = client.post(
        url,
        headers=AUTH,
        json={"field": "type", "value": "protest", "analyst": "ana", "note": "a sit-in, not an arrest"},
    )
    assert response.status_code == 201, response.text
    correction = response.json()
    assert (
        correction["value"] == "PROTEST" and correction["analyst"] == "ana" and correction["field"] == "type"
    )

    shown = client.get(f"/api/events/{item['key']}").json()
    assert shown["event"]["type"] == "PROTEST" and shown["event"]["corrected"] is True
    assert shown["event"]["machine"] == {"type": "COERCE"}
    assert [c["id"] for c in shown["corrections"]] == [correction["id"]]
    # Filters see the corrected value, not the machine's.
    assert item["key"] in keys(query(client, type="PROTEST"))
    assert item["key"] not in keys(query(client, type="COERCE"))
    with open_store(path) as store:
        stored = store.event(item["document_id"], item["id"])
        assert stored.machine.type == "COERCE" and stored.event.type == "PROTEST"
        assert (
            store.result(item["document_id"])
            .events[[e.id for e in store.result(item["document_id"]).events].index(item["id"])]
            .type
            == "COERCE"
        )


def test_actor_and_place_corrections_resolve_names(writable, everything):
    client, _ = writable
    item = next(e for e in everything if not e["actor1"] and e["place"])
    url = f"/api/events/{item['key']}/corrections"
    assert client.post(url, headers=AUTH, json={"field": "actor1", "value": "Hezbollah"}).status_code == 201
    assert client.post(url, headers=AUTH, json={"field": "place", "value": "Manbij"}).status_code == 201
    event = client.get(f"/api/events/{item['key']}").json()["event"]
    assert [a["kb_id"] for a in event["actor1"]] == ["hezbollah"]
    assert event["place"]["name"] == "Manbij" and event["place"]["lat"]
    assert event["machine"] == {"actor1": [], "place": item["place"]}
    assert item["key"] in keys(query(client, actor="hezbollah", near="36.53,37.95", km=30))
    # A place the gazetteer does not know is given by coordinates; a later correction wins.
    camp = {"name": "Camp 7", "lat": 35.1, "lon": 40.2}
    assert client.post(url, headers=AUTH, json={"field": "place", "value": camp}).status_code == 201
    event = client.get(f"/api/events/{item['key']}").json()["event"]
    assert (event["place"]["name"], event["place"]["lat"], event["place"]["geonameid"]) == (
        "Camp 7",
        35.1,
        None,
    )
    network = client.get("/api/network").json()
    assert (
        any(e["source"] == "hezbollah" and item["key"] in e["events"] for e in network["edges"])
        or not item["actor2"]
    )


@pytest.mark.parametrize(
    "body, status",
    [
        ({"field": "type", "value": "DANCE"}, 400),
        ({"field": "mode", "value": "visit"}, 422),
        ({"field": "place", "value": "Xyzzy-no-such-place-qq"}, 400),
        ({"field": "place", "value": {"name": "x", "lat": 95, "lon": 0}}, 422),
        ({"field": "actor1", "value": {"name": "x", "lat": 1, "lon": 0}}, 400),
    ],
)
def test_bad_corrections_are_refused(writable, everything, body, status):
    client, _ = writable
    assert (
        client.post(f"/api/events/{everything[0]['key']}/corrections", headers=AUTH, json=body).status_code
        == status
    )
    assert (
        client.post(
            "/api/events/doc_nope/ev_nope/corrections", headers=AUTH, json={"field": "type", "value": "AGREE"}
        ).status_code
        == 404
    )


def test_ingest_a_report_and_its_script_comes_back_as_a_string(writable):
    client, _ = writable
    text = (
        "MANBIJ, March 14, 2025 — Fighters of the Syrian National Army clashed with the Manbij Military "
        "Council near Manbij on Friday, <script>alert('x')</script> a local source said.\n"
    )
    response = client.post("/api/documents", headers=AUTH, json={"text": text, "outlet": "Test <b>Wire</b>"})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["created"] is True and created["events"] >= 1
    again = client.post("/api/documents", headers=AUTH, json={"text": text}).json()
    assert again == {**created, "created": False}

    doc = client.get(f"/api/documents/{created['document_id']}")
    assert doc.headers["content-type"] == "application/json"
    assert doc.headers["x-content-type-options"] == "nosniff"
    assert "<script>alert('x')</script>" in doc.json()["text"]
    assert doc.json()["outlet"] == "Test <b>Wire</b>"
    assert '"outlet":"Test <b>Wire</b>"' in doc.text  # plain JSON string, escaping is the page's job
    assert (
        client.post("/api/documents", headers=AUTH, json={"text": "x", "html": "<p>x</p>"}).status_code == 422
    )
    assert client.post("/api/documents", headers=AUTH, json={"text": "   "}).status_code == 400


def test_a_report_too_long_is_refused_and_nothing_stored(writable):
    client, copy = writable
    limit = client.app.state.api.config.max_text_chars
    text = "Fighters clashed near Manbij on Friday. " * (limit // 40 + 1)
    response = client.post("/api/documents", headers=AUTH, json={"text": text})
    assert response.status_code == 400 and "characters of text" in response.json()["detail"]
    with open_store(copy) as store:
        assert store.count_documents() == 9


# --- safety ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/../../etc/passwd",
        "/api/events/..%2F..%2Fetc/passwd",
        "/static/..%2F..%2F..%2Fstore%2Fsql.py",
        "/static/../app.py",
        "/static/%2e%2e/api.py",
    ],
)
def test_paths_never_read_files_outside_the_database(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text and "import" not in response.text


def test_every_api_answer_is_json(client, everything):
    for path in (
        "/api/meta",
        "/api/events",
        f"/api/events/{everything[0]['key']}",
        "/api/histogram",
        "/api/network",
        "/api/actors",
        "/api/places",
        "/api/documents",
        "/api/nowhere",
    ):
        response = client.get(path)
        assert response.headers["content-type"] == "application/json", path


@pytest.mark.parametrize(
    ("path", "module", "build"),
    [
        ("/api/outlines", "eventlens.web.outlines", "country_outlines"),
        ("/api/outlines/admin1", "eventlens.web.admin1_boundaries", "admin1_boundaries"),
    ],
)
def test_outlines_are_served_cached(example_db, monkeypatch, path, module, build):
    calls = []
    monkeypatch.setattr(
        f"{module}.{build}",
        lambda *args, **kwargs: calls.append(1) or b'{"type":"FeatureCollection","features":[]}',
    )
    with TestClient(create_app(example_db), base_url=LOCAL) as client:
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/geo+json"
            assert "max-age" in response.headers["cache-control"]
            assert response.json()["type"] == "FeatureCollection"
    assert calls == [1]


def test_the_page_is_served(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert (
        "default-src 'self'" in policy
        and "img-src 'self' data:;" in policy
        and "frame-ancestors 'none'" in policy
    )


def test_the_page_policy_lets_the_map_tiles_in(example_db):
    app = create_app(example_db, tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    with TestClient(app, base_url=LOCAL) as client:
        policy = client.get("/").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tile.example.org;" in policy


def test_serving_needs_an_existing_database(tmp_path):
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(StoreError, match="no such database"):
        create_app(missing)
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(missing)])
    assert result.exit_code == StoreError.exit_code
    assert "no such database" in result.output and not missing.exists()
