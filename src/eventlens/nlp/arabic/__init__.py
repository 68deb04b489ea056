"""Arabic text handling: words with offsets, folding, clitics, sentences, and the Arabic analyzer."""

from eventlens.nlp.arabic.analyzer import ArabicAnalyzer, arabic_cues, place_qualifier
from eventlens.nlp.arabic.text import (
    ArabicWord,
    clitic_readings,
    fold_word,
    sentence_bounds,
    stems,
    to_western_digits,
    words_of,
)

__all__ = [
    "ArabicAnalyzer", "ArabicWord", "arabic_cues", "place_qualifier", "clitic_readings", "fold_word", "sentence_bounds", "stems", "to_western_digits", "words_of",
]
