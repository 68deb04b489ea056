"""The analyst's page over 100,000 events in a real browser (headless chromium): every matching event
is counted on the map, in the status, the timeline and the region table, and reachable from the
list; the map fits the events but for a few far-away wrong places; a phone's 390 px and print.

The database is made once per session by tests/bulk.py (records written in bulk, no NLP).
A screenshot of the region table is kept at build/screenshots/eventlens-regions.png.
"""

from __future__ import annotations

import re

import pytest

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, ROOT, PageWatch, api, serving

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)
from playwright import sync_api

from eventlens.web import create_app
from tests.bulk import OUTLIERS, bulk_store

EVENTS = 100_000
SCREENSHOT = ROOT / "build" / "screenshots" / "eventlens-regions.png"


@pytest.fixture(scope="session")
def large_db(tmp_path_factory):
    return bulk_store(tmp_path_factory.mktemp("large") / "large.sqlite", EVENTS)


@pytest.fixture(scope="module")
def server(large_db):
    with serving(create_app(large_db)) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def page_watch(browser, server, **context) -> PageWatch:
    context = browser.new_context(base_url=server, **{"viewport": {"width": 1440, "height": 900}, **context})
    context.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(30_000)
    return PageWatch(page)


@pytest.fixture
def watch(browser, server):
    watch = page_watch(browser, server)
    yield watch
    watch.page.context.close()


def total(server: str, **filters) -> int:
    histogram = api(server, "histogram", **filters)
    return sum(b["count"] for b in histogram["bins"]) + histogram["undated"]


def unplaced(server: str, **filters) -> int:
    return api(server, "clusters", cell=360, **filters)["unplaced"]


def note_counts(watch: PageWatch) -> tuple[int, int]:
    """(events without a place, events outside the view) as the map's note says them."""
    note = watch.page.text_content("#map-note").replace(",", "")
    without = re.search(r"(\d+) events? without a place", note)
    outside = re.search(r"(\d+) events? outside this view", note)
    return int(without.group(1)) if without else 0, int(outside.group(1)) if outside else 0


def shown(watch: PageWatch) -> int:
    """The events of the markers in the map's view."""
    box = watch.page.locator("#map").bounding_box()
    return sum(
        m["count"]
        for m in watch.markers()
        if box["x"] <= m["x"] <= box["x"] + box["width"] and box["y"] <= m["y"] <= box["y"] + box["height"]
    )


def test_every_event_is_counted_and_the_view_leaves_out_the_far_wrong_places(watch, server):
    watch.open("/")
    everything = total(server)
    assert everything >= EVENTS
    assert f"{everything:,} events in the database" in watch.page.text_content("#status")
    without, outside = note_counts(watch)
    assert without == unplaced(server) > 0
    assert shown(watch) + outside + without == everything
    # The few events at far-away places are outside the fitted view, which goes from Mali to Iraq.
    outliers = sum(c["count"] for c in api(server, "clusters", cell=1)["cells"] if c["lon"] < -30)
    assert outside == outliers > 0
    box = watch.page.locator("#map").bounding_box()
    on_screen = [m for m in watch.markers() if box["x"] <= m["x"] <= box["x"] + box["width"]]
    assert on_screen and all(-5 < m["lon"] < 50 for m in on_screen)
    assert {name for name, *_ in OUTLIERS}.isdisjoint(
        watch.page.eval_on_selector_all(".place-label", "ls => ls.map(l => l.textContent)")
    )
    assert watch.page.locator(".place-label").count() > 0

    # The whole world: every placed event on a marker.
    watch.page.focus(".map-svg")
    for _ in range(6):
        watch.page.keyboard.press("-")
    watch.wait_map()
    assert note_counts(watch) == (without, 0)
    assert shown(watch) == everything - without
    assert watch.errors == []


def test_a_filter_refits_the_map_and_counts_every_match(watch, server):
    watch.open("/")
    loads = watch.loads()
    watch.page.select_option("#f-type", "CONCEDE")
    watch.wait_loaded(loads)
    matching = total(server, type="CONCEDE")
    assert 0 < matching < EVENTS / 10
    assert f"{matching:,} events match type CONCEDE" in watch.page.text_content("#status")
    without, outside = note_counts(watch)
    assert shown(watch) + outside + without == matching
    bars = watch.page.eval_on_selector_all(".bar-hit", "bs => bs.map(b => Number(b.dataset.count))")
    histogram = api(server, "histogram", type="CONCEDE", bucket="month")
    assert sum(bars) == matching - histogram["undated"]


def test_the_list_pages_newest_first_and_reaches_any_event(watch, server):
    watch.open("/")
    newest = api(server, "events", order="newest", limit=50)
    assert watch.list_keys() == [e["key"] for e in newest["items"]]
    watch.page.click("#more")
    watch.page.wait_for_function(
        "() => document.querySelectorAll('#event-list button.event-item').length > 50"
    )
    second = api(server, "events", order="newest", limit=50, cursor=newest["next_cursor"])
    assert watch.list_keys() == [e["key"] for e in newest["items"] + second["items"]]

    watch.page.select_option("#order", "oldest")
    watch.page.wait_for_function(
        "key => document.querySelector('#event-list button.event-item').dataset.key === key",
        arg=api(server, "events", order="oldest", limit=1)["items"][0]["key"],
    )
    assert "order=oldest" in watch.page.url

    # Any event, here one of mid-2019, is a date filter and a click away.
    wanted = api(server, "events", since="2019-06-15", until="2019-06-15", order="newest", limit=1)["items"][
        0
    ]
    watch.open("/#since=2019-06-15&until=2019-06-15")
    watch.page.locator(f'#event-list button[data-key="{wanted["key"]}"]').click()
    mark = watch.page.wait_for_selector("#event-panel mark")
    assert mark.text_content() == wanted["evidence"]["text"]


def test_the_region_table_counts_every_event_and_filters_the_page(watch, server):
    watch.open("/#view=regions")
    page = watch.page
    page.wait_for_selector(".region-table tbody tr")
    events = page.eval_on_selector_all(
        ".region-table tbody tr td:nth-child(3)", "ts => ts.map(t => Number(t.textContent.replace(/,/g, '')))"
    )
    assert sum(events) == total(server)
    assert events == sorted(events, reverse=True)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    page.click(".region-table th button[data-sort=fatalities]")
    dead = page.eval_on_selector_all(
        ".region-table tbody tr td:nth-child(4)", "ts => ts.map(t => Number(t.textContent.replace(/,/g, '')))"
    )
    assert dead == sorted(dead, reverse=True)
    page.click(".region-table th button[data-sort=fatalities]")
    dead = page.eval_on_selector_all(
        ".region-table tbody tr td:nth-child(4)", "ts => ts.map(t => Number(t.textContent.replace(/,/g, '')))"
    )
    assert dead == sorted(dead)

    first = page.locator(".region-table tbody button.link").first
    region = first.text_content()
    loads = watch.loads()
    first.click()
    watch.wait_loaded(loads)
    counted = next(r for r in api(server, "regions") if r["admin1"] == region)
    assert f"{counted['event_count']:,} events match" in page.text_content("#status")
    assert f"admin1 {region}" in page.text_content("#status")
    without, outside = note_counts(watch)
    assert shown(watch) + outside + without == counted["event_count"]


def test_a_phone_gets_one_column_and_the_opened_event_in_view(browser, server):
    watch = page_watch(
        browser, server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        watch.open("/")
        page = watch.page
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for box in page.eval_on_selector_all(
            "#filters input, #filters select, #filters button",
            "es => es.map(e => e.getBoundingClientRect().right)",
        ):
            assert box <= 390
        page.locator("#event-list button.event-item").first.click()
        page.wait_for_selector("#event-panel mark")
        page.wait_for_function(
            "() => Math.abs(document.getElementById('event-panel').getBoundingClientRect().top) < 100"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.get_attribute(".legend-head", "aria-expanded") == "false"  # the legend starts folded
    finally:
        watch.page.context.close()


def test_printing_leaves_out_the_controls(watch):
    watch.open("/")
    watch.page.emulate_media(media="print")
    hidden = "sel => getComputedStyle(document.querySelector(sel)).display"
    for selector in (".filterbar", ".map-controls", ".downloads"):
        assert watch.page.evaluate(hidden, selector) == "none"
    assert watch.page.evaluate(hidden, ".views") != "none"
