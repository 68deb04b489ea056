"""A report whose lede tells no conflict event (an accident, a disaster) is read as that story."""

from __future__ import annotations

import dataclasses

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
