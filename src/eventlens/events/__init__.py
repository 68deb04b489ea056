"""The events stage: Parse -> events (PLOVER/ACLED), with actors, places, dates and sourcing."""

from eventlens.events.classifier import EventClassifier, event_classes
from eventlens.events.extractor import EventExtractor, Extraction
from eventlens.events.lexicon import EventLexicon, english_lexicon

__all__ = [
    "EventClassifier",
    "EventExtractor",
    "EventLexicon",
    "Extraction",
    "english_lexicon",
    "event_classes",
]
