"""The Arabic events stage: Arabic triggers, word-order roles, Arabic dates and sourcing cues."""

from eventlens.events.arabic.extractor import ArabicEventExtractor
from eventlens.events.arabic.lexicon import ArabicLexicon, arabic_lexicon

__all__ = ["ArabicEventExtractor", "ArabicLexicon", "arabic_lexicon"]
