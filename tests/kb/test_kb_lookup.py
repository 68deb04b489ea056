"""Finding actors by the names reports use, and what the knowledge base knows about them."""

from __future__ import annotations

import pytest

from eventlens.kb import KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("the Revolutionary Guard", "irgc"),
        ("Iranian Revolutionary Guard", "irgc"),
        ("الحرس الثوري", "irgc"),
        ("والحرس الثوري الإيراني", "irgc"),
        ("Assad’s forces", "syrian_arab_army"),
        ("Assad's forces", "syrian_arab_army"),
        ("the Assad regime", "syrian_arab_army"),
        ("قوات النظام", "syrian_arab_army"),
        ("Iranian militias", "iranian_backed_militias"),
        ("Iranian forces", "iranian_backed_militias"),
        ("الميليشيات الإيرانية", "iranian_backed_militias"),
        ("Hay'at Tahrir al-Sham", "hts"),
        ("Hay’at Tahrir al-Sham", "hts"),
        ("Hayat Tahrir al Sham", "hts"),
        ("HTS", "hts"),
        ("هيئة تحرير الشام", "hts"),
        ("the National Defense", "ndf"),
        ("National Defence Forces", "ndf"),
        ("Quds Force", "quds_force"),
        ("فيلق القدس", "quds_force"),
        ("Qasem Soleimani", "qasem_soleimani"),
        ("Qassem Soleimani", "qasem_soleimani"),
        ("قاسم سليماني", "qasem_soleimani"),
        ("Abu Mohammad al-Jolani", "ahmed_al_sharaa"),
        ("Deir Ezzor 24", "deir_ezzor_24"),
        ("ديرالزور24", "deir_ezzor_24"),
        ("Daesh", "isis"),
        ("داعش", "isis"),
        ("SDF", "sdf"),
        ("قسد", "sdf"),
        ("Syrian government", "state_SYR"),
        ("U.S.", "state_USA"),
    ],
)
def test_lookup_finds_variants(kb, text, actor_id):
    actor = kb.lookup(text)
    assert actor is not None, text
    assert actor.id == actor_id


@pytest.mark.parametrize(
    "text", ["Soleimani", "Assad", "us", "who", "is", "government forces", "Damascus", "al-Mayadin", ""]
)
def test_lookup_refuses_ambiguous_or_unknown(kb, text):
    assert kb.lookup(text) is None


def test_shared_alias_resolves_by_year(kb):
    assert kb.lookup("Syrian army") is None
    assert {a.id for a in kb.lookup_all("Syrian army")} == {"syrian_arab_army", "syrian_army_post_assad"}
    assert kb.lookup("Syrian army", year=2017).id == "syrian_arab_army"
    assert kb.lookup("the Syrian army", year=2025).id == "syrian_army_post_assad"


def test_commanders_of_quds_force_by_year(kb):
    assert [a.id for a in kb.commanders_of("quds_force", 2017)] == ["qasem_soleimani"]
    assert [a.id for a in kb.commanders_of("quds_force", 2022)] == ["esmail_qaani"]
    assert [a.id for a in kb.commanders_of("quds_force")] == ["qasem_soleimani", "esmail_qaani"]
    assert kb.commanders_of("no_such_actor", 2017) == []


def test_commanders_of_other_groups(kb):
    assert [a.id for a in kb.commanders_of("hezbollah", 2010)] == ["hassan_nasrallah"]
    assert [a.id for a in kb.commanders_of("hts", 2020)] == ["ahmed_al_sharaa"]
    assert [a.id for a in kb.commanders_of("isis", 2016)] == ["abu_bakr_al_baghdadi"]


def test_relations_use_canonical_names(kb):
    assert kb.relations("qasem_soleimani") == [("commands", "Quds Force")]
    assert kb.relations("quds_force") == [("part_of", "Islamic Revolutionary Guard Corps")]
    assert ("member_of", "Syrian Democratic Forces") in kb.relations("ypg")
    assert kb.relations("ahmed_al_sharaa", year=2020) == [("commands", "Hay'at Tahrir al-Sham")]
    assert kb.relations("no_such_actor") == []


def test_holders_of_title_by_year(kb):
    assert [a.id for a in kb.holders_of("Syrian President", 2017)] == ["bashar_al_assad"]
    assert [a.id for a in kb.holders_of("the Syrian president", 2025)] == ["ahmed_al_sharaa"]
    assert [a.id for a in kb.holders_of("Iranian Supreme Leader", 2020)] == ["ali_khamenei"]


def test_alias_patterns_cover_names_aliases_and_variants(kb):
    patterns = set(kb.alias_patterns())
    assert ("Islamic Revolutionary Guard Corps", "irgc") in patterns
    assert ("Revolutionary Guard", "irgc") in patterns
    assert ("الحرس الثوري", "irgc") in patterns
    assert ("Assad's forces", "syrian_arab_army") in patterns
    assert ("Assad’s forces", "syrian_arab_army") in patterns
    assert ("الحرس الثوري الايراني", "irgc") in patterns  # plain-alef spelling of الإيراني
    assert all(alias and actor_id in kb for alias, actor_id in patterns)  # nothing empty or dangling


def test_iteration_len_and_get(kb):
    ids = [a.id for a in kb]
    assert len(ids) == len(kb) == len(set(ids))
    assert "irgc" in kb and kb.get("irgc").name == "Islamic Revolutionary Guard Corps"
    assert kb.get("no_such_actor") is None
