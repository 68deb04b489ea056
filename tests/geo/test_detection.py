"""Finding place names the ruler's list lacks or the tagger misreads (texts written for these)."""

from __future__ import annotations

import pytest

from eventlens.config import Config
from eventlens.geo import Gazetteer
from eventlens.ingest import document_from_text
from eventlens.kb import KnowledgeBase
from eventlens.nlp import TextAnalyzer

PLACE_LABELS = ("GPE", "LOC", "FAC")


@pytest.fixture(scope="module")
def analyzer():
    return TextAnalyzer(KnowledgeBase.load(), Gazetteer.open(Config().gazetteer_file))


def places(analyzer, text: str) -> list[str]:
    (parse,) = list(analyzer.analyze([document_from_text(text, "test", language="en")]))
    return [m.text for m in parse.mentions if m.label in PLACE_LABELS]


def test_a_village_too_small_for_the_ruler_is_found_in_a_places_position(analyzer):
    found = places(
        analyzer, "Regime artillery answered by shelling Darat Izza and al-Atarib in the western countryside."
    )
    assert "Darat Izza" in found and "al-Atarib" in found


def test_a_longer_known_name_beats_a_listed_shorter_one(analyzer):
    found = places(
        analyzer, "Opposition factions shelled government positions near Maarat al-Numan on Monday."
    )
    assert "Maarat al-Numan" in found


def test_a_town_the_tagger_reads_as_a_plural_is_still_a_place(analyzer):
    assert "Homs" in places(analyzer, "Fighting continued around the road to Homs, and near Salamiyah.")
    assert "Syrians" not in places(analyzer, "Thousands of Syrians crossed the border on Monday.")


def test_a_town_outside_the_theatre_is_found_after_in(analyzer):
    assert "Djibo" in places(
        analyzer, "Gunmen attacked an army base in Djibo on Tuesday, security sources said."
    )


def test_a_place_written_in_arabic_script_is_found(analyzer):
    assert "البوكمال" in places(
        analyzer, "Local sources said militias reinforced their positions in البوكمال after the strikes."
    )


def test_a_listed_abbreviation_is_a_place_only_in_capitals(analyzer):
    assert "DEZ" in places(analyzer, "Cells of the group attacked an SDF post in rural DEZ on Monday.")
    assert "Dez" not in places(analyzer, "Dez said the post was attacked.")


def test_an_abbreviation_resolves_to_its_place():
    from eventlens.geo import ToponymMention, ToponymResolver

    gazetteer = Gazetteer.open(Config().gazetteer_file)
    sentence = "Cells of the group attacked an SDF post in rural DEZ on Monday."
    start = sentence.index("DEZ")
    (place,) = ToponymResolver(gazetteer).resolve([ToponymMention("DEZ", start, start + 3, context=sentence)])
    assert place is not None and place.geonameid == 170794


def test_a_given_name_before_an_arabic_family_name_is_no_place(analyzer):
    found = places(
        analyzer, "Qassim al-Jubouri, a spokesman for the brigade, denied the attack near Haditha."
    )
    assert "Qassim" not in found and "Haditha" in found


def test_a_place_with_its_article_is_still_matched_whole(analyzer):
    assert "Deir al-Zor" in places(analyzer, "Clashes broke out in Deir al-Zor on Monday.")
