"""Arabic text for matching: words with their offsets, folded forms, clitic readings, sentences.

Matching works on words, never on a rewritten copy of the text: each word keeps the offsets of
its original spelling (diacritics, tatweel, hamza seats and all) and carries its folded form
(``names.normalize_arabic``), so every mention and evidence span indexes the text as written.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from eventlens.names import normalize_arabic

# Letters (with the diacritics and tatweel that sit on them), numbers in Western, Arabic-Indic
# and Persian digits, Latin words, and any other single non-space character as punctuation.
_WORD = re.compile(
    r"(?P<word>[\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0640\u064b-\u065f\u0670]+)"
    r"|(?P<number>[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,٫٬][0-9\u0660-\u0669\u06f0-\u06f9]+)*)"
    r"|(?P<latin>[A-Za-z]+)"
    r"|(?P<punct>\S)"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
# Full stops, question and exclamation marks and the Arabic semicolon end a sentence; so does
# a line break (headlines and datelines stand alone).
_SENTENCE_END = frozenset(".!?؟؛")

# Proclitics, outermost first: a conjunction, then a preposition or the future marker, then
# the article (ل + ال is written لل). Enclitic pronouns, longest first.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك", "س")
# Not the first person ي: news is told in the third person, and a final ي is far more often
# the adjective ending (الأمني، السوري) than "my".
_ENCLITICS = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه", "ك")
_MIN_STEM = 2
_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0640"  # diacritics and tatweel


@dataclass(frozen=True)
class ArabicWord:
    """A word (or number, or punctuation mark) of the text, with its folded form.

    ``folded`` is the matching form: letter forms and diacritics folded for words, Western
    digits for numbers, the character itself for punctuation.
    """

    text: str
    start: int
    end: int
    kind: str  # word, number, latin, punct
    folded: str

    def stems(self) -> tuple[str, ...]:
        """The stems of the word's clitic readings; a word written with a final taa marbuta
        (مدنية) is never read as a stem with the pronoun ه (folded, the two look alike)."""
        return stems(self.folded, marbuta=self.text.rstrip(_MARKS).endswith("ة"))


def words_of(text: str) -> list[ArabicWord]:
    """The words of ``text`` in order, with offsets into it."""
    out = []
    for match in _WORD.finditer(text):
        kind = match.lastgroup or "punct"
        surface = match.group(0)
        if kind == "word":
            folded = fold_word(surface)
        elif kind == "number":
            folded = surface.translate(_DIGITS)
        else:
            folded = surface.lower()
        out.append(ArabicWord(surface, match.start(), match.end(), kind, folded))
    return out


@functools.lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """One word folded for matching (alef forms, taa marbuta, yaa, diacritics, tatweel)."""
    return normalize_arabic(word)


def sentence_bounds(text: str, words: list[ArabicWord]) -> list[tuple[int, int]]:
    """(first word, end word) ranges of the sentences: after . ! ? ؟ ؛ and at line breaks."""
    bounds = []
    start = 0
    for i, word in enumerate(words):
        ends_here = word.kind == "punct" and word.text in _SENTENCE_END and not _inside_number(words, i)
        breaks_after = i + 1 < len(words) and "\n" in text[word.end : words[i + 1].start]
        if ends_here or breaks_after:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(words):
        bounds.append((start, len(words)))
    return bounds


def _inside_number(words: list[ArabicWord], i: int) -> bool:
    """ "3.5": a point between digits ends no sentence."""
    return (
        0 < i < len(words) - 1
        and words[i - 1].kind == "number"
        and words[i + 1].kind == "number"
        and (words[i - 1].end == words[i].start and words[i].end == words[i + 1].start)
    )


@functools.lru_cache(maxsize=1 << 16)
def clitic_readings(folded: str) -> tuple[tuple[str, str, str], ...]:
    """The ways to read a folded word as proclitics + stem + enclitic, the whole word first.

    Trying the whole word first keeps the words that only look prefixed (فيلق, بشار, لواء)
    whole wherever the lexicon or knowledge base has them. The article is kept on the stem
    (القصف reads as القصف and قصف): stems are tried with and without it.
    """
    readings = [("", folded, "")]
    for conj in ("", *_CONJUNCTIONS):
        if conj and not folded.startswith(conj):
            continue
        rest = folded[len(conj) :]
        for prep in ("", *_PREPOSITIONS):
            if prep and not rest.startswith(prep):
                continue
            stem = rest[len(prep) :]
            if prep == "ل" and stem.startswith("ل") and len(stem) > 3:
                stem = "ال" + stem[1:]  # لل = ل + ال: للقصف is ل + القصف
            for bare in _without_article(stem):
                prefix = folded[: len(folded) - len(bare)] if bare != stem else conj + prep
                for body, enclitic in _enclitic_splits(bare):
                    if len(body) >= _MIN_STEM and (prefix or body != folded):
                        readings.append((prefix, body, enclitic))
    return tuple(dict.fromkeys(readings))


@functools.lru_cache(maxsize=1 << 16)
def stems(folded: str, marbuta: bool = False) -> tuple[str, ...]:
    """The stems of ``clitic_readings``, in the same order, once each; with ``marbuta`` (the
    word ends in ة) none that reads its final ه as a pronoun."""
    return tuple(
        dict.fromkeys(
            stem for _, stem, enclitic in clitic_readings(folded) if not (marbuta and enclitic == "ه")
        )
    )


def _without_article(stem: str) -> tuple[str, ...]:
    if stem.startswith("ال") and len(stem) - 2 >= _MIN_STEM:
        return (stem, stem[2:])
    return (stem,)


def _enclitic_splits(word: str) -> list[tuple[str, str]]:
    splits = [(word, "")]
    if word.endswith("ا") and len(word) >= 4:
        splits.append((word[:-1], ""))  # the accusative's alif: اجتماعا, قتيلا
    for enclitic in _ENCLITICS:
        if word.endswith(enclitic) and len(word) - len(enclitic) >= 3:
            body = word[: -len(enclitic)]
            splits.append((body, enclitic))
            if body.endswith("ت"):
                # A taa marbuta is written ت before a pronoun: قوته = قوة + ه (folded قوه).
                splits.append((body[:-1] + "ه", enclitic))
    return splits
