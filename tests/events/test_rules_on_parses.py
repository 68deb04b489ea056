"""Event rules on parses built by hand: each rule on the parse it is written for, no model loaded."""

from __future__ import annotations

from datetime import date

import pytest

from eventlens.events.classifier import sentence_features, sentence_units
from eventlens.events.coding import code_event, protest_subtype, territory_subtype
from eventlens.events.dates import with_narrative_dates
from eventlens.events.extractor import _same_event, _without_duplicates
from eventlens.events.lexicon import english_lexicon
from eventlens.events.roles import ActorFinder
from eventlens.events.syntax import DependencyTree
from eventlens.events.triggers import TriggerFinder
from eventlens.kb import KnowledgeBase
from eventlens.model import ActorRef, TextSpan
from tests.factories import make_event, make_parse


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


def triggers(parse):
    tree = DependencyTree(parse.tokens)
    return list(TriggerFinder(english_lexicon()).find(tree, parse.sentences[0]))


def roles(parse, kb, **finder_options):
    tree = DependencyTree(parse.tokens)
    finder = ActorFinder(
        kb, english_lexicon(), tree, parse.mentions, parse.document.text, 2025, **finder_options
    )
    (trigger,) = triggers(parse)
    actor1, actor2 = finder.roles(trigger)
    return [a.name for a in actor1], [a.name for a in actor2]


GUNMEN_ATTACKED = {
    "words": "Gunmen attacked the checkpoint .",
    "heads": [1, 1, 3, 1, 1],
    "deps": ["nsubj", "ROOT", "det", "dobj", "punct"],
    "pos": ["NOUN", "VERB", "DET", "NOUN", "PUNCT"],
    "lemmas": ["gunman", "attack", "the", "checkpoint", "."],
}


def test_a_verb_of_the_lexicon_is_a_trigger():
    (trigger,) = triggers(make_parse(**GUNMEN_ATTACKED))
    assert (trigger.token.text, trigger.entry.type) == ("attacked", "ASSAULT")


def test_a_light_verb_makes_its_object_noun_an_event():
    parse = make_parse(
        "The army launched an offensive .",
        heads=[1, 2, 2, 4, 2, 2],
        deps=["det", "nsubj", "ROOT", "det", "dobj", "punct"],
        pos=["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["the", "army", "launch", "an", "offensive", "."],
    )
    (trigger,) = triggers(parse)
    assert (trigger.token.text, trigger.anchor.text, trigger.entry.type) == (
        "offensive",
        "launched",
        "ASSAULT",
    )


def test_shots_fired_into_the_air_are_no_attack():
    parse = make_parse(
        "Police fired into the air .",
        heads=[1, 1, 1, 4, 2, 1],
        deps=["nsubj", "ROOT", "prep", "det", "pobj", "punct"],
        pos=["NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
        lemmas=["police", "fire", "into", "the", "air", "."],
    )
    assert triggers(parse) == []


def test_the_subject_mention_is_the_doer_and_the_object_the_target(kb):
    parse = make_parse(
        "The SDF attacked SNA positions .",
        heads=[1, 2, 2, 4, 2, 2],
        deps=["det", "nsubj", "ROOT", "compound", "dobj", "punct"],
        pos=["DET", "PROPN", "VERB", "PROPN", "NOUN", "PUNCT"],
        lemmas=["the", "SDF", "attack", "SNA", "position", "."],
        mentions=[(1, 2, "ORG", "sdf"), (3, 4, "ORG", "sna")],
    )
    assert roles(parse, kb) == (["Syrian Democratic Forces"], ["Syrian National Army"])


def test_an_unknown_name_is_the_kind_its_head_noun_says(kb):
    parse = make_parse(
        "Sudanese government troops seized the village .",
        heads=[2, 2, 3, 3, 5, 3, 3],
        deps=["amod", "compound", "nsubj", "ROOT", "det", "dobj", "punct"],
        pos=["ADJ", "NOUN", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["sudanese", "government", "troops", "seize", "the", "village", "."],
        mentions=[(0, 3, "ORG", None)],
    )
    tree = DependencyTree(parse.tokens)
    finder = ActorFinder(kb, english_lexicon(), tree, parse.mentions, parse.document.text, 2025)
    trigger = next(t for t in triggers(parse) if t.entry.territorial)
    (actor,), _ = finder.roles(trigger)
    assert (actor.name, actor.kb_id, actor.type) == ("Sudanese government troops", None, "state_military")


def test_a_passive_agent_is_the_doer_and_victims_go_by_their_kind(kb):
    parse = make_parse(
        "Three civilians were killed by the SNA .",
        heads=[1, 3, 3, 3, 3, 6, 4, 3],
        deps=["nummod", "nsubjpass", "auxpass", "ROOT", "agent", "det", "pobj", "punct"],
        pos=["NUM", "NOUN", "AUX", "VERB", "ADP", "DET", "PROPN", "PUNCT"],
        lemmas=["three", "civilian", "be", "kill", "by", "the", "SNA", "."],
        tags=["CD", "NNS", "VBD", "VBN", "IN", "DT", "NNP", "."],
        mentions=[(6, 7, "ORG", "sna")],
    )
    assert roles(parse, kb) == (["Syrian National Army"], ["Civilians"])


def test_a_capital_as_subject_is_its_government(kb):
    parse = make_parse(
        "Beirut rejected the proposal .",
        heads=[1, 1, 3, 1, 1],
        deps=["nsubj", "ROOT", "det", "dobj", "punct"],
        pos=["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["Beirut", "reject", "the", "proposal", "."],
        mentions=[(0, 1, "GPE", None)],
    )
    assert roles(parse, kb, seats={0: "state_LBN"})[0] == ["Government of Lebanon"]
    assert roles(parse, kb)[0] == []  # a town that is no capital names nobody


def test_nationalities_of_officials_are_their_governments(kb):
    parse = make_parse(
        "Hungarian and Romanian officials agreed .",
        heads=[3, 0, 0, 4, 4, 4],
        deps=["amod", "cc", "conj", "nsubj", "ROOT", "punct"],
        pos=["ADJ", "CCONJ", "ADJ", "NOUN", "VERB", "PUNCT"],
        lemmas=["hungarian", "and", "romanian", "official", "agree", "."],
        mentions=[(0, 1, "NORP", None), (2, 3, "NORP", None)],
    )
    assert roles(parse, kb)[0] == ["Government of Hungary", "Government of Romania"]


def test_the_classifier_reads_kinds_of_names_not_names():
    parse = make_parse(**GUNMEN_ATTACKED, mentions=[(3, 4, "FAC", None)])
    units = sentence_units(parse.tokens, 0, len(parse.tokens), parse.mentions, lambda m: None)
    assert [u for _, u in units] == ["gunman", "attack", "<site>"]
    features = sentence_features(units, parse.tokens)
    assert {"w:attack", "b:gunman_attack", "d:attack>nsubj>gunman", "d:attack>dobj>checkpoint"} - set(
        features
    ) == {"d:attack>dobj>checkpoint"}
    assert "d:attack>dobj><site>" in features


# Merging the tellings of one event.


def test_a_headline_and_its_body_are_one_event():
    headline = make_event(
        "h", evidence=TextSpan("SDF and SNA clash near Manbij", 0, 29), fatalities=None, date=None
    )
    body = make_event(
        "b", confidence=0.9, evidence=TextSpan("The SDF clashed with SNA factions near Manbij.", 31, 77)
    )
    (merged,) = _without_duplicates([headline, body])
    assert merged.fatalities == 3 and merged.date == "2025-03-14"


def test_tellings_with_different_tolls_or_times_are_different_events():
    first = make_event("a")
    assert not _same_event(first, make_event("b", evidence=TextSpan("x", 90, 91), fatalities=5))
    assert not _same_event(first, make_event("c", evidence=TextSpan("x", 90, 91), historical=True))


def test_the_dateline_dates_what_the_report_does_not():
    undated = make_event("a", date=None, time_precision="unknown")
    (dated,) = with_narrative_dates([undated], date(2025, 3, 12))
    assert (dated.date, dated.time_precision) == ("2025-03-12", "day")
    assert with_narrative_dates([undated], None) == [undated]


def _attack_coding(actor1_type: str, actor2_type: str | None, target_words: set[str], fatalities: int | None):
    lexicon = english_lexicon()
    entry = next(e for e in lexicon.triggers[("attack", "VERB")] if e.type == "ASSAULT")
    actor2 = (ActorRef("Protesters", None, actor2_type, None, "protesters"),) if actor2_type else ()
    actor1 = (ActorRef("Police", None, actor1_type, None, "police"),)
    return code_event(lexicon, entry, "", actor1, actor2, target_words, fatalities)[1:]


def test_state_forces_attacking_a_protest_are_a_protest_met_with_force():
    assert _attack_coding("state_military", "protesters", set(), None) == (
        "Protests",
        "Protest with intervention",
    )
    assert _attack_coding("state_military", None, {"rally"}, 2) == (
        "Protests",
        "Excessive force against protesters",
    )
    # Others attacking a protest, and state forces attacking anyone else, are no protest event.
    assert _attack_coding("militia", "protesters", set(), None)[0] != "Protests"
    assert _attack_coding("state_military", None, {"checkpoint"}, None) == ("Battles", "Armed clash")


def _protest_subtype(subtype: str, text: str, fatalities: int | None = None, actor2_type: str | None = None):
    actor2 = (ActorRef("Marchers", None, actor2_type, None, "marchers"),) if actor2_type else ()
    return protest_subtype(english_lexicon(), subtype, text, fatalities, actor2)


@pytest.mark.parametrize(
    ("given", "text", "fatalities", "expected"),
    [
        # Demonstrators who fight make a riot, whatever the police did in turn.
        (
            "Protest with intervention",
            "Gendarmes fired tear gas as students clashed with them near the ministry",
            None,
            "Violent demonstration",
        ),
        (
            "Peaceful protest",
            "The march turned violent after dark and shops were looted",
            None,
            "Violent demonstration",
        ),
        # Forces that break a protest up: an intervention, excessive force once someone is killed or hurt.
        (
            "Peaceful protest",
            "Riot police dispersed the sit-in with water cannon",
            None,
            "Protest with intervention",
        ),
        (
            "Peaceful protest",
            "Troops used live rounds to break up the rally, witnesses said",
            None,
            "Excessive force against protesters",
        ),
        (
            "Protest with intervention",
            "Scores were wounded when guards broke up the vigil with batons",
            None,
            "Excessive force against protesters",
        ),
        ("Protest with intervention", "Police broke up the march", 3, "Excessive force against protesters"),
        # "Riot police" alone are no riot; a protest told with neither kind of word keeps its coding.
        (
            "Violent demonstration",
            "Riot police detained dozens of marchers",
            None,
            "Protest with intervention",
        ),
        ("Peaceful protest", "Thousands marched through the capital on Friday", None, "Peaceful protest"),
        # Other sub-types are not the protest rules' business.
        ("Armed clash", "Rebels clashed with soldiers and 4 were killed", 4, "Armed clash"),
    ],
)
def test_protest_subtypes_follow_the_codebook_order(given, text, fatalities, expected):
    assert _protest_subtype(given, text, fatalities) == expected


def test_an_arrest_of_protesters_is_the_protests_intervention():
    assert _protest_subtype("Arrests", "Officers detained 40 people", actor2_type="protesters") == (
        "Protest with intervention"
    )
    assert _protest_subtype("Arrests", "Officers held 40 people at a demonstration outside the court") == (
        "Protest with intervention"
    )
    assert _protest_subtype("Arrests", "Officers detained a suspected arms dealer at his home") == "Arrests"


def test_territory_taken_by_force_is_coded_by_the_takers_side():
    def actors(*kinds):
        return tuple(ActorRef(k, None, k, None, k) for k in kinds)

    assert territory_subtype(actors("state_military")) == "Government regains territory"
    assert territory_subtype(actors("rebel_group")) == "Non-state actor overtakes territory"
    assert territory_subtype(actors("identity_militia", "external")) == "Non-state actor overtakes territory"
    # A foreign army, or nobody named: the rules' or the classifier's reading stands.
    assert territory_subtype(actors("external")) is None
    assert territory_subtype(()) is None
