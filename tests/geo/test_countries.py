"""Country names and demonyms, English and Arabic."""

from __future__ import annotations

import pytest

from eventlens.geo import country_of_name, demonym_countries


@pytest.mark.parametrize(
    ("text", "iso2"),
    [
        ("Iraq", "IQ"),
        ("Syrian", "SY"),
        ("Iraqi", "IQ"),
        ("Iranian", "IR"),
        ("Syrians", "SY"),
        ("Lebanese", "LB"),
        ("the United States", "US"),
        ("US", "US"),
        ("U.S.", "US"),
        ("UAE", "AE"),
        ("Iran's", "IR"),
        ("Turkish", "TR"),
        ("Türkiye", "TR"),
        ("Saudi", "SA"),
        ("Saudi Arabia", "SA"),
        ("Libya", "LY"),
        ("Kurdish", None),
        ("us", None),
        ("nothing", None),
        ("", None),
        ("سوريا", "SY"),
        ("العراق", "IQ"),
        ("سوري", "SY"),
        ("السوريين", "SY"),
        ("الإيرانية", "IR"),
        ("والعراق", "IQ"),
        ("لبنان", "LB"),
    ],
)
def test_country_of_name(text, iso2):
    assert country_of_name(text) == iso2


def test_demonyms_in_a_sentence():
    sentence = "Soleimani met the Syrian elements and Iraqi officers near the U.S. base in Saudi Arabia."
    assert demonym_countries(sentence) == ["SY", "IQ", "US", "SA"]
    assert demonym_countries("التقى سليماني بالعناصر السوريين قرب الحدود العراقية") == ["SY", "IQ"]
    assert demonym_countries("no capitalised syrian words here") == []
