"""Settings of the event rules at work: a quiet lede's gate, the age of a recalled event."""

from __future__ import annotations

import dataclasses
from datetime import date

from eventlens.config import Config
from eventlens.ingest import document_from_text
from eventlens.pipeline import Pipeline
from eventlens.settings import shipped_settings

KITCHEN_BLAST = (
    "A gas cylinder exploded in a crowded restaurant in the old city on Friday, killing four diners, "
    "the civil defence said. The blast tore through the kitchen and set fire to neighbouring shops."
)


def _events(pipeline: Pipeline, text: str) -> list[tuple[str, str | None]]:
    (result,) = pipeline.run([document_from_text(text, "test")])
    return [(e.type, e.acled_subtype) for e in result.events]


def test_later_sentences_of_an_accident_report_tell_no_attack(pipeline):
    assert _events(pipeline, KITCHEN_BLAST) == []
    # What does it is the lede's gate: without it, "set fire to neighbouring shops" is an event.
    shipped = shipped_settings()
    ungated = dataclasses.replace(
        shipped, classifier=dataclasses.replace(shipped.classifier, lede_no_event_threshold=1.0)
    )
    assert _events(Pipeline(Config(settings=ungated)), KITCHEN_BLAST) != []


def test_the_events_section_sets_how_old_a_recalled_event_is(pipeline):
    text = "Islamic State fighters attacked an army checkpoint near Hajin in October 2017."
    published = date(2025, 3, 14)
    (shipped,) = pipeline.run([document_from_text(text, "test", published=published)])
    settings = shipped_settings()
    lenient = dataclasses.replace(
        settings, events=dataclasses.replace(settings.events, historical_days=10_000)
    )
    (result,) = Pipeline(Config(settings=lenient)).run(
        [document_from_text(text, "test", published=published)]
    )
    assert [e.historical for e in shipped.events] == [True]
    assert [e.historical for e in result.events] == [False]
