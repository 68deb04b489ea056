"""Marks knowledge-base actors and gazetteer places in a spaCy Doc before the statistical NER.

spaCy's own EntityRuler tokenises every pattern with the full pipeline, which takes minutes
for the gazetteer's hundreds of thousands of names. Instead, names are reduced to keys and
token n-grams of the text are looked up in a dict: actors by their case-folded letters, places
by the transliteration key of ``eventlens.names.name_key`` so that spellings the gazetteer
never listed (Boukamal, Deir Ezor) still match. The NER then keeps these spans and labels the
rest of the text around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from eventlens.names import fold_text, name_key

_MAX_TOKENS = 8
_MAX_NAME_TOKENS = 4
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ACRONYM = re.compile(r"^[A-Z0-9]{2,6}$")
# A lower-case article that starts a place name ("al-Qaim", "el-Arish").
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an"})


def actor_key(text: str) -> str:
    """Case-folded letters and digits: "Assad's forces", "Assad’s Forces" → "assadsforces"."""
    return _NON_ALNUM.sub("", fold_text(text))


@dataclass(frozen=True)
class EntityEntry:
    """What a matched key stands for: a spaCy label and, for actors, the knowledge-base id.

    ``proper`` names match only when the text is capitalised too: "Turkey" the state, not the
    bird; "Chad", "Jordan" the countries, not the given names in lower case."""

    label: str
    kb_id: str = ""
    proper: bool = False


@Language.component("eventlens_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break: a headline or a kicker line never runs on
    into the first sentence of the report, as the parser alone would let it."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.factory("eventlens_entities")
def make_entity_matcher(nlp: Language, name: str) -> EntityMatcher:
    """The spaCy factory; the names are loaded after with ``EntityMatcher.load``."""
    return EntityMatcher()


class EntityMatcher:
    """A spaCy component: longest-match lookup of actor aliases and place names."""

    def __init__(self) -> None:
        self._actors: dict[str, EntityEntry] = {}
        self._acronyms: dict[str, EntityEntry] = {}
        self._places: dict[str, EntityEntry] = {}
        self._places_exact: dict[str, EntityEntry] = {}

    def load(self, actors: Iterable[tuple[str, str, str]], places: Iterable[tuple[str, str]]) -> None:
        """Replace the names: ``actors`` yields (alias, kb id, label), ``places`` (name, label)."""
        for table in (self._actors, self._acronyms, self._places, self._places_exact):
            table.clear()
        for alias, kb_id, label in actors:
            entry = EntityEntry(label, kb_id, proper=alias[:1].isupper())
            if _ACRONYM.match(alias):
                # Short capitals are matched case-sensitively: "IS" is the group, "is" a verb.
                self._acronyms.setdefault(alias, entry)
            elif key := actor_key(alias):
                self._actors.setdefault(key, entry)
                if " " not in alias and alias.endswith("s") and len(alias) > 5 and entry.proper:
                    # A plural group name also stands as an adjective: "Houthi fighters".
                    self._actors.setdefault(key[:-1], entry)
        for name, label in places:
            entry = EntityEntry(label)
            if (key := name_key(name)) and len(key) >= 3:
                self._places.setdefault(key, entry)
            if (key := actor_key(name)) and len(key) >= 3:
                self._places_exact.setdefault(key, entry)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        folded = [actor_key(t.text) for t in doc]
        i = 0
        while i < len(doc):
            match = self._longest_match(doc, folded, i)
            if match is None:
                i += 1
                continue
            end, entry = match
            spans.append(Span(doc, i, end, label=entry.label, kb_id=entry.kb_id))
            i = end
        doc.set_ents(spans, default="unmodified")
        return doc

    def _longest_match(self, doc: Doc, folded: list[str], start: int) -> tuple[int, EntityEntry] | None:
        first = doc[start]
        if first.is_punct or first.is_space:
            return None
        best: tuple[int, EntityEntry] | None = None
        if (entry := self._acronyms.get(first.text)) is not None:
            best = (start + 1, entry)
        # Only a run of capitalised words (or an article glued on by a hyphen) can be a place
        # spelled otherwise than the gazetteer has it; the costly transliteration key is
        # computed for those runs alone.
        name_start = proper_run = _starts_name(doc, start)
        key = ""
        for end in range(start + 1, min(len(doc), start + _MAX_TOKENS) + 1):
            last = doc[end - 1]
            if last.is_space or (last.is_sent_start and end - 1 > start):
                break
            key += folded[end - 1]
            proper_run = proper_run and (last.is_punct or last.is_title or last.is_upper or last.lower_ in _ARTICLES)
            if not key or last.is_punct:
                continue
            entry = self._actors.get(key)
            # A place name must not be a lone common word ("And", "The" are places somewhere).
            if entry is None and name_start and not _lone_word(doc, start, end):
                entry = self._places_exact.get(key)
            if entry is None and proper_run and end - start <= _MAX_NAME_TOKENS and not _lone_word(doc, start, end):
                entry = self._places.get(name_key(doc[start:end].text))
            if entry is not None:
                best = (end, entry)
        return best


def _lone_word(doc: Doc, start: int, end: int) -> bool:
    """A single word that is not a proper noun ("The", "And", "Syrian", "Syrians"), or that
    stands inside a longer proper name, is not taken for a place, whatever village of that
    name the gazetteer lists; the NER still labels it if it is one."""
    if end - start != 1:
        return False
    tok = doc[start]
    if tok.is_stop or tok.tag_ not in ("NNP", "NN"):
        return True
    # One word of a longer proper name: "Rania Haddad Kobani" is a person, not the town.
    return any(
        0 <= i < len(doc) and doc[i].tag_ == "NNP" and doc[i].is_title for i in (start - 1, end)
    )


def _starts_name(doc: Doc, start: int) -> bool:
    first = doc[start]
    if first.is_title or first.is_upper:
        return True
    return first.lower_ in _ARTICLES and start + 1 < len(doc) and doc[start + 1].text in "-‐–"
