"""Training the sentence classifier of event types on labelled sentences we wrote (``eventlens train``).

The training files (``events/data/training/*.tsv``: ``LABEL<TAB>TEXT``, ``#`` comments) are parsed
by the same NLP stage the pipeline runs, so the model sees the features it will see at run time.
The fit is deterministic: the same files give the same model, byte for byte.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np

from eventlens.config import Config
from eventlens.errors import DataError
from eventlens.events.classifier import (
    EventClassifier,
    actor_kinds,
    event_classes,
    sentence_features,
    sentence_units,
)
from eventlens.geo import Gazetteer
from eventlens.kb import KnowledgeBase
from eventlens.model import Document, Parse
from eventlens.nlp import TextAnalyzer

# A feature seen in fewer training sentences than this is noise the model would learn by heart.
MIN_FEATURE_COUNT = 2
# Inverse strength of the L2 penalty (scikit-learn's C); chosen by 5-fold cross-validation on the
# training sentences (`eventlens train --cv 5`), never on evaluation data.
REGULARISATION_C = 4.0


@dataclass(frozen=True)
class TrainingExample:
    """One labelled sentence (or short passage) of a training file."""

    label: str
    text: str
    source: str


def default_training_dir() -> Path:
    """The training files shipped with eventlens."""
    return Path(str(files("eventlens.events").joinpath("data/training")))


def default_model_path() -> Path:
    """Where the shipped model lives (inside the package)."""
    return Path(str(files("eventlens.events").joinpath("data/event_classifier.npz")))


def read_examples(paths: Iterable[Path]) -> list[TrainingExample]:
    """The examples of the given TSV files (directories: their ``*.tsv``), in a stable order."""
    labels = event_classes()
    examples = []
    for path in sorted(_tsv_files(paths)):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            label, sep, text = line.partition("\t")
            if not sep or not text.strip() or "\t" in text:
                raise DataError(f"{path}:{number}: expected LABEL<TAB>TEXT")
            if label not in labels:
                raise DataError(
                    f"{path}:{number}: unknown class {label!r} (see events/data/event_classes.yaml)"
                )
            examples.append(TrainingExample(label, text.strip(), f"{path.name}:{number}"))
    if not examples:
        raise DataError("no training examples found")
    return examples


def _tsv_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from path.glob("*.tsv")
        elif path.is_file():
            yield path
        else:
            raise DataError(f"{path}: no such training file or folder")


def examples_digest(examples: Sequence[TrainingExample]) -> str:
    """A short hash of the training data, stored in the model to say what it was trained on."""
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.label}\t{e.text}\n".encode())
    return digest.hexdigest()[:16]


class FeatureReader:
    """The classifier's features of whole texts, read with the pipeline's own NLP stage."""

    def __init__(self, config: Config):
        self._kb = KnowledgeBase.load(config.kb_paths)
        self._actor_kinds = actor_kinds(self._kb)
        self._analyzer = TextAnalyzer(
            self._kb,
            Gazetteer.open(config.gazetteer_file, config.settings.gazetteer),
            batch_size=config.settings.pipeline.batch_size,
        )

    def features(self, texts: Iterable[str]) -> Iterator[list[str]]:
        documents = (Document(id=f"train_{n}", text=t, source="training") for n, t in enumerate(texts))
        for parse in self._analyzer.analyze(documents):
            yield self._of_parse(parse)

    def _of_parse(self, parse: Parse) -> list[str]:
        units = sentence_units(parse.tokens, 0, len(parse.tokens), parse.mentions, self._actor_kinds)
        return sentence_features(units, parse.tokens)


def fit(
    featured: Sequence[list[str]], labels: Sequence[str], c: float = REGULARISATION_C, trained_on: str = ""
) -> EventClassifier:
    """A multinomial logistic regression over binary features seen at least ``MIN_FEATURE_COUNT`` times."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for features in featured for f in set(features))
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {f: n for n, f in enumerate(vocabulary)}
    rows, cols = [], []
    for row, features in enumerate(featured):
        for col in sorted({index[f] for f in features if f in index}):
            rows.append(row)
            cols.append(col)
    matrix = csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(featured), len(vocabulary))
    )
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(matrix, list(labels))
    weights, bias = model.coef_.T, model.intercept_
    if len(model.classes_) == 2:
        # scikit-learn keeps one column for two classes: the logit of the second against the first.
        weights, bias = np.hstack([np.zeros_like(weights), weights]), np.concatenate([[0.0], bias])
    return EventClassifier(list(model.classes_), vocabulary, weights, bias, trained_on)


def cross_validate(
    featured: Sequence[list[str]], labels: Sequence[str], folds: int, c: float = REGULARISATION_C
) -> float:
    """Accuracy of ``fit`` on held-out folds of the training data (every ``folds``-th example)."""
    right = 0
    for fold in range(folds):
        train = [n for n in range(len(labels)) if n % folds != fold]
        test = [n for n in range(len(labels)) if n % folds == fold]
        model = fit([featured[n] for n in train], [labels[n] for n in train], c)
        right += sum(model.scores(featured[n]).best[0] == labels[n] for n in test)
    return right / len(labels)
