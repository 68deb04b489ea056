"""Loading the knowledge base: the shipped files, user files, and what is wrong with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.errors import DataError
from eventlens.kb import KbActor, KnowledgeBase


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_kb_validates_with_no_problems():
    assert KnowledgeBase.load().validate() == []


def test_shipped_kb_is_large_and_has_every_state():
    kb = KnowledgeBase.load()
    states = [a for a in kb if a.type == "state" and a.id.startswith("state_")]
    assert len(states) >= 190
    assert len(kb) - len(states) >= 250
    assert kb.get("state_SYR").country == "SYR"


def test_shipped_kb_is_loaded_once_per_process():
    first = KnowledgeBase.load()
    assert KnowledgeBase.load() is first


def test_user_file_adds_actors(tmp_path):
    path = _write(
        tmp_path,
        "mine.yaml",
        """
actors:
  - id: albukamal_local_council
    name: Albu Kamal Local Council
    type: organization
    country: SYR
    aliases: [Bukamal council]
    aliases_ar: [المجلس المحلي في البوكمال]
    part_of: [state_SYR]
""",
    )
    kb = KnowledgeBase.load([path])
    assert len(kb) == len(KnowledgeBase.load()) + 1
    assert kb.lookup("Bukamal council").id == "albukamal_local_council"
    assert kb.validate() == []


def test_user_directory_is_read(tmp_path):
    _write(tmp_path, "a.yaml", "actors:\n  - {id: group_a, name: Group A, type: militia, country: SYR}\n")
    _write(tmp_path, "b.yml", "actors:\n  - {id: group_b, name: Group B, type: militia, country: IRQ}\n")
    kb = KnowledgeBase.load([tmp_path])
    assert kb.get("group_a") and kb.get("group_b")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("actors: [\n", "not valid YAML"),
        ("- id: x\n  name: X\n", "one key, 'actors'"),
        ("actors:\n  - just a string\n", "expected a mapping"),
        ("actors:\n  - {id: Bad Id, name: X, type: militia}\n", "'id' must be snake_case"),
        ("actors:\n  - {id: x, name: X, type: militia, alias: [Y]}\n", "unknown field(s) alias"),
        ("actors:\n  - {id: x, name: X, type: militia, aliases: Y}\n", "'aliases' must be a list of strings"),
        (
            "actors:\n  - {id: x, name: X, type: person, commands: [{id: y, from: '2017'}]}\n",
            "four-digit integers",
        ),
        (
            "actors:\n  - {id: x, name: X, type: person, commands: [{unit: y}]}\n",
            "string or {id, from, until}",
        ),
    ],
)
def test_malformed_user_file_raises_data_error_naming_file(tmp_path, text, problem):
    path = _write(tmp_path, "broken.yaml", text)
    with pytest.raises(DataError) as caught:
        KnowledgeBase.load([path])
    assert "broken.yaml" in str(caught.value)
    assert problem in str(caught.value)


def test_missing_user_file_raises_data_error(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        KnowledgeBase.load([tmp_path / "nowhere.yaml"])


def test_validate_reports_dangling_relation_and_duplicate_id(tmp_path):
    path = _write(
        tmp_path,
        "mine.yaml",
        """
actors:
  - id: quds_force
    name: Another Quds Force
    type: state_military
  - id: new_commander
    name: New Commander
    type: person
    commands: [{id: no_such_unit, from: 2021}]
    member_of: [no_such_party]
""",
    )
    problems = KnowledgeBase.load([path]).validate()
    assert any("duplicate id 'quds_force'" in p and "mine.yaml" in p for p in problems)
    assert any("commands names unknown actor 'no_such_unit'" in p for p in problems)
    assert any("member_of names unknown actor 'no_such_party'" in p for p in problems)


def test_validate_reports_content_problems(tmp_path):
    path = _write(
        tmp_path,
        "mine.yaml",
        """
actors:
  - {id: nameless, name: "", type: militia}
  - {id: odd_type, name: Odd Type, type: warlords}
  - {id: odd_country, name: Odd Country, type: militia, country: XYZ}
  - {id: unit_commanding, name: Unit Commanding, type: militia, commands: [quds_force]}
  - {id: surnamed, name: Jane Doe, type: person, surname: Doe, aliases: [Doe]}
  - {id: backwards, name: Back Wards, type: person, commands: [{id: quds_force, from: 2020, until: 2010}]}
""",
    )
    problems = "\n".join(KnowledgeBase.load([path]).validate())
    for expected in (
        "nameless: empty name",
        "unknown type 'warlords'",
        "unknown ISO3 country code 'XYZ'",
        "only persons command",
        "surname 'Doe' is also an alias",
        "runs from 2020 to 2010",
    ):
        assert expected in problems


def test_validate_reports_alias_claimed_twice_unless_shared(tmp_path):
    clash = _write(
        tmp_path,
        "clash.yaml",
        """
actors:
  - {id: my_guard, name: My Guard, type: militia, aliases: [the Revolutionary Guards]}
""",
    )
    problems = KnowledgeBase.load([clash]).validate()
    assert any("Revolutionary Guards" in p and "irgc" in p and "my_guard" in p for p in problems)

    shared = _write(
        tmp_path,
        "shared.yaml",
        """
actors:
  - {id: twin_a, name: Twin A, type: militia, aliases: [The Twins], shared_aliases: [The Twins]}
  - {id: twin_b, name: Twin B, type: militia, aliases: [the twins], shared_aliases: [the twins]}
""",
    )
    kb = KnowledgeBase.load([shared])
    assert kb.validate() == []
    assert kb.lookup("The Twins") is None
    assert {a.id for a in kb.lookup_all("twins")} == {"twin_a", "twin_b"}


def test_actor_record_is_frozen_and_typed():
    actor = KnowledgeBase.load().get("qasem_soleimani")
    assert isinstance(actor, KbActor)
    assert actor.type == "person" and actor.country == "IRN" and actor.surname == "Soleimani"
    assert actor.active_until == 2020
    assert "Soleimani" not in actor.aliases
    with pytest.raises(AttributeError):
        actor.name = "someone else"  # type: ignore[misc]
