"""The store's aggregates for the analyst's page: newest-first pages, map cells, admin regions and
fatalities over time, counted in the database and aware of analysts' corrections."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from eventlens.store import EventFilter, open_store
from tests.factories import ALBUKAMAL, MANBIJ, make_event, make_result


def keys(items) -> list[str]:
    return [stored.key for stored in items]


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        # doc-manbij: ev1 a clash at Manbij (2025-03-14, 3 killed), ev2 a strike on Raqqa (2025-03).
        opened.write_result(make_result("doc-manbij"))
        opened.write_result(
            make_result(
                "doc-protest",
                events=(make_event("ev1", type="PROTEST", date="2025-04-01", fatalities=1),),
            )
        )
        opened.write_result(
            make_result(
                "doc-bukamal",
                events=(make_event("ev1", type="CONSULT", place=ALBUKAMAL, date="2017-10", fatalities=0),),
            )
        )
        opened.write_result(
            make_result(
                "doc-undated", events=(make_event("ev1", date=None, time_precision="unknown", place=None),)
            )
        )
        yield opened


def test_pages_newest_first_with_undated_events_last(store):
    newest = ["doc-protest/ev1", "doc-manbij/ev1", "doc-manbij/ev2", "doc-bukamal/ev1", "doc-undated/ev1"]
    assert keys(store.event_page(order="newest").items) == newest
    paged, cursor = [], None
    while True:
        page = store.event_page(limit=2, cursor=cursor, order="newest")
        paged += keys(page.items)
        if not (cursor := page.next_cursor):
            break
    assert paged == newest
    assert keys(store.event_page(EventFilter(type="ASSAULT"), order="newest").items) == [
        "doc-manbij/ev1",
        "doc-manbij/ev2",
        "doc-undated/ev1",
    ]
    with pytest.raises(ValueError, match="order is one of newest, oldest"):
        store.event_page(order="sideways")


def cells_by_place(clusters) -> dict:
    return {(c.place, c.count): dict(c.types) for c in clusters.cells}


def test_clusters_count_every_placed_event_per_cell_with_its_types(store):
    fine = store.clusters(cell=1.0)
    assert cells_by_place(fine) == {
        ("Manbij", 2): {"ASSAULT": 1, "PROTEST": 1},
        ("Ar Raqqah", 1): {"ASSAULT": 1},
        ("Ālbū Kamāl", 1): {"CONSULT": 1},
    }
    assert fine.unplaced == 1
    manbij = next(c for c in fine.cells if c.place == "Manbij")
    assert (manbij.lat, manbij.lon, manbij.geonameid) == pytest.approx(
        (MANBIJ.lat, MANBIJ.lon, MANBIJ.geonameid)
    )
    assert manbij.types == (("ASSAULT", 1), ("PROTEST", 1))  # most first, then by name

    assert {c.places for c in fine.cells} == {1}
    # Ten-degree cells: Manbij and Raqqa share one, which names the busier, Manbij.
    coarse = store.clusters(cell=10.0)
    assert sorted((c.count, c.place, c.places) for c in coarse.cells) == [
        (1, "Ālbū Kamāl", 1),
        (3, "Manbij", 2),
    ]
    assert sum(c.count for c in coarse.cells) + coarse.unplaced == store.count_events()


def test_events_without_coordinates_are_unplaced_with_and_without_a_view(store):
    camp = replace(
        ALBUKAMAL, name="a camp near the border", geonameid=None, lat=None, lon=None, text="the camp"
    )
    halfway = replace(ALBUKAMAL, name="a point without longitude", geonameid=None, lon=None, text="there")
    store.write_result(
        make_result("doc-camp", events=(make_event("ev1", place=camp), make_event("ev2", place=halfway)))
    )
    # The undated event without a place and the camp; a latitude alone is on no map and not unplaced.
    assert store.clusters(cell=1.0).unplaced == 2
    assert store.clusters(cell=1.0, view=(37.5, 36.0, 38.5, 37.0)).unplaced == 2
    assert sum(c.count for c in store.clusters(cell=1.0).cells) == store.count_events() - 3
    assert store.clusters(EventFilter(actor="sdf"), cell=1.0).unplaced == 2


def test_clusters_keep_the_view_and_the_filters(store):
    around_manbij = (37.5, 36.0, 38.5, 37.0)
    in_view = store.clusters(cell=1.0, view=around_manbij)
    assert cells_by_place(in_view) == {("Manbij", 2): {"ASSAULT": 1, "PROTEST": 1}}
    assert in_view.unplaced == 1  # whatever the view
    consult = store.clusters(EventFilter(type="CONSULT"), cell=1.0)
    assert cells_by_place(consult) == {("Ālbū Kamāl", 1): {"CONSULT": 1}}
    assert consult.unplaced == 0
    with pytest.raises(ValueError, match="cell must be"):
        store.clusters(cell=0)


def test_a_corrected_place_and_type_move_the_event_on_the_map_and_between_regions(store):
    store.add_correction("doc-bukamal", "ev1", "place", replace(MANBIJ, text="Manbij"))
    store.add_correction("doc-bukamal", "ev1", "type", "ASSAULT")
    clusters = store.clusters(cell=1.0)
    assert cells_by_place(clusters) == {
        ("Manbij", 3): {"ASSAULT": 2, "PROTEST": 1},
        ("Ar Raqqah", 1): {"ASSAULT": 1},
    }
    regions = {(r.country, r.admin1): r.event_count for r in store.regions()}
    assert regions == {("SY", "Aleppo"): 3, ("SY", "Ar-Raqqah"): 1, (None, None): 1}
    store.add_correction("doc-manbij", "ev2", "place", None)
    assert store.clusters(cell=1.0).unplaced == 2


def test_regions_count_events_and_fatalities_most_events_first(store):
    regions = [(r.country, r.admin1, r.event_count, r.fatalities) for r in store.regions()]
    assert regions == [
        ("SY", "Aleppo", 2, 4),
        ("SY", "Ar-Raqqah", 1, 0),
        ("SY", "Deir ez-Zor", 1, 0),
        (None, None, 1, 3),
    ]
    assert [(r.admin1, r.event_count) for r in store.regions(EventFilter(since=date(2025, 3, 20)))] == [
        ("Aleppo", 1),
        ("Ar-Raqqah", 1),
    ]


def test_the_histogram_sums_fatalities_per_bucket(store):
    histogram = store.histogram(bucket="month")
    assert [(b.start, b.count, b.fatalities) for b in histogram.bins] == [
        (date(2017, 10, 1), 1, 0),
        (date(2025, 3, 1), 2, 3),
        (date(2025, 4, 1), 1, 1),
    ]
    assert (histogram.undated, histogram.undated_fatalities) == (1, 3)
