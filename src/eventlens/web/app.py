"""The web app: the JSON API under /api, the analyst's page at / and its files under /static."""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventlens.config import Config
from eventlens.store import ChangeCounter, is_postgres_url, open_store
from eventlens.web.api import build_router
from eventlens.web.api_state import ApiState
from eventlens.web.guards import LOCAL_HOSTS, HostAllowList, WriteGuard
from eventlens.web.read_cache import ReadCache

STATIC_DIR = Path(__file__).parent / "static"
# Every response: never sniff a content type (report text is data, not HTML), never be framed.
_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def content_security_policy(tile_url: str | None) -> str:
    """The page's policy: everything from this server, map tiles (SVG <image>s) from the tile host too."""
    images = "'self' data:"
    if tile_url:
        # The template's origin, its {s} subdomain placeholder as a wildcard.
        parts = urlsplit(tile_url.replace("{s}", "*"))
        images += f" {parts.scheme}://{parts.netloc}"
    return (
        f"default-src 'self'; img-src {images}; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


class SecurityHeaders:
    """Adds _SECURITY_HEADERS to every HTTP response (plain ASGI: no per-request task overhead)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's 422 answer, in ASCII JSON: the errors quote the input, which may hold a lone surrogate."""
    body = json.dumps({"detail": jsonable_encoder(exc.errors())}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


def create_app(
    store_path: str | Path,
    *,
    token: str | None = None,
    config: Config | None = None,
    tile_url: str | None = None,
    allowed_hosts: Iterable[str] = (),
) -> FastAPI:
    """The FastAPI app over an existing store (a SQLite file or a PostgreSQL URL); writes need
    ``token`` (read-only without one).

    Requests must name this server as 127.0.0.1, localhost, ::1 or one of ``allowed_hosts`` in
    their Host header. Raises StoreError when the database does not exist: serving never creates
    an empty one. The store is migrated to the current schema here, once.
    """
    path = store_path if is_postgres_url(store_path) else Path(store_path).expanduser()
    open_store(path, create=False).close()
    state = ApiState(path, token=token, config=config or Config(), tile_url=tile_url)
    app = FastAPI(
        title="eventlens",
        summary="Sourced, geolocated events read out of conflict reports.",
        version=metadata.version("eventlens"),
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; the page works offline
        redoc_url=None,
    )
    app.state.api = state
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.include_router(build_router(state))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    policy = content_security_policy(tile_url)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "index.html",
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": policy},
        )

    # The last added runs first: the Host, then the token and the body size, then the answers kept.
    if isinstance(path, Path):
        # SQLite says cheaply whether anything was committed since (PRAGMA data_version); a
        # PostgreSQL server has no such counter, so its answers are computed afresh.
        app.add_middleware(ReadCache, version=ChangeCounter(path))
    app.add_middleware(WriteGuard, refusal=state.write_refusal, max_body=state.config.max_input_bytes)
    app.add_middleware(HostAllowList, allowed=(*LOCAL_HOSTS, *allowed_hosts))
    app.add_middleware(SecurityHeaders)
    return app
