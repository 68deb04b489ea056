"""The shipped data files: conventions, and agreement with the hand-annotated reference report."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from eventlens.kb import KnowledgeBase

GOLD = Path(__file__).resolve().parents[3] / "shared" / "seed" / "deirezzor24-soleimani-albukamal.gold.json"
DATA = files("eventlens.kb").joinpath("data")


def _data_files() -> list[str]:
    return sorted(p.name for p in DATA.iterdir() if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", _data_files())
def test_data_file_starts_with_a_sources_header(name):
    head = DATA.joinpath(name).read_text(encoding="utf-8").splitlines()[:6]
    assert head[0].startswith("# ")
    assert any("facts" in line.lower() for line in head if line.startswith("#"))


def test_people_carry_no_single_word_alias():
    """A single word naming a person is a surname ("Assad's forces"); initials (MBS) are fine."""
    for actor in KnowledgeBase.load():
        if actor.type == "person":
            assert all(" " in alias.strip() or alias.isupper() for alias in actor.aliases), actor.id


def test_reference_report_actors_are_in_the_kb():
    if not GOLD.exists():
        pytest.skip("the reference annotation (../shared/seed) is not beside this checkout")
    kb = KnowledgeBase.load()
    for wanted in json.loads(GOLD.read_text(encoding="utf-8"))["actors"]:
        actor = kb.lookup(wanted["name"])
        assert actor is not None, wanted["name"]
        assert (actor.name, actor.type, actor.country) == (wanted["name"], wanted["type"], wanted["country"])
        for relation, target in wanted.get("relations", []):
            assert (relation, target) in kb.relations(actor.id)
        for alias in wanted.get("aliases_in_text", []):
            # Surnames and role titles are left to coreference; every other form must resolve.
            if alias != actor.surname and "commander" not in alias and not alias.endswith("militia"):
                assert kb.lookup(alias) == actor, alias
