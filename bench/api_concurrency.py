"""Latency of the web API under 200 concurrent readers: pages of 100 events, all asked at once.

    .venv/bin/python bench/api_concurrency.py [--db build/bench-api.sqlite] [--readers 200] [--json]

Uses the database of bench/api_latency.py (100,000 synthetic events, built once). Starts
`eventlens serve` in its own process, then for each scenario asks ``--readers`` pages of 100
events at the same moment and prints p50/p99/max of the requests' times:

- same page: every reader asks the first page without a filter (the page's opening view);
- mixed: the readers share out api_latency.py's ten kinds of query;
- all different: every reader asks a query no other reader asks (a one-month date range of its
  own), so no answer is shared.

The load comes from curl's parallel mode (one C process, ``--parallel-max`` readers), so the
figures are the server's, not a Python client's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from api_latency import QUERIES, build, free_port


def scenarios(readers: int) -> dict[str, list[dict]]:
    """Each scenario's query parameters, one per reader."""
    kinds = list(QUERIES.values())
    first = date(2015, 1, 1)
    return {
        "same page": [{} for _ in range(readers)],
        "mixed": [kinds[n % len(kinds)] for n in range(readers)],
        "all different": [
            {
                "since": (first + timedelta(days=7 * n)).isoformat(),
                "until": (first + timedelta(days=7 * n + 30)).isoformat(),
            }
            for n in range(readers)
        ],
    }


def ask_at_once(base: str, queries: list[dict]) -> list[float]:
    """Every query's seconds, all sent at the same moment by curl --parallel; fails on any non-200."""
    with tempfile.NamedTemporaryFile("w", suffix=".curl") as config:
        for params in queries:
            url = f"{base}/api/events?{urlencode({**params, 'limit': 100})}"
            config.write(f'url = "{url}"\noutput = /dev/null\n')
        config.flush()
        done = subprocess.run(
            [
                "curl",
                "--silent",
                "--parallel",
                "--parallel-immediate",
                "--parallel-max",
                str(len(queries)),
                "--config",
                config.name,
                "--write-out",
                "%{http_code} %{time_total}\\n",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    answers = [line.split() for line in done.stdout.splitlines()]
    failed = [code for code, _ in answers if code != "200"]
    if failed or len(answers) != len(queries):
        raise SystemExit(f"{len(failed)} request(s) failed: {sorted(set(failed))}")
    return [float(seconds) for _, seconds in answers]


def serve(db: Path, port: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "eventlens"), "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL, env=os.environ.copy())
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=1).raise_for_status()
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("build/bench-api.sqlite"))
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="Print one JSON line.")
    args = parser.parse_args()
    build(args.db, args.events)
    port = free_port()
    server = serve(args.db, port)
    figures = {}
    try:
        for name, queries in scenarios(args.readers).items():
            times = ask_at_once(f"http://127.0.0.1:{port}", queries)
            cuts = statistics.quantiles(times, n=100)
            figures[name] = {
                "p50_ms": round(cuts[49] * 1000),
                "p99_ms": round(cuts[98] * 1000),
                "max_ms": round(max(times) * 1000),
            }
    finally:
        server.terminate()
        server.wait()
    if args.json:
        print(json.dumps({"readers": args.readers, "latency": figures}))
        return
    print(f"{args.readers} readers at once, pages of 100 events")
    print(f"{'scenario':<14} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, f in figures.items():
        print(f"{name:<14} {f['p50_ms']:>8} {f['p99_ms']:>8} {f['max_ms']:>8}")


if __name__ == "__main__":
    main()
