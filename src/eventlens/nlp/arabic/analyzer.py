"""The Arabic NLP stage: Documents in, Parses out, with names found by longest match.

No statistical Arabic model installs offline, so the Parse of an Arabic report carries words
(no dependency parse: every token is its own head), sentences, and the mentions found by
lookup: knowledge-base actors by their Arabic aliases, gazetteer places by their Arabic names
(both under ``names.name_key``, which folds letter forms and strips the article and the
proclitics), places the ruler does not list after a cue word (قرية/بلدة/مدينة/ريف X), people
after a title (قائد/وزير/العميد X), and nationality adjectives (تركية، إيرانية) as NORP.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files

import yaml

from eventlens.errors import DataError
from eventlens.geo import Gazetteer, country_of_name
from eventlens.kb import KnowledgeBase
from eventlens.model import Document, Mention, Parse, Sentence, Token
from eventlens.names import is_arabic, name_key
from eventlens.nlp.arabic.text import ArabicWord, clitic_readings, fold_word, sentence_bounds, words_of

_MAX_WORDS = 7
_MAX_PLACE_WORDS = 4
_MAX_PERSON_WORDS = 3
# A one-word place name stands alone (without a locative or cue word before it) only for a
# country, a region, or a town of these countries of the gazetteer settings'
# ``arabic_alone_min_population``: elsewhere too many towns share a common word's letters
# (خرج "went out" is Al-Kharj).
_ALONE_COUNTRIES = frozenset({"SY", "IQ", "LB", "JO"})
_PROCLITIC_LETTERS = "وفبلك"
_LABEL_OF_TYPE = {"person": "PERSON", "state": "GPE"}
# Words that end a name run after a title or cue: prepositions, conjunctions, punctuation.
_NAME_BREAKS = frozenset(
    fold_word(w)
    for w in (
        "في",
        "من",
        "إلى",
        "الى",
        "على",
        "عن",
        "مع",
        "بعد",
        "قبل",
        "خلال",
        "و",
        "أو",
        "ثم",
        "التي",
        "الذي",
        "الذين",
        "حيث",
        "كما",
        "أن",
        "إن",
        "ان",
        "قد",
        "لم",
        "لا",
        "ما",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "بين",
        "عند",
    )
)


@dataclass(frozen=True)
class _Cues:
    place_cues: frozenset[str]
    place_qualifiers: dict[str, str]
    locatives: frozenset[str]
    person_titles: frozenset[str]
    stop_names: frozenset[str]


@functools.lru_cache(maxsize=1)
def arabic_cues() -> _Cues:
    """The cue words of ``nlp/data/arabic.yaml``, folded."""
    path = files("eventlens.nlp").joinpath("data/arabic.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"arabic.yaml: {exc}") from exc

    def folded(key: str) -> frozenset[str]:
        return frozenset(fold_word(w) for w in raw[key])

    return _Cues(
        place_cues=folded("place_cues"),
        place_qualifiers={fold_word(k): v for k, v in raw["place_qualifiers"].items()},
        locatives=folded("locatives"),
        person_titles=folded("person_titles"),
        stop_names=folded("stop_names"),
    )


def place_qualifier(words: list[ArabicWord], start: int) -> str | None:
    """The resolver's qualifier that the cue word before a place name gives it ("ريف X": countryside)."""
    qualifiers = arabic_cues().place_qualifiers
    for i in (start - 1, start - 2):
        if i < 0 or words[i].kind != "word":
            break
        for stem in words[i].stems():
            if stem in qualifiers:
                return qualifiers[stem]
    return None


class ArabicAnalyzer:
    """Words, sentences and name mentions of Arabic documents."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer):
        self._kb = kb
        self._gazetteer = gazetteer
        self._cues = arabic_cues()
        self._actors: dict[str, tuple[str, str]] = {}  # key -> (kb id, label)
        self._places: dict[str, str] = {}  # key -> label
        first_words: set[str] = set()
        for alias, kb_id in kb.alias_patterns():
            if is_arabic(alias) and (key := name_key(alias)):
                actor = kb.get(kb_id)
                self._actors.setdefault(key, (kb_id, _LABEL_OF_TYPE.get(actor.type, "ORG")))
                first_words.add(name_key(alias.split()[0]))
        for name, label in gazetteer.ruler_names("arabic"):
            if (key := name_key(name)) and len(key) >= 3:
                self._places.setdefault(key, label)
                first_words.add(name_key(name.split()[0]))
        self._first_words = frozenset(first_words)

    def analyze(self, documents: Iterable[Document]) -> Iterator[Parse]:
        """One Parse per document, in order."""
        for document in documents:
            yield self.parse(document)

    def parse(self, document: Document) -> Parse:
        """The Parse of one Arabic document."""
        text = document.text
        words = words_of(text)
        tokens = tuple(Token(i, w.text, w.start, w.folded, _pos(w), "", "", i) for i, w in enumerate(words))
        bounds = sentence_bounds(text, words)
        sentences = tuple(Sentence(words[a].start, words[b - 1].end, a, b) for a, b in bounds)
        sentence_starts = {a for a, _ in bounds}
        year = document.published.year if document.published else None
        mentions = self._mentions(text, words, sentence_starts, year)
        return Parse(document, tokens, sentences, tuple(mentions))

    def _mentions(
        self, text: str, words: list[ArabicWord], sentence_starts: set[int], year: int | None
    ) -> list[Mention]:
        mentions: list[Mention] = []
        i = 0
        while i < len(words):
            after_place = (
                bool(mentions) and mentions[-1].token_end == i and mentions[-1].label in ("GPE", "LOC", "FAC")
            )
            found = self._name_at(words, i, sentence_starts, year) or (
                self._coordinated_place(words, i, sentence_starts) if after_place else None
            )
            if found is None:
                i += 1
                continue
            end, label, kb_id, key = found
            start, stop = _without_proclitics(words, i, end, key), words[end - 1].end
            mentions.append(Mention(text[start:stop], start, stop, label, i, end, kb_id=kb_id))
            i = end
        return _with_surnames(text, words, mentions)

    def _name_at(self, words, i, sentence_starts, year):
        """(end, label, kb id) of the name starting at word ``i``, or None."""
        if words[i].kind != "word":
            return None
        return (
            self._listed_name(words, i, sentence_starts, year)
            or self._cued_place(words, i, sentence_starts)
            or self._located_place(words, i, sentence_starts)
            or self._titled_person(words, i, sentence_starts)
            or self._nationality(words, i)
        )

    def _listed_name(self, words, i, sentence_starts, year):
        """The longest knowledge-base alias or ruler place name from word ``i``; the first word
        is tried whole, then without the proclitics glued to it (وبالحسكة)."""
        firsts = [v for v in _first_word_variants(words[i]) if _key(v) in self._first_words]
        if not firsts:
            return None
        limit = _run_end(words, i, sentence_starts, _MAX_WORDS)
        for end in range(limit, i, -1):
            for first in firsts:
                text = " ".join([first] + [w.folded for w in words[i + 1 : end]])
                key = _key(text)
                if key in self._actors:
                    kb_id, label = self._actors[key]
                    if label == "GPE" and end - i == 1 and _is_adjective(words[i]):
                        return end, "NORP", None, key  # السورية "the Syrian", not Syria
                    if len(self._kb.lookup_all(text)) > 1:
                        actor = self._kb.lookup(text, year)
                        kb_id = actor.id if actor else None
                    return end, label, kb_id, key
                label = self._places.get(key)
                if label is not None and (end - i > 1 or self._may_stand_alone(words, i, first)):
                    return end, label, None, key
        return None

    def _may_stand_alone(self, words: list[ArabicWord], i: int, variant: str) -> bool:
        """A one-word place name: never a common word; after a locative, a cue word or a
        proclitic preposition (بإدلب), or when it is a country, region or big town."""
        word = words[i].folded
        if {word, variant, *words[i].stems()} & (self._cues.stop_names | self._cues.place_cues):
            return False
        if word.endswith(variant) and set(word[: len(word) - len(variant)].removesuffix("ال")) & set("بل"):
            return True  # a preposition glued on: بإدلب، وبالحسكة
        if i > 0 and words[i - 1].kind == "word":
            before = words[i - 1].stems()
            if any(s in self._cues.locatives or s in self._cues.place_cues for s in before):
                return True
        for candidate in self._gazetteer.lookup(variant, 5):
            if candidate.match == "fuzzy":
                continue
            if candidate.feature in ("country", "admin1"):
                return True
            if (
                candidate.country in _ALONE_COUNTRIES
                and candidate.population >= self._gazetteer.settings.arabic_alone_min_population
            ):
                return True
        return False

    def _cued_place(self, words, i, sentence_starts):
        """ "قرية X", "بلدة X": the longest run after a cue word that the gazetteer knows."""
        if i == 0 or words[i - 1].kind != "word" or i in sentence_starts:
            return None
        if not any(s in self._cues.place_cues for s in words[i - 1].stems()):
            return None
        if words[i].folded in _NAME_BREAKS or words[i].folded in self._cues.place_cues:
            return None
        limit = _run_end(words, i, sentence_starts, _MAX_PLACE_WORDS)
        for end in range(limit, i, -1):
            if any(w.folded in _NAME_BREAKS for w in words[i:end]):
                continue
            if end - i == 1 and words[i].folded in self._cues.stop_names:
                continue
            if any(c.match != "fuzzy" for c in self._gazetteer.lookup(_text(words, i, end), 5)):
                return end, "GPE", None, None
        return None

    def _coordinated_place(self, words, i, sentence_starts):
        """ "في نوى وجاسم وطفس": a word joined by و to the place before it, that the gazetteer
        knows (exactly) as a town of Syria or Iraq, is a place too."""
        word = words[i]
        if word.kind != "word" or not word.folded.startswith("و") or i in sentence_starts:
            return None
        limit = _run_end(words, i, sentence_starts, _MAX_PLACE_WORDS - 1)
        for end in range(limit, i, -1):
            text = " ".join([word.folded[1:]] + [w.folded for w in words[i + 1 : end]])
            if end - i == 1 and word.folded[1:] in self._cues.stop_names:
                continue
            if any(
                c.match == "exact" and c.country in _ALONE_COUNTRIES for c in self._gazetteer.lookup(text, 5)
            ):
                return end, "GPE", None, _key(text)
        return None

    def _titled_person(self, words, i, sentence_starts):
        """ "العميد X Y", "وزير الخارجية الإيراني X Y": two name words (three after a kunya:
        أبو محمد الجولاني) after a title and the words of its office, which take the article
        and names do not; a name the knowledge base knows is matched before this rule."""
        if i in sentence_starts or words[i].folded.startswith("ال") or words[i].folded in _NAME_BREAKS:
            return None
        j = i - 1
        while (
            j >= 0
            and i - j <= 3
            and words[j].kind == "word"
            and words[j].folded.startswith("ال")
            and words[j].folded not in self._cues.person_titles
        ):
            j -= 1  # the office: الخارجية الإيراني
        if j < 0 or words[j].kind != "word" or any(k in sentence_starts for k in range(j + 1, i)):
            return None
        if words[j].folded not in self._cues.person_titles and not any(
            s in self._cues.person_titles for s in words[j].stems()[1:2]
        ):
            return None
        most = _MAX_PERSON_WORDS if words[i].folded in ("ابو", "ام") else 2
        end = i
        limit = _run_end(words, i, sentence_starts, most)
        while end < limit and words[end].folded not in _NAME_BREAKS:
            end += 1
        if end - i < 2:
            return None  # one word after a title is as often an office as a name
        if (
            end == i + 2
            and end < len(words)
            and end not in sentence_starts
            and _family_name(words[end], self._cues)
        ):
            end += 1  # the family name with its article: محمد نوري الكربولي
        return end, "PERSON", None, None

    def _located_place(self, words, i, sentence_starts):
        """ "في تل أبيض": after a locative, the longest run the gazetteer knows as a town of
        Syria or Iraq (exactly, not by a fuzzy match), though too small for the ruler's list."""
        if (
            i == 0
            or i in sentence_starts
            or words[i - 1].kind != "word"
            or words[i - 1].folded not in self._cues.locatives
        ):
            return None
        if words[i].folded in _NAME_BREAKS:
            return None
        limit = _run_end(words, i, sentence_starts, _MAX_PLACE_WORDS - 1)
        for end in range(limit, i, -1):
            if any(w.folded in _NAME_BREAKS for w in words[i:end]):
                continue
            if end - i == 1 and (
                words[i].folded in self._cues.place_cues or words[i].folded in self._cues.stop_names
            ):
                continue
            if any(
                c.match == "exact" and c.country in _ALONE_COUNTRIES
                for c in self._gazetteer.lookup(_text(words, i, end), 5)
            ):
                return end, "GPE", None, None
        return None

    def _nationality(self, words, i):
        """ "تركية", "الإيرانية": an adjective of nationality (NORP)."""
        word = words[i].folded
        if len(word) < 4 or not word.endswith(("ي", "يه", "يين", "يون", "ين")):
            return None
        return (i + 1, "NORP", None, None) if country_of_name(words[i].text) else None


# The lookup key of a name: computed for every n-gram tried, so kept for the words seen again.
_key = functools.lru_cache(maxsize=1 << 17)(name_key)


def _with_surnames(text: str, words: list[ArabicWord], mentions: list[Mention]) -> list[Mention]:
    """A known person named in full once is named by the last word of the name after that:
    "قاسم سليماني ... وكان سليماني قد قاد"; the surname mention carries the person's id."""
    surnames: dict[str, str] = {}
    for m in mentions:
        if m.label == "PERSON" and m.kb_id and m.token_end - m.token_start >= 2:
            surname = words[m.token_end - 1].folded
            if len(surname) >= 4:
                surnames.setdefault(surname.removeprefix("ال"), m.kb_id)
    if not surnames:
        return mentions
    named = {i for m in mentions for i in range(m.token_start, m.token_end)}
    first_said = {kb_id: min(m.start for m in mentions if m.kb_id == kb_id) for kb_id in surnames.values()}
    added = []
    for i, word in enumerate(words):
        if i in named or word.kind != "word":
            continue
        kb_id = next((surnames[s] for s in (word.folded, *word.stems()) if s in surnames), None)
        if kb_id is not None and word.start > first_said[kb_id]:
            start = _without_proclitics(words, i, i + 1, _key(word.folded.removeprefix("و")))
            added.append(Mention(text[start : word.end], start, word.end, "PERSON", i, i + 1, kb_id=kb_id))
    return sorted(mentions + added, key=lambda m: m.token_start)


def _is_adjective(word: ArabicWord) -> bool:
    """A nationality adjective with the article: السورية، العراقي (a country's name never ends so)."""
    return word.folded.startswith("ال") and word.folded.endswith(("يه", "ي", "يين", "يون"))


def _family_name(word: ArabicWord, cues: _Cues) -> bool:
    """A third name word: with the article, and no break, cue or stop word (سمير الحلبي إن)."""
    return (
        word.kind == "word"
        and word.folded.startswith("ال")
        and word.folded not in _NAME_BREAKS
        and word.folded not in cues.place_cues
        and word.folded not in cues.stop_names
    )


def _first_word_variants(word: ArabicWord) -> list[str]:
    """The word whole, then its readings without proclitics (and without an enclitic)."""
    out = [word.folded]
    for prefix, stem, enclitic in clitic_readings(word.folded):
        if (
            prefix
            and not enclitic
            and all(c in _PROCLITIC_LETTERS for c in prefix.removesuffix("ال"))
            and stem not in out
        ):
            out.append(stem)
    return out


def _without_proclitics(words: list[ArabicWord], i: int, end: int, key: str) -> int:
    """Where a name matched from word ``i`` starts in the text: after the conjunction and
    prepositions glued to its first word (وبالحسكة، لقوات), when the name's key is the same
    without them and what is left is an article or four letters (بشار keeps its ب)."""
    first = words[i]
    for n in (3, 2, 1):
        rest = first.folded[n:]
        if not all(c in _PROCLITIC_LETTERS for c in first.folded[:n]) or not (
            rest.startswith("ال") or len(rest) >= 4
        ):
            continue
        if _key(" ".join([rest] + [w.folded for w in words[i + 1 : end]])) == key:
            return first.start + _letter_offset(first.text, n)
    return first.start


def _letter_offset(word: str, n: int) -> int:
    """The offset in ``word`` of its letter number ``n``, diacritics and tatweel not counted."""
    letters = 0
    for offset, char in enumerate(word):
        if fold_word(char):
            if letters == n:
                return offset
            letters += 1
    return len(word)


def _run_end(words: list[ArabicWord], i: int, sentence_starts: set[int], most: int) -> int:
    """Where a run of words from ``i`` must stop: punctuation, a number, the sentence's end."""
    end = i
    while (
        end < len(words)
        and end - i < most
        and words[end].kind == "word"
        and (end == i or end not in sentence_starts)
    ):
        end += 1
    return end


def _text(words: list[ArabicWord], start: int, end: int) -> str:
    return " ".join(w.text for w in words[start:end])


def _pos(word: ArabicWord) -> str:
    return {"punct": "PUNCT", "number": "NUM"}.get(word.kind, "X")
