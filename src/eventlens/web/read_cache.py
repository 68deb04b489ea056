"""Answers to reads, kept until the database changes: many readers asking the same cost one query.

The analyst's page asks the same few questions of a store that changes rarely (when a report is
ingested or an event corrected), so a GET under /api is answered from memory when it was answered
before at the same version of the database (``ChangeCounter``: any commit, by this server or
another process, starts a new version). Identical requests that arrive together wait for the one
being computed instead of all computing it. Only complete 200 answers are kept, up to
``max_bytes`` in all (64 MB: some 60 pages of 1,000 events, or 600 of 100), the least recently
used going first.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ReadCache:
    """ASGI middleware: GET /api/... answered from memory at an unchanged database version."""

    def __init__(self, app: ASGIApp, version: Callable[[], int], max_bytes: int = 64 * 1024 * 1024):
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.max_answer = max_bytes // 16  # so that one large answer never drives out all others
        self._version: int | None = None
        self._answers: OrderedDict[tuple, _Answer] = OrderedDict()
        self._bytes = 0
        self._computing: dict[tuple, asyncio.Future] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version != self._version:
            self._answers.clear()  # the database changed: every answer kept is stale
            self._bytes = 0
            self._version = version
        key = (version, scope["path"], scope["query_string"])
        if (answer := self._answers.get(key)) is not None:
            self._answers.move_to_end(key)
            await _replay(answer, send)
            return
        if (computing := self._computing.get(key)) is not None:
            answer = await asyncio.shield(computing)
            if answer is not None:
                await _replay(answer, send)
                return
        await self._compute(key, scope, receive, send)

    async def _compute(self, key: tuple, scope: Scope, receive: Receive, send: Send) -> None:
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._computing.setdefault(key, future)
        start: Message | None = None
        body = bytearray()
        complete = False

        async def keep(message: Message) -> None:
            nonlocal start, complete
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                if len(body) <= self.max_answer:
                    body.extend(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        answer = None
        try:
            await self.app(scope, receive, keep)
            if start is not None and start["status"] == 200 and complete and len(body) <= self.max_answer:
                answer = _Answer(200, list(start.get("headers", [])), bytes(body))
                self._keep(key, answer)
        finally:
            if self._computing.get(key) is future:
                del self._computing[key]
            future.set_result(answer)

    def _keep(self, key: tuple, answer: _Answer) -> None:
        if key[0] != self._version or key in self._answers:
            return  # computed at a version gone by, or kept already
        self._answers[key] = answer
        self._bytes += len(answer.body)
        while self._bytes > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.body)


async def _replay(answer: _Answer, send: Send) -> None:
    await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
    await send({"type": "http.response.body", "body": answer.body})
