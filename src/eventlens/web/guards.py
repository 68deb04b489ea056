"""What the server checks before a route runs: the Host header, and for writes the token and the body size.

Both are plain ASGI middleware, so they act before anything reads or parses the body: a client
without the token, or with a body over the limit, costs the server one header's worth of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Names this machine answers to without being told: the loopback addresses and localhost.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def host_name(header: str) -> str:
    """The host of a Host header, without its port or IPv6 brackets, lower-case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


class HostAllowList:
    """Answers 400 to a request whose Host is not an allowed name.

    A web page the analyst visits can make the browser send requests to a server on localhost
    under the page's own domain name (DNS rebinding); such a request carries that name in its Host
    header, so refusing unknown names keeps the store to clients that address this server by name.
    """

    def __init__(self, app: ASGIApp, allowed: Iterable[str]):
        self.app = app
        self.allowed = frozenset(host_name(name) for name in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = host_name(Headers(scope=scope).get("host", ""))
            if host not in self.allowed:
                detail = (
                    f"unknown Host {host!r}: start `eventlens serve` with "
                    f"--allowed-host {host or 'NAME'} to allow it"
                )
                await JSONResponse({"detail": detail}, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class WriteGuard:
    """For every request that is not a read: the token first, then the body, read up to ``max_body`` bytes.

    ``refusal(authorization)`` is the (status, reason) to answer a write with, or None to let it
    in. The body is read here and handed to the route whole; a larger one is answered with 413 as
    soon as it shows (by its Content-Length, or by the bytes that came).
    """

    def __init__(self, app: ASGIApp, refusal: Callable[[str | None], tuple[int, str] | None], max_body: int):
        self.app = app
        self.refusal = refusal
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _READS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if refused := self.refusal(headers.get("authorization")):
            status, reason = refused
            extra = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            await JSONResponse({"detail": reason}, status_code=status, headers=extra)(scope, receive, send)
            return
        too_large = JSONResponse(
            {"detail": f"the body is larger than the {self.max_body:,} bytes allowed"}, status_code=413
        )
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await too_large(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body:
                await too_large(scope, receive, send)
                return
        await self.app(scope, _replay(bytes(body), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # after the body: the disconnect, when it comes
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
