"""The analyst's page in a real browser: Debian's headless chromium, driven by Playwright, against the
real app (uvicorn on a free local port) over the example reports run through the real pipeline.

The module is skipped when /usr/bin/chromium is missing; `.ci/run` installs it, so CI runs it.
A screenshot of the page is kept at build/screenshots/eventlens-page.png.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import re
import shutil
import socket
import struct
import threading
import time
import urllib.request
import zlib
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# On a developer's machine without chromium the module is skipped; in CI (.ci/run installs it) a
# missing browser must fail, not pass silently.
if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        "Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it with apt-get)",
        allow_module_level=True,
    )
import uvicorn
from playwright import sync_api

from eventlens.ingest import document_from_text
from eventlens.model import Document
from eventlens.store import open_store
from eventlens.web import create_app
from tests.factories import copy_store

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "build" / "screenshots" / "eventlens-page.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PWNED = "<script>window.__pwned=1</script>"

# Written for this test: a report whose text carries markup that must stay text.
HOSTILE_REPORT = f"""Gunmen attack checkpoint near Manbij {PWNED}

Gunmen attacked a checkpoint of the Manbij Military Council near Manbij on Tuesday, killing two \
fighters, a council spokesman told {PWNED} reporters.

<img src=x onerror="window.__pwned=1"> The council said it arrested three suspects after the attack.
"""

# Written for this test (Arabic): "A field source said that fighters of the Manbij Military Council
# clashed on Thursday evening with factions of the Syrian National Army south-east of Manbij."
ARABIC_TITLE = "اشتباكات جنوب شرق منبج"
ARABIC_EVIDENCE = (
    "قال مصدر ميداني إن مقاتلي مجلس منبج العسكري اشتبكوا مساء الخميس مع فصائل من الجيش الوطني السوري "
    "جنوب شرق مدينة منبج."
)
ARABIC_REPORT = f"{ARABIC_TITLE}\n\n{ARABIC_EVIDENCE} وأضاف المصدر أن الاشتباكات استمرت نحو ثلاث ساعات.\n"


def _arabic_document() -> Document:
    """An Arabic report, whose event the pipeline reads like an English one's."""
    return Document(
        id="doc_test_arabic",
        text=ARABIC_REPORT,
        source="tests/arabic.txt",
        outlet="منبج اليوم",
        title=ARABIC_TITLE,
        published=date(2025, 3, 14),
        language="ar",
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def page_db(request, example_db, pipeline, tmp_path_factory) -> str:
    """The example database plus a report full of markup and an Arabic report (a copy: the fixture is
    shared), in SQLite, then in PostgreSQL: the page's tests run on both stores."""
    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("browser") / "page.sqlite")
        shutil.copyfile(example_db, path)
    else:
        path = copy_store(example_db, request.getfixturevalue("postgres_cluster").new_database())
    hostile = document_from_text(
        HOSTILE_REPORT, "tests/hostile.txt", outlet="<b>Hostile</b> Outlet", published=date(2025, 3, 12)
    )
    with open_store(path) as store:
        for result in pipeline.run([hostile, _arabic_document()]):
            store.write_result(result)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app):
    """Serve an app with uvicorn on a free local port in a background thread; yields its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="eventlens-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the eventlens test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(page_db) -> str:
    """The real app over the test database."""
    with serving(create_app(page_db)) as base:
        yield base


def api(base: str, path: str, **params) -> dict:
    url = f"{base}/api/{path}" + (f"?{urlencode(params)}" if params else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def all_events(base: str, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = api(base, "events", limit=1000, **params, **({"cursor": cursor} if cursor else {}))
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """A page plus what it did: console errors, uncaught exceptions, every request's host."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: self.hosts.add(urlsplit(r.url).hostname or r.url))

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.wait_loaded(0)
        self.page.wait_for_selector("body[data-meta=loaded]", state="attached")

    def loads(self) -> int:
        return int(self.page.evaluate("document.body.dataset.loads"))

    def wait_loaded(self, after: int) -> None:
        """Wait until the page has finished a load of data begun after ``after`` loads."""
        self.page.wait_for_function(
            "n => Number(document.body.dataset.loads) > n && "
            "document.getElementById('main').getAttribute('aria-busy') === 'false'",
            arg=after,
        )

    def list_keys(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#event-list button.event-item", "bs => bs.map(b => b.dataset.key)"
        )

    def markers(self) -> list[dict]:
        """The map's markers: where they are, how many events each counts, the place of one-place markers."""
        self.wait_map()
        return self.page.eval_on_selector_all(
            ".marker",
            """ms => ms.map(m => {
                const box = m.querySelector('.marker-dot').getBoundingClientRect();
                return {lat: Number(m.dataset.lat), lon: Number(m.dataset.lon), count: Number(m.dataset.count),
                        place: m.dataset.place ? Number(m.dataset.place) : null,
                        x: box.x + box.width / 2, y: box.y + box.height / 2};
            })""",
        )

    def wait_map(self) -> None:
        """Wait until the map shows the cells of its zoom (fetched after a change of view)."""
        self.page.wait_for_timeout(250)  # the map asks for a view's cells a moment after it settles
        self.page.wait_for_function(
            "() => { const m = document.getElementById('map'); return !m.dataset.loading; }"
        )


@pytest.fixture
def watch(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=server)
    # The page must work offline: anything not for the test server is refused (and recorded).
    context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield PageWatch(page)
    context.close()


def test_page_loads_offline_with_no_errors_and_labelled_controls(watch, server):
    page = watch.page

    def strict_policy(route):
        # The page must work under the strictest policy: no inline script or style, this host only.
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": "default-src 'self'"}
        )

    page.route(f"{server}/", strict_policy)
    watch.open("/")
    page.wait_for_selector(".outlines path.country")
    page.wait_for_selector(".marker")

    assert watch.hosts == {"127.0.0.1"}
    assert watch.errors == []
    for landmark in ("header", "nav", "main", "aside"):
        assert page.locator(landmark).count() == 1
    unlabelled = page.eval_on_selector_all(
        "input, select, button",
        "els => els.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') "
        "&& !e.textContent.trim()).map(e => e.outerHTML)",
    )
    assert unlabelled == []
    assert page.get_attribute("#status", "aria-live") == "polite"
    assert f"{api(server, 'meta')['counts']['events']} events" in page.text_content("#status")


def mercator(lon: float, lat: float) -> tuple[float, float]:
    return lon / 360, -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)


def test_markers_count_every_event_at_its_coordinates(watch, server):
    watch.open("/")
    events = all_events(server)
    located = [e for e in events if e["place"] and e["place"]["lat"] is not None]
    watch.page.get_by_role("button", name="Zoom in", exact=True).click()
    markers = watch.markers()

    # Every located event has a marker; those the view leaves out are counted under the legend.
    assert sum(m["count"] for m in markers) == len(located)
    box = watch.page.locator("#map").bounding_box()
    on_screen = [
        m
        for m in markers
        if box["x"] <= m["x"] <= box["x"] + box["width"] and box["y"] <= m["y"] <= box["y"] + box["height"]
    ]
    outside = int(
        re.search(
            r"(\d+) events? outside", watch.page.text_content(".legend-note") + " 0 events outside"
        ).group(1)
    )
    assert sum(m["count"] for m in on_screen) + outside == len(located)
    places = {e["place"]["geonameid"]: e["place"] for e in located}
    singles = [m for m in markers if m["place"] is not None]
    assert len(singles) >= 3
    for marker in singles:
        place = places[marker["place"]]
        assert (marker["lat"], marker["lon"]) == pytest.approx((place["lat"], place["lon"]), abs=1e-6)
        assert marker["count"] == sum(1 for e in located if e["place"]["geonameid"] == marker["place"])
    # On screen: Web-Mercator, north up, one scale for x and y.
    west = min(singles, key=lambda m: m["lon"])
    east = max(singles, key=lambda m: m["lon"])
    scale = (east["x"] - west["x"]) / (mercator(east["lon"], 0)[0] - mercator(west["lon"], 0)[0])
    for marker in singles:
        mx, my = mercator(marker["lon"], marker["lat"])
        wx, wy = mercator(west["lon"], west["lat"])
        assert marker["x"] == pytest.approx(west["x"] + (mx - wx) * scale, abs=1.5)
        assert marker["y"] == pytest.approx(west["y"] + (my - wy) * scale, abs=1.5)
    north = max(singles, key=lambda m: m["lat"])
    south = min(singles, key=lambda m: m["lat"])
    assert north["y"] < south["y"]


def test_zooming_in_on_syria_shows_the_lines_between_its_governorates(watch):
    watch.open("/")
    page = watch.page
    syria = page.locator('.outlines path[data-iso="SY"]')
    syria.wait_for()
    zoom_in, zoom_out = (page.get_by_role("button", name=f"Zoom {way}", exact=True) for way in ("in", "out"))
    for _ in range(6):  # from the fitted view (zoom 7 at most) to the whole world (zoom 1)
        zoom_out.click()
    assert page.locator(".admin1").is_hidden()  # no lines inside the countries at world scale

    for _ in range(5):  # the mouse wheel over Syria, to zoom 6
        box = syria.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -120)
    lines = page.locator('.admin1 path.admin1-line[data-iso="SY"]')
    lines.wait_for()
    drawn, country = lines.bounding_box(), syria.bounding_box()
    assert drawn["width"] > country["width"] / 2 and drawn["height"] > country["height"] / 2
    for start, size in (("x", "width"), ("y", "height")):  # inside Syria, to a pixel or two
        assert country[start] - 2 <= drawn[start]
        assert drawn[start] + drawn[size] <= country[start] + country[size] + 2
    assert lines.evaluate("p => getComputedStyle(p).strokeDasharray") != "none"
    layers = page.eval_on_selector(".world", "w => [...w.children].map(g => g.getAttribute('class'))")
    assert layers.index("admin1") < layers.index("markers")

    for _ in range(6):
        zoom_out.click()
    assert page.locator(".admin1").is_hidden()
    for _ in range(5):
        zoom_in.click()
    assert lines.is_visible()
    asked = page.evaluate(
        "performance.getEntriesByType('resource').filter(r => r.name.endsWith('/api/outlines/admin1')).length"
    )
    assert asked == 1  # fetched the first time they were wanted, kept afterwards
    assert watch.errors == []


def test_filtering_by_actor_shows_only_that_actors_events(watch, server):
    watch.open("/")
    everything = set(watch.list_keys())
    actor = "Syrian National Army"
    expected = {e["key"] for e in all_events(server, actor=actor)}
    assert expected and expected < {e["key"] for e in all_events(server)}

    loads = watch.loads()
    watch.page.get_by_label("Actor", exact=True).fill(actor)
    watch.page.get_by_label("Actor", exact=True).press("Enter")
    watch.wait_loaded(loads)

    assert set(watch.list_keys()) == expected != everything
    located = [e for e in all_events(server, actor=actor) if e["place"] and e["place"]["lat"] is not None]
    assert sum(m["count"] for m in watch.markers()) == len(located)
    assert "actor=Syrian+National+Army" in watch.page.url
    assert actor in watch.page.text_content("#status")


def test_brushing_the_timeline_filters_by_period(watch, server):
    watch.open("/")
    before = set(watch.list_keys())
    bars = watch.page.locator(".bar-hit")
    first = bars.first.bounding_box()
    starts = watch.page.eval_on_selector_all(".bar-hit", "bs => bs.map(b => b.dataset.start)")
    middle = bars.nth(len(starts) // 2).bounding_box()

    loads = watch.loads()
    mouse = watch.page.mouse
    mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
    mouse.down()
    mouse.move(middle["x"] + middle["width"] / 2, middle["y"] + middle["height"] / 2, steps=5)
    mouse.up()
    watch.wait_loaded(loads)

    since = watch.page.input_value("#f-since")
    until = watch.page.input_value("#f-until")
    assert since == starts[0]
    assert starts[0] < until < starts[-1]
    expected = {e["key"] for e in all_events(server, since=since, until=until)}
    assert set(watch.list_keys()) == expected
    assert expected and expected != before
    assert watch.page.locator(".brush").count() >= 1

    loads = watch.loads()
    watch.page.get_by_role("button", name="Clear period", exact=True).click()
    watch.wait_loaded(loads)
    assert set(watch.list_keys()) == before


def test_clicking_an_event_shows_its_evidence_highlighted(watch, server):
    watch.open("/")
    page = watch.page
    page.wait_for_selector(".outlines path.country")
    events = {e["key"]: e for e in all_events(server)}
    # An event with a speaker, so the screenshot shows attribution as well as the evidence.
    quoted = [k for k in watch.list_keys() if events[k]["attribution"]["speaker"] and events[k]["actor1"]]
    key = next((k for k in quoted if events[k]["document"]["title"].startswith("Clashes flare")), quoted[0])
    page.locator(f'#event-list button[data-key="{key}"]').click()
    mark = page.wait_for_selector("#event-panel mark")

    assert mark.text_content() == events[key]["evidence"]["text"]
    panel = page.text_content("#event-panel")
    assert events[key]["modality"] in panel
    assert events[key]["attribution"]["speaker"] in panel
    assert page.locator("#event-panel dt", has_text="Attribution").count() == 1
    assert f"event={quote(key, safe='')}" in page.url or f"event={key}" in page.url
    assert watch.errors == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # Keyboard: back to the list, then a single-event marker opened with Enter.
    page.click("#event-panel button.back")
    page.wait_for_selector("#event-panel", state="hidden")
    page.focus(".map-svg")
    for _ in range(8):  # zoom in with the keyboard until some marker holds one event
        watch.wait_map()
        if page.locator('.marker[data-count="1"]').count():
            break
        page.keyboard.press("+")
    marker = page.locator('.marker[data-count="1"]').first
    at = (float(marker.get_attribute("data-lat")), float(marker.get_attribute("data-lon")))
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#event-panel mark') && location.hash.includes('event=')"
    )
    opened = events[readable_hash(page.url)["event"]]
    assert (opened["place"]["lat"], opened["place"]["lon"]) == pytest.approx(at)
    assert page.text_content("#event-panel mark") == opened["evidence"]["text"]


def test_markup_in_a_report_shows_as_text_and_never_runs(watch, server):
    hostile = [e for e in all_events(server, q="pwned")]
    assert hostile, "the hostile report gave no event"
    key = hostile[0]["key"]
    watch.open(f"/#q=pwned&event={quote(key, safe='')}")
    page = watch.page
    page.wait_for_selector("#event-panel mark")

    assert PWNED in page.text_content("#event-panel .report-text")
    assert PWNED in page.text_content("#event-panel mark")
    assert PWNED in page.text_content("#event-list")
    assert "<b>Hostile</b> Outlet" in page.text_content("#event-panel")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("aside script, aside img, aside b").count() == 0
    assert page.evaluate("document.scripts.length") == 1


def test_arabic_report_renders_right_to_left(watch, server):
    # The day of the Arabic report's event narrows the list to the events of that day, so the
    # event is listed however many events the example reports give.
    event = next(e for e in all_events(server) if e["document_id"] == "doc_test_arabic")
    arabic = event["key"]
    watch.open(f"/#since={event['date']}&until={event['date']}&event={quote(arabic, safe='')}")
    page = watch.page
    page.wait_for_selector("#event-panel mark")

    direction = "el => getComputedStyle(el).direction"
    assert page.eval_on_selector("#event-panel .report-text", direction) == "rtl"
    assert page.eval_on_selector("#event-panel blockquote.evidence", direction) == "rtl"
    assert page.get_attribute("#event-panel .report-text", "lang") == "ar"
    assert page.text_content("#event-panel mark") == ARABIC_EVIDENCE
    assert (
        page.eval_on_selector(f'#event-list button[data-key="{arabic}"] .item-evidence', direction) == "rtl"
    )
    page.click("#event-panel button.back")
    watch.open("/")
    english = next(k for k in watch.list_keys() if not k.startswith("doc_test_arabic"))
    page.locator(f'#event-list button[data-key="{english}"]').click()
    page.wait_for_function(
        "key => document.querySelector('#event-panel h2') && decodeURIComponent(location.hash).includes(key)",
        arg=english,
    )
    page.wait_for_selector("#event-panel .report-text:not([lang=ar])")
    assert page.eval_on_selector("#event-panel .report-text", direction) == "ltr"


def readable_hash(url: str) -> dict[str, str]:
    """The page state its URL's hash holds."""
    return dict(parse_qsl(urlsplit(url).fragment))


def _png(rgb: tuple[int, int, int]) -> bytes:
    """A one-pixel PNG of one colour, to stand in for a map tile."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes([0, *rgb])))
        + chunk(b"IEND", b"")
    )


def test_tiles_come_from_the_configured_tile_server(browser, page_db):
    template = "http://tiles.test/{z}/{x}/{y}.png"
    with serving(create_app(page_db, tile_url=template)) as base:
        context = browser.new_context(viewport={"width": 1200, "height": 800}, base_url=base)
        tiles: list[str] = []

        def tile(route):
            tiles.append(route.request.url)
            route.fulfill(status=200, content_type="image/png", body=_png((200, 220, 240)))

        context.route(
            lambda url: urlsplit(url).hostname not in ("127.0.0.1", "tiles.test"), lambda route: route.abort()
        )
        context.route("http://tiles.test/**", tile)
        watch = PageWatch(context.new_page())
        try:
            watch.open("/")
            page = watch.page
            page.wait_for_selector(".tiles image")
            page.wait_for_selector(".outlines path.country")
            images = page.eval_on_selector_all(
                ".tiles image",
                "ims => ims.map(i => [i.getAttribute('href'), Number(i.getAttribute('x')), Number(i.getAttribute('y'))])",
            )
            for href, x, y in images:
                z, tx, ty = map(
                    int, re.fullmatch(r"http://tiles\.test/(\d+)/(\d+)/(\d+)\.png", href).groups()
                )
                assert (x / 256 % 2**z, y / 256) == (tx, ty)
            page.wait_for_function(
                "n => performance.getEntriesByType('resource')"
                ".filter(r => r.name.startsWith('http://tiles.test/')).length >= n",
                arg=len(images),
            )
            assert tiles
            assert watch.hosts == {"127.0.0.1", "tiles.test"}
            assert watch.errors == []
            assert "tiles.test" in page.text_content(".map-credit")
        finally:
            context.close()


def test_an_analyst_corrects_an_event_from_the_panel_and_the_machine_value_stays(
    browser, example_db, tmp_path
):
    copy = tmp_path / "writable.sqlite"
    shutil.copyfile(example_db, copy)
    token = "page-token"
    with serving(create_app(copy, token=token)) as base:
        context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=base)
        context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", lambda route: route.abort())
        watch = PageWatch(context.new_page())
        try:
            event = next(e for e in all_events(base) if e["type"] != "PROTEST")
            watch.open(f"/#event={quote(event['key'], safe='')}")
            page = watch.page
            page.wait_for_selector("#event-panel .correct-form")
            page.select_option("#c-type", "PROTEST")
            page.fill("#c-note", "a sit-in, not an attack")
            page.fill("#c-token", "wrong")
            page.click("#event-panel .correct-form button[type=submit]")
            page.wait_for_selector("#event-panel .correct-outcome:has-text('401')")
            assert api(base, f"events/{event['key']}")["corrections"] == []

            page.fill("#c-token", token)
            page.click("#event-panel .correct-form button[type=submit]")
            page.wait_for_selector("#event-panel p.badge.corrected")
            assert f"(machine: {event['type']})" in page.text_content("#event-panel .facts")
            assert "a sit-in, not an attack" in page.text_content("#event-panel .corrections")
            stored = api(base, f"events/{event['key']}")
            assert (
                stored["event"]["type"] == "PROTEST" and stored["event"]["machine"]["type"] == event["type"]
            )
            assert watch.errors == [
                "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
            ]
        finally:
            context.close()


def test_the_downloads_are_the_matching_events(watch, server):
    watch.open("/#type=PROTEST")
    page = watch.page
    page.click("#downloads summary")
    href = page.get_attribute('#downloads a[data-format="csv"]', "href")
    assert "type=PROTEST" in href and "format=csv" in href
    with page.expect_download() as download:
        page.click('#downloads a[data-format="csv"]')
    with open(download.value.path(), encoding="utf-8", newline="") as saved:
        rows = list(csv.DictReader(saved))
    assert len(rows) == len(all_events(server, type="PROTEST")) > 0
