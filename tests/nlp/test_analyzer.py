"""The NLP stage: entity marking from the KB and gazetteer, paragraphs, coreference."""

from __future__ import annotations

import pytest

from eventlens.config import Config
from eventlens.geo import Gazetteer
from eventlens.ingest import document_from_text
from eventlens.kb import KnowledgeBase
from eventlens.nlp import TextAnalyzer, canonical


@pytest.fixture(scope="module")
def analyzer():
    return TextAnalyzer(KnowledgeBase.load(), Gazetteer.open(Config().gazetteer_file))


def parse(analyzer, text):
    (result,) = list(analyzer.analyze([document_from_text(text, "test")]))
    return result


def mention(parse_result, text):
    return next(m for m in parse_result.mentions if m.text == text)


def test_kb_aliases_are_marked_with_their_actor(analyzer):
    p = parse(
        analyzer, "Fighters of the Revolutionary Guard and Assad’s forces entered Albu Kamal on Monday."
    )
    assert mention(p, "Revolutionary Guard").kb_id == KnowledgeBase.load().lookup("IRGC").id
    assert mention(p, "Assad’s forces").kb_id == KnowledgeBase.load().lookup("Syrian Arab Army").id
    assert mention(p, "Albu Kamal").label in ("GPE", "LOC")


def test_unlisted_transliteration_of_a_town_is_still_a_place(analyzer):
    p = parse(analyzer, "Residents of Boukamal said the market reopened.")
    assert mention(p, "Boukamal").label in ("GPE", "LOC")


def test_a_line_break_ends_a_sentence(analyzer):
    p = parse(analyzer, "Headline without a full stop\n\nUnknown gunmen attacked a checkpoint near Daraa.")
    assert len(p.sentences) == 2
    assert p.document.text[p.sentences[1].start :].startswith("Unknown gunmen")


def test_surname_title_and_pronoun_corefer_with_the_full_name(analyzer):
    text = (
        "Kurdish official Rania Haddad Kobani arrived in Qamishli on Monday. "
        "Kobani met local leaders. He said the talks went well."
    )
    p = parse(analyzer, text)
    full = mention(p, "Rania Haddad Kobani")
    for said in ("Kobani", "He"):
        index = p.mentions.index(mention(p, said))
        assert canonical(p.mentions, index) == full


def test_role_title_resolves_to_the_commander_the_kb_knows(analyzer):
    text = "The Quds Force commander visited Baghdad on Sunday and met militia leaders."
    p = parse(analyzer, text)
    title = next(m for m in p.mentions if m.label == "TITLE")
    kb = KnowledgeBase.load()
    # Without a year the KB cannot tell which commander; with 2018 it is Soleimani.
    dated = document_from_text(text, "test", published=__import__("datetime").date(2018, 5, 1))
    (p2,) = list(analyzer.analyze([dated]))
    title2 = next(m for m in p2.mentions if m.label == "TITLE")
    assert canonical(p2.mentions, p2.mentions.index(title2)).kb_id == kb.lookup("Qasem Soleimani").id
    assert title.text.startswith("The Quds Force commander")
