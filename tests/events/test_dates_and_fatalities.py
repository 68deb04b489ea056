"""Date resolution and death counts: pure functions, no model needed for dates."""

from __future__ import annotations

from datetime import date

import pytest

from eventlens.events.dates import is_historical, resolve_date

PUBLISHED = date(2025, 3, 14)  # a Friday


@pytest.mark.parametrize(
    ("expression", "value", "precision"),
    [
        ("in October 2017", "2017-10", "month"),
        ("on Tuesday", "2025-03-11", "day"),
        ("yesterday", "2025-03-13", "day"),
        ("on March 3", "2025-03-03", "day"),
        ("in 2019", "2019", "year"),
        ("on 12 February 2024", "2024-02-12", "day"),
        ("last month", "2025-02", "month"),
        ("last week", "2025-03-03", "week"),
        ("November 27", "2024-11-27", "day"),
        ("in August", "2024-08", "month"),
        ("in March", "2025-03", "month"),
        ("mid-February", "2025-02", "month"),
        ("late August", "2024-08", "month"),
    ],
)
def test_dates_resolve_against_the_publication_date(expression, value, precision):
    resolved = resolve_date(expression, PUBLISHED)
    assert (resolved.value, resolved.precision) == (value, precision)


@pytest.mark.parametrize("expression", ["24", "about 35 minutes", "two years", "recently"])
def test_numbers_and_durations_are_not_dates(expression):
    assert resolve_date(expression, PUBLISHED) is None


def test_relative_dates_need_a_publication_date():
    assert resolve_date("on Tuesday", None) is None
    assert resolve_date("in October 2017", None).value == "2017-10"


def test_historical_means_long_before_the_report():
    assert is_historical(resolve_date("in October 2017", PUBLISHED), PUBLISHED, 31)
    assert not is_historical(resolve_date("on Tuesday", PUBLISHED), PUBLISHED, 31)
    assert is_historical(resolve_date("in October 2017", None), None, 31)
    assert not is_historical(None, PUBLISHED, 31)


@pytest.mark.parametrize(
    ("sentence", "deaths"),
    [
        ("An airstrike hit the market, killing three civilians.", 3),
        ("At least 12 fighters were killed in the clashes.", 12),
        ("Two soldiers and three civilians were killed by the blast.", 5),
        ("Four people were wounded when a shell hit the school.", 0),
        ("A shepherd was killed by a landmine near Maadan.", 1),
        ("Gunmen attacked a checkpoint in Daraa and killed a soldier and two civilians.", 3),
        ("Artillery shelled the outskirts of Tal Rifaat.", None),
        ("Gunmen shot dead 24 people in a village near Konduga on Sunday.", 24),
        # A running total is no event's toll.
        (
            "Gunmen attacked a village in Borno on Sunday, bringing to 230 the people killed there since October.",
            None,
        ),
        (
            "A car bomb killed four soldiers in Mogadishu; 60 troops have been killed in the city so far this year.",
            4,
        ),
    ],
)
def test_fatalities_stated_in_a_sentence(pipeline, sentence, deaths):
    from eventlens.ingest import document_from_text

    (result,) = list(pipeline.run([document_from_text(sentence, "test", published=PUBLISHED)]))
    assaults = [e for e in result.events if e.type == "ASSAULT"]
    assert assaults
    assert assaults[0].fatalities == deaths


def test_a_tally_over_months_or_years_is_no_event(extract):
    tally = (
        "Mine explosions have killed dozens of civilians in the desert in the past two years, officials said."
    )
    assert extract(tally).events == ()
    day = "Gunmen have killed five people in the village in the past 24 hours, residents said."
    assert [e.type for e in extract(day).events] == ["ASSAULT"]
