"""Places named by nationality words and inside organisations' names: among a document's places,
never an event's place."""

from __future__ import annotations


def _named(result) -> dict[str, tuple[str, str | None]]:
    return {span.text: (pm.place.country, pm.place.feature) for pm in result.places for span in pm.mentions}


def test_a_nationality_word_names_its_country_but_does_not_place_the_event(extract):
    result = extract("Turkish drones struck a farm near Qamishli on Monday, killing two shepherds.")
    named = _named(result)
    assert named["Turkish"][0] == "TR"
    assert named["Qamishli"][0] == "SY"
    assert [e.place.country for e in result.events] == ["SY"]


def test_a_state_at_the_head_of_an_organisation_name_is_a_place(extract):
    result = extract("A grant from the Ohio Department of Health paid for the new clinic, officials said.")
    assert _named(result).get("Ohio") == ("US", "admin1")


def test_a_capitalised_word_that_is_no_region_name_is_no_place(extract):
    result = extract("The Applied Research Institute of Jerusalem published the survey on Tuesday.")
    assert "Applied" not in _named(result)
    assert "Applied Research" not in _named(result)


def test_a_name_that_qualifies_a_weapon_is_no_place(extract):
    result = extract(
        "Hezbollah fired a salvo of Katyusha rockets at an army base near Kiryat Shmona on Monday."
    )
    assert "Katyusha" not in _named(result)
    assert [e.place.text for e in result.events] == ["Kiryat Shmona"]
