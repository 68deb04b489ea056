"""A Dask ingest into PostgreSQL killed midway and run again ends with every report once and the
same events as a SQLite ingest of the same corpus without Dask.

Writes a JSON Lines corpus of --reports reports (the shipped examples, each copy made distinct)
into build/, runs `eventlens ingest --dask local` into the database of --db, kills the whole
process group (client, scheduler and workers) after --kill-after seconds, runs the same command
again, ingests the corpus into a new SQLite file without Dask, and compares. Prints one JSON line.

    .venv/bin/python bench/dask_resume.py --db postgresql://postgres@127.0.0.1:5432/resume --reports 10000
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from eventlens.bench import benchmark_corpus
from eventlens.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def write_corpus(path: Path, n_reports: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for document in benchmark_corpus(n_reports):
            out.write(json.dumps({"id": document.source, "text": document.text}, ensure_ascii=False) + "\n")


def ingest(corpus: Path, db: str, workers: int, dask: bool, kill_after: float | None = None) -> float:
    """Run `eventlens ingest`; kill its process group after ``kill_after`` seconds. Seconds it ran."""
    command = ["eventlens", "ingest", str(corpus), "--db", db, "--workers", str(workers)]
    command += ["--dask", "local"] if dask else []
    began = time.perf_counter()
    program = str(Path(sys.executable).parent / command[0])
    process = subprocess.Popen([program, *command[1:]], start_new_session=True)
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return time.perf_counter() - began


def stored(db: str) -> tuple[int, list]:
    with open_store(db) as store:
        return store.count_documents(), [(doc.id, event) for doc, event in store.events()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an empty PostgreSQL database URL")
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--kill-after", type=float, default=60.0, help="seconds before the first run is killed"
    )
    args = parser.parse_args()
    build = ROOT / "build" / "dask_resume"
    build.mkdir(parents=True, exist_ok=True)
    corpus = build / f"corpus-{args.reports}.jsonl"
    write_corpus(corpus, args.reports)
    reference = build / f"reference-{args.reports}.sqlite"
    reference.unlink(missing_ok=True)

    killed_s = ingest(corpus, args.db, args.workers, dask=True, kill_after=args.kill_after)
    after_kill, _ = stored(args.db)
    resumed_s = ingest(corpus, args.db, args.workers, dask=True)
    plain_s = ingest(corpus, str(reference), args.workers, dask=False)
    documents, events = stored(args.db)
    reference_documents, reference_events = stored(str(reference))
    print(
        json.dumps(
            {
                "reports": args.reports,
                "workers": args.workers,
                "killed_after_s": round(killed_s, 1),
                "documents_when_killed": after_kill,
                "resumed_s": round(resumed_s, 1),
                "documents": documents,
                "events": len(events),
                "sqlite_documents": reference_documents,
                "sqlite_events": len(reference_events),
                "sqlite_s": round(plain_s, 1),
                "same_events": events == reference_events,
            }
        )
    )


if __name__ == "__main__":
    main()
