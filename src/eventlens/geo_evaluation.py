"""Scoring geoparsing (finding place names and placing them) against a hand-annotated gold set.

The gold set is JSON Lines, one report a line (schema: tests/data/geo/README.md): the text and
every place name in it as a span with the coordinates of the place it names (and, optionally,
its GeoNames id). The real Pipeline reads each text; the places of its Result, with the stretches
of text that name them, are the predictions (the pipeline outputs only the mentions it resolved,
so a name it found but left unresolved counts as not found). Figures, after Gritta et al. (2018),
"What's missing in geographical parsing?":

- recognition, with exact spans (``precision_exact``, ``recall_exact``, ``f1_exact``: the same
  start and end) and with overlapping ones (``precision``, ``recall``, ``f1``);
- resolution, over the gold spans found (overlapping): ``accuracy_161km``, the share placed
  within 161 km (100 miles) of the gold point; ``median_km``, ``mean_km``; ``auc``, the area under
  the curve of the sorted errors scaled as ln(1 + km) / ln(20039) (20039 km being the farthest two
  points on Earth can be apart): 0 is perfect, 1 the worst. A place with the gold GeoNames id is
  0 km off, wherever the two sources put its point;
- end to end: ``end_to_end_161km``, the share of all gold spans found and placed within 161 km.
"""

from __future__ import annotations

import itertools
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
        return Document(
            id=self.id, text=self.text, source=self.id, published=self.published, language=self.language
        )


def load_gold(path: Path) -> list[GoldReport]:
    """The reports of a gold JSON Lines file; DataError when a line or a span is malformed."""
    reports = []
    try:
        # JSON Lines ends lines with \n (or \r\n) only; str.splitlines() would also split at
        # U+0085, U+2028 and other characters a JSON string may hold unescaped.
        lines = [line.removesuffix("\r") for line in Path(path).read_text(encoding="utf-8").split("\n")]
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
                raise DataError(
                    f"{where}: span {t.start}-{t.end} is {text[t.start : t.end]!r}, not {t.text!r}"
                )
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
        """Distance from the predicted place to the gold point (0 for the gold GeoNames id);
        None when not detected."""
        if self.place is None:
            return None
        if self.gold.geonameid is not None and self.place.geonameid == self.gold.geonameid:
            return 0.0
        if self.place.lat is None or self.place.lon is None:
            return None
        return haversine_km(self.place.lat, self.place.lon, self.gold.lat, self.gold.lon)

    @property
    def right(self) -> bool:
        error = self.error_km
        return error is not None and error <= ACCURACY_KM


@dataclass
class GeoScores:
    """The outcome of every gold span, the predicted mentions no gold span overlaps, and the
    counts of exact span matches."""

    outcomes: list[ToponymOutcome] = field(default_factory=list)
    predicted: int = 0
    spurious: list[tuple[str, TextSpan, Place]] = field(default_factory=list)
    exact_matches: int = 0

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
        """Share of the gold spans found that are placed within 161 km."""
        errors = self.errors_km
        return sum(e <= ACCURACY_KM for e in errors) / len(errors) if errors else 1.0

    @property
    def end_to_end(self) -> float:
        """Share of all gold spans found and placed within 161 km."""
        return sum(o.right for o in self.outcomes) / len(self.outcomes) if self.outcomes else 1.0

    def as_dict(self) -> dict[str, float | int | None]:
        errors = self.errors_km
        gold = len(self.outcomes)
        precision_exact = self.exact_matches / self.predicted if self.predicted else 1.0
        recall_exact = self.exact_matches / gold if gold else 1.0
        return {
            "gold_toponyms": gold,
            "predicted_mentions": self.predicted,
            "precision_exact": round(precision_exact, 3),
            "recall_exact": round(recall_exact, 3),
            "f1_exact": round(_f1(precision_exact, recall_exact), 3),
            "detected": len(errors),
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(_f1(self.precision, self.recall), 3),
            "accuracy_161km": round(self.accuracy, 3),
            "median_km": round(statistics.median(errors), 1) if errors else None,
            "mean_km": round(statistics.fmean(errors), 1) if errors else None,
            "auc": round(error_auc(errors), 3) if errors else None,
            "end_to_end_161km": round(self.end_to_end, 3),
        }

    def misses(self) -> list[str]:
        """One line per gold span missed or placed too far, then per spurious mention."""
        lines = []
        for o in self.outcomes:
            if o.right:
                continue
            g = o.gold
            gold = f"gold {g.lat:.3f},{g.lon:.3f} {g.country or ''}"
            if o.error_km is None:
                lines.append(f"missed: {o.report_id}: {g.text!r} @{g.start} ({gold}) not found")
            else:
                p = o.place
                lines.append(
                    f"wrong: {o.report_id}: {g.text!r} @{g.start} -> {p.name} {p.lat:.3f},{p.lon:.3f} "
                    f"{p.country or ''} ({gold}, {o.error_km:.0f} km)"
                )
        for report_id, mention, place in self.spurious:
            lines.append(
                f"extra: {report_id}: {mention.text!r} @{mention.start} -> {place.name} {place.country or ''}"
            )
        return lines


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def error_auc(errors_km: Sequence[float]) -> float:
    """Area under the sorted, log-scaled error curve (trapezoids over unit steps, normalised)."""
    scaled = sorted(math.log1p(e) / math.log(MAX_ERROR_KM) for e in errors_km)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(scaled))
    return area / (len(scaled) - 1)


def score_geo(results: Iterable[Result], reports: Sequence[GoldReport]) -> GeoScores:
    """Score results given in the order of ``reports``."""
    scores = GeoScores()
    for report, result in zip(reports, results, strict=True):
        predicted = [(span, pm.place) for pm in result.places for span in pm.mentions]
        scores.predicted += len(predicted)
        gold_spans = {(g.start, g.end) for g in report.toponyms}
        scores.exact_matches += len(gold_spans & {(span.start, span.end) for span, _ in predicted})
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
