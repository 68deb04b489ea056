"""The tunable numbers of eventlens, one typed section per stage, read from ``settings.toml``.

The shipped file (beside this module) holds every value with a comment saying what it was tuned
on. A user file replaces values key by key::

    [resolver]
    threshold = 3.4

    [classifier]
    drop_threshold = 0.6

``load_settings(path)`` gives the shipped settings with the user file's values in place; an
unknown section or key, a value of the wrong type, or a file that is not TOML is a DataError
naming the file and the key. ``Config.settings`` carries the result, and each stage is built
with its own section (``ToponymResolver(gazetteer, settings.resolver)``), never reading a global.

TOML, read with the standard library's ``tomllib``, rather than YAML: its numbers are typed
(``3`` and ``3.0``, never ``yes`` or a string by accident), and its ``[section]`` tables map
one to one onto the frozen dataclasses below.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import tomllib
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from eventlens.errors import DataError

# A count that must be at least one: a batch of no documents would end a run at once.
_AT_LEAST_ONE = {"minimum": 1}


@dataclass(frozen=True)
class FeatureBonus:
    """What a candidate place's kind adds to its score (a curated point gets ``curated_bonus``)."""

    country: float
    continent: float
    admin1: float
    populated: float

    def of(self, feature: str) -> float | None:
        """The bonus of a GeoNames feature kind; None for a curated point or region."""
        return getattr(self, feature) if feature in GEONAMES_FEATURES else None


# The kinds of place GeoNames has; the gazetteer's other places are our curated points and regions.
GEONAMES_FEATURES = frozenset(f.name for f in dataclasses.fields(FeatureBonus))


@dataclass(frozen=True)
class GazetteerSettings:
    """How names match the gazetteer's, and which of its names the NLP stage's ruler knows."""

    key_similarity: float
    loose_key_similarity: float
    short_key_letters: int
    short_key_factor: float
    fuzzy_similarity_scale: float
    fuzzy_min_key_letters: int
    fuzzy_cutoff: float
    fuzzy_length_slack: int
    lookup_cache_entries: int
    ruler_focus_min_population: int
    ruler_world_min_population: int
    ruler_short_letters: int
    context_world_min_population: int
    arabic_alone_min_population: int


@dataclass(frozen=True)
class ResolverSettings:
    """Weights, penalties and cut-offs of the toponym resolver (see geo/resolver.py)."""

    similarity_weight: float
    size_weight: float
    focus_weight: float
    neighbour_weight: float
    proximity_weight: float
    sentence_region_weight: float
    qualifier_weight: float
    curated_bonus: float
    namesake_penalty: float
    namesake_city_population: int
    key_beside_exact: float
    common_word_penalty: float
    off_focus_penalty: float
    off_focus_key_penalty: float
    unique_name_bonus: float
    foreign_alias_penalty: float
    unknown_population: int
    support_margin: float
    hint_votes: float
    demonym_votes: float
    unambiguous_margin: float
    proximity_km: float
    proximity_closest_share: float
    stray_km: float
    stray_max_population: int
    threshold: float
    score_scale: float
    max_rounds: int
    lookup_limit: int = field(metadata=_AT_LEAST_ONE)
    min_similarity: float
    min_town_letters: int
    region_of_town_similarity: float
    namesake_similarity_margin: float
    feature_bonus: FeatureBonus


@dataclass(frozen=True)
class ClassifierSettings:
    """How sure the sentence classifier must be to act (probabilities of its best class)."""

    code_threshold: float
    new_event_threshold: float
    drop_threshold: float
    drop_unnamed_threshold: float
    keep_threshold: float
    overrule_threshold: float
    lede_no_event_threshold: float
    after_lede_threshold: float
    class_trigger_confidence: float


@dataclass(frozen=True)
class EventSettings:
    """How the event rules read what a report implies (see events/)."""

    historical_days: int
    casualty_gap_chars: int
    inferred_place_score_factor: float


@dataclass(frozen=True)
class ConfidenceSettings:
    """How an event's confidence moves from its trigger's own (see events/confidence.py)."""

    known_doer_bonus: float
    no_doer_penalty: float
    no_place_penalty: float
    anonymous_penalty: float
    not_asserted_penalty: float
    nominal_penalty: float
    floor: float
    ceiling: float


@dataclass(frozen=True)
class ArabicSettings:
    """How many words around a trigger or a name the Arabic rules read (see events/arabic/)."""

    trigger_context_words: int
    call_reach: int
    modality_reach: int
    speaker_words: int
    fatality_reach: int
    light_verb_reach: int
    subject_reach: int
    marker_reach: int


@dataclass(frozen=True)
class PipelineSettings:
    """How the Pipeline batches documents."""

    batch_size: int = field(metadata=_AT_LEAST_ONE)
    batches_in_flight_per_worker: int = field(metadata=_AT_LEAST_ONE)


@dataclass(frozen=True)
class DaskSettings:
    """How ``ingest --dask`` cuts the documents into partitions and keeps the workers busy."""

    partition_documents: int = field(metadata=_AT_LEAST_ONE)
    partitions_in_flight_per_thread: int = field(metadata=_AT_LEAST_ONE)


@dataclass(frozen=True)
class Settings:
    """Every tunable number, one section per stage."""

    gazetteer: GazetteerSettings
    resolver: ResolverSettings
    classifier: ClassifierSettings
    events: EventSettings
    confidence: ConfidenceSettings
    arabic: ArabicSettings
    pipeline: PipelineSettings
    dask: DaskSettings


SHIPPED_FILE = "settings.toml"


@functools.cache
def shipped_settings() -> Settings:
    """The settings of the shipped ``settings.toml``."""
    text = resources.files("eventlens").joinpath(SHIPPED_FILE).read_text(encoding="utf-8")
    return _settings(_parsed(text, f"eventlens/{SHIPPED_FILE}"), f"eventlens/{SHIPPED_FILE}")


def load_settings(path: Path | None = None) -> Settings:
    """The shipped settings, with the values of the user file at ``path`` (if any) in their place."""
    if path is None:
        return shipped_settings()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DataError(f"{path}: cannot read the settings file ({reason})") from None
    shipped = dataclasses.asdict(shipped_settings())
    return _settings(_overlaid(shipped, _parsed(text, str(path)), str(path), ""), str(path))


def _parsed(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{source}: not a valid settings file ({exc})") from None


def _overlaid(shipped: dict[str, Any], user: dict[str, Any], source: str, prefix: str) -> dict[str, Any]:
    """``shipped`` with ``user``'s values in place, key by key; a key ``shipped`` lacks is an error."""
    merged = dict(shipped)
    for key, value in user.items():
        name = f"{prefix}{key}"
        if key not in shipped:
            raise DataError(
                f"{source}: unknown setting {name!r} (the settings are those of eventlens/{SHIPPED_FILE})"
            )
        if isinstance(shipped[key], dict):
            if not isinstance(value, dict):
                raise DataError(f"{source}: {name!r} is a section ([{name}]), not a value")
            merged[key] = _overlaid(shipped[key], value, source, f"{name}.")
        else:
            merged[key] = value
    return merged


def _settings(values: dict[str, Any], source: str) -> Settings:
    return _section(Settings, values, source, "")


def _section(cls: type, values: Any, source: str, prefix: str) -> Any:
    """An instance of the dataclass ``cls`` from a table of the file, every key checked."""
    where = prefix.rstrip(".") or "the file"
    if not isinstance(values, dict):
        raise DataError(f"{source}: {where!r} must be a section")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise DataError(f"{source}: unknown setting {prefix + unknown[0]!r}")
    missing = [name for name in fields if name not in values]
    if missing:
        raise DataError(f"{source}: setting {prefix + missing[0]!r} is missing")
    types = typing.get_type_hints(cls)
    return cls(
        **{
            name: _value(types[name], values[name], f.metadata.get("minimum", 0), source, prefix + name)
            for name, f in fields.items()
        }
    )


def _value(kind: type, value: Any, minimum: float, source: str, name: str) -> Any:
    if dataclasses.is_dataclass(kind):
        return _section(kind, value, source, f"{name}.")
    # bool is an int to Python, never a number here; a float setting takes 2 as 2.0.
    wanted = (int,) if kind is int else (int, float)
    if isinstance(value, bool) or not isinstance(value, wanted):
        noun = "a whole number" if kind is int else "a number"
        raise DataError(f"{source}: setting {name!r} must be {noun}, not {value!r}")
    if not math.isfinite(value) or value < minimum:
        raise DataError(
            f"{source}: setting {name!r} must be a finite number of at least {minimum}, not {value!r}"
        )
    return kind(value)
