"""Scoring ACLED sub-event types on labelled snippets (``eventlens eval snippets``).

A snippet file is tab-separated with a header row naming an id column (``id``), a text column
(``text`` or ``EventSnippet``) and a label column (``label``, ``SubType`` or ``sub_event_type``),
as ACLED-coded data sets such as CASE 2021 task 2 are distributed. A label is an ACLED sub-event
type, written as ACLED writes it ("Armed clash") or as a code (``ARMED_CLASH``, see
``events/data/acled_codes.yaml``); any other label marks a snippet that should get no ACLED event
(crime, disasters, diplomacy).

Each snippet is one document; its prediction is the sub-event type of its first event that has
one (the scorer of the CASE 2021 shared task reads one label per snippet). F1 is over the
sub-event types the file uses, macro and weighted by support as in scikit-learn's ``f1_score``.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventlens.errors import InputError
from eventlens.events.resources import read_yaml
from eventlens.model import Result

_ID_COLUMNS = ("id",)
_TEXT_COLUMNS = ("text", "eventsnippet", "snippet")
_LABEL_COLUMNS = ("label", "subtype", "sub_event_type")


@dataclass(frozen=True)
class Snippet:
    """One labelled snippet; ``subtype`` is None for a snippet that tells no ACLED event."""

    id: str
    text: str
    label: str
    subtype: str | None


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@functools.lru_cache(maxsize=1)
def _subtype_of_label() -> dict[str, str]:
    """Every accepted spelling of a sub-event type (ACLED's own and the codes), folded, -> ACLED's name."""
    raw = read_yaml("acled_codes.yaml")
    spellings = {}
    for subtype, codes in raw["subtypes"].items():
        spellings[_key(subtype)] = subtype
        spellings.update((_key(code), subtype) for code in codes)
    return spellings


def load_snippets(path: Path) -> list[Snippet]:
    """The snippets of a labelled TSV file; InputError when its columns cannot be found."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = [_key(h) for h in next(reader, [])]
            columns = [_column(header, names, path) for names in (_ID_COLUMNS, _TEXT_COLUMNS, _LABEL_COLUMNS)]
            snippets = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < len(header):
                    raise InputError(
                        str(path), f"line {reader.line_num}: {len(row)} columns, the header has {len(header)}"
                    )
                snippet_id, text, label = (row[c].strip() for c in columns)
                snippets.append(Snippet(snippet_id, text, label, _subtype_of_label().get(_key(label))))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the snippet file: {exc}") from exc
    if not snippets:
        raise InputError(str(path), "no snippets")
    return snippets


def _column(header: list[str], names: Sequence[str], path: Path) -> int:
    for name in names:
        if name in header:
            return header.index(name)
    raise InputError(str(path), f"no column named {' or '.join(names)} in the header row")


def predicted_subtype(result: Result) -> str | None:
    """The sub-event type of the snippet's first event that has one."""
    return next((e.acled_subtype for e in result.events if e.acled_subtype), None)


@dataclass
class SnippetScores:
    """Gold and predicted sub-event types of the ACLED snippets, and how the others were coded."""

    gold: list[str] = field(default_factory=list)
    predicted: list[str | None] = field(default_factory=list)
    other_snippets: int = 0
    other_coded: int = 0
    misses: list[str] = field(default_factory=list)

    def per_class(self) -> dict[str, tuple[float, float, float, int]]:
        """Precision, recall, F1 and support of each gold sub-event type."""
        right, wrong_gold, wrong_pred = Counter(), Counter(), Counter()
        for g, p in zip(self.gold, self.predicted):
            if g == p:
                right[g] += 1
            else:
                wrong_gold[g] += 1
                if p is not None:
                    wrong_pred[p] += 1
        out = {}
        for label in sorted(set(self.gold)):
            tp = right[label]
            precision = tp / (tp + wrong_pred[label]) if tp + wrong_pred[label] else 0.0
            recall = tp / (tp + wrong_gold[label])
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out[label] = (precision, recall, f1, tp + wrong_gold[label])
        return out

    def as_dict(self) -> dict[str, float | int]:
        per = self.per_class()
        n = len(self.gold)
        support = sum(s for *_, s in per.values()) or 1
        return {
            "snippets": n + self.other_snippets,
            "acled_snippets": n,
            "accuracy": round(sum(g == p for g, p in zip(self.gold, self.predicted)) / n, 3) if n else 0.0,
            "weighted_f1": round(sum(f * s for _, _, f, s in per.values()) / support, 3),
            "macro_f1": round(sum(f for _, _, f, _ in per.values()) / len(per), 3) if per else 0.0,
            "no_acled_event": round(sum(p is None for p in self.predicted) / n, 3) if n else 0.0,
            "types_never_predicted": sum(1 for label in per if label not in self.predicted),
            "other_snippets": self.other_snippets,
            "other_snippets_coded": round(self.other_coded / self.other_snippets, 3)
            if self.other_snippets
            else 0.0,
        }


def score_snippets(results: Iterable[Result | InputError], snippets: Sequence[Snippet]) -> SnippetScores:
    """Score results given in the order of ``snippets``; a snippet the pipeline failed on codes nothing."""
    scores = SnippetScores()
    for snippet, result in zip(snippets, results, strict=True):
        predicted = predicted_subtype(result) if isinstance(result, Result) else None
        if snippet.subtype is None:
            scores.other_snippets += 1
            scores.other_coded += predicted is not None
            if predicted is not None:
                scores.misses.append(f"{snippet.id}: {snippet.label}, coded {predicted}")
            continue
        scores.gold.append(snippet.subtype)
        scores.predicted.append(predicted)
        if predicted != snippet.subtype:
            scores.misses.append(f"{snippet.id}: {snippet.subtype}, coded {predicted}")
    return scores
