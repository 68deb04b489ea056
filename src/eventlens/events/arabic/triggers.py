"""Finding Arabic trigger words and phrases, with the context that decides the ambiguous ones."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eventlens.events.arabic.lexicon import ArabicLexicon, ArabicTrigger
from eventlens.nlp.arabic import ArabicWord, clitic_readings, stems

# The proclitics a verb may carry: a conjunction, the future marker, the lam of purpose.
_VERB_PREFIXES = frozenset({"", "و", "ف", "س", "وس", "فس", "ل", "ول", "فل"})


@dataclass(frozen=True)
class FoundTrigger:
    """A trigger of the text: words [first, last), its entry, its part of speech, and whether
    the verb carries the future prefix (سيلتقي), and whether a request calls for it."""

    first: int
    last: int
    entry: ArabicTrigger
    pos: str
    future: bool = False
    called_for: bool = False


class ArabicTriggerFinder:
    """Yields the triggers of a sentence, phrases before single words, left to right."""

    def __init__(self, lexicon: ArabicLexicon, context_words: int):
        self._lex = lexicon
        # How many words either side the requires_near / unless_near words are looked for: a
        # verb's subject may stand between it and its object (استعادت قوات سوريا الديمقراطية
        # السيطرة على قرية).
        self._context_words = context_words

    def find(
        self, words: Sequence[ArabicWord], start: int, end: int, named: set[int]
    ) -> Iterator[FoundTrigger]:
        """Triggers among ``words[start:end]``; words inside names (``named``) are none."""
        i = start
        while i < end:
            found = None if i in named or words[i].kind != "word" else self._at(words, i, start, end)
            if found is None:
                i += 1
                continue
            yield found
            i = found.last

    def _at(self, words: Sequence[ArabicWord], i: int, start: int, end: int) -> FoundTrigger | None:
        word_stems = words[i].stems()
        if set(word_stems) & self._lex.not_triggers or self._blocked(words, i, start):
            return None
        for stem in word_stems:
            for phrase, entry in self._lex.phrases.get(stem, ()):
                last = i + len(phrase)
                if (
                    last <= end
                    and all(p in words[i + n].stems() for n, p in enumerate(phrase[1:], 1))
                    and self._context_allows(entry, words, i, last, start, end)
                ):
                    return FoundTrigger(i, last, entry, "NOUN")
        marbuta = word_stems != stems(words[i].folded)
        for prefix, stem, enclitic in clitic_readings(words[i].folded):
            if marbuta and enclitic == "ه":
                continue
            for entry, pos in self._lex.entries(stem):
                if pos == "VERB" and prefix not in _VERB_PREFIXES:
                    continue  # a verb takes no article and no preposition (آليتهم is no يتهم)
                if self._context_allows(entry, words, i, i + 1, start, end):
                    return FoundTrigger(i, i + 1, entry, pos, future=pos == "VERB" and prefix.endswith("س"))
        return None

    def _blocked(self, words: Sequence[ArabicWord], i: int, start: int) -> bool:
        """ "لوقف الاشتباكات", "منع القصف": what is to be stopped is no event."""
        return any(
            words[j].kind == "word" and set(words[j].stems()) & self._lex.blocked_by
            for j in range(max(start, i - 2), i)
        )

    def _context_allows(
        self, entry: ArabicTrigger, words, first: int, last: int, start: int, end: int
    ) -> bool:
        if not (entry.requires_near or entry.unless_near):
            return True
        near: set[str] = set()
        for j in range(max(start, first - self._context_words), min(end, last + self._context_words)):
            if not first <= j < last and words[j].kind == "word":
                near.update(words[j].stems())
        if entry.requires_near and not near & entry.requires_near:
            return False
        return not near & entry.unless_near
