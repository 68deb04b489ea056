"""Event rules on short texts we wrote: one behaviour a test."""

from __future__ import annotations

from eventlens.ingest import document_from_text
from tests.events.conftest import PUBLISHED


def names(actors):
    return [a.name for a in actors]


def test_passive_with_agent_and_instrument_sets_mode_and_acled(extract):
    result = extract(
        "Three civilians were killed by a Russian air strike on the village of Kafr Nabl on Tuesday."
    )
    (event,) = [e for e in result.events if e.type == "ASSAULT"]
    assert event.mode == "aerial"
    assert (event.acled_type, event.acled_subtype) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.fatalities == 3
    assert event.date == "2025-03-11" and event.time_precision == "day"


def test_a_nationality_that_strikes_is_its_state_forces(extract):
    result = extract("A Turkish drone struck a car near Qamishli on Monday, killing two fighters.")
    (event,) = [e for e in result.events if e.type == "ASSAULT"]
    assert names(event.actor1) == ["Turkish Armed Forces"]
    assert event.place.name == "Al Qāmishlī"


def test_clashes_between_two_groups_give_both_actors(extract):
    result = extract(
        "Four fighters were killed in clashes that broke out on Sunday between the Syrian Democratic Forces "
        "and the Syrian National Army near Manbij."
    )
    (event,) = [e for e in result.events if e.type == "ASSAULT"]
    assert names(event.actor1) == ["Syrian Democratic Forces"]
    assert names(event.actor2) == ["Syrian National Army"]
    assert event.acled_type == "Battles" and event.fatalities == 4


def test_shots_into_the_air_are_no_attack(extract):
    result = extract("Police fired into the air to disperse dozens of protesters in Raqqa on Friday.")
    assert not [e for e in result.events if e.type == "ASSAULT"]


def test_claim_of_responsibility_names_the_doer_of_the_earlier_attack(extract):
    result = extract(
        "A car bomb exploded near a market in Azaz on Thursday, killing five people.\n\n"
        "The Islamic State claimed responsibility for the attack in a statement."
    )
    assaults = [e for e in result.events if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert names(assaults[0].actor1) == ["Islamic State"]
    assert assaults[0].acled_subtype == "Remote explosive/landmine/IED"


def test_the_two_sides_are_the_parties_of_the_talks_before(extract):
    result = extract(
        "A delegation of the Syrian Democratic Forces met with the Syrian National Army in Manbij on Monday. "
        "The two sides agreed to exchange prisoners next week."
    )
    (agreement,) = [e for e in result.events if e.type == "AGREE"]
    assert names(agreement.actor1) == ["Syrian Democratic Forces"]


def test_a_denied_attack_is_coded_as_denied(extract):
    result = extract(
        "The Syrian National Army denied that its fighters had shelled the village of Tal Rifaat."
    )
    (event,) = [e for e in result.events if e.type == "ASSAULT"]
    assert event.modality == "denied"


def test_a_planned_meeting_is_planned(extract):
    result = extract("The governor of Raqqa will meet tribal leaders in Tabqa next week.")
    (event,) = [e for e in result.events if e.type == "CONSULT"]
    assert event.modality == "planned"


def test_named_official_and_anonymous_sourcing(extract):
    result = extract(
        "Security forces arrested five men in Daraa on Monday, Interior Ministry spokesman Ahmad Saleh said.\n\n"
        "Local sources told the network that gunmen attacked a checkpoint near Jasim.\n\n"
        "The Interior Ministry said that police detained two smugglers in Bosra."
    )
    arrest, detention = [e for e in result.events if e.type == "COERCE"]
    attack = next(e for e in result.events if e.type == "ASSAULT")
    assert arrest.attribution.sourcing == "named"  # a named person, whatever their office
    assert detention.attribution.sourcing == "official"
    assert attack.attribution.sourcing == "anonymous"


def test_a_currency_is_not_a_place(extract):
    result = extract("Gunmen kidnapped a merchant in Jindires and demanded 5,000 US dollars for his release.")
    for event in result.events:
        assert event.place is None or event.place.country != "US"


def test_a_participle_after_a_dateline_subject_is_the_main_verb(extract):
    result = extract(
        "QAMISHLI – A Turkish drone targeted on Saturday a military vehicle of the Syrian Democratic Forces "
        "near the town of Ain Issa, killing two fighters."
    )
    (event,) = [e for e in result.events if e.type == "ASSAULT"]
    assert names(event.actor1) == ["Turkish Armed Forces"]
    assert event.acled_subtype == "Air/drone strike"
    assert event.fatalities == 2 and event.date == "2025-03-08"


def test_the_weapon_named_again_is_the_same_attack(extract):
    result = extract(
        "A Turkish drone struck a car near Amuda on Monday. The source said the drone fired two missiles at the car."
    )
    assaults = [e for e in result.events if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert names(assaults[0].actor1) == ["Turkish Armed Forces"]


def test_residents_of_a_town_protest_there(extract):
    result = extract(
        "Residents of Manbij staged a protest on Sunday against the shelling, demanding protection."
    )
    protest = next(e for e in result.events if e.type == "PROTEST")
    assert protest.actor1 and protest.actor1[0].type == "civilians"
    assert protest.place.name == "Manbij"


def test_undated_events_take_the_date_of_the_story_but_statements_do_not(extract):
    result = extract(
        "Turkish artillery shelled the village of Aqiba near Tal Rifaat on Tuesday.\n\n"
        "Hours later, a drone struck a car near the same village.\n\n"
        "The Syrian Democratic Forces accused Turkey of targeting civilians."
    )
    shelling, strike = [e for e in result.events if e.type == "ASSAULT"]
    accusation = next(e for e in result.events if e.type == "ACCUSE")
    assert shelling.date == strike.date == "2025-03-11"
    assert accusation.date is None


def test_a_recalled_battle_keeps_its_own_date_and_lends_none(extract):
    result = extract(
        "Gunmen attacked a checkpoint near Hajin.\n\n"
        "The Syrian Democratic Forces captured Hajin from the Islamic State in December 2018."
    )
    attack = next(e for e in result.events if "checkpoint" in e.evidence.text)
    battle = next(e for e in result.events if "2018" in e.evidence.text)
    assert attack.date is None
    assert battle.date == "2018-12" and battle.historical


def test_the_dateline_dates_the_events_the_report_does_not_date(extract):
    result = extract(
        "SHAHBA, July 12, 2022 - Gunmen attacked a checkpoint of the Syrian army near Shahba, killing two soldiers."
    )
    (event,) = [e for e in result.events if e.type == "ASSAULT"]
    assert (event.date, event.time_precision) == ("2022-07-12", "day")


def test_a_capital_that_acts_is_its_government(extract):
    result = extract("Beirut rejected the proposal on Tuesday.")
    (event,) = [e for e in result.events if e.type == "REJECT"]
    assert names(event.actor1) == ["Government of Lebanon"]


def test_officials_of_two_nationalities_are_their_governments(extract):
    result = extract(
        "Senior Hungarian and Romanian officials agreed on Monday to reopen the border crossing."
    )
    (event,) = [e for e in result.events if e.type == "AGREE"]
    assert names(event.actor1) == ["Government of Hungary", "Government of Romania"]


def test_victims_go_by_their_kind_and_groups_by_one_spelling(extract):
    result = extract(
        "Gunmen shot dead 24 people in a village near Konduga on Sunday. "
        "Two days later, Gunmen killed a woman in the same village."
    )
    assaults = [e for e in result.events if e.type == "ASSAULT"]
    assert {a.name for e in assaults for a in e.actor2} == {"Civilians"}
    assert {a.name for e in assaults for a in e.actor1} == {"gunmen"}
    assert {a.text for e in assaults for a in e.actor2} == {"24 people", "woman"}


def test_the_outlet_is_never_an_actor(pipeline):
    text = "Sham Monitor said gunmen attacked a checkpoint near Sanamayn on Friday."
    (result,) = list(
        pipeline.run([document_from_text(text, "test", published=PUBLISHED, outlet="Sham Monitor")])
    )
    assert "Sham Monitor" not in {a.name for e in result.events for a in e.actor1 + e.actor2}


def _subtypes(result):
    return [e.acled_subtype for e in result.events if e.acled_subtype]


def test_forces_leaving_a_place_hand_it_over_without_a_fight(extract):
    # ACLED's codebook: a withdrawal from a town or base is a non-violent transfer of territory;
    # a withdrawal from talks is no territory at all.
    left = extract(
        "Government troops pulled back on Friday from the Rabia crossing, leaving it to the tribes."
    )
    assert "Non-violent transfer of territory" in _subtypes(left)
    left_base = extract("All army units have withdrawn from Khan Tuman, the largest base in the district.")
    assert "Non-violent transfer of territory" in _subtypes(left_base)
    talks = extract("The opposition delegation withdrew from the talks in Geneva on Friday.")
    assert "Non-violent transfer of territory" not in _subtypes(talks)


def test_territory_handed_over_or_entered_unopposed_is_no_battle(extract):
    handed = extract("The coalition handed control of the airbase back to Iraqi forces on Sunday.")
    assert _subtypes(handed)[:1] == ["Non-violent transfer of territory"]
    unopposed = extract("Rebel fighters entered the town of Saraqib without a fight after the garrison fled.")
    assert "Non-violent transfer of territory" in _subtypes(unopposed)
    assert "Armed clash" not in _subtypes(unopposed)


def test_sanctions_that_target_a_country_are_no_attack(extract):
    result = extract("The European Union targeted Belarus with new sanctions and a ban on its airline.")
    assert not [e for e in result.events if e.type == "ASSAULT"]


def test_a_capture_is_coded_by_the_takers_side(extract):
    army = extract("Syrian government forces captured a rebel-held district of Aleppo on Saturday.")
    assert _subtypes(army)[:1] == ["Government regains territory"]
    rebels = extract("Opposition fighters recaptured the village of Kafr Nabl from the army on Thursday.")
    assert _subtypes(rebels)[:1] == ["Non-state actor overtakes territory"]


def test_what_blows_up_by_accident_is_no_attack(extract):
    for text in (
        "A gas cylinder exploded at a roadside restaurant in Multan, killing two cooks.",
        "A boiler explosion at a textile mill in Faisalabad injured nine workers on Monday.",
    ):
        assert not [e for e in extract(text).events if e.type == "ASSAULT"], text
    bomb = extract("A bomb planted near the cement plant exploded in Baiji, killing a guard.")
    assert [e.acled_subtype for e in bomb.events if e.type == "ASSAULT"] == ["Remote explosive/landmine/IED"]


def test_an_attack_on_a_website_is_no_attack(extract):
    result = extract("Hackers attacked the election commission's website for two days in March.")
    assert not [e for e in result.events if e.type == "ASSAULT"]


def test_an_event_that_threatens_something_is_no_threat(extract):
    result = extract(
        "The mayor asked both sides to halt the shelling, which residents said threatened the harvest."
    )
    assert "THREATEN" not in [e.type for e in result.events]
    threat = extract("The militia threatened to shell the airport if the army advanced.")
    assert "THREATEN" in [e.type for e in threat.events]


def test_a_kidnappers_ransom_is_part_of_the_abduction(extract):
    result = extract(
        "Gunmen seized two engineers near Kidal and demanded 20,000 euros for their release, a relative said."
    )
    assert "REQUEST" not in [e.type for e in result.events]
    assert "Abduction/forced disappearance" in _subtypes(result)


def test_what_a_planned_trip_is_for_is_planned_too(extract):
    result = extract("The governor will travel to Erbil on Sunday to ask the ministry for more generators.")
    assert {e.modality for e in result.events if e.type == "REQUEST"} == {"planned"}


def test_the_city_of_an_anaphor_is_never_where_a_spokesman_sits(extract):
    result = extract(
        "Gunmen attacked a checkpoint in Kirkuk on Monday. The agency quoted a police spokesman in Baghdad "
        "as saying that the attackers later shelled villages west of the city."
    )
    assert [e.place.name for e in result.events if e.type == "ASSAULT"] == ["Kirkuk", "Kirkuk"]
    # The tagger ran the name on into "Baghdad as": the name is Baghdad.
    assert "Baghdad" in [m.text for p in result.places for m in p.mentions]


def test_a_ban_imposed_is_one_coercion(extract):
    result = extract(
        "The state government imposed a ban on motorcycles in three districts of Yobe on Tuesday."
    )
    assert [e.type for e in result.events] == ["COERCE"]


def test_a_mass_grave_found_is_a_strategic_development(extract):
    result = extract(
        "Forensic teams uncovered a mass grave holding at least 40 bodies near Hamdaniya on Saturday."
    )
    assert [(e.acled_type, e.acled_subtype) for e in result.events] == [("Strategic developments", "Other")]
    family = extract("He found the grave of his grandfather in the village cemetery.")
    assert not [e for e in family.events if e.acled_subtype == "Other"]


def test_a_disrupted_weapons_use_names_a_weapon(extract):
    migrants = extract("The coast guard intercepted a dinghy carrying 40 migrants off Lampedusa on Sunday.")
    assert "Disrupted weapons use" not in _subtypes(migrants)
    drones = extract("Air defences intercepted two drones over Erbil airport overnight, officials said.")
    assert "Disrupted weapons use" in _subtypes(drones)
