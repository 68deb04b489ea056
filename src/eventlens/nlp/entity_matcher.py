"""Marks knowledge-base actors and gazetteer places in a spaCy Doc before the statistical NER.

spaCy's own EntityRuler tokenises every pattern with the full pipeline, which takes minutes
for the gazetteer's hundreds of thousands of names. Instead, names are reduced to keys and
token n-grams of the text are looked up in a dict: actors by their case-folded letters, places
by the transliteration key of ``eventlens.names.name_key`` so that spellings the gazetteer
never listed (Boukamal, Deir Ezor) still match. The NER then keeps these spans and labels the
rest of the text around them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from eventlens.geo.countries import country_of_name
from eventlens.names import fold_text, is_arabic, name_key

_MAX_TOKENS = 8
_MAX_NAME_TOKENS = 4
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ACRONYM = re.compile(r"^[A-Z0-9]{2,6}$")
# A lower-case article that starts a place name ("al-Qaim", "el-Arish").
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an"})
# Words after which a capitalised name is most likely a place ("in Dhiban", "near Hatla",
# "villages of Khasham"): there a name the gazetteer knows is taken for one even when the town
# is too small for the ruler's list. So is a name joined by "and" or a comma to a place.
_LOCATIVES = frozenset(
    {
        "in",
        "near",
        "at",
        "from",
        "to",
        "towards",
        "toward",
        "outside",
        "around",
        "into",
        "between",
        "of",
        "across",
        "through",
        "via",
        "over",
        "outskirts",
        "village",
        "villages",
        "town",
        "city",
        # verbs of attack and control take the place hit or held as their object
        "shelled",
        "shelling",
        "struck",
        "hit",
        "targeted",
        "stormed",
        "entered",
        "captured",
        "seized",
        "took",
        "taking",
        "besieged",
        "raided",
        "bombed",
        "reached",
    }
)
_COORDINATORS = frozenset({"and", ",", "or"})
_HYPHENS = frozenset({"-", "‐", "–"})


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


_DATELINE_DASHES = frozenset({"—", "–", "-", "--"})
_DATELINE_MAX_TOKENS = 14


@Language.component("eventlens_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, and after a dateline ("IDLIB, October 16,
    2024 —"): a headline or a dateline never runs on into the report's first sentence, as the
    parser alone would let it, making the dateline's town the subject of the first verb."""
    starts = [0] + [tok.i + 1 for tok in doc[:-1] if tok.is_space and "\n" in tok.text]
    for start in starts:
        if start >= len(doc):
            continue
        if start:
            doc[start].is_sent_start = True
        first = doc[start]
        if not (first.is_upper and first.is_alpha and len(first) >= 3):
            continue
        for tok in doc[start + 1 : start + _DATELINE_MAX_TOKENS]:
            if tok.is_space or tok.pos_ == "VERB":
                break
            if tok.text in _DATELINE_DASHES and tok.i + 1 < len(doc):
                doc[tok.i + 1].is_sent_start = True
                break
    return doc


@Language.factory("eventlens_entities")
def make_entity_matcher(nlp: Language, name: str) -> EntityMatcher:
    """The spaCy factory; the names are loaded after with ``EntityMatcher.load``."""
    return EntityMatcher()


class EntityMatcher:
    """A spaCy component: longest-match lookup of actor aliases and place names."""

    def __init__(self) -> None:
        self._known_place: Callable[[str], bool] | None = None
        self._actors: dict[str, EntityEntry] = {}
        self._acronyms: dict[str, EntityEntry] = {}
        self._places: dict[str, EntityEntry] = {}
        self._places_exact: dict[str, EntityEntry] = {}
        self._actor_prefixes: set[str] = set()

    def load(
        self,
        actors: Iterable[tuple[str, str, str]],
        places: Iterable[tuple[str, str]],
        known_place: Callable[[str], bool] | None = None,
    ) -> None:
        """Replace the names: ``actors`` yields (alias, kb id, label), ``places`` (name, label).

        ``known_place`` says whether a name is some place's; it is asked only about capitalised
        names in a place's position (after "in", "near", "of", or "and" after a place).
        """
        self._known_place = known_place
        for table in (self._actors, self._acronyms, self._places, self._places_exact, self._actor_prefixes):
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
        self._actor_prefixes.update(key[:n] for key in self._actors for n in range(1, len(key) + 1))
        for name, label in places:
            entry = EntityEntry(label)
            if _ACRONYM.match(name):
                self._acronyms.setdefault(name, entry)  # "DEZ", case-sensitively as actors' acronyms
                continue
            if (key := name_key(name)) and len(key) >= 3:
                self._places.setdefault(key, entry)
            if (key := actor_key(name)) and len(key) >= 3:
                self._places_exact.setdefault(key, entry)

    def __call__(self, doc: Doc) -> Doc:
        # Token attributes are read once into plain lists: creating spaCy Token objects in the
        # n-gram loop costs more than the lookups themselves.
        tokens = [_TokenView(t) for t in doc]
        spans = []
        i = 0
        while i < len(tokens):
            match = self._longest_match(doc, tokens, i)
            if self._known_place is not None and _place_position(tokens, i, spans):
                # In a place's position a longer known name beats a shorter listed one:
                # "near Maarat al-Numan", not the village "Maarat".
                context = self._context_place(doc, tokens, i)
                if context is not None and (match is None or context[0] > match[0]):
                    match = context
            if match is None:
                i += 1
                continue
            end, entry = match
            spans.append(Span(doc, i, end, label=entry.label, kb_id=entry.kb_id))
            i = end
        doc.set_ents(spans, default="unmodified")
        return doc

    def _longest_match(
        self, doc: Doc, tokens: list[_TokenView], start: int
    ) -> tuple[int, EntityEntry] | None:
        first = tokens[start]
        if first.punct or first.space:
            return None
        best: tuple[int, EntityEntry] | None = None
        if (entry := self._acronyms.get(first.text)) is not None:
            best = (start + 1, entry)
        # Only a run of capitalised words (or an article glued on by a hyphen) can be a place
        # spelled otherwise than the gazetteer has it; the costly transliteration key is
        # computed for those runs alone.
        name_start = proper_run = _starts_name(tokens, start)
        key = ""
        for end in range(start + 1, min(len(tokens), start + _MAX_TOKENS) + 1):
            last = tokens[end - 1]
            if last.space or (last.sent_start and end - 1 > start):
                break
            key += last.folded
            if not name_start and key not in self._actor_prefixes:
                break
            proper_run = proper_run and (last.punct or last.capitalised or last.lower in _ARTICLES)
            if not key or last.punct:
                continue
            entry = self._actors.get(key)
            if entry is not None and entry.proper and not first.text[:1].isupper():
                entry = None
            # A place name must not be a lone common word ("And", "The" are places somewhere).
            if (
                entry is None
                and name_start
                and not _lone_word(tokens, start, end)
                and _has_name_word(tokens, start, end)
            ):
                entry = self._places_exact.get(key)
                if entry is None and proper_run and end - start <= _MAX_NAME_TOKENS:
                    entry = self._places.get(_place_key(doc[start:end].text))
            if entry is not None:
                best = (end, entry)
        return best

    def _context_place(
        self, doc: Doc, tokens: list[_TokenView], start: int
    ) -> tuple[int, EntityEntry] | None:
        """The longest capitalised run from ``start`` that the gazetteer knows as a place."""
        run = _name_run(tokens, start)
        for end in range(run, start, -1):
            if not tokens[end - 1].capitalised or _lone_word(tokens, start, end):
                continue
            text = doc[start:end].text
            if (actor_key(text) not in self._actors) and self._known_place(text):
                return end, EntityEntry("GPE")
        return None


class _TokenView:
    """The attributes of a token the matcher reads, as plain Python values."""

    __slots__ = ("capitalised", "folded", "lower", "punct", "sent_start", "space", "stop", "tag", "text")

    def __init__(self, tok) -> None:
        self.text = tok.text
        self.lower = tok.lower_
        self.folded = _token_key(tok.text)
        self.punct = tok.is_punct
        self.space = tok.is_space
        # Arabic script has no capitals: any word of it may start a name.
        self.capitalised = tok.is_title or tok.is_upper or is_arabic(tok.text)
        self.sent_start = bool(tok.is_sent_start)
        self.stop = tok.is_stop
        self.tag = tok.tag_


_token_key = functools.lru_cache(maxsize=1 << 16)(actor_key)
_place_key = functools.lru_cache(maxsize=1 << 16)(name_key)


def _lone_word(tokens: list[_TokenView], start: int, end: int) -> bool:
    """A single word that is not a proper noun ("The", "And", "Syrian", "Syrians"), or that
    stands inside a longer proper name, is not taken for a place, whatever village of that
    name the gazetteer lists; the NER still labels it if it is one."""
    if end - start != 1:
        return False
    tok = tokens[start]
    if tok.stop:
        return True
    if tok.tag not in ("NNP", "NN") and not is_arabic(tok.text):
        # The tagger does not know every town ("Homs" NNS, "Akcakale" JJ): a capitalised word
        # inside a sentence is still a name unless it is a demonym ("Syrians", "Turkish").
        if not tok.text.istitle() or tok.sent_start or country_of_name(tok.text):
            return True
    # One word of a longer proper name: "Rania Haddad Kobani" is a person, not the town, and
    # so is "Qassim al-Jubouri", a given name before a family name with its article (a place
    # written so, "Deir al-Zor", is matched whole before its first word is tried alone).
    return any(
        0 <= i < len(tokens) and tokens[i].tag == "NNP" and tokens[i].text.istitle() for i in (start - 1, end)
    ) or (
        end + 2 < len(tokens)
        and tokens[end].lower in _ARTICLES
        and tokens[end + 1].text in _HYPHENS
        and tokens[end + 2].capitalised
    )


def _has_name_word(tokens: list[_TokenView], start: int, end: int) -> bool:
    """Some word of the span is more than an article or a stop word ("The al" is no place)."""
    return any(not (t.stop or t.punct or t.lower in _ARTICLES) for t in tokens[start:end])


def _starts_name(tokens: list[_TokenView], start: int) -> bool:
    first = tokens[start]
    if first.capitalised:
        return True
    return first.lower in _ARTICLES and start + 1 < len(tokens) and tokens[start + 1].text in "-‐–"


def _name_run(tokens: list[_TokenView], start: int) -> int:
    """Where a run of name words from ``start`` ends: capitalised words, with articles and
    hyphens between them ("Jurf al-Sakhar"), at most four words, within the sentence."""
    end = start
    while end < len(tokens) and end - start < _MAX_NAME_TOKENS:
        tok = tokens[end]
        if tok.space or (tok.sent_start and end > start):
            break
        if not (tok.capitalised or tok.lower in _ARTICLES or (end > start and tok.text in _HYPHENS)):
            break
        end += 1
    return end


def _place_position(tokens: list[_TokenView], start: int, spans: list[Span]) -> bool:
    """A capitalised word after a locative word, or after "and" or a comma that follows a place."""
    if not _starts_name(tokens, start) or tokens[start].sent_start or start == 0:
        return False
    before = tokens[start - 1]
    if before.lower in _LOCATIVES:
        return True
    if before.lower in _COORDINATORS and spans and spans[-1].end == start - 1:
        return spans[-1].label_ in ("GPE", "LOC", "FAC")
    return False
