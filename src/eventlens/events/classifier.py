"""The sentence classifier of event types: a linear model over features of the parse.

Trigger words find the events whose words the lexicon lists; reporting uses far more words than
any lexicon holds. The classifier reads a whole sentence (its lemmas, word pairs, the dependency
arcs between them, and the kinds of the actors and places it names, never their names) and says
which event class it tells, if any: an ACLED sub-event type, a PLOVER type that ACLED does not
code, or a kind of sentence that tells no conflict event (crime, disasters, sport, statistics).

It is trained by ``eventlens train`` on sentences we wrote (``data/training/*.tsv``) and shipped as
``data/event_classifier.npz``: the class names, the feature names, and a weight per class and
feature. Scoring is a sparse sum and a softmax: no model runtime is needed.
"""

from __future__ import annotations

import functools
import io
import itertools
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np

from eventlens.errors import DataError
from eventlens.events.resources import read_yaml
from eventlens.kb import KnowledgeBase
from eventlens.model import PLOVER_TYPES, Mention, Token

MODEL_RESOURCE = "data/event_classifier.npz"
# Tokens a sentence's words stand for when they name something: the kind, never the name, so that
# the model learns "ARMY fired on PROTESTERS" and not the armies it was shown.
_PLACEHOLDER_OF_LABEL = {
    "PERSON": "<person>",
    "TITLE": "<person>",
    "GPE": "<place>",
    "LOC": "<place>",
    "FAC": "<site>",
    "NORP": "<group>",
    "ORG": "<org>",
    "DATE": "<date>",
    "TIME": "<date>",
    "CARDINAL": "<num>",
}
# Arcs whose two words together say more than either alone ("fired -> protesters").
_ARCS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "amod", "compound", "attr", "acomp", "xcomp"})
_SKIPPED_POS = frozenset({"PUNCT", "SPACE", "DET", "SYM", "X"})
_STEM = 5


@dataclass(frozen=True)
class EventClass:
    """One class of the classifier (``data/event_classes.yaml``)."""

    label: str
    type: str | None
    mode: str | None
    acled: tuple[str, str] | None
    codes: frozenset[str]
    retypes: frozenset[str] = frozenset()
    requires_words: frozenset[str] = frozenset()

    @property
    def is_event(self) -> bool:
        return self.type is not None


@functools.lru_cache(maxsize=1)
def event_classes() -> dict[str, EventClass]:
    """The classes by label, read once per process."""
    raw = read_yaml("event_classes.yaml")
    classes = {}
    for label, spec in raw["classes"].items():
        if spec["type"] is not None and spec["type"] not in PLOVER_TYPES:
            raise DataError(f"event_classes.yaml: {label}: unknown PLOVER type {spec['type']!r}")
        acled = spec.get("acled")
        classes[label] = EventClass(
            label,
            spec["type"],
            spec.get("mode"),
            (acled[0], acled[1]) if acled else None,
            frozenset(spec["codes"]),
            frozenset(spec.get("retypes", ())),
            frozenset(spec.get("requires_words", ())),
        )
    return classes


# A function giving the knowledge-base actor type of a mention, or None when it is not linked.
ActorTypeOf = Callable[[Mention], "str | None"]


def actor_kinds(kb: KnowledgeBase) -> ActorTypeOf:
    """The knowledge base's actor type of a mention linked to it (``state_military``, ...)."""

    def kind(mention: Mention) -> str | None:
        actor = kb.get(mention.kb_id) if mention.kb_id else None
        return actor.type if actor else None

    return kind


def sentence_units(
    tokens: Sequence[Token], start: int, end: int, mentions: Sequence[Mention], actor_type: ActorTypeOf
) -> list[tuple[int, str]]:
    """The words of tokens [start, end) as the model reads them, each with its first token:
    lower-case lemmas, numbers as ``<num>``, and a named span as one placeholder of its kind."""
    named: dict[int, tuple[int, str]] = {}
    for m in mentions:
        if m.token_start < start or m.token_end > end:
            continue
        kind = actor_type(m)
        unit = f"<{kind}>" if kind else _PLACEHOLDER_OF_LABEL.get(m.label)
        if unit is not None:
            named.setdefault(m.token_start, (m.token_end, unit))
    units = []
    i = start
    while i < end:
        if i in named:
            last, unit = named[i]
            units.append((i, unit))
            i = last
            continue
        tok = tokens[i]
        i += 1
        if tok.pos in _SKIPPED_POS or not tok.text.strip():
            continue
        units.append((tok.i, "<num>" if tok.pos == "NUM" else tok.lemma.lower()))
    return units


def sentence_features(units: Sequence[tuple[int, str]], tokens: Sequence[Token]) -> list[str]:
    """Features of a sentence's units: each unit, each pair of neighbours, each arc of ``_ARCS``
    between two units, and for a word after a preposition the word the preposition hangs on."""
    unit_at = dict(units)
    words = [u for _, u in units]
    features = [f"w:{w}" for w in words]
    # The first letters of a long word stand for its family, which the training sentences may
    # not all have used: "bombardment" and "bombarded" share "bomba".
    features.extend(f"s:{w[:_STEM]}" for w in words if len(w) > _STEM and not w.startswith("<"))
    features.extend(f"b:{a}_{b}" for a, b in itertools.pairwise(words))
    for i, unit in units:
        tok = tokens[i]
        head = tokens[tok.head]
        if tok.dep in _ARCS and head.i in unit_at:
            features.append(f"d:{unit_at[head.i]}>{tok.dep}>{unit}")
        elif tok.dep == "pobj" and head.head in unit_at:
            features.append(f"p:{unit_at[head.head]}>{head.text.lower()}>{unit}")
    return features


@dataclass(frozen=True)
class ClassScores:
    """The classifier's answer for one sentence: each class's probability, and its feature weights."""

    probabilities: dict[str, float]

    @property
    def best(self) -> tuple[str, float]:
        label = max(self.probabilities, key=self.probabilities.__getitem__)
        return label, self.probabilities[label]


class EventClassifier:
    """Class probabilities for sentences, from the weights ``eventlens train`` wrote."""

    def __init__(
        self,
        labels: Sequence[str],
        features: Sequence[str],
        weights: np.ndarray,
        bias: np.ndarray,
        trained_on: str = "",
    ):
        self.labels = tuple(labels)
        self.trained_on = trained_on  # the hash of the training sentences (training.examples_digest)
        self.features = tuple(features)
        self._index = {f: n for n, f in enumerate(features)}
        self._weights = weights.astype(np.float32)  # (features, classes)
        self._bias = bias.astype(np.float32)
        unknown = set(self.labels) - set(event_classes())
        if unknown:
            raise DataError(f"event classifier: classes missing from event_classes.yaml: {sorted(unknown)}")

    @classmethod
    def load(cls, path: Path | None = None) -> EventClassifier:
        """The model at ``path``, or the one shipped in the package."""
        raw = path.read_bytes() if path else files("eventlens.events").joinpath(MODEL_RESOURCE).read_bytes()
        try:
            data = np.load(io.BytesIO(raw), allow_pickle=False)
            return cls(
                list(data["labels"]),
                list(data["features"]),
                data["weights"],
                data["bias"],
                str(data["trained_on"]),
            )
        except (OSError, KeyError, ValueError) as exc:
            raise DataError(f"event classifier: not a model file: {exc}") from exc

    def save(self, path: Path) -> None:
        """Write the model as a NumPy archive (no pickles), the same bytes for the same model."""
        arrays = {
            "labels": np.array(self.labels),
            "features": np.array(self.features),
            "weights": self._weights.astype(np.float16),
            "bias": self._bias,
            "trained_on": np.array(self.trained_on),
        }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                # A fixed timestamp: np.savez would stamp the time of writing into the archive.
                entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(entry, "w") as out:
                    np.lib.format.write_array(out, array, allow_pickle=False)

    def scores(self, features: Sequence[str]) -> ClassScores:
        """The class probabilities of one sentence's features."""
        logits = self._bias.copy()
        for f in features:
            n = self._index.get(f)
            if n is not None:
                logits += self._weights[n]
        exp = np.exp(logits - logits.max())
        probabilities = exp / exp.sum()
        return ClassScores({label: float(p) for label, p in zip(self.labels, probabilities)})

    def weight(self, feature: str, label: str) -> float:
        """How much one feature speaks for one class (0 for a feature the model does not know)."""
        n = self._index.get(feature)
        return 0.0 if n is None else float(self._weights[n, self.labels.index(label)])
