"""The one configuration object every eventlens stage is built from."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_dir

from eventlens.settings import Settings, shipped_settings


def _default_cache_dir() -> Path:
    return Path(os.environ.get("EVENTLENS_CACHE") or user_cache_dir("eventlens"))


def _event_model_from_environment() -> Path | None:
    value = os.environ.get("EVENTLENS_EVENT_MODEL")
    return Path(value) if value else None


@dataclass(frozen=True)
class Config:
    """Where eventlens keeps its built resources and how hard it works.

    ``cache_dir`` holds the gazetteer database built on first use (``EVENTLENS_CACHE``
    overrides it). ``event_model_path`` is a model of ``eventlens train`` to use instead of the
    shipped one (``EVENTLENS_EVENT_MODEL``). ``kb_paths`` adds user YAML files to the shipped knowledge base.
    ``settings`` holds the tunable numbers each stage is built with: the shipped ``settings.toml``,
    or ``load_settings(user_file)``.
    """

    cache_dir: Path = field(default_factory=_default_cache_dir)
    kb_paths: tuple[Path, ...] = ()
    gazetteer_path: Path | None = None
    # The sentence classifier of event types: a model of `eventlens train`, or the shipped one.
    event_model_path: Path | None = field(default_factory=_event_model_from_environment)
    settings: Settings = field(default_factory=shipped_settings)
    n_process: int = 1
    max_input_bytes: int = 10 * 1024 * 1024
    # The parser needs about 1 GB of working memory per 100,000 characters of one text.
    max_text_chars: int = 200_000
    allow_private: bool = False
    fetch_timeout_s: float = 20.0

    @property
    def gazetteer_file(self) -> Path:
        """The SQLite gazetteer: the configured path or ``cache_dir/gazetteer.sqlite``."""
        return self.gazetteer_path or self.cache_dir / "gazetteer.sqlite"
