"""The NLP stage: Documents in, Parses out, with one spaCy pipeline loaded once."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

from spacy.symbols import ORTH
from spacy.tokens import Doc

from eventlens.geo import FOCUS_COUNTRIES, Gazetteer
from eventlens.geo.gazetteer import common_words
from eventlens.kb import KnowledgeBase
from eventlens.model import Document, Mention, Parse, Sentence, Token
from eventlens.nlp.coref import CoreferenceResolver
from eventlens.nlp.english import load_english
from eventlens.nlp.entity_matcher import EntityMatcher
from eventlens.settings import shipped_settings

# Knowledge-base actor types and the NER label their mentions get.
_LABEL_OF_TYPE = {"person": "PERSON", "state": "GPE"}
_SINGLE_TOKENS = ("sit-in", "sit-ins", "walk-out", "walkout")
# NER labels that name something eventlens keeps as a mention.
_KEPT_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL"})


class TextAnalyzer:
    """Tokenises, tags, parses and labels documents; marks KB actors and gazetteer places first."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer, batch_size: int | None = None):
        self._nlp = load_english()
        for word in _SINGLE_TOKENS:
            # Hyphenated nouns of protest that spaCy would split into "sit", "-", "in".
            self._nlp.tokenizer.add_special_case(word, [{ORTH: word}])
            self._nlp.tokenizer.add_special_case(word.capitalize(), [{ORTH: word.capitalize()}])
        if "eventlens_entities" not in self._nlp.pipe_names:
            self._nlp.add_pipe("eventlens_paragraphs", before="parser")
            self._nlp.add_pipe("eventlens_entities", before="ner")
        matcher: EntityMatcher = self._nlp.get_pipe("eventlens_entities")
        places = itertools.chain(gazetteer.ruler_names("latin"), gazetteer.ruler_names("arabic"))
        matcher.load(_actor_patterns(kb), places, _known_place(gazetteer))
        self._kb = kb
        self._coref = CoreferenceResolver(kb)
        self._batch_size = batch_size or shipped_settings().pipeline.batch_size

    def analyze(self, documents: Iterable[Document]) -> Iterator[Parse]:
        """Parse documents in batches (``nlp.pipe``), streaming: one batch in memory at a time."""
        pairs = ((d.text, d) for d in documents)
        for doc, document in self._nlp.pipe(pairs, as_tuples=True, batch_size=self._batch_size):
            yield self._to_parse(doc, document)

    def _to_parse(self, doc: Doc, document: Document) -> Parse:
        tokens = tuple(
            Token(t.i, t.text, t.idx, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc
        )
        # A sentence's characters stop at its last word: the line breaks after it are not its.
        sentences = tuple(
            Sentence(s.start_char, s.start_char + len(s.text.rstrip()), s.start, s.end)
            for s in doc.sents
            if s.text.strip()
        )
        year = document.published.year if document.published else None
        mentions = [
            Mention(s.text, s.start_char, s.end_char, e.label_, s.start, s.end, kb_id=self._actor_id(e, year))
            for e in doc.ents
            if e.label_ in _KEPT_LABELS
            for s in [_without_trailing_function_words(e)]
        ]
        return Parse(
            document, tokens, sentences, self._coref.resolve(document.text, tokens, sentences, mentions, year)
        )

    def _actor_id(self, ent, year: int | None) -> str | None:
        """The KB actor of a marked span; an alias two actors share is settled by the year
        ("Syrian army" before and after December 2024), and stays unlinked without one."""
        if not ent.kb_id_:
            return None
        if len(self._kb.lookup_all(ent.text)) > 1:
            actor = self._kb.lookup(ent.text, year)
            return actor.id if actor else None
        return ent.kb_id_


# Parts of speech that never end a name.
_FUNCTION_POS = frozenset({"ADP", "SCONJ", "CCONJ", "DET", "PART", "PUNCT", "AUX"})


def _without_trailing_function_words(span):
    """The entity without the words the tagger sometimes runs it on into: "Baghdad as" of
    "a spokesman in Baghdad as saying" is Baghdad."""
    end = span.end
    while end - span.start > 1 and span.doc[end - 1].pos_ in _FUNCTION_POS:
        end -= 1
    return span if end == span.end else span.doc[span.start : end]


def _actor_patterns(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    for alias, kb_id in kb.alias_patterns():
        actor = kb.get(kb_id)
        yield alias, kb_id, _LABEL_OF_TYPE.get(actor.type, "ORG")


def _known_place(gazetteer: Gazetteer) -> Callable[[str], bool]:
    """Whether a name written as the gazetteer has it (up to transliteration) is a place's:
    any place of the focus theatre, a region, a country or a curated point anywhere, a town
    elsewhere of the gazetteer settings' ``context_world_min_population``; never a common word
    or given name."""
    stopnames = common_words()

    def known(name: str) -> bool:
        if name.lower() in stopnames:
            return False
        for candidate in gazetteer.lookup(name, 10):
            if candidate.match == "fuzzy":
                return False
            if (
                candidate.feature != "populated"
                or candidate.country in FOCUS_COUNTRIES
                or candidate.population >= gazetteer.settings.context_world_min_population
            ):
                return True
        return False

    return known
