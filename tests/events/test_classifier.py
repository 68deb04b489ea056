"""The sentence classifier of event types: the shipped model, its training and its part in extraction."""

from __future__ import annotations

import pytest

from eventlens.errors import DataError
from eventlens.events import EventClassifier, event_classes
from eventlens.training import default_training_dir, examples_digest, fit, read_examples


def test_the_shipped_model_was_trained_on_the_shipped_sentences():
    # Editing a training file without running `eventlens train` leaves a model of other data.
    model = EventClassifier.load()
    assert model.trained_on == examples_digest(read_examples([default_training_dir()]))
    assert set(model.labels) <= set(event_classes())


def test_every_acled_sub_event_type_has_training_sentences():
    labels = {e.label for e in read_examples([default_training_dir()])}
    coded = {c.acled[1] for c in event_classes().values() if c.acled and c.label in labels}
    assert len(coded) == 25


def test_fitting_is_deterministic_and_the_archive_round_trips(tmp_path):
    featured = [
        ["w:shell", "w:village"],
        ["w:protest", "w:march"],
        ["w:shell", "w:town"],
        ["w:march", "w:rally"],
    ] * 2
    labels = ["shelling_artillery_missile", "peaceful_protest"] * 4
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    fit(featured, labels, trained_on="x").save(first)
    fit(featured, labels, trained_on="x").save(second)
    assert first.read_bytes() == second.read_bytes()
    model = EventClassifier.load(first)
    assert model.scores(["w:shell"]).best[0] == "shelling_artillery_missile"
    assert model.scores(["w:march"]).best[0] == "peaceful_protest"
    assert model.trained_on == "x"


def test_a_training_line_with_an_unknown_class_is_refused(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("# header\nskirmish\tTwo patrols exchanged fire.\n", encoding="utf-8")
    with pytest.raises(DataError, match="unknown class 'skirmish'"):
        read_examples([path])


def test_a_file_that_is_no_model_is_a_data_error(tmp_path):
    path = tmp_path / "model.npz"
    path.write_bytes(b"not a zip archive")
    with pytest.raises(DataError, match="not a model file"):
        EventClassifier.load(path)


# The classifier in extraction, on sentences the trigger lexicon alone codes wrong or not at all.


def test_tear_gas_on_marchers_is_a_protest_with_intervention(extract):
    result = extract(
        "Riot police fired tear gas on Saturday to disperse hundreds of teachers marching in Nairobi."
    )
    assert result.events[0].acled_subtype == "Protest with intervention"


def test_an_event_without_a_lexicon_word_is_found(extract):
    result = extract(
        "Bomb disposal experts defused an improvised explosive device planted near a bridge in Kandahar."
    )
    assert [e.acled_subtype for e in result.events][:1] == ["Disrupted weapons use"]


def test_an_earthquake_that_hit_a_region_is_no_conflict_event(extract):
    result = extract("A strong earthquake hit the mountains of Baluchistan on Monday, killing nine people.")
    assert not [e for e in result.events if e.acled_type]


def test_a_drone_that_fired_missiles_stays_a_drone_strike(extract):
    # The weapon the rules name keeps its coding whatever else the sentence says.
    result = extract("A Turkish drone fired two missiles at a car near Amuda on Monday.")
    assert result.events[0].acled_subtype == "Air/drone strike"
