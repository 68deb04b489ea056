"""Where events happened: the place of the event, not merely the first place its sentence names."""

from __future__ import annotations

from datetime import date

import pytest

from eventlens.ingest import document_from_text

PUBLISHED = date(2025, 3, 14)


@pytest.fixture(scope="module")
def events(pipeline):
    def run(text: str, event_type: str = "ASSAULT"):
        (result,) = list(pipeline.run([document_from_text(text, "test", published=PUBLISHED)]))
        return [e for e in result.events if e.type == event_type]

    return run


def place_of(events) -> tuple[str, int]:
    (event,) = events
    assert event.place is not None, event.evidence.text
    return event.place.name, event.place.precision


# Where the actors come from is not where they acted.


def test_fighters_from_a_town_acted_where_the_sentence_says(events):
    assert place_of(events("Fighters from Idlib attacked a checkpoint near Saraqib on Monday.")) == (
        "Saraqib",
        2,
    )


def test_where_the_actors_come_from_is_no_place_even_by_default(events):
    (event,) = events("Fighters from Idlib attacked a checkpoint on Monday.")
    assert event.place is None
    text = "Clashes erupted in Manbij on Monday between the army and fighters from Raqqa. A sniper later killed a soldier."
    assert events(text)[-1].place.name == "Manbij"


def test_a_town_based_group_acted_elsewhere(events):
    assert place_of(events("Idlib-based fighters attacked a checkpoint near Saraqib on Monday.")) == (
        "Saraqib",
        2,
    )
    assert place_of(events("Gunmen based in Idlib attacked an army checkpoint in Saraqib on Monday.")) == (
        "Saraqib",
        1,
    )


def test_the_town_in_a_group_name_is_not_the_place(events):
    (event,) = events("Gunmen of the Aleppo Brigade attacked an army post in Manbij on Monday.")
    assert event.place.name == "Manbij"


def test_the_home_town_of_the_people_named_gives_way_to_the_place_of_the_event(events):
    place = place_of(events("The governor of Kirkuk visited Mosul on Tuesday.", "CONSULT"))
    assert place == ("Mosul", 1)


# A site measured from a landmark is the site.


def test_a_site_east_of_a_landmark_is_the_site(events):
    text = "The attack on a checkpoint in Ariha, 10 km east of Idlib, killed two soldiers on Monday."
    (event,) = events(text)
    assert event.place.text == "Ariha" and event.place.precision == 1


def test_a_meeting_in_a_town_west_of_a_city_is_in_the_town(events):
    text = "The governor later met with tribal leaders in Tal Afar, west of Mosul, on Tuesday."
    assert place_of(events(text, "CONSULT")) == ("Tall ‘Afar", 1)


def test_a_landmark_alone_places_the_event_near_it(events):
    text = "A roadside bomb exploded 20 km west of Palmyra on Sunday, killing three soldiers."
    assert place_of(events(text)) == ("Tadmur", 2)


def test_a_town_in_a_region_is_the_town(events):
    text = (
        "Gunmen on motorcycles killed a former rebel commander in the town of Tafas in western Daraa on Tuesday, "
        "the Syrian Observatory for Human Rights said."
    )
    assert place_of(events(text)) == ("Ţafas", 1)


def test_near_and_outskirts_make_a_town_precision_2(events):
    assert place_of(events("A drone struck a car near Qamishli on Monday.")) == ("Al Qāmishlī", 2)
    assert place_of(events("A drone struck a car on the outskirts of Qamishli on Monday.")) == (
        "Al Qāmishlī",
        2,
    )


# Where a speaker spoke is not where the event happened.


def test_the_place_a_minister_spoke_in_is_not_the_place_of_the_strike(events):
    text = "Speaking in Damascus, the minister said Israeli jets struck Jableh on Monday."
    assert place_of(events(text)) == ("Jablah", 1)
    text = "The army said in Baghdad that an air strike killed five militants in Tikrit."
    assert place_of(events(text)) == ("Tikrīt", 1)


def test_an_event_the_speakers_town_alone_names_has_no_place(events):
    (event,) = events(
        "Police arrested five suspects on Monday, the Interior Ministry said in Baghdad.", "COERCE"
    )
    assert event.place is None


def test_an_accusation_is_placed_where_its_authors_are(events):
    text = (
        "Several tribal figures in Deir ez-Zor accused the Syrian Democratic Forces of delaying the handover."
    )
    assert place_of(events(text, "ACCUSE")) == ("Deir ez-Zor", 1)


# Movements end where they arrive; a place left counts only when nothing else is named.


def test_reinforcements_sent_from_a_town_to_another_go_to_the_other(events):
    text = "The army sent reinforcements from Deir Ezzor to Palmyra on Sunday."
    assert place_of(events(text, "MOBILIZE")) == ("Tadmur", 1)


def test_a_journey_is_placed_where_it_ends(events):
    assert place_of(events("The governor travelled from Mosul to Baghdad on Monday.", "CONSULT")) == (
        "Baghdad",
        1,
    )


def test_shelling_from_positions_near_a_town_hits_its_target(events):
    text = (
        "Turkish artillery shelled Tal Rifaat from positions near Afrin on Wednesday, killing two civilians."
    )
    assert place_of(events(text)) == ("Tall Rif‘at", 1)


def test_a_withdrawal_from_a_town_is_placed_there(events):
    assert place_of(events("The army withdrew from Saraqib on Monday.", "RETREAT")) == ("Saraqib", 1)


def test_a_place_in_a_clause_below_the_event_gives_way_to_its_own(events):
    text = (
        "Hundreds of people protested in Manbij on Friday, demanding the release of detainees held in Raqqa."
    )
    assert place_of(events(text, "PROTEST")) == ("Manbij", 1)


# A sentence that names no place: the paragraph's, the dateline's, the report's, less precisely.


def test_a_sentence_without_a_place_takes_the_latest_town_of_its_paragraph(events):
    text = (
        "A Turkish drone struck a car in Qamishli on Monday, local sources said. "
        "The Syrian Democratic Forces condemned the strike in Qamishli.\n\n"
        "In Manbij, clashes erupted between two factions on Tuesday. A sniper later killed a civilian."
    )
    clashes, sniper = events(text)[1:]
    assert clashes.place.name == sniper.place.name == "Manbij"
    assert (clashes.place.precision, sniper.place.precision) == (1, 2)
    assert sniper.place.score < clashes.place.score


def test_a_paragraph_without_a_place_takes_the_report_focus(events):
    text = (
        "Gunmen attacked a checkpoint in Manbij on Monday. Turkish drones struck a car in Qamishli on Tuesday. "
        "Residents of Qamishli protested against the strike.\n\n"
        "A sniper killed a civilian on Wednesday."
    )
    sniper = events(text)[-1]
    assert sniper.evidence.text.startswith("A sniper")
    assert (sniper.place.name, sniper.place.precision) == ("Al Qāmishlī", 2)


def test_the_dateline_places_a_lead_that_names_no_place(events):
    (event,) = events("BAGHDAD, March 13 (Reuters) - Unknown gunmen killed a doctor on Thursday.")
    assert (event.place.name, event.place.precision) == ("Baghdad", 2)
    assert event.place.score < 1.0


def test_a_dateline_is_not_the_place_of_a_lead_that_names_one(events):
    (event,) = events(
        "BAGHDAD, March 13 (Reuters) - An air strike killed five militants near Tikrit on Thursday."
    )
    assert place_of([event]) == ("Tikrīt", 2)


def test_the_city_takes_the_town_named_before_at_its_precision(events):
    text = "A car bomb exploded in Azaz on Thursday. Hours later, gunmen attacked a checkpoint in the city."
    second = events(text)[-1]
    assert (second.place.name, second.place.precision) == ("I‘zāz", 1)
