"""The accuracy gate: figures on our annotated reports and on ../shared/devsets, pinned as floors.

``tests/accuracy_floors.json`` holds each floor with the SHA-256 of the data it was measured on.
Lowering a floor is a change to that file, in review; changing the data without measuring again
fails here until its hash is updated with the new figures. The devsets are skipped when absent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from eventlens.evaluation import load_annotated, score_reports
from eventlens.geo_evaluation import load_gold, score_geo
from eventlens.ingest import document_from_text
from eventlens.kb import KnowledgeBase
from eventlens.snippet_evaluation import load_snippets, score_snippets
from tests.conftest import ROOT

FLOORS = json.loads((ROOT / "tests" / "accuracy_floors.json").read_text(encoding="utf-8"))


def data_hash(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (names and contents, in name order)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(file.relative_to(path if path.is_dir() else path.parent).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def gated(name: str) -> tuple[Path, dict]:
    entry = FLOORS[name]
    path = (ROOT / entry["data"]).resolve()
    if not path.exists():
        pytest.skip(f"{entry['data']} is not beside this checkout")
    assert data_hash(path) == entry["sha256"], (
        f"{entry['data']} changed since its floors were measured: measure again and update tests/accuracy_floors.json"
    )
    return path, entry["floors"]


def test_our_annotated_reports(pipeline):
    path, floors = gated("reports")
    reports = load_annotated(path)
    documents = [
        document_from_text(
            r.path.read_text(encoding="utf-8"), str(r.path), published=r.published, outlet=r.outlet
        )
        for r in reports
    ]
    scores = score_reports(pipeline.run(documents), reports, KnowledgeBase.load())
    figures = scores.as_dict()
    for metric, floor in floors.items():
        assert figures[metric] >= floor, (metric, figures, scores.misses)


def test_acled_coded_snippets_of_the_devsets(pipeline):
    path, floors = gated("case2021_dev")
    snippets = load_snippets(path)
    documents = (document_from_text(s.text, s.id, language="en") for s in snippets)
    figures = score_snippets(pipeline.run(documents), snippets).as_dict()
    for metric, floor in floors.items():
        if metric.endswith("_at_most"):
            assert figures[metric.removesuffix("_at_most")] <= floor, (metric, figures)
        else:
            assert figures[metric] >= floor, (metric, figures)


@pytest.mark.parametrize("name", ["geo_lgl", "geo_trnews", "geo_ours"])
def test_geoparsing_of_the_gold_sets(pipeline, name):
    path, floors = gated(name)
    reports = load_gold(path)
    figures = score_geo(pipeline.run(r.document() for r in reports), reports).as_dict()
    for metric, floor in floors.items():
        assert figures[metric] >= floor, (metric, figures)
