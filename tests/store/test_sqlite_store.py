"""The SQLite store: schema, idempotent transactional writes, round trips and every query filter."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from eventlens.errors import StoreError
from eventlens.model import ActorRef, Attribution, Document, Place, Result, TextSpan
from eventlens.store import EventFilter, SQLiteStore, Store, open_store
from tests.factories import (
    ALBUKAMAL,
    CIVILIANS,
    SDF,
    SNA,
    SOLEIMANI,
    TURKEY,
    drone_strike,
    make_event,
    make_result,
)


def ids(pairs) -> list[tuple[str, str]]:
    return [(doc.id, event.id) for doc, event in pairs]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "events.sqlite"


@pytest.fixture
def store(store_url):
    """A store of each backend (SQLite, PostgreSQL): the tests that take it run on both."""
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(db_path):
    with open_store(db_path) as opened:
        yield opened


@pytest.fixture
def filled(store):
    """Three documents: the Manbij clash and Raqqa strike, a 2017 recalled battle, an undated visit."""
    store.write_result(make_result("doc-manbij"))
    store.write_result(
        make_result(
            "doc-bukamal",
            events=(
                make_event(
                    "ev1",
                    type="ASSAULT",
                    mode="armed clash",
                    actor1=(SOLEIMANI,),
                    actor2=(),
                    place=ALBUKAMAL,
                    date="2017-10",
                    time_precision="month",
                    historical=True,
                    fatalities=None,
                    evidence=TextSpan("a battle to control al-Bukamal city in October 2017", 0, 51),
                ),
            ),
            published=None,
        )
    )
    store.write_result(
        make_result(
            "doc-visit",
            events=(
                make_event(
                    "ev1",
                    type="CONSULT",
                    mode="visit",
                    acled_type=None,
                    acled_subtype=None,
                    actor1=(SOLEIMANI,),
                    actor2=(),
                    place=None,
                    date=None,
                    time_precision="unknown",
                    fatalities=None,
                    evidence=TextSpan("Soleimani arrived in Al-Bukamal", 0, 31),
                ),
            ),
        )
    )
    return store


# --- opening -----------------------------------------------------------------------------


def test_open_store_takes_paths_and_sqlite_urls(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for target, expected in [
        (tmp_path / "a.sqlite", tmp_path / "a.sqlite"),
        (str(tmp_path / "b.sqlite"), tmp_path / "b.sqlite"),
        (f"sqlite:///{tmp_path / 'c.sqlite'}", tmp_path / "c.sqlite"),  # sqlite:////abs/path
        ("sqlite:///relative.sqlite", tmp_path / "relative.sqlite"),
        (str(tmp_path / "new" / "dir" / "d.sqlite"), tmp_path / "new" / "dir" / "d.sqlite"),
    ]:
        with open_store(target) as store:
            assert isinstance(store, SQLiteStore) and isinstance(store, Store)
            assert store.count_documents() == 0
        assert expected.is_file(), target


def test_open_store_in_memory():
    with open_store(":memory:") as store:
        assert store.write_result(make_result())
        assert store.count_events() == 2


@pytest.mark.parametrize("bad", ["mysql://localhost/x", "", "sqlite://host/x.sqlite"])
def test_open_store_rejects_other_urls(bad):
    with pytest.raises(StoreError):
        open_store(bad)


def test_open_store_refuses_a_directory_and_a_non_database(tmp_path):
    with pytest.raises(StoreError, match="directory"):
        open_store(tmp_path)
    junk = tmp_path / "notes.sqlite"
    junk.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.sqlite"):
        open_store(junk)


def test_wal_mode_foreign_keys_and_busy_timeout(sqlite_store, db_path):
    store = sqlite_store
    assert store.pragma("journal_mode") == "wal"
    assert store.pragma("foreign_keys") == 1
    assert store.pragma("busy_timeout") >= 1000
    # WAL is a property of the file: a plain connection sees it too.
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_are_recorded_once(db_path):
    with open_store(db_path) as store:
        versions = store.schema_versions()
    assert [(v, name) for v, name, _ in versions] == [
        (1, "initial"),
        (2, "corrections"),
        (3, "region_filters"),
        (4, "aggregation"),
        (5, "network"),
        (6, "actor_suggestions"),
        (7, "actor_counts"),
        (8, "actor_filter"),
        (9, "confidence_counts"),
    ]
    with open_store(db_path) as store:  # reopening applies nothing again
        assert store.schema_versions() == versions
    with sqlite3.connect(db_path) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "schema_version",
        "documents",
        "events",
        "event_actors",
        "actors",
        "places",
        "corrections",
    } <= tables


def test_a_newer_schema_is_refused(db_path):
    open_store(db_path).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("INSERT INTO schema_version VALUES (999, 'future', '2099-01-01T00:00:00+00:00')")
    with pytest.raises(StoreError, match="newer"):
        open_store(db_path)


def test_closed_store_says_so(db_path):
    store = open_store(db_path)
    store.close()
    store.close()  # twice is harmless
    with pytest.raises(StoreError, match="closed"):
        store.count_events()


# --- writing -----------------------------------------------------------------------------


def test_round_trip_gives_back_equal_records(store):
    result = make_result(
        events=(
            make_event("ev1"),
            drone_strike("ev2"),
            make_event(
                "ev3",
                type="REQUEST",
                mode=None,
                acled_type=None,
                acled_subtype=None,
                actor1=(SOLEIMANI, SDF),
                actor2=(SNA, CIVILIANS),
                associated=(TURKEY,),
                place=None,
                date=None,
                time_precision="unknown",
                historical=True,
                modality="called for",
                attribution=Attribution(outlet=None, speaker="Soleimani", sourcing="named"),
                fatalities=0,
                confidence=0.1234567890123,
                evidence=TextSpan("دعا سليماني", 3, 14),
            ),
        )
    )
    assert store.write_result(result) is True
    assert store.result(result.document.id) == result
    assert [event for _, event in store.events()] == sorted(result.events, key=lambda e: e.date or "9999")
    (doc,) = store.documents()
    assert doc == result.document


def test_round_trip_of_a_minimal_result(store):
    doc = Document(id="bare", text="Nothing happened.", source="-")
    result = Result(document=doc, events=(), actors=(), places=())
    assert store.write_result(result)
    assert store.result("bare") == result
    assert store.result("missing") is None


def test_writing_twice_stores_one_copy(store):
    result = make_result()
    assert store.write_result(result) is True
    counts = (store.count_documents(), store.count_events())
    assert store.write_result(result) is False
    # Same id, different content: still skipped, the first copy stays.
    changed = make_result(events=(make_event("other"),), title="A new title")
    assert store.write_result(changed) is False
    assert (store.count_documents(), store.count_events()) == counts == (1, 2)
    assert store.result(result.document.id) == result
    assert store.has_document(result.document.id)
    assert not store.has_document("never-seen")


def test_same_event_ids_in_different_documents(store):
    store.write_result(make_result("doc-a"))
    store.write_result(make_result("doc-b"))
    assert store.count_events() == 4
    assert sorted(ids(store.events())) == [
        ("doc-a", "ev1"),
        ("doc-a", "ev2"),
        ("doc-b", "ev1"),
        ("doc-b", "ev2"),
    ]


def test_a_failed_write_leaves_nothing_of_the_document(store):
    first = make_result("doc-first")
    store.write_result(first)
    broken = make_result("doc-broken", events=(make_event("dup"), drone_strike("dup")))
    with pytest.raises(StoreError, match="doc-broken"):
        store.write_result(broken)
    assert not store.has_document("doc-broken")
    assert (store.count_documents(), store.count_events()) == (1, 2)
    assert store.result("doc-first") == first
    for table in ("events", "event_actors", "actors", "places"):
        (n,) = store._execute(f"SELECT COUNT(*) FROM {table} WHERE document_id = 'doc-broken'").fetchone()
        assert n == 0, table
    # The store is still usable, and the fixed document goes in.
    assert store.write_result(make_result("doc-broken"))
    assert store.count_documents() == 2


def test_a_failure_after_the_events_rolls_back(store, monkeypatch):
    """The last table written (places) fails: the document, events and actors are undone."""
    store.write_result(make_result("doc-first"))
    real_insert = store._insert

    def failing_insert(table, columns, rows):
        if table == "places":
            raise store.driver_error("disk I/O error (simulated)")
        return real_insert(table, columns, rows)

    monkeypatch.setattr(store, "_insert", failing_insert)
    with pytest.raises(StoreError, match="simulated"):
        store.write_result(make_result("doc-second"))
    assert not store.has_document("doc-second")
    assert (store.count_documents(), store.count_events()) == (1, 2)


def test_a_non_database_error_is_re_raised_after_rolling_back(store, monkeypatch):
    monkeypatch.setattr(store, "_insert", lambda *args: (_ for _ in ()).throw(RuntimeError("bug")))
    with pytest.raises(RuntimeError, match="bug"):
        store.write_result(make_result())
    assert store.count_documents() == 0


def test_two_connections_read_while_writing(store_url):
    with open_store(store_url) as writer, open_store(store_url) as reader:
        writer.write_result(make_result("doc-a"))
        stream = reader.events()
        first = next(stream)
        writer.write_result(make_result("doc-b"))  # WAL: the open reader does not block the writer
        assert first[0].id == "doc-a"
        assert reader.count_documents() == 2


# --- querying ----------------------------------------------------------------------------


def test_events_come_in_date_order_undated_last(filled):
    assert ids(filled.events()) == [
        ("doc-bukamal", "ev1"),  # 2017-10
        ("doc-manbij", "ev2"),  # 2025-03 (starts 2025-03-01)
        ("doc-manbij", "ev1"),  # 2025-03-14
        ("doc-visit", "ev1"),  # no date
    ]


def test_events_are_paired_with_their_documents(filled):
    for doc, event in filled.events():
        assert doc == filled.result(doc.id).document
        assert event in filled.result(doc.id).events


@pytest.mark.parametrize(
    "actor, expected",
    [
        ("Syrian Democratic Forces", [("doc-manbij", "ev1")]),  # name, actor1
        ("syrian democratic forces", [("doc-manbij", "ev1")]),  # any case
        ("SDF", [("doc-manbij", "ev1")]),  # kb_id, upper-cased
        ("the sdf", [("doc-manbij", "ev1")]),  # text
        ("Syrian National Army", [("doc-manbij", "ev2"), ("doc-manbij", "ev1")]),  # associated and actor2
        ("Civilians (Syria)", [("doc-manbij", "ev2")]),  # actor2, no kb_id
        ("قاسم سليماني", [("doc-bukamal", "ev1"), ("doc-visit", "ev1")]),  # Arabic text
        ("QASEM_SOLEIMANI", [("doc-bukamal", "ev1"), ("doc-visit", "ev1")]),
        ("Syrian", []),  # no partial matches
    ],
)
def test_filter_by_actor(filled, actor, expected):
    assert ids(filled.events(EventFilter(actor=actor))) == expected


def test_a_confidence_filter_is_counted_from_the_covering_indexes(db_path):
    from eventlens.store.sqlite import _COLUMN

    where = EventFilter(
        type="ASSAULT", bbox=(35.5, 32.3, 42.4, 37.3), since=date(2018, 1, 1), min_confidence=0.7
    )
    with open_store(db_path) as store:
        store.write_result(make_result())
        conditions = store._conditions(where)
        used = set(_COLUMN.findall(" ".join(conditions.where)))
        assert "confidence" in used
        for index in ("events_map", "events_region"):  # the map's cells, the regions' table
            assert used <= store._index_columns(index), index
        query = f"SELECT COUNT(*), SUM(e.fatalities) FROM events e{conditions.sql()}"
        plan = [row[3] for row in store._execute("EXPLAIN QUERY PLAN " + query, conditions.params)]
        assert plan == ["SEARCH e USING COVERING INDEX events_map (place_lat>? AND place_lat<?)"]


def test_an_actor_filter_reads_its_list_from_indexes_then_looks_its_events_up(db_path):
    with open_store(db_path) as store:
        store.write_result(make_result())
        for actor in ("sdf", "the SDF", "Civilians (SYR)"):
            conditions = store._conditions(EventFilter(actor=actor))
            query = (
                f"SELECT COUNT(*) FROM {store._count_source(conditions, 'events_region')}{conditions.sql()}"
            )
            plan = [row[3] for row in store._execute("EXPLAIN QUERY PLAN " + query, conditions.params)]
            # Each part of the list from its covering index (the partial ones as 0008 spells
            # them), then a look-up per event in the index that holds what the counts read.
            assert plan[0] == "SEARCH e USING COVERING INDEX events_by_key (document_id=? AND id=?)"
            for index in ("event_actors_name_fold", "event_actors_kb_id_only", "event_actors_text_only"):
                assert f"SEARCH ea USING COVERING INDEX {index} (" in " ".join(plan)


@pytest.mark.parametrize(
    "type_, expected",
    [
        ("ASSAULT", [("doc-bukamal", "ev1"), ("doc-manbij", "ev2"), ("doc-manbij", "ev1")]),
        ("consult", [("doc-visit", "ev1")]),
        ("Battles", [("doc-bukamal", "ev1"), ("doc-manbij", "ev1")]),
        ("explosions/remote violence", [("doc-manbij", "ev2")]),
        ("Air/drone strike", [("doc-manbij", "ev2")]),
        ("Protests", []),
    ],
)
def test_filter_by_type(filled, type_, expected):
    assert ids(filled.events(EventFilter(type=type_))) == expected


def test_filter_near_with_real_coordinates(filled):
    manbij = (36.528, 37.955)
    assert ids(filled.events(EventFilter(near=manbij, km=50))) == [("doc-manbij", "ev1")]
    assert ids(filled.events(EventFilter(near=manbij, km=110))) == [
        ("doc-manbij", "ev1")
    ]  # Raqqa is ~114 km off
    assert ids(filled.events(EventFilter(near=manbij, km=120))) == [
        ("doc-manbij", "ev2"),
        ("doc-manbij", "ev1"),
    ]
    assert (
        len(list(filled.events(EventFilter(near=manbij, km=400)))) == 3
    )  # Al-Bukamal ~354 km; undated has no place
    assert ids(filled.events(EventFilter(near=(35.95, 39.01), km=1))) == [("doc-manbij", "ev2")]
    assert list(filled.events(EventFilter(near=(0.0, 0.0), km=100))) == []


def test_near_across_the_antimeridian_and_near_a_pole(store):
    fiji = Place(name="Taveuni", geonameid=None, lat=-16.85, lon=179.99, country="FJ")
    east = Place(name="East of the line", geonameid=None, lat=-16.85, lon=-179.99, country="FJ")
    pole = Place(name="Pole camp", geonameid=None, lat=89.95, lon=120.0, country=None)
    store.write_result(
        make_result(
            "far",
            events=(
                make_event("w", place=fiji),
                make_event("e", place=east),
                make_event("p", place=pole),
            ),
        )
    )
    assert sorted(e.id for _, e in store.events(EventFilter(near=(-16.85, 179.99), km=10))) == ["e", "w"]
    assert [e.id for _, e in store.events(EventFilter(near=(89.99, -60.0), km=20))] == ["p"]


def test_near_and_km_go_together(store):
    with pytest.raises(ValueError, match="together"):
        EventFilter(near=(36.5, 37.9))
    with pytest.raises(ValueError, match="together"):
        EventFilter(km=10)
    with pytest.raises(ValueError):
        EventFilter(near=(36.5, 37.9), km=-1)


def test_filter_since_and_until(filled):
    assert ids(filled.events(EventFilter(since=date(2025, 3, 10)))) == [
        ("doc-manbij", "ev2"),
        ("doc-manbij", "ev1"),
    ]
    # The month-precision strike (2025-03) can fall after the 20th: it stays; the clash of the 14th goes.
    assert ids(filled.events(EventFilter(since=date(2025, 3, 20)))) == [("doc-manbij", "ev2")]
    assert ids(filled.events(EventFilter(until=date(2025, 3, 1)))) == [
        ("doc-bukamal", "ev1"),
        ("doc-manbij", "ev2"),
    ]
    assert ids(filled.events(EventFilter(until=date(2024, 12, 31)))) == [("doc-bukamal", "ev1")]
    assert ids(filled.events(EventFilter(since=date(2017, 10, 31), until=date(2017, 10, 31)))) == [
        ("doc-bukamal", "ev1")
    ]
    assert ids(filled.events(EventFilter(since=date(2017, 11, 1), until=date(2025, 2, 28)))) == []


def test_filters_combine_and_limit(filled):
    assert ids(filled.events(EventFilter(type="ASSAULT", actor="sna", since=date(2025, 1, 1)))) == [
        ("doc-manbij", "ev2"),
        ("doc-manbij", "ev1"),
    ]
    assert ids(
        filled.events(EventFilter(type="Battles", near=(36.528, 37.955), km=500, until=date(2020, 1, 1)))
    ) == [("doc-bukamal", "ev1")]
    assert ids(filled.events(limit=2)) == [("doc-bukamal", "ev1"), ("doc-manbij", "ev2")]
    assert ids(filled.events(EventFilter(near=(36.528, 37.955), km=500), limit=1)) == [("doc-bukamal", "ev1")]
    assert list(filled.events(limit=0)) == []


def test_events_stream_across_many_documents(store):
    """More events than one read chunk, spread over many documents, come back whole and in order."""
    expected = []
    for d in range(30):
        events = tuple(
            make_event(
                f"ev{n}",
                date=f"2024-{1 + n % 12:02d}-{1 + d % 28:02d}",
                actor1=(
                    ActorRef(name=f"Group {d}-{n}", kb_id=None, type=None, country=None, text=f"group {n}"),
                ),
            )
            for n in range(15)
        )
        result = make_result(f"doc-{d:02d}", events=events)
        store.write_result(result)
        expected += [(result.document, event) for event in events]
    expected.sort(key=lambda pair: (pair[1].date, pair[0].id, int(pair[1].id[2:])))
    stream = store.events()
    assert iter(stream) is stream
    assert list(stream) == expected
    assert store.count_events() == 450 and store.count_documents() == 30


def test_documents_in_ingest_order(store):
    for doc_id in ("z-first", "a-second", "m-third"):
        store.write_result(make_result(doc_id))
    assert [doc.id for doc in store.documents()] == ["z-first", "a-second", "m-third"]
