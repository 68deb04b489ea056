"""The events stage: Parse -> events (PLOVER/ACLED), with actors, places, dates and sourcing."""

from eventlens.events.extractor import EventExtractor, Extraction
from eventlens.events.lexicon import EventLexicon, english_lexicon

__all__ = ["EventExtractor", "EventLexicon", "Extraction", "english_lexicon"]
