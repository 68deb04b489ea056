"""Toponym resolution over whole documents: spellings, ambiguity, regions, precision, None."""

from __future__ import annotations

import re

import pytest

from eventlens.geo import ToponymMention, ToponymResolver
from eventlens.model import Place
from eventlens.settings import load_settings

ALBU_KAMAL, DEIR_EZ_ZOR_CITY, DEIR_EZ_ZOR_REGION, AL_QAIM = 174448, 170794, 170792, 92138

# Written for this test: a town in a governorate's countryside, a border town beside its
# country, and the bare name of the governorate's capital.
BORDER_REPORT = (
    "Local activists said a convoy of fuel tankers reached Al-Bukamal city in the eastern Deir Ezzor "
    "countryside on Monday. The convoy had crossed from al-Qaim on the border with Iraq after a delay "
    "of two days. Drivers said the fuel would be sold in Deir Ezzor markets."
)


def mentions_of(text: str, names: list[str]) -> list[ToponymMention]:
    """One mention per name, at its first occurrence after the previous one, with its sentence."""
    sentences = [(m.start(), m.group(0)) for m in re.finditer(r"[^.!?]+[.!?]?", text)]
    found, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        offset, sentence = next((o, s) for o, s in sentences if o <= start < o + len(s))
        found.append(ToponymMention(name, start, start + len(name), context=sentence, context_start=offset))
    return found


def resolve(resolver: ToponymResolver, text: str, names: list[str], **kwargs) -> list[Place | None]:
    return resolver.resolve(mentions_of(text, names), **kwargs)


def test_town_countryside_border_and_capital(resolver):
    places = resolve(resolver, BORDER_REPORT, ["Al-Bukamal", "Deir Ezzor", "al-Qaim", "Iraq", "Deir Ezzor"])
    albu_kamal, countryside, qaim, iraq, deir = places
    assert (
        albu_kamal.geonameid == ALBU_KAMAL and albu_kamal.precision == 1 and albu_kamal.text == "Al-Bukamal"
    )
    assert countryside.admin1 == "Deir ez-Zor" and countryside.precision == 3
    assert qaim.geonameid == AL_QAIM and qaim.country == "IQ"
    assert (iraq.country, iraq.feature, iraq.precision) == ("IQ", "country", 3)
    assert deir.geonameid == DEIR_EZ_ZOR_CITY and deir.precision == 1


@pytest.mark.parametrize(
    "spelling", ["Al-Bukamal", "al-Bukamal", "Albu Kamal", "Abu Kamal", "Boukamal", "البوكمال"]
)
def test_albu_kamal(resolver, spelling):
    place = resolver.resolve([ToponymMention(spelling, context=f"Militias deployed in {spelling} city.")])[0]
    assert place.geonameid == ALBU_KAMAL and place.admin1 == "Deir ez-Zor" and place.country == "SY"


@pytest.mark.parametrize(
    "spelling", ["Deir Ezzor", "Deir ez-Zor", "Dayr az-Zawr", "دير الزور", "دَيْر الزُّور", "Deir Ezor"]
)
def test_bare_deir_ez_zor_is_the_city(resolver, spelling):
    place = resolver.resolve([ToponymMention(spelling, context=f"Forces entered {spelling} on Monday.")])[0]
    assert place.geonameid == DEIR_EZ_ZOR_CITY and place.precision == 1 and place.feature == "populated"


@pytest.mark.parametrize(
    ("name", "geonameid"), [("إدلب", 169389), ("حلب", 170063), ("الرقة", 172955), ("حمص", 169577)]
)
def test_bare_arabic_names_are_the_towns(resolver, name, geonameid):
    assert resolver.resolve([ToponymMention(name, context=f"قصف على {name} اليوم")])[0].geonameid == geonameid


def test_al_qaim_next_to_syrian_places_is_iraqs(resolver):
    text = "Militias moved from Albu Kamal and Deir Ezzor towards al-Qaim on the Syrian border."
    places = resolve(resolver, text, ["Albu Kamal", "Deir Ezzor", "al-Qaim"])
    assert places[2].geonameid == AL_QAIM


@pytest.mark.parametrize(
    ("name", "geonameid"),
    [
        ("Idlib", 169389),
        ("Aleppo", 170063),
        ("Raqqa", 172955),
        ("Manbij", 167357),
        ("Mosul", 99072),
        ("Tikrit", 90150),
        ("Daraa", 170905),
        ("Homs", 169577),
        ("Hama", 170017),
        ("Latakia", 173576),
        ("Palmyra", 163808),
    ],
)
def test_well_known_towns(resolver, name, geonameid):
    text = f"Clashes were reported in {name} on Tuesday, a Syrian monitor said."
    place = resolve(resolver, text, [name])[0]
    assert place.geonameid == geonameid and place.precision == 1


def test_tripoli_follows_the_document(resolver):
    lebanon = "Fighting broke out in Tripoli as the Lebanese army deployed in Akkar and Beirut."
    libya = "Fighting broke out in Tripoli as Libyan brigades from Misrata moved west."
    assert resolve(resolver, lebanon, ["Tripoli", "Akkar", "Beirut"])[0].country == "LB"
    assert resolve(resolver, libya, ["Tripoli", "Misrata"])[0].country == "LY"
    alone = "Fighting broke out in Tripoli."
    assert resolve(resolver, alone, ["Tripoli"], country_hint="LB")[0].country == "LB"
    assert resolve(resolver, alone, ["Tripoli"])[0].country == "LY"  # the larger city


def test_a_users_weight_changes_the_choice(resolver, tmp_path):
    # The hint is what makes a lone "Tripoli" Lebanon's; a settings file that gives it no votes
    # leaves the larger Libyan city.
    alone = "Fighting broke out in Tripoli."
    user_file = tmp_path / "settings.toml"
    user_file.write_text("[resolver]\nhint_votes = 0.0\n", encoding="utf-8")
    unhinted = ToponymResolver(resolver.gazetteer, load_settings(user_file).resolver)
    assert resolve(resolver, alone, ["Tripoli"], country_hint="LB")[0].country == "LB"
    assert resolve(unhinted, alone, ["Tripoli"], country_hint="LB")[0].country == "LY"


def test_region_phrasing(resolver):
    text = "IS cells attacked Hajin in the eastern Deir Ezzor countryside and villages in Homs province."
    hajin, deir, homs = resolve(resolver, text, ["Hajin", "Deir Ezzor", "Homs"])
    assert hajin.admin1 == "Deir ez-Zor" and hajin.precision == 1
    assert deir.admin1 == "Deir ez-Zor" and deir.precision == 3 and deir.feature in ("admin1", "region")
    assert homs.geonameid == 169575 and homs.feature == "admin1" and homs.precision == 3


def test_region_phrase_as_one_mention(resolver):
    place = resolver.resolve([ToponymMention("the eastern Deir Ezzor countryside")])[0]
    assert place.admin1 == "Deir ez-Zor" and place.precision == 3
    place = resolver.resolve([ToponymMention("Idlib countryside")])[0]
    assert place.geonameid == 169387 and place.precision == 3
    place = resolver.resolve([ToponymMention("Rural Damascus")])[0]
    assert place.geonameid == 170652 and place.precision == 3
    place = resolver.resolve([ToponymMention("ريف دير الزور الشرقي")])[0]
    assert place.admin1 == "Deir ez-Zor" and place.precision == 3


def test_countryside_of_a_town_is_the_town_at_precision_2(resolver):
    text = "Drones struck the Albu Kamal countryside."
    place = resolve(resolver, text, ["Albu Kamal"])[0]
    assert place.geonameid == ALBU_KAMAL and place.precision == 2


def test_qualifiers_lower_the_precision(resolver):
    text = "Shelling hit the outskirts of Manbij, and a car bomb exploded near Deir Ezzor."
    manbij, deir = resolve(resolver, text, ["Manbij", "Deir Ezzor"])
    assert (manbij.geonameid, manbij.precision) == (167357, 2)
    assert (deir.geonameid, deir.precision) == (DEIR_EZ_ZOR_CITY, 2)
    marked = resolver.resolve([ToponymMention("Manbij", qualifier="near")])[0]
    assert marked.precision == 2
    plain = resolver.resolve([ToponymMention("Manbij", context="Turkish drones struck Manbij.")])[0]
    assert plain.precision == 1


def test_countries_and_curated_points(resolver):
    text = "Trucks crossed Bab al-Hawa from Turkey while drones hit the T4 airbase in Syria."
    crossing, turkey, base, syria = resolve(resolver, text, ["Bab al-Hawa", "Turkey", "T4", "Syria"])
    assert crossing.feature == "crossing" and crossing.geonameid < 0 and crossing.country == "SY"
    assert (turkey.country, turkey.precision) == ("TR", 3)
    assert base.feature == "base" and abs(base.lat - 34.52) < 0.05
    assert (syria.country, syria.feature) == ("SY", "country")


def test_unresolvable_names_are_none(resolver):
    text = "Xyzzyq Blorf and Qwrtzpl were mentioned, and so was 123."
    assert resolve(resolver, text, ["Xyzzyq Blorf", "Qwrtzpl", "123"]) == [None, None, None]
    assert resolver.resolve([]) == []


def test_repeated_mentions_resolve_alike_and_keep_their_own_text(resolver):
    text = "Albu Kamal was shelled. Later, Al-Bukamal was shelled again, and Albu Kamal burned."
    places = resolve(resolver, text, ["Albu Kamal", "Al-Bukamal", "Albu Kamal"])
    assert {p.geonameid for p in places} == {ALBU_KAMAL}
    assert [p.text for p in places] == ["Albu Kamal", "Al-Bukamal", "Albu Kamal"]
    assert all(0 < p.score <= 1 for p in places)


def test_arabic_document(resolver):
    text = "وصل سليماني إلى مدينة البوكمال في ريف دير الزور الشرقي، ثم زار معبر القائم مع العراق."
    albu_kamal, countryside, qaim = resolve(resolver, text, ["البوكمال", "دير الزور", "القائم"])
    assert albu_kamal.geonameid == ALBU_KAMAL
    assert countryside.admin1 == "Deir ez-Zor" and countryside.precision == 3
    assert qaim.geonameid == AL_QAIM


def test_a_name_written_twice_in_a_sentence_is_read_where_the_mention_is(resolver):
    sentence = (
        "Sources told Deir Ezzor 24 that Soleimani reached Al-Bukamal in the eastern Deir Ezzor countryside."
    )
    offset = 100  # where the sentence starts in its document; the caller does not say
    second = sentence.index("Deir Ezzor", sentence.index("Al-Bukamal"))
    mentions = [
        ToponymMention(
            "Al-Bukamal",
            offset + sentence.index("Al-Bukamal"),
            offset + sentence.index("Al-Bukamal") + 10,
            sentence,
        ),
        ToponymMention("Deir Ezzor", offset + second, offset + second + 10, sentence),
    ]
    albu_kamal, countryside = resolver.resolve(mentions)
    assert albu_kamal.geonameid == ALBU_KAMAL
    assert countryside.precision == 3 and countryside.admin1 == "Deir ez-Zor"


def test_caller_qualifiers(resolver):
    province = resolver.resolve([ToponymMention("Homs", qualifier="province")])[0]
    assert (province.geonameid, province.precision) == (169575, 3)
    outskirts = resolver.resolve([ToponymMention("Homs", qualifier="outskirts")])[0]
    assert (outskirts.geonameid, outskirts.precision) == (169577, 2)
    anything = resolver.resolve([ToponymMention("Homs", qualifier="somewhere around")])[0]
    assert (anything.geonameid, anything.precision) == (169577, 2)


def test_the_written_name_beats_a_bigger_place_that_only_shares_its_key(resolver):
    tyre = resolver.resolve([ToponymMention("Tyre", context="An Israeli drone struck a car near Tyre.")])[0]
    assert tyre.country == "LB"  # not Tehran, which GeoNames also spells "Teera"


def test_wording_that_changes_nothing_or_points_into_a_region(resolver):
    marib = resolver.resolve([ToponymMention("Marib city")])[0]
    assert (marib.country, marib.feature, marib.precision) == ("YE", "populated", 1)
    west = resolver.resolve([ToponymMention("Raqqa's western countryside")])[0]
    assert (west.geonameid, west.precision) == (172957, 3)
    district = resolver.resolve([ToponymMention("Tyre district")])[0]
    assert (district.country, district.precision) == ("LB", 2)


def test_words_and_names_that_are_not_places_in_this_report(resolver):
    text = "Kirkuk police arrested five men on Monday in June, President Barham Salih said in Kirkuk."
    kirkuk, june, salih = resolve(resolver, text, ["Kirkuk", "June", "Salih"])
    assert kirkuk.country == "IQ"
    assert june is None  # a calendar word, though some village is called so
    assert salih is None  # Salé in Morocco only shares a key with the name, far from the focus
    assert resolver.resolve([ToponymMention("north-east", context="in the north-east")])[0] is None
    assert resolver.resolve([ToponymMention("al", context="The al group")])[0] is None


def test_a_famous_capital_far_from_the_focus_still_resolves(resolver):
    text = "Rockets hit Baghdad airport; Washington blamed Iraqi militias in Baghdad."
    airport, washington, baghdad = resolve(resolver, text, ["Baghdad airport", "Washington", "Baghdad"])
    assert airport.feature == "airport" and baghdad.country == "IQ"
    assert (washington.country, washington.geonameid) == ("US", 4140963)
