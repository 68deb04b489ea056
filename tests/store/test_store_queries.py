"""The store's queries for the web API: new filters, cursor pages, corrections, aggregates, and the
upgrade of a version-1 database."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from importlib import resources

import pytest

from eventlens.errors import StoreError
from eventlens.model import ActorRef, Place, TextSpan
from eventlens.store import EventFilter, day_of, open_store
from eventlens.store.migrations import MIGRATIONS
from eventlens.store.sql import SQLStore
from tests.factories import ALBUKAMAL, MANBIJ, SDF, SNA, SOLEIMANI, drone_strike, make_event, make_result

HEZBOLLAH = ActorRef(
    name="Hezbollah", kb_id="hezbollah", type="political_militia", country="LBN", text="Hezbollah"
)


def keys(items) -> list[str]:
    return [stored.key for stored in items]


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        opened.write_result(
            make_result("doc-manbij")
        )  # ev1 clash at Manbij (2025-03-14), ev2 strike on Raqqa (2025-03)
        opened.write_result(
            make_result(
                "doc-bukamal",
                events=(
                    make_event(
                        "ev1",
                        type="CONSULT",
                        mode="visit",
                        acled_type=None,
                        acled_subtype=None,
                        actor1=(SOLEIMANI,),
                        actor2=(),
                        place=ALBUKAMAL,
                        date="2017-10",
                        time_precision="month",
                        modality="claimed",
                        confidence=0.4,
                        evidence=TextSpan("Soleimani arrived in ÁLBU KAMAL with 100% certainty_", 0, 52),
                    ),
                ),
            )
        )
        opened.write_result(
            make_result(
                "doc-undated",
                events=(
                    make_event(
                        "ev1", date=None, time_precision="unknown", place=None, actor1=(SNA,), actor2=(SDF,)
                    ),
                ),
            )
        )
        yield opened


@pytest.mark.parametrize(
    "where, expected",
    [
        (EventFilter(acled_type="battles"), ["doc-manbij/ev1", "doc-undated/ev1"]),
        (EventFilter(acled_type="Air/drone strike"), ["doc-manbij/ev2"]),
        (EventFilter(place="manbij"), ["doc-manbij/ev1"]),
        (EventFilter(place="Raqqa"), ["doc-manbij/ev2"]),  # the text the place was read from
        (EventFilter(place="174448"), ["doc-bukamal/ev1"]),
        (EventFilter(bbox=(37.0, 35.0, 39.5, 37.0)), ["doc-manbij/ev2", "doc-manbij/ev1"]),
        (EventFilter(bbox=(40.0, 34.0, 41.0, 35.0)), ["doc-bukamal/ev1"]),
        (EventFilter(bbox=(170.0, -10.0, -170.0, 10.0)), []),  # across the antimeridian
        (EventFilter(text="álbu kamal"), ["doc-bukamal/ev1"]),  # casefolded, not only ASCII
        (EventFilter(text="KAMAL álbu"), ["doc-bukamal/ev1"]),  # words in any order
        (EventFilter(text="100%"), ["doc-bukamal/ev1"]),  # punctuation is no part of a word
        (EventFilter(text="certainty_"), ["doc-bukamal/ev1"]),
        (EventFilter(text="alb"), []),  # a word's beginning matches as the last word only ...
        (EventFilter(text="álb kamal"), []),
        (EventFilter(text="kamal álb"), ["doc-bukamal/ev1"]),
        (EventFilter(text="lashed"), []),  # ... and never the middle of a word
        (EventFilter(text="clashed"), ["doc-manbij/ev1", "doc-undated/ev1"]),
        (
            EventFilter(text="%_"),
            ["doc-bukamal/ev1", "doc-manbij/ev2", "doc-manbij/ev1", "doc-undated/ev1"],
        ),  # no word
        (EventFilter(modality="claimed"), ["doc-bukamal/ev1"]),
        (EventFilter(min_confidence=0.7), ["doc-manbij/ev1", "doc-undated/ev1"]),
        (EventFilter(document="doc-manbij"), ["doc-manbij/ev2", "doc-manbij/ev1"]),
    ],
)
def test_filters(store, where, expected):
    assert keys(store.event_page(where, limit=100).items) == expected


DURRES = Place(
    name="Durrës", geonameid=3185728, lat=41.32, lon=19.45, country="AL", admin1="Durrës", text="Durrës"
)


@pytest.fixture
def region_store(store_url):
    """A clash at Manbij, a recalled strike on Raqqa without deaths, and an undated event in Albania."""
    with open_store(store_url) as opened:
        opened.write_result(
            make_result(
                "doc-regions",
                events=(
                    make_event("ev1"),
                    drone_strike("ev2", fatalities=0, historical=True),
                    make_event("ev3", place=DURRES, date=None, time_precision="unknown", fatalities=None),
                    make_event("ev4", place=None),
                ),
            )
        )
        yield opened


@pytest.mark.parametrize(
    "where, expected",
    [
        (EventFilter(country="SY"), ["ev2", "ev1"]),
        (EventFilter(country="sy"), ["ev2", "ev1"]),
        (EventFilter(country=" syria "), ["ev2", "ev1"]),
        (EventFilter(country="Albania"), ["ev3"]),
        (EventFilter(country="IQ"), []),
        (EventFilter(admin1="aleppo"), ["ev1"]),
        (EventFilter(admin1="DURRËS"), ["ev3"]),  # casefolded beyond ASCII
        (EventFilter(admin1="Aleppo", country="AL"), []),
        (EventFilter(fatal=True), ["ev1", "ev4"]),  # ev2 has 0, ev3 none stated
        (EventFilter(historical=False), ["ev1", "ev4", "ev3"]),  # undated last
        (EventFilter(historical=True), ["ev2"]),
        (EventFilter(historical=False, fatal=True, country="Syria"), ["ev1"]),
    ],
)
def test_region_fatality_and_recall_filters(region_store, where, expected):
    assert [stored.event.id for stored in region_store.event_page(where, limit=100).items] == expected


def test_the_region_filters_see_a_corrected_place(region_store):
    region_store.add_correction("doc-regions", "ev1", "place", DURRES)
    assert [s.event.id for s in region_store.event_page(EventFilter(country="AL")).items] == ["ev1", "ev3"]
    assert [s.event.id for s in region_store.event_page(EventFilter(admin1="Aleppo")).items] == []


def test_bad_filters_are_refused():
    with pytest.raises(ValueError, match="no country called 'Atlantis'"):
        EventFilter(country="Atlantis")
    with pytest.raises(ValueError, match="bbox"):
        EventFilter(bbox=(0.0, 10.0, 5.0, 5.0))
    with pytest.raises(ValueError, match="near"):
        EventFilter(near=(95.0, 0.0), km=1)
    with pytest.raises(ValueError, match="km"):
        EventFilter(near=(0.0, 0.0), km=float("nan"))


def test_pages_follow_the_event_order_without_gaps(store):
    everything = keys(store.event_page(limit=100).items)
    assert everything == ["doc-bukamal/ev1", "doc-manbij/ev2", "doc-manbij/ev1", "doc-undated/ev1"]
    seen, cursor = [], None
    while True:
        page = store.event_page(limit=1, cursor=cursor)
        seen += keys(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everything
    # A document stored between two pages lands in its place without disturbing the next page.
    first = store.event_page(limit=2)
    store.write_result(make_result("doc-early", events=(make_event("ev1", date="2001-01-01"),)))
    assert keys(store.event_page(limit=10, cursor=first.next_cursor).items) == everything[2:]


@pytest.mark.parametrize("cursor", ["", "garbage", "W10", "WyJhIl0", "WzEsMiwzXQ"])
def test_a_bad_cursor_is_a_value_error(store, cursor):
    with pytest.raises(ValueError, match="cursor"):
        store.event_page(cursor=cursor)


def test_corrections_are_laid_over_the_machine_answer(store):
    store.add_correction("doc-manbij", "ev1", "type", "protest", analyst="ana", note="a rally")
    store.add_correction("doc-manbij", "ev1", "actor1", (HEZBOLLAH,))
    later = store.add_correction("doc-manbij", "ev1", "type", "AGREE")
    store.add_correction("doc-manbij", "ev2", "place", None)
    assert later.value == "AGREE" and later.id == 3

    stored = store.event("doc-manbij", "ev1")
    assert stored.event.type == "AGREE" and stored.machine.type == "ASSAULT"
    assert stored.event.actor1 == (HEZBOLLAH,) and stored.machine.actor1 == (SDF,)
    assert stored.corrected_fields == ("actor1", "type")
    assert [c.value for c in store.corrections("doc-manbij", "ev1")] == [
        "PROTEST",
        [
            {
                "name": "Hezbollah",
                "kb_id": "hezbollah",
                "type": "political_militia",
                "country": "LBN",
                "text": "Hezbollah",
            }
        ],
        "AGREE",
    ]
    assert store.event("doc-manbij", "ev2").event.place is None
    # The machine's answer is untouched; exports and `events` read the corrected view.
    assert store.result("doc-manbij").events[0].type == "ASSAULT"
    assert {e.id: e.type for d, e in store.events() if d.id == "doc-manbij"} == {
        "ev1": "AGREE",
        "ev2": "ASSAULT",
    }


def test_filters_see_corrected_values(store):
    store.add_correction("doc-manbij", "ev1", "type", "PROTEST")
    store.add_correction("doc-manbij", "ev1", "actor1", (HEZBOLLAH,))
    store.add_correction("doc-bukamal", "ev1", "place", MANBIJ)
    assert keys(store.event_page(EventFilter(type="PROTEST")).items) == ["doc-manbij/ev1"]
    assert "doc-manbij/ev1" not in keys(store.event_page(EventFilter(type="ASSAULT")).items)
    assert keys(store.event_page(EventFilter(type="Battles")).items) == ["doc-manbij/ev1", "doc-undated/ev1"]
    assert keys(store.event_page(EventFilter(actor="hezbollah")).items) == ["doc-manbij/ev1"]
    assert keys(store.event_page(EventFilter(actor="sdf")).items) == [
        "doc-undated/ev1"
    ]  # SDF was ev1's actor1
    assert keys(store.event_page(EventFilter(actor="sna")).items) == [
        "doc-manbij/ev2",
        "doc-manbij/ev1",
        "doc-undated/ev1",
    ]
    near_manbij = EventFilter(near=(MANBIJ.lat, MANBIJ.lon), km=5)
    assert keys(store.event_page(near_manbij).items) == ["doc-bukamal/ev1", "doc-manbij/ev1"]
    assert keys(store.event_page(EventFilter(place="174448")).items) == []


def test_bad_corrections_are_refused(store):
    with pytest.raises(ValueError, match="PLOVER"):
        store.add_correction("doc-manbij", "ev1", "type", "DANCE")
    with pytest.raises(ValueError, match="cannot be corrected"):
        store.add_correction("doc-manbij", "ev1", "date", "2020-01-01")
    with pytest.raises(ValueError, match="ActorRef"):
        store.add_correction("doc-manbij", "ev1", "actor2", "Hezbollah")
    with pytest.raises(StoreError, match="no event"):
        store.add_correction("doc-manbij", "ev9", "type", "AGREE")
    assert store.corrections("doc-manbij", "ev1") == []


def test_histogram_buckets(store):
    months = store.histogram(bucket="month")
    assert [(b.start, b.count) for b in months.bins] == [(date(2017, 10, 1), 1), (date(2025, 3, 1), 2)]
    assert months.undated == 1
    weeks = store.histogram(EventFilter(since=date(2025, 1, 1)), bucket="week")
    assert [(b.start, b.count) for b in weeks.bins] == [(date(2025, 2, 24), 1), (date(2025, 3, 10), 1)]
    assert weeks.undated == 0
    assert [b.start for b in store.histogram(bucket="day").bins] == [
        date(2017, 10, 1),
        date(2025, 3, 1),
        date(2025, 3, 14),
    ]
    with pytest.raises(ValueError):
        store.histogram(bucket="year")


def test_network_aggregates_actors_and_edges(store):
    network = store.network()
    edges = {(e.source, e.target, e.type): e for e in network.edges}
    assert edges[("sdf", "sna", "ASSAULT")].events == ("doc-manbij/ev1",)
    assert edges[("sna", "sdf", "ASSAULT")].count == 1
    nodes = {n.id: n for n in network.nodes}
    assert nodes["sna"].event_count == 3 and nodes["civilians:SYR"].event_count == 1
    assert nodes["civilians:SYR"].name == "Civilians (SYR)"
    assert network.nodes[0].id == "sna"  # most events first
    # A corrected event counts with its corrected actors and type.
    store.add_correction("doc-manbij", "ev1", "actor1", (HEZBOLLAH,))
    store.add_correction("doc-manbij", "ev1", "type", "THREATEN")
    edges = {(e.source, e.target, e.type): e for e in store.network().edges}
    assert ("sdf", "sna", "ASSAULT") not in edges
    assert edges[("hezbollah", "sna", "THREATEN")].events == ("doc-manbij/ev1",)
    only_2017 = store.network(EventFilter(until=date(2018, 1, 1)))
    assert [n.id for n in only_2017.nodes] == ["qasem_soleimani"] and only_2017.edges == ()


def test_the_network_merges_case_variants_and_crowds(store_url):
    army = ActorRef(name="the Army", kb_id=None, type="state_military", country=None, text="the Army")
    victims = [
        ActorRef(name=name, kb_id=None, type="civilians", country=None, text=name)
        for name in ("24 people", "مدنيين اثنين", "Civilians")
    ]
    syrians = replace(victims[0], name="three children", country="SYR")
    events = [
        make_event(f"ev{n}", actor1=(replace(army, name=name),), actor2=(victim,))
        for n, (name, victim) in enumerate(zip(("the Army", "the army", "THE ARMY"), victims, strict=True))
    ]
    with open_store(store_url) as store:
        store.write_result(make_result("doc-crowds", events=tuple(events)))
        network = store.network()
        store.add_correction("doc-crowds", "ev0", "actor2", (replace(victims[0], name="a child"),))
        corrected = store.network()
        for graph in (network, corrected):
            assert [(n.id, n.name, n.event_count) for n in graph.nodes] == [
                ("civilians", "Civilians", 3),
                ("the army", "THE ARMY", 3),  # one of its spellings
            ]
            assert [(e.source, e.target, e.type, e.count) for e in graph.edges] == [
                ("the army", "civilians", "ASSAULT", 3)
            ]
        # A node's name, as the page passes it to the actor filter, finds the node's events.
        assert [s.event.id for s in store.event_page(EventFilter(actor="Civilians")).items] == [
            "ev0",
            "ev1",
            "ev2",
        ]
        store.add_correction("doc-crowds", "ev1", "actor2", (syrians,))
        assert [n.name for n in store.network().nodes] == ["THE ARMY", "Civilians", "Civilians (SYR)"]
        assert [s.event.id for s in store.event_page(EventFilter(actor="civilians (syr)")).items] == ["ev1"]
        assert [s.event.id for s in store.event_page(EventFilter(actor="a child")).items] == ["ev0"]


def test_actors_places_and_documents_pages(store):
    actors = store.actors(limit=100)
    assert actors.items[0].kb_id == "sna" and actors.items[0].event_count == 3
    sdf = next(a for a in actors.items if a.kb_id == "sdf")
    assert sdf.relations == (("fought", "Syrian National Army"),)
    first = store.actors(limit=2)
    rest = store.actors(limit=100, cursor=first.next_cursor)
    assert [a.name for a in first.items + rest.items] == [a.name for a in actors.items]
    assert [a.kb_id for a in store.actors(query="democratic").items] == ["sdf"]

    places = store.places(limit=100)
    assert {p.name: p.event_count for p in places.items} == {"Manbij": 1, "Ar Raqqah": 1, "Ālbū Kamāl": 1}
    assert [p.name for p in store.places(query="raqq").items] == ["Ar Raqqah"]

    docs = store.document_page(limit=2)
    more = store.document_page(limit=2, cursor=docs.next_cursor)
    assert [d.id for d in docs.items + more.items] == ["doc-manbij", "doc-bukamal", "doc-undated"]
    assert more.next_cursor is None and docs.items[0].event_count == 2


def test_summary(store):
    summary = store.summary()
    assert (summary.events, summary.documents, summary.places) == (4, 3, 3)
    assert summary.types == ("ASSAULT", "CONSULT")
    assert summary.date_range == (date(2017, 10, 1), date(2025, 3, 31))


def test_a_version_1_database_is_upgraded_and_keeps_its_events(tmp_path):
    path = tmp_path / "v1.sqlite"
    initial = MIGRATIONS[0]
    with sqlite3.connect(path) as raw:
        raw.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL)"
        )
        for statement in initial.statements():
            raw.execute(statement)
        raw.execute("INSERT INTO schema_version VALUES (1, 'initial', '2025-01-01T00:00:00+00:00')")
    # Rows written by version 1 of the store: no casefolded columns.
    with open_store(tmp_path / "source.sqlite") as source:
        source.write_result(
            make_result(
                "doc-old",
                events=(
                    make_event("ev1"),
                    drone_strike("ev2", evidence=TextSpan("ÉCLATS near Raqqa", 0, 17)),
                ),
            )
        )
    with sqlite3.connect(path) as raw:
        raw.execute(f"ATTACH DATABASE '{tmp_path / 'source.sqlite'}' AS src")
        for table in ("documents", "events", "event_actors", "actors", "places"):
            columns = [row[1] for row in raw.execute(f"PRAGMA main.table_info({table})")]
            raw.execute(f"INSERT INTO main.{table} SELECT {', '.join(columns)} FROM src.{table}")
    with open_store(path) as store:
        assert [v for v, _, _ in store.schema_versions()] == [m.version for m in MIGRATIONS]
        assert store.count_events() == 2
        assert keys(store.event_page(EventFilter(admin1="ar-RAQQAH")).items) == ["doc-old/ev2"]
        assert keys(store.event_page(EventFilter(text="éclats")).items) == ["doc-old/ev2"]
        assert keys(store.event_page(EventFilter(place="manbij")).items) == ["doc-old/ev1"]
        store.add_correction("doc-old", "ev1", "place", Place("Camp", None, 35.0, 40.0, None, text="Camp"))
        assert store.event("doc-old", "ev1").event.place.name == "Camp"


@pytest.mark.parametrize("migration", MIGRATIONS, ids=lambda m: m.file_name)
def test_the_migrations_are_portable_sql(migration):
    text = migration.sql()
    for sqlite_only in ("AUTOINCREMENT", "WITHOUT ROWID", "json_", "PRAGMA", "VIRTUAL", "fts"):
        assert sqlite_only not in text


def test_the_migrations_are_numbered_in_order_and_each_has_its_file():
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    shipped = sorted(
        p.name
        for p in resources.files("eventlens.store").joinpath("migrations").iterdir()
        if p.name.endswith(".sql")
    )
    assert shipped == [m.file_name for m in MIGRATIONS]


@pytest.mark.parametrize(
    "text", ["álbu kamal", "KAMAL álbu", "100%", "kamal álb", "álb kamal", "lashed", "clashed"]
)
def test_the_portable_word_search_matches_the_sqlite_index(store, text):
    # The LIKE fallback (for databases without the FTS5 index) is the same filter.
    indexed = keys(store.event_page(EventFilter(text=text)).items)
    store._words = SQLStore._words.__get__(store)
    assert keys(store.event_page(EventFilter(text=text)).items) == indexed


def test_broad_and_selective_filters_give_the_same_pages(store, monkeypatch):
    # Whether a filter walks the order index or sorts its matches, the pages are the same.
    import eventlens.store.sqlite as sqlite_backend

    where = EventFilter(min_confidence=0.1)
    pages = {}
    for broad in (1, 10_000):
        monkeypatch.setattr(sqlite_backend, "BROAD_FILTER_EVENTS", broad)
        seen, cursor = [], None
        while True:
            page = store.event_page(where, limit=1, cursor=cursor)
            seen += keys(page.items)
            if (cursor := page.next_cursor) is None:
                break
        pages[broad] = seen
    assert (
        pages[1]
        == pages[10_000]
        == ["doc-bukamal/ev1", "doc-manbij/ev2", "doc-manbij/ev1", "doc-undated/ev1"]
    )


@pytest.mark.parametrize(
    "text, day",
    [
        ("2025-03-14", date(2025, 3, 14)),
        ("today", date(2026, 3, 1)),
        ("Yesterday", date(2026, 2, 28)),
        ("7d", date(2026, 2, 22)),
        (" 2W ", date(2026, 2, 15)),
        ("this-month", date(2026, 3, 1)),
        ("this-year", date(2026, 1, 1)),
    ],
)
def test_date_filters_name_days_relative_to_today(text, day):
    assert day_of(text, today=date(2026, 3, 1)) == day


@pytest.mark.parametrize("text", ["tomorrow", "7", "d7", "2025-02-30", ""])
def test_a_date_filter_that_names_no_day_is_a_value_error(text):
    with pytest.raises(ValueError, match="is not a date: give YYYY-MM-DD, today, yesterday, 7d"):
        day_of(text, today=date(2026, 3, 1))


def _reference_network(store, where):
    """The network computed in Python from the matching events' corrected view:
    {node: event count}, {(source, target, type): (count, sorted event keys)}."""
    from eventlens.store.sql import _node_key

    nodes: dict[str, set[str]] = {}
    edges: dict[tuple[str, str, str], list[str]] = {}
    for document, event in store.events(where):
        key = f"{document.id}/{event.id}"
        for ref in (*event.actor1, *event.actor2, *event.associated):
            nodes.setdefault(_node_key(ref), set()).add(key)
        for a1 in event.actor1:
            for a2 in event.actor2:
                edges.setdefault((_node_key(a1), _node_key(a2), event.type), []).append(key)
    return (
        {node: len(keys) for node, keys in nodes.items()},
        {edge: (len(keys), sorted(keys)) for edge, keys in edges.items()},
    )


@pytest.mark.parametrize(
    "where",
    [
        None,
        EventFilter(type="ASSAULT"),
        EventFilter(country="SY"),
        EventFilter(since=date(2017, 1, 1), until=date(2020, 12, 31)),
        EventFilter(actor="Hezbollah"),
    ],
    ids=["none", "type", "country", "since-until", "actor"],
)
def test_the_network_counts_what_the_corrected_events_say(store_url, where):
    import random

    from tests.bulk import synthetic_result

    rng = random.Random(7)
    with open_store(store_url) as store:
        for n in range(12):
            store.write_result(synthetic_result(n, rng))
        # Events that are not plain (two actor1, an associated actor), an actor acting on itself,
        # an event without actor2, and one an analyst corrects.
        other = [
            make_event("ev1", actor1=(SDF, HEZBOLLAH), actor2=(SNA,)),
            make_event("ev2", actor1=(SNA,), actor2=(SDF,), associated=(HEZBOLLAH,)),
            make_event("ev3", actor1=(SDF,), actor2=(replace(SDF, name="SDF fighters"),), date="2018-05-01"),
            make_event("ev4", actor1=(HEZBOLLAH,), actor2=()),
            make_event("ev5", actor1=(SNA, SNA), actor2=(SDF,), date="2019-02-03"),
        ]
        store.write_result(make_result("doc-other", events=tuple(other)))
        store.add_correction("doc-other", "ev5", "type", "COERCE")
        # Corrections move events between edges and nodes, and in and out of the filters.
        store.add_correction("bench-000000", "ev0", "actor1", (HEZBOLLAH,))
        store.add_correction("bench-000001", "ev1", "type", "ASSAULT")
        store.add_correction("bench-000002", "ev2", "actor2", ())
        store.add_correction("bench-000003", "ev3", "actor2", (HEZBOLLAH, SDF))
        store.add_correction("bench-000004", "ev4", "place", None)
        network = store.network(where)
        nodes, edges = _reference_network(store, where)
    assert [n.id for n in network.nodes] == sorted(nodes, key=lambda node: (-nodes[node], node))
    assert {n.id: n.event_count for n in network.nodes} == nodes
    assert {(e.source, e.target, e.type): (e.count, sorted(e.events)) for e in network.edges} == edges
    assert [e.count for e in network.edges] == sorted((e.count for e in network.edges), reverse=True)


def test_migration_5_fills_the_network_columns_of_stored_rows(tmp_path):
    from eventlens.store.sql import EVENT_NETWORK_COLUMNS, _node_key

    army = ActorRef(name="the ARMY", kb_id=None, type="state_military", country=None, text="the ARMY")
    crowd = ActorRef(name="24 people", kb_id=None, type="civilians", country="SYR", text="24 people")
    events = (
        make_event("ev1", actor1=(army, SDF), actor2=(crowd,)),  # two actor1: not plain
        make_event("ev2", actor1=(army,), actor2=(crowd,)),
        make_event("ev3", actor1=(SNA,), actor2=()),
    )
    path = tmp_path / "v4.sqlite"
    with open_store(path) as store:
        store.write_result(make_result("doc-old", events=events))
        before = store.network()
    columns = ", ".join(EVENT_NETWORK_COLUMNS)
    with sqlite3.connect(path) as raw:
        written = raw.execute(f"SELECT {columns} FROM events ORDER BY id").fetchall()
        # The database as version 4 left it: no network columns, no indexes on them (nor 0008's).
        for index in ("event_actors_node", "events_network", "events_network_rest", "events_by_key"):
            raw.execute(f"DROP INDEX {index}")
        raw.execute("ALTER TABLE event_actors DROP COLUMN node_key")
        for column in EVENT_NETWORK_COLUMNS:
            raw.execute(f"ALTER TABLE events DROP COLUMN {column}")
        raw.execute("DELETE FROM schema_version WHERE version = 5")
    with open_store(path) as store:
        assert [v for v, _, _ in store.schema_versions()] == [m.version for m in MIGRATIONS]
        assert store.network() == before
    with sqlite3.connect(path) as raw:
        keys = raw.execute(
            "SELECT name, node_key FROM event_actors WHERE event_id = 'ev1' ORDER BY role, position"
        )
        assert keys.fetchall() == [(ref.name, _node_key(ref)) for ref in (army, SDF, crowd)]
        assert raw.execute(f"SELECT {columns} FROM events ORDER BY id").fetchall() == written
    assert written == [
        (0, None, None, None, None, None, None, None, None),
        (1, "the army", "the ARMY", "state_military", None, "civilians:SYR", "24 people", "civilians", "SYR"),
        (1, "sna", SNA.name, SNA.type, SNA.country, None, None, None, None),
    ]


def test_an_actors_relations_are_every_documents_first_seen_first(store_url):
    from eventlens.model import Actor

    gunmen = ActorRef(name="gunmen", kb_id=None, type=None, country=None, text="gunmen")
    told = {  # document: (SDF's relations, the gunmen's)
        "doc-c": ((("fought", "Syrian National Army"),), (("attacked", "Manbij"),)),
        "doc-a": ((("allied_with", "Coalition"), ("fought", "ISIS")), ()),
        "doc-b": ((("fought", "ISIS"),), (("attacked", "Manbij"), ("fled", "Raqqa"))),
    }
    with open_store(store_url) as store:
        for doc_id, (sdf_relations, gunmen_relations) in told.items():
            result = make_result(doc_id, events=(make_event("ev1", actor1=(SDF,), actor2=(gunmen,)),))
            actors = (
                Actor(SDF.name, "sdf", SDF.type, SDF.country, (), sdf_relations),
                Actor("gunmen", None, None, None, (), gunmen_relations),
            )
            store.write_result(replace(result, actors=actors))
        found = {a.kb_id or a.name: a.relations for a in store.actors(limit=10).items}
    # Ordered by the first document (by id) that gives each list, then the list's own order.
    assert found["sdf"] == (
        ("allied_with", "Coalition"),
        ("fought", "ISIS"),
        ("fought", "Syrian National Army"),
    )
    assert found["gunmen"] == (("attacked", "Manbij"), ("fled", "Raqqa"))


def _actors_from_scratch(store) -> tuple[list[tuple], list[tuple]]:
    """actor_counts and actor_names as counted from every entry of event_actors."""
    counts = store._execute(
        "SELECT COALESCE(kb_id, name), COUNT(DISTINCT document_id || '/' || event_id) FROM event_actors "
        "GROUP BY COALESCE(kb_id, name)"
    ).fetchall()
    names = store._execute(
        "SELECT COALESCE(kb_id, name), name_fold, COALESCE(kb_id_fold, ''), COUNT(*) FROM event_actors "
        "GROUP BY COALESCE(kb_id, name), name_fold, COALESCE(kb_id_fold, '')"
    ).fetchall()
    return sorted(map(tuple, counts)), sorted(map(tuple, names))


def _actors_kept(store) -> tuple[list[tuple], list[tuple]]:
    counts = store._execute("SELECT actor, events FROM actor_counts").fetchall()
    names = store._execute("SELECT actor, name_fold, kb_id_fold, entries FROM actor_names").fetchall()
    return sorted(map(tuple, counts)), sorted(map(tuple, names))


def _actor_pages_from_scratch(store, query, limit) -> list[list[tuple[str, int]]]:
    """The pages of (actor, event count) of every entry of event_actors, as the store counted them
    before migration 7: a search counts the events of the entries whose name or KB id matches."""
    from eventlens.store.filtering import like_pattern

    where, params = "", []
    if query is not None and query.strip():
        where = " WHERE name_fold LIKE ? ESCAPE '\\' OR kb_id_fold LIKE ? ESCAPE '\\'"
        params = [like_pattern(query)] * 2
    rows = store._execute(
        f"SELECT COALESCE(kb_id, name), COUNT(DISTINCT document_id || '/' || event_id) FROM event_actors{where} "
        "GROUP BY COALESCE(kb_id, name) ORDER BY 2 DESC, 1",
        params,
    ).fetchall()
    found = [(key, int(n)) for key, n in rows]
    return [found[start : start + limit] for start in range(0, len(found), limit)] or [[]]


def _actor_pages(store, query, limit) -> list[list[tuple[str, int]]]:
    pages, cursor = [], None
    while True:
        page = store.actors(query=query, limit=limit, cursor=cursor)
        pages.append([(a.kb_id if a.kb_id is not None else a.name, a.event_count) for a in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def test_the_actors_counts_follow_every_write_and_give_the_counts_from_scratch(store_url):
    import random

    from tests.bulk import synthetic_result

    hizballah = replace(HEZBOLLAH, name="Hizballah", text="Hizballah")  # an alias of the KB actor
    named_like_an_id = ActorRef(name="sdf", kb_id=None, type=None, country=None, text="the sdf")
    crowd = ActorRef(name="24 people", kb_id=None, type="civilians", country="SYR", text="24 people")
    odd = (
        make_event("ev1", actor1=(SDF, HEZBOLLAH), actor2=(SNA,), associated=(SDF,)),  # SDF twice
        make_event("ev2", actor1=(hizballah,), actor2=(crowd,)),
        make_event("ev3", actor1=(named_like_an_id,), actor2=(SDF,)),  # one actor "sdf" in the list
        make_event("ev4", actor1=(), actor2=()),
    )
    queries = [None, "  ", "hizb", "HEZB", "syrian", "sdf", "a", "people", "nobody"]
    rng = random.Random(11)
    with open_store(store_url) as store:
        for n in range(6):
            store.write_result(synthetic_result(n, rng))
        store.write_result(make_result("doc-odd", events=odd))
        assert store.write_results([synthetic_result(6, rng), make_result("doc-odd", events=odd[:1])]) == 1
        written = _actors_kept(store)
        assert written == _actors_from_scratch(store)
        assert ("hezbollah", "hizballah", "hezbollah", 1) in written[1]
        pages = {query: _actor_pages(store, query, 3) for query in queries}
        for query in queries:
            assert pages[query] == _actor_pages_from_scratch(store, query, 3), query
        # The alias alone matches "hizb": Hezbollah counts the one event that names it so.
        assert pages["hizb"] == [[("hezbollah", 1)]]

        # A write that fails adds nothing; ingesting a stored document again (as it was, or
        # changed) leaves it and the counts as they are.
        broken = make_result("doc-broken", events=(make_event("dup"), drone_strike("dup")))
        with pytest.raises(StoreError):
            store.write_result(broken)
        assert store.write_result(make_result("doc-odd", events=odd)) is False
        changed = make_result("doc-odd", events=(make_event("new", actor1=(crowd,)),))
        assert store.write_result(changed) is False
        assert _actors_kept(store) == written

        # The counts are of the machine's coding: corrections leave them (and the list) as they are.
        store.add_correction("doc-odd", "ev2", "actor1", (SOLEIMANI,))
        store.add_correction("doc-odd", "ev3", "actor2", ())
        assert _actors_kept(store) == written == _actors_from_scratch(store)
        assert {query: _actor_pages(store, query, 3) for query in queries} == pages
        assert store.summary().actors == len(written[0])


def test_migration_7_counts_the_actors_of_stored_rows(tmp_path):
    path = tmp_path / "v6.sqlite"
    with open_store(path) as store:
        store.write_result(make_result("doc-a"))
        store.write_result(make_result("doc-b", events=(make_event("ev1", associated=(SDF, HEZBOLLAH)),)))
        written = _actors_kept(store)
    with sqlite3.connect(path) as raw:
        # The database as version 6 left it: no counts.
        raw.execute("DROP TABLE actor_counts")
        raw.execute("DROP TABLE actor_names")
        raw.execute("DELETE FROM schema_version WHERE version = 7")
    with open_store(path) as store:
        assert [v for v, _, _ in store.schema_versions()] == [m.version for m in MIGRATIONS]
        assert _actors_kept(store) == written == _actors_from_scratch(store)
        assert ("sdf", 2) in written[0] and ("hezbollah", 1) in written[0]


def _actors(event) -> tuple[ActorRef, ...]:
    return (*event.actor1, *event.actor2, *event.associated)


def _all_pages(store, where, order) -> list:
    """Every event of ``where`` in ``order``, read three at a time."""
    items, cursor = [], None
    while True:
        page = store.event_page(where, limit=3, cursor=cursor, order=order)
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


@pytest.mark.parametrize(
    "actor",
    [
        "Hezbollah",  # its name and KB id
        "sdf",  # a KB id, not the name
        "Syrian Democratic Forces",  # the name, not the KB id
        "the SDF",  # the text it was read from
        "armed men",  # the text an unlinked actor was read from
        "hizballah",  # an alias's name and text
        "civilians",  # a crowd: unlinked civilians of every country
        "Civilians (SYR)",
        "nobody",
    ],
)
def test_the_actor_filter_keeps_the_events_any_of_whose_actors_match(store_url, actor):
    import random

    from eventlens.store.filtering import _actor_matches
    from tests.bulk import synthetic_result

    hizballah = replace(HEZBOLLAH, name="Hizballah", text="Hizballah")
    crowd = ActorRef(name="24 people", kb_id=None, type="civilians", country="YEM", text="24 people")
    gunmen = ActorRef(name="gunmen", kb_id=None, type=None, country=None, text="armed men")
    rng = random.Random(5)
    with open_store(store_url) as store:
        for n in range(10):
            store.write_result(synthetic_result(n, rng))
        odd = (
            make_event("ev1", actor1=(SDF, HEZBOLLAH), actor2=(SNA,), associated=(SDF,)),
            make_event("ev2", actor1=(hizballah,), actor2=(crowd,), place=None),
            make_event("ev3", actor1=(SNA,), actor2=(), associated=(hizballah,), date=None),
            make_event("ev4", actor1=(gunmen,), actor2=(crowd,)),
        )
        store.write_result(make_result("doc-odd", events=odd))
        # Corrections take events out of the filter and into it.
        store.add_correction("doc-odd", "ev1", "actor1", (SNA,))
        store.add_correction("bench-000001", "ev1", "actor2", (hizballah, crowd))
        store.add_correction("bench-000002", "ev2", "actor1", ())
        store.add_correction("bench-000003", "ev3", "place", DURRES)
        where = EventFilter(actor=actor)
        for order in ("oldest", "newest"):
            everything = store.event_page(limit=1000, order=order).items
            kept = [s for s in everything if _actor_matches(_actors(s.event), actor.casefold())]
            assert keys(_all_pages(store, where, order)) == keys(kept), order
        histogram = store.histogram(where)
        assert sum(b.count for b in histogram.bins) + histogram.undated == len(kept)
        regions = store.regions(where)
        expected: dict = {}
        for s in kept:
            place = s.event.place
            region = (place.country, place.admin1) if place else (None, None)
            expected[region] = expected.get(region, 0) + 1
        assert {(r.country, r.admin1): r.event_count for r in regions} == expected
        clusters = store.clusters(where, cell=1)
        assert sum(c.count for c in clusters.cells) + clusters.unplaced == len(kept)
        nodes, edges = _reference_network(store, where)
        network = store.network(where)
        assert {n.id: n.event_count for n in network.nodes} == nodes
        assert {(e.source, e.target, e.type): (e.count, sorted(e.events)) for e in network.edges} == edges


def test_the_bulk_copies_of_the_benchmarks_keep_the_actors_counts(tmp_path):
    from tests.bulk import bulk_store

    path = bulk_store(tmp_path / "bulk.sqlite", 3000, template_documents=100)
    with open_store(path) as store:
        assert store.count_events() == 3000
        assert _actors_kept(store) == _actors_from_scratch(store)
