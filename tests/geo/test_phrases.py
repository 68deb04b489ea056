"""The wording around a place name: region, countryside, nearby, direction."""

from __future__ import annotations

import pytest

from eventlens.geo import ToponymPhrase, parse_phrase


@pytest.mark.parametrize(
    ("text", "before", "after", "expected"),
    [
        (
            "Deir Ezzor",
            "Al-Bukamal city in the eastern ",
            " countryside.",
            ToponymPhrase("Deir Ezzor", "countryside", "eastern"),
        ),
        (
            "the eastern Deir Ezzor countryside",
            "in ",
            ".",
            ToponymPhrase("Deir Ezzor", "countryside", "eastern"),
        ),
        ("Homs province", "villages in ", "", ToponymPhrase("Homs", "admin", None)),
        ("Homs", "villages in ", " province.", ToponymPhrase("Homs", "admin", None)),
        ("Idlib", "the countryside of ", "", ToponymPhrase("Idlib", "countryside", None)),
        (
            "Aleppo",
            "in the northern countryside of ",
            ".",
            ToponymPhrase("Aleppo", "countryside", "northern"),
        ),
        ("Aleppo's countryside", "in ", "", ToponymPhrase("Aleppo", "countryside", None)),
        ("Manbij", "clashes near ", ".", ToponymPhrase("Manbij", "nearby", None)),
        ("Manbij", "on the outskirts of ", ".", ToponymPhrase("Manbij", "nearby", None)),
        ("Manbij", "10 km east of ", ".", ToponymPhrase("Manbij", "nearby", None)),
        ("Manbij", "Turkish drones struck ", ", killing two.", ToponymPhrase("Manbij", None, None)),
        ("Manbij", "a town near Aleppo, ", " was hit.", ToponymPhrase("Manbij", None, None)),
        ("al-Qaim", "Soleimani visited ", " border crossing with Iraq", ToponymPhrase("al-Qaim", None, None)),
    ],
)
def test_english_wording(text, before, after, expected):
    assert parse_phrase(text, before, after) == expected


def test_arabic_wording():
    phrase = parse_phrase("دير الزور", "وصل إلى مدينة البوكمال في ريف ", " الشرقي")
    assert (phrase.kind, phrase.direction) == ("countryside", "الشرقي")
    assert phrase.region_name() == "ريف دير الزور الشرقي"
    phrase = parse_phrase("ريف دير الزور الشرقي")
    assert (phrase.core, phrase.kind, phrase.direction) == ("دير الزور", "countryside", "الشرقي")
    assert parse_phrase("حمص", "قصف على محافظة ", "").kind == "admin"
    assert parse_phrase("منبج", "اشتباكات بالقرب من ", "").kind == "nearby"
    assert parse_phrase("منبج", "اشتباكات في مدينة ", "").kind is None


def test_region_name_of_a_directed_countryside():
    assert (
        parse_phrase("the eastern Deir Ezzor countryside").region_name() == "eastern Deir Ezzor countryside"
    )
    assert parse_phrase("Homs province").region_name() is None
