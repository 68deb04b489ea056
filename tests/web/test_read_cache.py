"""The answers kept for readers: one computation for identical requests, a new one per database version."""

from __future__ import annotations

import asyncio

from eventlens.web.read_cache import ReadCache


class CountingApp:
    """An ASGI app that answers a page of ``size`` bytes after a pause, counting its calls."""

    def __init__(self, size: int = 10, status: int = 200):
        self.calls = 0
        self.size = size
        self.status = status

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await asyncio.sleep(0.01)  # long enough for the other requests to arrive meanwhile
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b"x" * self.size})


def get(cache: ReadCache, path: str = "/api/events", query: bytes = b"") -> bytes:
    async def one():
        sent = []

        async def send(message):
            sent.append(message)

        await cache({"type": "http", "method": "GET", "path": path, "query_string": query}, None, send)
        return sent[1]["body"]

    return one()


def test_identical_requests_arriving_together_are_computed_once():
    app = CountingApp()
    cache = ReadCache(app, version=lambda: 1)

    async def many():
        return await asyncio.gather(*(get(cache) for _ in range(20)), get(cache, query=b"q=x"))

    bodies = asyncio.run(many())
    assert app.calls == 2 and set(bodies) == {b"x" * 10}


def test_a_new_database_version_and_errors_are_computed_again():
    version = [1]
    app = CountingApp()
    cache = ReadCache(app, version=lambda: version[0])
    asyncio.run(get(cache))
    asyncio.run(get(cache))
    version[0] = 2
    asyncio.run(get(cache))
    assert app.calls == 2
    failing = CountingApp(status=400)
    cache = ReadCache(failing, version=lambda: 1)
    asyncio.run(get(cache))
    asyncio.run(get(cache))
    assert failing.calls == 2


def test_the_answers_kept_stay_within_their_byte_budget():
    app = CountingApp(size=100)
    cache = ReadCache(app, version=lambda: 1, max_bytes=1600)  # 100 bytes per answer at most
    for n in range(20):
        asyncio.run(get(cache, query=str(n).encode()))
    asyncio.run(get(cache, query=b"19"))  # still kept
    asyncio.run(get(cache, query=b"0"))  # driven out
    assert app.calls == 21
