"""Analysts' corrections as stored values: typed values to JSON and back, applied to an event.

A correction never changes the machine's row: the corrected view is the machine's event with the
latest correction of each field laid over it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from eventlens.model import PLOVER_TYPES, ActorRef, Event, Place
from eventlens.store.records import CORRECTABLE_FIELDS

CorrectionValue = str | tuple[ActorRef, ...] | Place | None


def correction_json(field: str, value: CorrectionValue) -> Any:
    """The JSON value stored for a correction of ``field``; ValueError when it does not fit."""
    if field == "type":
        if not isinstance(value, str) or value.upper() not in PLOVER_TYPES:
            raise ValueError(
                f"a type correction is one of the PLOVER types {', '.join(PLOVER_TYPES)}; got {value!r}"
            )
        return value.upper()
    if field in ("actor1", "actor2"):
        if not isinstance(value, tuple) or not all(isinstance(ref, ActorRef) for ref in value):
            raise ValueError(f"an {field} correction is a tuple of ActorRef; got {value!r}")
        return [dataclasses.asdict(ref) for ref in value]
    if field == "place":
        if value is not None and not isinstance(value, Place):
            raise ValueError(f"a place correction is a Place or None; got {value!r}")
        return dataclasses.asdict(value) if value is not None else None
    raise ValueError(f"{field!r} cannot be corrected; the fields are {', '.join(CORRECTABLE_FIELDS)}")


def correction_value(field: str, stored: Any) -> CorrectionValue:
    """The typed value of a stored correction (the inverse of ``correction_json``)."""
    if field == "type":
        return str(stored)
    if field in ("actor1", "actor2"):
        return tuple(ActorRef(**ref) for ref in stored)
    if field == "place":
        return Place(**stored) if stored is not None else None
    raise ValueError(f"{field!r} cannot be corrected")


def apply_corrections(event: Event, latest: Mapping[str, Any]) -> Event:
    """The event with each field of ``latest`` (field -> stored JSON value) replaced."""
    if not latest:
        return event
    return dataclasses.replace(
        event, **{field: correction_value(field, value) for field, value in latest.items()}
    )
