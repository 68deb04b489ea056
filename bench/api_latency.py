"""Latency of the analyst's page over the web API, on a large database (1,000,000 events by default).

    .venv/bin/python bench/api_latency.py [--db build/bench-1m.sqlite] [--events 1000000] [--repeats 3] [--browser]

Builds the database once (tests/bulk.py: synthetic Results written through the store, then copied
in SQL; no NLP) and reuses it on later runs. Then starts `eventlens serve`'s app with uvicorn on a
free local port and, for typical filters, asks what the page asks when a filter changes, all at
once as the page does: the map's cells over the world, the timeline, the first page of the list and
the region table. It prints, per filter, the median time until the markers' answer and until every
answer (each request made unique, so the server's answer cache never serves it), and alone: the
cells of a zoomed-in view, /api/meta, /api/actors and /api/network. --browser also times the page in
headless Chromium (/usr/bin/chromium): from navigation to the first marker drawn, and from a filter
applied to its markers and counts. One JSON line with --json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import uvicorn

from eventlens.store import open_store
from eventlens.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests/bulk.py
from tests.bulk import bulk_store


def build(path: Path, n_events: int) -> None:
    """A store of at least ``n_events`` synthetic events at ``path``, made once (tests/bulk.py)."""
    if path.exists():
        with open_store(path) as store:  # migrates a store made by an older eventlens
            if store.count_events() >= n_events:
                return
        raise SystemExit(f"{path} holds fewer than {n_events:,} events; delete it to build it anew")
    started = time.perf_counter()
    bulk_store(path, n_events, template_documents=2000)
    with open_store(path) as store:
        print(f"built {store.count_events():,} events in {time.perf_counter() - started:.0f} s", flush=True)


QUERIES = {
    "none": {},
    "type (common)": {"type": "ASSAULT"},
    "type (rare)": {"type": "CONCEDE"},
    "actor": {"actor": "Hezbollah"},
    "bbox (Syria)": {"bbox": "35.5,32.3,42.4,37.3"},
    "near 25 km": {"near": "36.53,37.95", "km": 25},
    "date range (1 month)": {"since": "2019-06-01", "until": "2019-06-30"},
    "text (common)": {"q": "drone"},
    "text (rare)": {"q": "report 4242,"},
    "combined": {
        "type": "ASSAULT",
        "bbox": "35.5,32.3,42.4,37.3",
        "since": "2018-01-01",
        "min_confidence": 0.7,
    },
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What the page asks when the filters change (app.js reload), all at once.
PAGE_REQUESTS = {
    "markers": ("/api/clusters", {"cell": 1}),
    "timeline": ("/api/histogram", {"bucket": "month"}),
    "list": ("/api/events", {"limit": 50, "order": "newest"}),
    "regions": ("/api/regions", {}),
}
# Asked alone, without filters: a zoomed-in view's cells, and the answers not on the first view.
SINGLE_REQUESTS = {
    "view cells (Syria, 1/8 degree)": ("/api/clusters", {"cell": 0.125, "view": "35.5,32.3,42.4,37.3"}),
    "meta": ("/api/meta", {}),
    "actors (busiest 20)": ("/api/actors", {"limit": 20}),
    "network": ("/api/network", {}),
}
_nonce = iter(range(10**9))


def _get(client: httpx.Client, path: str, params: dict) -> float:
    """Seconds for one answer that the server's answer cache cannot give (a parameter it ignores differs)."""
    t0 = time.perf_counter()
    response = client.get(path, params={**params, "nonce": next(_nonce)})
    response.raise_for_status()
    return time.perf_counter() - t0


def _page_load(client: httpx.Client, filters: dict) -> tuple[float, float]:
    """(seconds to the markers' answer, seconds to every answer) of the page's requests sent at once."""
    done: dict[str, float] = {}
    t0 = time.perf_counter()

    def ask(name: str, path: str, params: dict) -> None:
        _get(client, path, {**params, **filters})
        done[name] = time.perf_counter() - t0

    threads = [threading.Thread(target=ask, args=(n, p, q)) for n, (p, q) in PAGE_REQUESTS.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done["markers"], max(done.values())


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app over ``db`` on a free local port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def measure(base: str, repeats: int) -> dict[str, dict[str, float]]:
    """Median and worst ms per filter (page loads) and per single request."""
    figures: dict[str, dict[str, float]] = {}
    ms = lambda seconds: round(seconds * 1000)
    with httpx.Client(base_url=base, timeout=120, limits=httpx.Limits(max_connections=8)) as client:
        for kind, filters in QUERIES.items():
            loads = [_page_load(client, filters) for _ in range(repeats)]
            figures[kind] = {
                "markers_ms": ms(statistics.median(m for m, _ in loads)),
                "all_ms": ms(statistics.median(a for _, a in loads)),
                "worst_all_ms": ms(max(a for _, a in loads)),
            }
        for kind, (path, params) in SINGLE_REQUESTS.items():
            times = [_get(client, path, params) for _ in range(repeats)]
            figures[kind] = {"median_ms": ms(statistics.median(times)), "worst_ms": ms(max(times))}
    return figures


def measure_browser(base: str) -> dict[str, float]:
    """The page in headless Chromium: ms from navigation to the first marker, and from applying a
    type filter to its markers and counts drawn."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.set_default_timeout(120_000)
        t0 = time.perf_counter()
        page.goto(f"{base}/")
        page.wait_for_selector(".marker")
        first_marker = time.perf_counter() - t0
        page.wait_for_function("() => document.getElementById('main').getAttribute('aria-busy') === 'false'")
        loads = int(page.evaluate("document.body.dataset.loads"))
        t0 = time.perf_counter()
        page.select_option("#f-type", "PROTEST")
        page.wait_for_function(
            "n => Number(document.body.dataset.loads) > n && "
            "document.getElementById('main').getAttribute('aria-busy') === 'false'",
            arg=loads,
        )
        filtered = time.perf_counter() - t0
        browser.close()
    return {"first_marker_ms": round(first_marker * 1000), "filter_ms": round(filtered * 1000)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("build/bench-1m.sqlite"))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="Also time the page in headless Chromium.")
    parser.add_argument("--json", action="store_true", help="Print one JSON line.")
    args = parser.parse_args()
    build(args.db, args.events)
    with serving(args.db) as base:
        figures = measure(base, args.repeats)
        browser = measure_browser(base) if args.browser else None
    if args.json:
        print(
            json.dumps(
                {"events": args.events, "repeats": args.repeats, "latency": figures, "browser": browser}
            )
        )
        return
    print(f"{'filter':<22} {'markers ms':>11} {'all ms':>8} {'worst ms':>9}")
    for kind in QUERIES:
        f = figures[kind]
        print(f"{kind:<22} {f['markers_ms']:>11} {f['all_ms']:>8} {f['worst_all_ms']:>9}")
    print(f"\n{'alone':<32} {'median ms':>10} {'worst ms':>9}")
    for kind in SINGLE_REQUESTS:
        f = figures[kind]
        print(f"{kind:<32} {f['median_ms']:>10} {f['worst_ms']:>9}")
    if browser:
        print(
            f"\nbrowser: first marker {browser['first_marker_ms']} ms, a type filter {browser['filter_ms']} ms"
        )


if __name__ == "__main__":
    main()
