"""Arabic text handling: words with offsets, folding, clitics, sentences, and the Arabic analyzer."""

from eventlens.nlp.arabic.analyzer import ArabicAnalyzer, arabic_cues, place_qualifier
from eventlens.nlp.arabic.text import (
    ArabicWord,
    clitic_readings,
    fold_word,
    sentence_bounds,
    stems,
    words_of,
)

__all__ = [
    "ArabicAnalyzer",
    "ArabicWord",
    "arabic_cues",
    "clitic_readings",
    "fold_word",
    "place_qualifier",
    "sentence_bounds",
    "stems",
    "words_of",
]
