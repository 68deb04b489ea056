"""The Arabic lexicon's generated inflections and the Arabic date reader."""

from __future__ import annotations

from datetime import date

import pytest

from eventlens.events.arabic.dates import ArabicDateReader
from eventlens.events.arabic.lexicon import arabic_lexicon, verb_forms
from eventlens.model import PLOVER_TYPES
from eventlens.nlp.arabic import words_of


def test_verb_inflections_are_generated_from_the_two_lemma_forms():
    forms = verb_forms("قصف", "يقصف")
    assert {"قصف", "قصفت", "قصفوا", "يقصف", "تقصف", "يقصفون", "نقصف"} <= forms
    lexicon = arabic_lexicon()
    assert [(t.type, pos) for t, pos in lexicon.entries("اعتقلت")] == [("COERCE", "VERB")]
    assert lexicon.entries("اعتقالات")[0][0].mode == "arrest"


def test_every_plover_type_has_arabic_triggers():
    lexicon = arabic_lexicon()
    types = {t.type for entries in lexicon.words.values() for t, _ in entries}
    types |= {t.type for phrases in lexicon.phrases.values() for _, t in phrases}
    assert types == set(PLOVER_TYPES)


@pytest.fixture(scope="module")
def reader():
    return ArabicDateReader(arabic_lexicon())


def dates(reader, text: str, published: date | None = date(2024, 3, 13)) -> list[tuple[str, str]]:
    words = words_of(text)
    return [(d.resolved.value, d.resolved.precision) for d in reader.find(words, 0, len(words), published)]


def test_levantine_egyptian_and_maghrebi_month_names(reader):
    assert dates(reader, "في 5 تشرين الأول 2017") == [("2017-10-05", "day")]
    assert dates(reader, "بتاريخ 12 أكتوبر 2017") == [("2017-10-12", "day")]
    assert dates(reader, "منذ كانون الثاني 2020") == [("2020-01", "month")]
    assert dates(reader, "في 3 جوان 2021") == [("2021-06-03", "day")]


def test_arabic_indic_digits(reader):
    assert dates(reader, "يوم ٢٣ آذار ٢٠٢٣") == [("2023-03-23", "day")]


def test_weekdays_and_relative_days_against_the_publication_date(reader):
    # 13 March 2024 is a Wednesday.
    assert dates(reader, "صباح الجمعة") == [("2024-03-08", "day")]
    assert dates(reader, "مساء أمس") == [("2024-03-12", "day")]
    assert dates(reader, "يوم الجمعة المقبل") == [("2024-03-15", "day")]
    assert dates(reader, "الشهر الماضي") == [("2024-02", "month")]


def test_no_publication_date_no_relative_date(reader):
    assert dates(reader, "صباح الجمعة", published=None) == []
    assert dates(reader, "في عام 2019", published=None) == [("2019", "year")]


def test_a_bare_number_is_no_date(reader):
    assert dates(reader, "مقتل 24 عنصراً") == []
