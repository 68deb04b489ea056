"""The doer's backers and partners are the event's associated actors (ACLED's assoc_actor_1)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "doer", "partner"),
    [
        (
            "Nigerian troops, backed by Chadian soldiers, attacked Boko Haram camps near Gwoza.",
            "Armed Forces of Nigeria",
            "Chadian soldiers",
        ),
        (
            "Kurdish Peshmerga fighters fought alongside Iraqi army units against Islamic State militants.",
            "Peshmerga",
            "Iraqi Army",
        ),
        (
            (
                "The Syrian Democratic Forces, in coordination with the US-led coalition, arrested "
                "three Islamic State members in Hajin."
            ),
            "Syrian Democratic Forces",
            "Combined Joint Task Force – Operation Inherent Resolve",
        ),
    ],
)
def test_a_backer_or_partner_of_the_doer_is_associated(extract, text, doer, partner):
    (event,) = extract(text).events
    assert [a.name for a in event.actor1] == [doer]
    assert [a.name.casefold() for a in event.associated] == [partner.casefold()]


def test_a_doer_alone_has_no_associates(extract):
    (event,) = extract(
        "Gunmen attacked a police checkpoint in Quetta on Friday, killing two officers."
    ).events
    assert event.associated == ()
