"""How sure, who says so, how many died: modality, attribution and fatalities in Arabic.

All three read the words of the event's sentence (folded, clitics split) against the cue
lists of ``context_ar.yaml``; none needs a parse.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventlens.events.arabic.lexicon import ArabicLexicon
from eventlens.model import Attribution, Mention
from eventlens.nlp.arabic import ArabicWord
from eventlens.settings import ArabicSettings


def has_stem(word: ArabicWord, vocabulary: frozenset[str]) -> bool:
    """True when some clitic reading of the word is in ``vocabulary``."""
    return word.kind == "word" and any(s in vocabulary for s in word.stems())


def phrase_at(words: Sequence[ArabicWord], i: int, phrase: tuple[str, ...]) -> bool:
    """True when the words from ``i`` read as ``phrase`` (each word with its clitics)."""
    if i + len(phrase) > len(words):
        return False
    return all(p in words[i + n].stems() for n, p in enumerate(phrase))


def names_phrase(words: Sequence[ArabicWord], start: int, end: int, phrases) -> bool:
    """True when one of ``phrases`` stands among ``words[start:end]``."""
    for i in range(start, end):
        if words[i].kind != "word":
            continue
        first = set(words[i].stems())
        if any(p[0] in first and phrase_at(words, i, p) for p in phrases):
            return True
    return False


class ArabicContextReader:
    """Modality, attribution and fatalities of an event from the words of its sentence."""

    def __init__(self, lexicon: ArabicLexicon, reach: ArabicSettings):
        self._lex = lexicon
        self._reach = reach

    def modality(self, words: Sequence[ArabicWord], sentence_start: int, trigger: int, future: bool) -> str:
        """asserted, denied, claimed, called for, planned or hypothetical; the words looked at
        start at ``sentence_start`` (the caller's: after the trigger before this one)."""
        if future:
            return "planned"  # the future prefix on the trigger verb: سيلتقي، ستعقد
        # A modality word governs the trigger from this far before it (and after the trigger
        # before it): "نفت قيادة العمليات أن يكون تنظيم داعش قد هاجم".
        for i in range(trigger - 1, max(sentence_start, trigger - self._reach.modality_reach) - 1, -1):
            for modality in ("denied", "claimed", "called_for", "planned", "hypothetical"):
                if has_stem(words[i], self._lex.modality[modality]):
                    return modality.replace("_", " ")
        return "asserted"

    def attribution(
        self,
        words: Sequence[ArabicWord],
        start: int,
        end: int,
        mentions: Sequence[Mention],
        outlet: str | None,
    ) -> Attribution:
        """Who the sentence credits: "وقالت مصادر محلية" (anonymous), "أفاد مراسل" (the outlet),
        "بحسب وزارة الدفاع" (official), "قال العميد X" (named)."""
        for i in range(start, end):
            if not has_stem(words[i], self._lex.reporting_verbs):
                continue
            phrase_end = min(end, i + 1 + self._reach.speaker_words)
            speaker_words = words[i + 1 : phrase_end]
            spoken = [m for m in mentions if i < m.token_start < phrase_end]
            person = next((m for m in spoken if m.label == "PERSON"), None)
            if any(has_stem(w, self._lex.outlet_sources) for w in speaker_words[:2]):
                return Attribution(outlet, None, "outlet")
            if person is not None:
                return Attribution(outlet, person.text, "named")
            if any(has_stem(w, self._lex.anonymous_sources) for w in speaker_words[:3]):
                text = " ".join(w.text for w in speaker_words[:3] if w.kind == "word")
                return Attribution(outlet, text, "anonymous")
            organisation = next((m for m in spoken if m.kb_id is not None), None)
            if organisation is not None or any(
                has_stem(w, self._lex.official_sources) for w in speaker_words[:3]
            ):
                speaker = organisation.text if organisation else " ".join(w.text for w in speaker_words[:2])
                return Attribution(outlet, speaker, "official")
        return Attribution(outlet, None, "outlet")

    def fatalities(self, words: Sequence[ArabicWord], start: int, end: int) -> int | None:
        """The stated death toll of the sentence; 0 when it tells only of wounded or of no
        casualties; None when it says nothing of either."""
        if names_phrase(words, start, end, self._lex.no_casualties):
            return 0
        deaths = [i for i in range(start, end) if has_stem(words[i], self._lex.death_words)]
        for i in deaths:
            count = self._count_near(words, i, start, end)
            if count is not None:
                return count
        if deaths:
            return 1 if self._singular_after(words, deaths[0], end) else None
        if any(has_stem(words[i], self._lex.injury_words) for i in range(start, end)):
            return 0
        return None

    def _count_near(self, words: Sequence[ArabicWord], i: int, start: int, end: int) -> int | None:
        for j in [
            *range(i + 1, min(end, i + 1 + self._reach.fatality_reach)),
            *range(i - 1, max(start, i - self._reach.fatality_reach) - 1, -1),
        ]:
            word = words[j]
            if word.kind == "number" and word.folded.isdigit():
                return int(word.folded)
            for stem in word.stems() if word.kind == "word" else ():
                if stem in self._lex.number_words:
                    return self._lex.number_words[stem]
                if j == i + 1 and stem.endswith(("ين", "ان")) and stem[:-2] in self._lex.dual_nouns:
                    return 2  # the dual: مقتل شخصين، عنصرين
        return None

    def _singular_after(self, words: Sequence[ArabicWord], i: int, end: int) -> bool:
        """ "مقتل شاب", "مقتل قيادي": one death when a singular person noun follows."""
        if i + 1 >= end or words[i + 1].kind != "word":
            return False
        after = words[i + 1].folded
        return after in self._lex.generic_actors and not after.endswith(("ين", "ون", "ات"))
