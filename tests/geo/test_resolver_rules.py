"""The resolver rules tuned on tests/data/geo/dev.jsonl, one test each (texts written for them)."""

from __future__ import annotations

from eventlens.geo.resolver import _foreign_alias, _size
from eventlens.settings import shipped_settings
from tests.geo.test_resolver import resolve


def test_villages_of_unknown_population_settle_together_in_their_country(resolver):
    # Dhiban and al-Busayrah are villages in both Syria and Jordan; Jordan's Busayra has a
    # population in GeoNames, Syria's has none. The two Syrian ones are neighbours.
    text = "Tribal fighters took over several checkpoints in Dhiban and al-Busayrah after clashes."
    dhiban, busayrah = resolve(resolver, text, ["Dhiban", "al-Busayrah"])
    assert dhiban.country == "SY" and busayrah.country == "SY"


def test_an_unknown_population_counts_as_a_village(gazetteer):
    (village,) = [c for c in gazetteer.lookup("Dhiban") if c.country == "SY"]
    assert village.population == 0
    assert 0.3 < _size(village, shipped_settings().resolver.unknown_population) < 0.5


def test_a_foreign_town_named_by_someone_elses_name_is_doubted(gazetteer, resolver):
    (hatta,) = [c for c in gazetteer.lookup("Hatla") if c.country == "IN"]
    assert _foreign_alias(hatta)
    text = "Government artillery in Deir Ezzor city shelled the village of Hatla across the river."
    deir_ezzor, hatla = resolve(resolver, text, ["Deir Ezzor", "Hatla"])
    assert deir_ezzor is not None and deir_ezzor.country == "SY"
    assert hatla is None or hatla.country == "SY"


def test_a_misspelling_is_taken_only_in_the_reports_own_country(resolver):
    text = "Regime forces shelled Latamneh and Kafr Zita in the northern Hama countryside on Saturday."
    latamneh, kafr_zita = resolve(resolver, text, ["Latamneh", "Kafr Zita"])
    assert latamneh is None  # not in the gazetteer: not Adana, Turkey, its closest key
    assert kafr_zita.country == "SY"


def test_a_country_keeps_its_reading_under_region_wording(resolver):
    text = "Soldiers were killed in the Tillaberi region of Niger, the defence ministry in Niamey said."
    _, niger, _ = resolve(resolver, text, ["Tillaberi", "Niger", "Niamey"])
    assert niger.country == "NE" and niger.feature == "country"


def test_a_sea_is_not_a_province_named_after_it(resolver):
    text = "Aircraft struck Houthi targets in Hodeidah after attacks on shipping in the Red Sea."
    _, sea = resolve(resolver, text, ["Hodeidah", "Red Sea"])
    assert sea.feature == "water"


def test_tripoli_follows_the_reports_country(resolver):
    lebanon = "Clashes broke out in Tripoli on Thursday night, and troops deployed in Akkar and Halba."
    libya = "Clashes broke out in Tripoli on Thursday night, and armed groups from Misrata entered Tajoura."
    assert resolve(resolver, lebanon, ["Tripoli", "Akkar", "Halba"])[0].country == "LB"
    assert resolve(resolver, libya, ["Tripoli", "Misrata", "Tajoura"])[0].country == "LY"


def test_homs_in_a_libyan_report_is_al_khums(resolver):
    text = "The coastal road between Homs and Zliten was closed after fighting near Misrata."
    homs, _, _ = resolve(resolver, text, ["Homs", "Zliten", "Misrata"])
    assert homs.country == "LY"


def test_a_name_no_candidate_supports_is_unresolved(resolver):
    text = "Gunmen attacked a checkpoint near Qxzwvbel on Monday."
    assert resolve(resolver, text, ["Qxzwvbel"]) == [None]


def test_kurdistan_region_of_iraq_is_a_curated_region(resolver):
    text = "Missiles hit Erbil, the capital of the Kurdistan Region, the ministry in Baghdad said."
    _, kurdistan, _ = resolve(resolver, text, ["Erbil", "Kurdistan", "Baghdad"])
    assert kurdistan.country == "IQ"


def test_a_namesake_village_far_across_the_border_is_left_unresolved(resolver):
    # al-Baghdadi (Anbar) is not in cities500; its closest key is a village in eastern Iran,
    # about 1,500 km from everything else the report names.
    text = (
        "Rockets were fired at the Ain al-Asad air base from the town of al-Baghdadi in Anbar, "
        "the security media cell in Baghdad said."
    )
    base, village = resolve(resolver, text, ["Ain al-Asad", "al-Baghdadi"])
    assert base is not None and base.country == "IQ"
    assert village is None or village.country == "IQ"


def test_a_key_match_near_the_other_places_across_a_border_is_kept(resolver):
    # The stray rule looks at distance: a Turkish town across from the Syrian border town stays.
    text = "Shells fired from Tal Abyad landed in Akcakale, across the border, the governor said."
    tal_abyad, akcakale = resolve(resolver, text, ["Tal Abyad", "Akcakale"])
    assert tal_abyad.country == "SY" and akcakale is not None and akcakale.country == "TR"


# The rules for news from the rest of the world (texts written for them, not taken from the
# public corpora the README measures on).


def test_a_town_qualified_by_its_state_or_country_is_placed_there(resolver):
    text = "Police in Columbia, S.C., and in London, Ont., said the two men met in Alexandria, Egypt."
    columbia, south_carolina, london, ontario, alexandria = resolve(
        resolver, text, ["Columbia", "S.C.", "London", "Ont.", "Alexandria"]
    )
    assert (columbia.country, columbia.admin1) == ("US", "South Carolina")
    assert south_carolina.feature == "admin1" and ontario.name == "Ontario" and ontario.country == "CA"
    assert (london.country, london.admin1) == ("CA", "Ontario")
    assert alexandria.country == "EG"


def test_a_list_of_regions_does_not_qualify_its_first_item(resolver):
    text = "Storms hit Ohio, Kentucky and Indiana overnight."
    ohio, kentucky, indiana = resolve(resolver, text, ["Ohio", "Kentucky", "Indiana"])
    assert [p.feature for p in (ohio, kentucky, indiana)] == ["admin1"] * 3
    assert ohio.name == "Ohio" and kentucky.name == "Kentucky"


def test_a_foreign_town_is_not_matched_by_a_misspelling_or_a_transliteration_key(resolver):
    text = "Money and Messi were seen in Boston on Friday."
    money, messi, boston = resolve(resolver, text, ["Money", "Messi", "Boston"])
    assert money is None and messi is None  # not Monee, Illinois, nor Massy, France
    assert boston.country == "US"


def test_a_region_named_like_a_large_city_of_its_country_is_the_city(resolver):
    text = "Officials in Washington and Kansas City said the plan reached Ontario and Alberta."
    washington, kansas_city, ontario, alberta = resolve(
        resolver, text, ["Washington", "Kansas City", "Ontario", "Alberta"]
    )
    assert washington.admin1 == "Washington, D.C."
    assert kansas_city.feature == "populated" and kansas_city.name == "Kansas City"
    assert (ontario.feature, alberta.feature) == ("admin1", "admin1")


def test_seas_continents_and_world_regions_resolve(resolver):
    text = "The ship sailed from the Indian Ocean to the Mediterranean, between Asia and the Sahel."
    ocean, sea, asia, sahel = resolve(resolver, text, ["Indian Ocean", "Mediterranean", "Asia", "Sahel"])
    assert ocean.feature == "water" and sea.name == "Mediterranean Sea"
    assert (asia.feature, asia.geonameid) == ("continent", 6255147)
    assert sahel.feature == "region" and sahel.precision == 3
