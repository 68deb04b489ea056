"""Scoring geoparsing (finding place names and placing them) against a hand-annotated gold set.

The gold set is JSON Lines, one report a line (schema: tests/data/geo/README.md): the text and
every place name in it as a span with the coordinates of the place it names. The real Pipeline
reads each text; the places of its Result, with the stretches of text that name them, are the
predictions. A gold span is *detected* when a predicted mention overlaps it (the pipeline
outputs only the mentions it resolved, so a name it found but left unresolved counts as not
detected). Figures, after Gritta et al. (2018), "What's missing in geographical parsing?":

- ``recall``: detected gold spans / gold spans; ``precision``: predicted mentions that overlap
  a gold span / predicted mentions;
- ``accuracy_161km``: gold spans placed within 161 km (100 miles) of the gold point / all gold
  spans, a missed span counting as wrong; ``accuracy_161km_detected`` the same over detected ones;
- ``median_km``, ``mean_km`` and ``auc``: over the detected spans, the error distance, and the
  area under the curve of the sorted errors scaled as ln(1 + km) / ln(20039) (20039 km being
  the farthest two points on Earth can be apart): 0 is perfect, 1 the worst, lower is better.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventlens.errors import DataError
from eventlens.geo import haversine_km
from eventlens.model import Document, Place, Result, TextSpan

ACCURACY_KM = 161.0
# Half the Earth's circumference: no error can be larger.
MAX_ERROR_KM = 20039.0


@dataclass(frozen=True)
class GoldToponym:
    """A place name in a gold text and the place it names."""

    start: int
    end: int
    text: str
    lat: float
    lon: float
    country: str | None
    feature: str
    geonameid: int | None = None
    note: str = ""


@dataclass(frozen=True)
class GoldReport:
    """A gold text with all its place names."""

    id: str
    text: str
    published: date | None
    toponyms: tuple[GoldToponym, ...]
    language: str = "en"

    def document(self) -> Document:
        """The report as the pipeline reads it: the text as written, offsets unchanged."""
        return Document(id=self.id, text=self.text, source=self.id, published=self.published, language=self.language)


def load_gold(path: Path) -> list[GoldReport]:
    """The reports of a gold JSON Lines file; DataError when a line or a span is malformed."""
    reports = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"{path}: cannot read the gold set ({exc.strerror})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
            text = data["text"]
            toponyms = tuple(
                GoldToponym(
                    start=t["start"],
                    end=t["end"],
                    text=t["text"],
                    lat=float(t["lat"]),
                    lon=float(t["lon"]),
                    country=t.get("country"),
                    feature=t.get("feature", ""),
                    geonameid=t.get("geonameid"),
                    note=t.get("note", ""),
                )
                for t in data["toponyms"]
            )
            published = date.fromisoformat(data["published"]) if data.get("published") else None
            report = GoldReport(str(data["id"]), text, published, toponyms, data.get("language", "en"))
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"{where}: not a gold report ({exc!r})") from exc
        for t in toponyms:
            if text[t.start : t.end] != t.text:
                raise DataError(f"{where}: span {t.start}-{t.end} is {text[t.start:t.end]!r}, not {t.text!r}")
        reports.append(report)
    if not reports:
        raise DataError(f"{path}: no gold reports")
    return reports


@dataclass(frozen=True)
class ToponymOutcome:
    """What the pipeline made of one gold span: the mention that overlaps it and its place."""

    report_id: str
    gold: GoldToponym
    mention: TextSpan | None = None
    place: Place | None = None

    @property
    def error_km(self) -> float | None:
        """Distance from the predicted place to the gold point; None when not detected."""
        if self.place is None or self.place.lat is None or self.place.lon is None:
            return None
        return haversine_km(self.place.lat, self.place.lon, self.gold.lat, self.gold.lon)

    @property
    def right(self) -> bool:
        error = self.error_km
        return error is not None and error <= ACCURACY_KM


@dataclass
class GeoScores:
    """The outcome of every gold span and the predicted mentions no gold span overlaps."""

    outcomes: list[ToponymOutcome] = field(default_factory=list)
    predicted: int = 0
    spurious: list[tuple[str, TextSpan, Place]] = field(default_factory=list)

    @property
    def errors_km(self) -> list[float]:
        return [e for o in self.outcomes if (e := o.error_km) is not None]

    @property
    def recall(self) -> float:
        return len(self.errors_km) / len(self.outcomes) if self.outcomes else 1.0

    @property
    def precision(self) -> float:
        return (self.predicted - len(self.spurious)) / self.predicted if self.predicted else 1.0

    @property
    def accuracy(self) -> float:
        return sum(o.right for o in self.outcomes) / len(self.outcomes) if self.outcomes else 1.0

    @property
    def accuracy_detected(self) -> float:
        errors = self.errors_km
        return sum(e <= ACCURACY_KM for e in errors) / len(errors) if errors else 1.0

    def as_dict(self) -> dict[str, float | int | None]:
        errors = self.errors_km
        return {
            "gold_toponyms": len(self.outcomes),
            "predicted_mentions": self.predicted,
            "detected": len(errors),
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "accuracy_161km": round(self.accuracy, 3),
            "accuracy_161km_detected": round(self.accuracy_detected, 3),
            "median_km": round(statistics.median(errors), 1) if errors else None,
            "mean_km": round(statistics.fmean(errors), 1) if errors else None,
            "auc": round(error_auc(errors), 3) if errors else None,
        }

    def misses(self) -> list[str]:
        """One line per gold span missed or placed too far, then per spurious mention."""
        lines = []
        for o in self.outcomes:
            if o.right:
                continue
            g = o.gold
            gold = f"gold {g.lat:.3f},{g.lon:.3f} {g.country or ''}"
            if o.mention is None or o.place is None:
                lines.append(f"missed: {o.report_id}: {g.text!r} @{g.start} ({gold}) not found")
            else:
                p = o.place
                lines.append(
                    f"wrong: {o.report_id}: {g.text!r} @{g.start} -> {p.name} {p.lat:.3f},{p.lon:.3f} "
                    f"{p.country or ''} ({gold}, {o.error_km:.0f} km)"
                )
        for report_id, mention, place in self.spurious:
            lines.append(f"extra: {report_id}: {mention.text!r} @{mention.start} -> {place.name} {place.country or ''}")
        return lines


def error_auc(errors_km: Sequence[float]) -> float:
    """Area under the sorted, log-scaled error curve (trapezoids over unit steps, normalised)."""
    scaled = sorted(math.log1p(e) / math.log(MAX_ERROR_KM) for e in errors_km)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in zip(scaled, scaled[1:]))
    return area / (len(scaled) - 1)


def score_geo(results: Iterable[Result], reports: Sequence[GoldReport]) -> GeoScores:
    """Score results given in the order of ``reports``."""
    scores = GeoScores()
    for report, result in zip(reports, results, strict=True):
        predicted = [(span, pm.place) for pm in result.places for span in pm.mentions]
        scores.predicted += len(predicted)
        for gold in report.toponyms:
            best, best_overlap = None, 0
            for i, (span, _) in enumerate(predicted):
                overlap = min(span.end, gold.end) - max(span.start, gold.start)
                if overlap > best_overlap:
                    best, best_overlap = i, overlap
            if best is None:
                scores.outcomes.append(ToponymOutcome(report.id, gold))
                continue
            span, place = predicted[best]
            scores.outcomes.append(ToponymOutcome(report.id, gold, span, place))
        scores.spurious += [
            (report.id, span, place)
            for span, place in predicted
            if not any(span.start < g.end and g.start < span.end for g in report.toponyms)
        ]
    return scores
