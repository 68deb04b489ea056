"""An event's confidence: its trigger's own, moved by the amounts of the [confidence] settings."""

from __future__ import annotations

import dataclasses

import pytest

from eventlens.events.confidence import event_confidence
from eventlens.settings import shipped_settings
from tests.factories import CIVILIANS, MANBIJ, SDF

SHIPPED = shipped_settings().confidence


def confidence(
    actor1=(SDF,), place=MANBIJ, sourcing="outlet", modality="asserted", nominal=False, settings=SHIPPED
):
    return event_confidence(0.7, actor1, place, sourcing, modality, nominal, settings)


def test_a_known_doer_raises_and_a_missing_one_lowers():
    assert confidence() == pytest.approx(0.7 + SHIPPED.known_doer_bonus)
    assert confidence(actor1=(CIVILIANS,)) == 0.7  # named, not in the knowledge base
    assert confidence(actor1=()) == pytest.approx(0.7 - SHIPPED.no_doer_penalty)


def test_each_doubt_lowers_it_by_its_own_amount():
    doubts = {
        "place": (confidence(place=None), SHIPPED.no_place_penalty),
        "sourcing": (confidence(sourcing="anonymous"), SHIPPED.anonymous_penalty),
        "modality": (confidence(modality="claimed"), SHIPPED.not_asserted_penalty),
        "noun": (confidence(nominal=True), SHIPPED.nominal_penalty),
    }
    for doubt, (score, penalty) in doubts.items():
        assert score == pytest.approx(confidence() - penalty), doubt


def test_it_stays_between_the_floor_and_the_ceiling():
    assert event_confidence(0.98, (SDF,), MANBIJ, "outlet", "asserted", False, SHIPPED) == SHIPPED.ceiling
    assert event_confidence(0.1, (), None, "anonymous", "planned", True, SHIPPED) == SHIPPED.floor


def test_the_settings_decide_the_amounts():
    trusting = dataclasses.replace(SHIPPED, anonymous_penalty=0.0, known_doer_bonus=0.2)
    assert confidence(sourcing="anonymous", settings=trusting) == 0.9
    assert confidence(sourcing="anonymous") == 0.75
