"""What the API's routes share: the store's path, the token, and resources loaded once, on first use.

The Pipeline (spaCy models), the gazetteer and the map's outlines are loaded only when a route first
needs them, so a read-only server starts at once and never loads the NLP models.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from eventlens.config import Config
from eventlens.errors import InputError
from eventlens.geo.distance import parse_lat_lon
from eventlens.model import ActorRef, Place
from eventlens.store import Store, is_postgres_url, open_store

if TYPE_CHECKING:
    from eventlens.geo import Gazetteer
    from eventlens.kb import KnowledgeBase
    from eventlens.pipeline import Pipeline
    from eventlens.web.api_models import IngestIn


class ApiState:
    """The server's settings and lazily loaded resources; safe to share between request threads."""

    def __init__(self, store_path: str | Path, *, token: str | None, config: Config, tile_url: str | None):
        self.store_path = store_path
        self.token = token or None
        self.config = config
        self.tile_url = tile_url
        self._thread_stores = threading.local()
        self._load_lock = threading.Lock()
        # spaCy is not made to run one pipeline from several threads at once: ingests take turns.
        self._ingest_lock = threading.Lock()

    def write_refusal(self, authorization: str | None) -> tuple[int, str] | None:
        """(HTTP status, reason) to refuse a write with the given Authorization header, or None."""
        if self.token is None:
            return 403, "this server is read-only: start `eventlens serve` with --token to allow writes"
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            return 401, "a wrong or missing token"
        return None

    @contextmanager
    def store(self) -> Iterator[Store]:
        """The store of the request: for SQLite, the store of the request's thread, opened on its
        first request and kept; for PostgreSQL, a connection of the pool for this request.

        A store is not thread-safe, so each of the server's threads has its own; keeping a SQLite
        store spares each request opening the database (the schema check) and a cold page cache,
        which is most of a page's time, and readers never wait for one another's connection. A
        PostgreSQL store is cheap to open and holds a pooled connection, which a thread must not
        keep: the server has more threads than the pool has connections.
        """
        if is_postgres_url(self.store_path):
            with open_store(self.store_path) as store:
                yield store
            return
        store = getattr(self._thread_stores, "store", None)
        if store is None:
            store = self._thread_stores.store = open_store(self.store_path, create=False)
        yield store

    @cached_property
    def _pipeline(self) -> Pipeline:
        from eventlens.pipeline import Pipeline

        return Pipeline(self.config)

    @cached_property
    def _gazetteer(self) -> Gazetteer:
        from eventlens.geo import Gazetteer

        return Gazetteer.open(self.config.gazetteer_file)

    @cached_property
    def _kb(self) -> KnowledgeBase:
        from eventlens.kb import KnowledgeBase

        return KnowledgeBase.load(self.config.kb_paths)

    @cached_property
    def _outlines(self) -> bytes:
        from eventlens.web.outlines import country_outlines

        return country_outlines(self.config)

    @cached_property
    def _admin1_boundaries(self) -> bytes:
        from eventlens.web.admin1_boundaries import admin1_boundaries

        return admin1_boundaries(self._gazetteer, self.config)

    def _loaded(self, name: str) -> object:
        with self._load_lock:  # load each resource once, whichever request asks first
            return getattr(self, name)

    def outlines(self) -> bytes:
        """The country outlines GeoJSON."""
        return self._loaded("_outlines")  # type: ignore[return-value]

    def admin1_boundaries(self) -> bytes:
        """The lines between first-level divisions, as GeoJSON."""
        return self._loaded("_admin1_boundaries")  # type: ignore[return-value]

    def point(self, near: str) -> tuple[float, float]:
        """LAT,LON, or the best gazetteer match of a place name; ValueError when neither."""
        if (point := parse_lat_lon(near)) is not None:
            return point
        place = self.place(near)
        if place is None or place.lat is None or place.lon is None:
            raise ValueError(f"near: no place called {near!r} in the gazetteer; give LAT,LON instead")
        return place.lat, place.lon

    def place(self, name: str) -> Place | None:
        """The gazetteer's best place for a name, or None."""
        gazetteer: Gazetteer = self._loaded("_gazetteer")  # type: ignore[assignment]
        candidates = gazetteer.lookup(name.strip(), limit=1) if name.strip() else []
        return candidates[0].to_place(text=name.strip()) if candidates else None

    def actor_refs(self, name: str | None) -> tuple[ActorRef, ...]:
        """An analyst's actor: the KB actor the name stands for, else an unlinked one; () for none."""
        if name is None or not name.strip():
            return ()
        text = name.strip()
        kb: KnowledgeBase = self._loaded("_kb")  # type: ignore[assignment]
        actor = kb.lookup(text)
        if actor is None:
            return (ActorRef(name=text, kb_id=None, type=None, country=None, text=text),)
        return (ActorRef(name=actor.name, kb_id=actor.id, type=actor.type, country=actor.country, text=text),)

    def ingest(self, body: IngestIn) -> tuple[str, bool, int]:
        """Extract and store one report: (document id, whether it is new, its events stored)."""
        from eventlens.ingest import document_from_html, document_from_text, too_long

        source = body.url or "api"
        make = document_from_html if body.html is not None else document_from_text
        document = make(
            body.html if body.html is not None else body.text,
            source,
            url=body.url,
            outlet=body.outlet,
            title=body.title,
            published=body.published,
        )
        if (error := too_long(document, self.config)) is not None:
            raise error
        with self.store() as store:
            stored = store.result(document.id)
            if stored is not None:
                return document.id, False, len(stored.events)
        pipeline: Pipeline = self._loaded("_pipeline")  # type: ignore[assignment]
        with self._ingest_lock:
            (result,) = pipeline.run_batch([document])
        if isinstance(result, InputError):
            raise result  # the pipeline could not process it: the client hears why (400)
        with self.store() as store:
            created = store.write_result(result)
        return document.id, created, len(result.events)
