"""The Arabic analyzer: names found by lookup, with offsets into the text."""

from __future__ import annotations

from datetime import date

import pytest

from eventlens.model import Document


@pytest.fixture(scope="module")
def analyzer():
    from eventlens.geo import Gazetteer
    from eventlens.kb import KnowledgeBase
    from eventlens.nlp.arabic import ArabicAnalyzer

    return ArabicAnalyzer(KnowledgeBase.load(), Gazetteer.open())


def mentions(analyzer, text: str) -> list[tuple[str, str, str | None]]:
    parse = analyzer.parse(Document("t", text, "t", published=date(2023, 6, 1), language="ar"))
    for m in parse.mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.label, m.kb_id) for m in parse.mentions]


def test_knowledge_base_aliases_and_ruler_places(analyzer):
    found = mentions(analyzer, "قصفت قوات النظام بلدة سراقب في ريف إدلب الشرقي.")
    assert ("قوات النظام", "ORG", "syrian_arab_army") in found
    assert ("سراقب", "GPE", None) in found
    assert any(text == "إدلب" for text, _, _ in found)


def test_a_glued_conjunction_or_preposition_is_outside_the_mention(analyzer):
    found = mentions(analyzer, "وقصفت الطائرات مواقع لقوات النظام وبالحسكة.")
    assert ("قوات النظام", "ORG", "syrian_arab_army") in found
    assert any(text == "الحسكة" for text, _, _ in found)


def test_the_town_written_as_one_word(analyzer):
    assert ("البوكمال", "GPE", None) in mentions(analyzer, "وصل الوفد إلى مدينة البوكمال.")


def test_a_village_after_a_cue_word_or_a_locative(analyzer):
    assert any(
        text == "الدرباسية" for text, _, _ in mentions(analyzer, "استهدفت مسيرة سيارة قرب بلدة الدرباسية.")
    )
    assert any(text == "تل أبيض" for text, _, _ in mentions(analyzer, "هدد بشن عملية في تل أبيض."))


def test_a_person_after_a_title_and_the_words_of_the_office(analyzer):
    found = mentions(analyzer, "قال وزير الزراعة السوري سمير الحلبي إن المحصول تراجع.")
    assert ("سمير الحلبي", "PERSON", None) in found


def test_common_words_are_not_places(analyzer):
    found = mentions(analyzer, "خرج المتظاهرون في ذكرى الثورة.")
    assert not any(label == "GPE" for _, label, _ in found)


def test_nationality_adjectives(analyzer):
    assert ("تركية", "NORP", None) in mentions(analyzer, "استهدفت طائرة مسيرة تركية سيارة.")
