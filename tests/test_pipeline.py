"""The Pipeline contains a document's failure at any stage: the document is named, the others go on."""

from __future__ import annotations

import pickle

from eventlens.errors import InputError
from eventlens.ingest import document_from_text
from eventlens.model import Result
from eventlens.pipeline import contained, contained_items

GOOD = "Fighters of the Syrian Democratic Forces clashed with Islamic State militants in Manbij on Tuesday."


def test_a_document_that_breaks_a_stage_is_an_error_in_its_place_and_the_batch_goes_on(pipeline, monkeypatch):
    documents = [document_from_text(f"{GOOD} Report {n}.", f"report-{n}") for n in range(3)]
    extract = pipeline.english.extractor.extract

    def extract_failing_on_report_1(parse):
        if parse.document.source == "report-1":
            raise ZeroDivisionError("a bug in some stage")
        return extract(parse)

    monkeypatch.setattr(pipeline.english.extractor, "extract", extract_failing_on_report_1)
    given = InputError("unreadable.txt", "empty file")
    out = list(pipeline.run([documents[0], given, documents[1], documents[2]]))
    assert [type(item) for item in out] == [Result, InputError, InputError, Result]
    assert out[1] is given
    assert out[2].source == "report-1"
    assert out[2].reason == "failed (ZeroDivisionError: a bug in some stage); skipped"
    assert out[0].events and out[3].events


def test_contained_returns_input_errors_and_lets_errors_of_the_run_through():
    assert contained("x", lambda: 5) == 5
    error = contained("x", lambda: {}["missing"])
    assert isinstance(error, InputError) and error.source == "x" and "KeyError" in error.reason


def test_a_source_whose_reading_fails_ends_with_an_error_naming_it():
    def reading():
        yield 1
        raise AttributeError("'NoneType' object has no attribute 'startswith'")

    first, error = contained_items("archive.warc", reading())
    assert first == 1 and error.source == "archive.warc" and "AttributeError" in error.reason


def test_an_input_error_crosses_process_boundaries():
    error = pickle.loads(pickle.dumps(InputError("a.txt", "empty file")))
    assert (error.source, error.reason, str(error)) == ("a.txt", "empty file", "a.txt: empty file")
