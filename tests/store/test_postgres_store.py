"""What only the PostgreSQL store does: migrating a new database, the PostGIS and full-text
indexes, the connection pool, and writers racing for the same documents.

The store's behaviour itself is tested on both backends by test_sqlite_store.py and test_store_queries.py.
"""

from __future__ import annotations

import threading

import psycopg
import pytest

from eventlens.errors import StoreError
from eventlens.store import EventFilter, open_store
from eventlens.store.postgres import POOL_MAX_SIZE, PostgresStore, close_pools
from tests.factories import make_event, make_result


def ids(pairs) -> list[tuple[str, str]]:
    return [(doc.id, event.id) for doc, event in pairs]


@pytest.fixture
def fresh_url(postgres_cluster):
    """A new database with nothing in it (not even PostGIS)."""
    url = postgres_cluster.new_database(template="template0")
    yield url
    close_pools()


def plan(store: PostgresStore, where: EventFilter, without_index: str | None = None) -> str:
    """The plan of the events of ``where``, as if the table were large (and had no ``without_index``)."""
    query, params = store._events_query(where)
    with psycopg.connect(store._pool.connections.conninfo) as raw:  # one transaction, rolled back
        raw.execute("SET LOCAL enable_seqscan = off")
        if without_index:
            raw.execute(f"DROP INDEX {without_index}")
        rows = raw.execute("EXPLAIN " + store._sql(query), params).fetchall()
        raw.rollback()
    return "\n".join(row[0] for row in rows)


def test_a_new_database_is_migrated_with_postgis(postgres_url):
    with open_store(postgres_url) as store:
        assert isinstance(store, PostgresStore)
        assert [(v, name) for v, name, _ in store.schema_versions()] == [
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
        assert store.spatial


def test_urls_of_every_spelling_open_the_same_database(postgres_url):
    with open_store(postgres_url) as store:
        store.write_result(make_result("doc-a"))
    rest = postgres_url.partition("://")[2]
    for spelling in (f"postgres://{rest}", f"postgresql+psycopg://{rest}", f"  {postgres_url} "):
        with open_store(spelling) as store:
            assert store.count_documents() == 1


def test_without_postgis_the_portable_sql_gives_the_same_events(fresh_url, postgres_url, monkeypatch):
    monkeypatch.setattr(PostgresStore, "_add_spatial_index", lambda self: None)
    far = make_result("doc-far", events=(make_event("ev1", date="2024-01-01"),))
    results = [make_result("doc-manbij"), far]
    wheres = [
        EventFilter(near=(36.528, 37.955), km=120),
        EventFilter(near=(35.95, 39.01), km=1),
        EventFilter(text="clashed"),
        EventFilter(bbox=(37.0, 35.0, 39.5, 37.0)),
    ]
    with open_store(fresh_url) as plain:
        assert not plain.spatial
        plain.write_results(results)
        found_plain = [ids(plain.events(where)) for where in wheres]
    monkeypatch.undo()
    with open_store(postgres_url) as spatial:
        assert spatial.spatial
        spatial.write_results(results)
        assert [ids(spatial.events(where)) for where in wheres] == found_plain
    assert all(found_plain)


def test_near_words_and_actors_can_use_their_indexes(postgres_url):
    with open_store(postgres_url) as store:
        store.write_result(make_result("doc-manbij"))
        near = EventFilter(near=(36.528, 37.955), km=50)
        assert "events_place_point" in plan(store, near, without_index="events_map")
        assert "events_evidence_words" in plan(store, EventFilter(text="clashed"))
        # The actor filter's partial indexes (migration 8): PostgreSQL proves their conditions too.
        assert "event_actors_kb_id_only" in plan(store, EventFilter(actor="sdf"))
        assert "event_actors_text_only" in plan(store, EventFilter(actor="the SDF"))


def test_a_wrong_url_fails_at_once_with_the_reason(postgres_cluster):
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL.*no_such_db"):
        open_store(postgres_cluster.url("no_such_db"))
    with pytest.raises(StoreError, match="cannot connect") as error:
        open_store(f"postgresql://someone:hunter2@127.0.0.1:{postgres_cluster.port}/postgres")
    assert "hunter2" not in str(error.value)


def test_opening_a_store_borrows_a_pooled_connection(postgres_url):
    lent = []  # kept alive, so that their ids stay theirs
    for _ in range(10):
        with open_store(postgres_url) as store:
            lent.append(store._connection)
    # Given back and lent again: ten stores one after the other are not ten connections. How
    # many the pool opens while it resets returned ones on its own thread depends on timing; it
    # never opens more than its maximum.
    assert len({id(c) for c in lent}) <= min(POOL_MAX_SIZE, 9)
    with open_store(postgres_url) as second, open_store(postgres_url) as third:
        assert third._connection is not second._connection


def test_an_unfinished_stream_does_not_leak_into_the_next_store(postgres_url):
    with open_store(postgres_url) as store:
        for n in range(3):
            store.write_result(make_result(f"doc-{n}"))
        stream = store.events()
        next(stream)
    with open_store(postgres_url) as store:
        (open_cursors,) = store._execute("SELECT COUNT(*) FROM pg_cursors").fetchone()
        assert open_cursors == 0
        assert store.count_events() == 6


def test_a_batch_is_one_transaction_and_skips_stored_documents(postgres_url):
    with open_store(postgres_url) as store:
        assert store.write_results([make_result("doc-a"), make_result("doc-b")]) == 2
        assert store.write_results([make_result("doc-b"), make_result("doc-c"), make_result("doc-c")]) == 1
        broken = make_result("doc-broken", events=(make_event("dup"), make_event("dup")))
        with pytest.raises(StoreError, match="doc-broken"):
            store.write_results([make_result("doc-d"), broken])
        assert sorted(d.id for d in store.documents()) == ["doc-a", "doc-b", "doc-c"]


def test_a_lost_race_is_run_again(postgres_url, monkeypatch):
    """A deadlock or serialization failure reported by the server: the whole batch goes again."""
    with open_store(postgres_url) as store:
        real_write_rows = store._write_rows
        failures = iter(
            [
                psycopg.errors.DeadlockDetected("deadlock detected (simulated)"),
                psycopg.errors.SerializationFailure("could not serialize (simulated)"),
            ]
        )

        def losing_write_rows(result):
            failure = next(failures, None)
            if failure is not None:
                raise failure
            real_write_rows(result)

        monkeypatch.setattr(store, "_write_rows", losing_write_rows)
        assert store.write_result(make_result("doc-a"))
        assert store.count_documents() == 1 and store.count_events() == 2


def test_four_writers_of_overlapping_corpora_store_every_document_once(postgres_url):
    """Four writers, each with its own connection, write overlapping batches in different orders."""
    corpus = [
        make_result(f"doc-{n:03d}", events=(make_event("ev1"), make_event("ev2", date="2025-03")))
        for n in range(120)
    ]
    shares = [corpus[0:80], corpus[40:120][::-1], corpus[::2] + corpus[1::2], corpus[20:100]]
    start = threading.Barrier(len(shares))
    errors: list[BaseException] = []

    def write(share):
        try:
            with open_store(postgres_url) as store:
                start.wait()
                for begin in range(0, len(share), 7):
                    store.write_results(share[begin : begin + 7])
                for result in share[::5]:  # and again one at a time: all already there
                    assert store.write_result(result) is False
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(share,)) for share in shares]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert errors == []
    with open_store(postgres_url) as store:
        assert store.count_documents() == 120 and store.count_events() == 240
        assert all(store.result(r.document.id) == r for r in corpus[::17])
