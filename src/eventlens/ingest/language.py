"""Language identification with lingua, built once and lazily, on a short list of languages.

The list is the languages of the conflict reporting eventlens reads and of the text that gets
mixed into it (lingua has no Kurdish model); fewer candidates make lingua faster and keep it
from answering with a language nobody writes these reports in. Low-accuracy mode (trigram
models only) is used: on report-length text it agrees with the full mode and is several times
faster; only the first ``SAMPLE_CHARS`` characters are looked at.
"""

from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES = (
    Language.ENGLISH,
    Language.ARABIC,
    Language.FRENCH,
    Language.TURKISH,
    Language.PERSIAN,
    Language.RUSSIAN,
    Language.SPANISH,
    Language.GERMAN,
)
SAMPLE_CHARS = 1000
_MIN_LETTERS = 3
_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).build()


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when it cannot be told."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return "und"
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else "und"
