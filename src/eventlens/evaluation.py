"""Scoring extracted events against hand-annotated expected events.

An annotated report is ``NAME.txt`` beside ``NAME.expected.json`` (schema: tests/data/README.md).
An expected event is found when an extracted event has its PLOVER type, a place within 25 km
(or both have none), and, for the strict score, the same actor1: the same canonical name, the
same knowledge-base actor, or overlapping text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventlens.errors import InputError
from eventlens.geo import haversine_km
from eventlens.kb import KnowledgeBase
from eventlens.model import Event, Result

PLACE_TOLERANCE_KM = 25.0
# Event attributes compared on the events found, as the expected files name them.
ATTRIBUTES = ("mode", "date", "modality", "sourcing", "fatalities")


def _attribute(event: Event, name: str) -> object:
    return event.attribution.sourcing if name == "sourcing" else getattr(event, name)


@dataclass(frozen=True)
class AnnotatedReport:
    """One report with what a good extractor should find in it."""

    path: Path
    published: date | None
    outlet: str | None
    boilerplate_lines: tuple[str, ...]
    events: tuple[dict, ...]


def load_annotated(directory: Path) -> list[AnnotatedReport]:
    """Every ``*.expected.json`` of a directory with its report, sorted by name."""
    reports = []
    for expected in sorted(directory.glob("*.expected.json")):
        data = json.loads(expected.read_text(encoding="utf-8"))
        published = data.get("published")
        reports.append(
            AnnotatedReport(
                path=expected.with_name(expected.name.removesuffix(".expected.json") + ".txt"),
                published=date.fromisoformat(published) if published else None,
                outlet=data.get("outlet"),
                boilerplate_lines=tuple(data.get("boilerplate_lines", ())),
                events=tuple(data["events"]),
            )
        )
    return reports


@dataclass
class EventScores:
    """Counts over a set of reports; the rates are derived from them."""

    expected: int = 0
    extracted: int = 0
    found_loose: int = 0  # type and place
    found_strict: int = 0  # type, place and actor1
    extracted_matching: int = 0
    # Of the events found (type, place, actor1), how many also have these attributes right.
    attributes_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found_strict / self.expected if self.expected else 1.0

    @property
    def recall_loose(self) -> float:
        return self.found_loose / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.extracted_matching / self.extracted if self.extracted else 1.0

    def as_dict(self) -> dict[str, float | int]:
        found = self.found_strict or 1
        return {
            "expected": self.expected,
            "extracted": self.extracted,
            "recall_type_place_actor1": round(self.recall, 3),
            "recall_type_place": round(self.recall_loose, 3),
            "precision_type_place": round(self.precision, 3),
            **{f"{name}_right_when_found": round(n / found, 3) for name, n in self.attributes_right.items()},
        }


class EventScorer:
    """Matches extracted events to expected ones."""

    def __init__(self, kb: KnowledgeBase):
        self._kb = kb

    def add(self, scores: EventScores, expected: Sequence[dict], result: Result) -> None:
        """Count one report's expected events against its result."""
        scores.expected += len(expected)
        scores.extracted += len(result.events)
        for wanted in expected:
            loose = [e for e in result.events if self._same_type_and_place(e, wanted)]
            if loose:
                scores.found_loose += 1
            strict = [e for e in loose if self._same_actor1(e, wanted)]
            if strict:
                scores.found_strict += 1
                for name in ATTRIBUTES:
                    if any(_attribute(e, name) == wanted.get(name) for e in strict):
                        scores.attributes_right[name] += 1
            else:
                scores.misses.append(
                    f"{result.document.source}: {wanted['type']} {wanted.get('actor1')} @ {wanted.get('place')}"
                )
        scores.extracted_matching += sum(
            1 for e in result.events if any(self._same_type_and_place(e, w) for w in expected)
        )

    def _same_type_and_place(self, event: Event, wanted: dict) -> bool:
        if event.type != wanted["type"]:
            return False
        if wanted.get("lat") is None:
            return True
        place = event.place
        if place is None or place.lat is None:
            return False
        return haversine_km(place.lat, place.lon, wanted["lat"], wanted["lon"]) <= PLACE_TOLERANCE_KM

    def _same_actor1(self, event: Event, wanted: dict) -> bool:
        name, text = wanted.get("actor1"), (wanted.get("actor1_text") or "").lower()
        if name is None:
            return True
        known = self._kb.lookup(name)
        for actor in event.actor1:
            if actor.name == name or (known is not None and actor.kb_id == known.id):
                return True
            said = actor.text.lower()
            if said and text and (said in text or text in said):
                return True
        return False


def score_reports(
    results: Iterable[Result | InputError], reports: Sequence[AnnotatedReport], kb: KnowledgeBase
) -> EventScores:
    """Score results given in the order of ``reports``."""
    scores = EventScores()
    scorer = EventScorer(kb)
    for report, result in zip(reports, results, strict=True):
        if isinstance(result, InputError):
            scores.expected += len(report.events)
            scores.misses.append(f"{report.path}: {result}")
            continue
        scorer.add(scores, report.events, result)
    return scores
