"""The ``eventlens`` command: a thin layer over the Pipeline, the store and the exporters."""

from __future__ import annotations

import json
import math
import os
import sys
import traceback
from collections.abc import Iterable, Iterator
from datetime import date
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eventlens.config import Config
from eventlens.errors import EventlensError, InputError, OutputError, UsageError

if TYPE_CHECKING:
    from eventlens.store import EventFilter

app = typer.Typer(
    help="Turn conflict reports into sourced, geolocated events and an actor network.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: no "<bool>" beside every flag
)
kb_app = typer.Typer(
    help="The actor knowledge base: list, show and validate actors.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
gazetteer_app = typer.Typer(
    help="The gazetteer of places: build it and look names up.", no_args_is_help=True, rich_markup_mode=None
)
eval_app = typer.Typer(
    help="Measure accuracy on hand-annotated reports.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(kb_app, name="kb")
app.add_typer(eval_app, name="eval")
app.add_typer(gazetteer_app, name="gazetteer")

_DEBUG = False
DEFAULT_DB = os.environ.get("EVENTLENS_DB", "eventlens.sqlite")


class ExtractFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    jsonl = "jsonl"
    csv = "csv"


class EventsFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


class Language(str, Enum):
    auto = "auto"
    en = "en"
    ar = "ar"


PublishedOption = Annotated[
    str | None,
    typer.Option(
        help="Publication date YYYY-MM-DD for reports without their own (JSON field, HTML metadata, dateline)."
    ),
]


@app.callback()
def main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False) -> None:
    """eventlens reads reports and codes who did what to whom, where, when, and who says so."""
    global _DEBUG
    _DEBUG = debug


def _fail(error: Exception) -> typer.Exit:
    if _DEBUG:
        traceback.print_exception(error)
    typer.echo(f"eventlens: error: {_one_line(str(error))}", err=True)
    return typer.Exit(getattr(error, "exit_code", 1))


def _output_failed(exc: OSError) -> OutputError:
    """A full disk, a missing folder or a refused permission while writing, as one line (exit 4)."""
    where = exc.filename if exc.filename is not None else "output"
    return OutputError(f"{where}: cannot write ({exc.strerror or exc})")


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a date of the form YYYY-MM-DD") from None


def _filter_day(value: str | None, option: str) -> date | None:
    """A --since/--until day, relative ones ("7d", "yesterday") counted from today."""
    from eventlens.store import day_of

    if value is None:
        return None
    try:
        return day_of(value, date.today())
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _check_range(value: float | None, option: str, low: float, high: float = math.inf) -> None:
    if value is not None and not low <= value <= high:  # NaN is in no range
        upper = f" and at most {high:g}" if high != math.inf else ""
        raise UsageError(f"{option}: {value!r} is not a number of at least {low:g}{upper}")


def _config(workers: int = 1, allow_private: bool = False) -> Config:
    config = Config(n_process=max(1, workers), allow_private=allow_private)
    if not config.gazetteer_file.exists():
        typer.echo(
            f"eventlens: building the gazetteer once, into {config.gazetteer_file} (about half a minute)",
            err=True,
        )
    return config


def _documents(
    sources: list[str], config: Config, published: date | None, outlet: str | None, lang: Language
) -> Iterator:
    """The documents of the sources, each read on its own; an InputError for each unreadable one."""
    from eventlens.ingest import BoilerplateFilter, read_sources
    from eventlens.pipeline import contained_items

    cleaner = BoilerplateFilter()  # one for the run: it learns each site's repeated lines
    for source in sources:
        yield from contained_items(
            source,
            read_sources(
                [source], config, published=published, outlet=outlet, language=lang.value, boilerplate=cleaner
            ),
        )


def _report(error: InputError, failures: list[InputError]) -> None:
    failures.append(error)
    typer.echo(f"eventlens: error: {_one_line(str(error))}", err=True)


def _one_line(message: str) -> str:
    """The message with line breaks and other control characters escaped (a file name may hold them)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def _results(items: Iterable, failures: list[InputError]) -> Iterator:
    """The results of the pipeline; each document that failed is reported on stderr and counted."""
    for item in items:
        if isinstance(item, InputError):
            _report(item, failures)
        else:
            yield item


def _event_pairs(results: Iterable) -> Iterator:
    for result in results:
        for event in result.events:
            yield result.document, event


@app.command()
def extract(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, URLs, or - for stdin.")],
    format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExtractFormat.json,
    lang: Annotated[Language, typer.Option(help="Language of the reports; auto detects it.")] = Language.auto,
    published: PublishedOption = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet that published the reports.")] = None,
    with_text: Annotated[
        bool, typer.Option("--with-text", help="Include the cleaned text (offsets index it).")
    ] = False,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs that resolve to private addresses.")
    ] = False,
    workers: Annotated[int, typer.Option(help="Worker processes (cores) to use.")] = 1,
) -> None:
    """Read reports and print their events, actors and places (nothing is stored).

    Example: eventlens extract report.html --published 2025-03-14 --format json
    """
    from eventlens.export import FORMATS
    from eventlens.pipeline import run_pipeline

    config = _config(workers, allow_private)
    failures: list[InputError] = []
    try:
        documents = _documents(sources, config, _parse_date(published, "--published"), outlet, lang)
        results = _results(run_pipeline(documents, config), failures)
        out = sys.stdout
        if format is ExtractFormat.json:
            out.write("[")
            for n, result in enumerate(results):
                out.write(",\n" if n else "\n")
                out.write(json.dumps(result.to_dict(with_text=with_text), ensure_ascii=False, indent=2))
            out.write("\n]\n")
        elif format is ExtractFormat.jsonl:
            for result in results:
                out.write(json.dumps(result.to_dict(with_text=with_text), ensure_ascii=False) + "\n")
        else:
            FORMATS[format.value](_event_pairs(results), out)
        out.flush()
    except EventlensError as error:
        raise _fail(error) from None
    except OSError as exc:
        raise _fail(_output_failed(exc)) from None
    if failures:
        raise typer.Exit(2)


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, URLs, or - for stdin.")],
    db: Annotated[str, typer.Option(help="SQLite file or postgresql://user@host/database URL.")] = DEFAULT_DB,
    lang: Annotated[Language, typer.Option(help="Language of the reports; auto detects it.")] = Language.auto,
    published: PublishedOption = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet that published the reports.")] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs that resolve to private addresses.")
    ] = False,
    workers: Annotated[
        int, typer.Option(help="Worker processes (cores) to use; with --dask local, its workers.")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Run on Dask: 'local' (a cluster of --workers processes here) or a scheduler, tcp://host:8786.",
        ),
    ] = None,
) -> None:
    """Extract reports and store them; documents already stored are skipped, so a run resumes.

    Example: eventlens ingest reports/ --db events.sqlite
    """
    from eventlens.pipeline import contained, run_pipeline
    from eventlens.store import open_store

    config = _config(workers, allow_private)
    failures: list[InputError] = []
    try:
        published_on = _parse_date(published, "--published")
        with open_store(db) as store:
            documents = _documents(sources, config, published_on, outlet, lang)
            if dask:
                added, stored_events = _ingest_on_dask(_results(documents, failures), store, db, config, dask)
            else:
                fresh = (d for d in documents if isinstance(d, InputError) or not store.has_document(d.id))
                added = stored_events = 0
                for result in _results(run_pipeline(fresh, config), failures):
                    written = contained(result.document.source, partial(store.write_result, result))
                    if isinstance(written, InputError):
                        _report(written, failures)
                    elif written:
                        added += 1
                        stored_events += len(result.events)
            typer.echo(
                f"{added} new document(s), {stored_events} event(s) stored; "
                f"{store.count_documents()} document(s) and {store.count_events()} event(s) "
                f"in {store.location}",
                err=True,
            )
    except EventlensError as error:
        raise _fail(error) from None
    except OSError as exc:
        raise _fail(_output_failed(exc)) from None
    if failures:
        raise typer.Exit(2)


def _ingest_on_dask(documents: Iterable, store, db: str, config: Config, scheduler: str) -> tuple[int, int]:
    """Ingest on a Dask cluster, showing the partitions as they complete; (new documents, their events)."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from eventlens.scale import dask_client, ingest_on_dask

    with (
        dask_client(scheduler, config.n_process) as client,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        ) as progress,
    ):
        task = progress.add_task("starting the Dask workers", total=None)
        counts = [0, 0, 0]

        def done(partition) -> None:
            counts[0] += 1
            counts[1] += partition.documents
            counts[2] += partition.new_documents
            progress.update(
                task,
                description=(f"{counts[0]} partition(s) done: {counts[1]} document(s) read, {counts[2]} new"),
            )

        totals = ingest_on_dask(documents, store, db, config, client, on_progress=done)
    return totals.new_documents, totals.new_events


# The filters of `events` and `export`, declared once: each command lists them in its signature.
DbOption = Annotated[str, typer.Option(help="SQLite file or postgresql://user@host/database URL.")]
ActorOption = Annotated[str | None, typer.Option(help="Actor name, KB id or text.")]
TypeOption = Annotated[
    str | None, typer.Option("--type", help="PLOVER type, ACLED event type or sub-event type.")
]
AcledTypeOption = Annotated[str | None, typer.Option(help="ACLED event type or sub-event type only.")]
PlaceOption = Annotated[
    str | None, typer.Option(help="Place name (or the text it was read from) or GeoNames id.")
]
CountryOption = Annotated[
    str | None, typer.Option(help="Country of the event's place: ISO 3166 alpha-2 code or English name.")
]
Admin1Option = Annotated[
    str | None, typer.Option(help="First-level division of the event's place (province).")
]
NearOption = Annotated[str | None, typer.Option(help="A place name or LAT,LON.")]
KmOption = Annotated[float, typer.Option(help="Distance from --near, in km.")]
SinceOption = Annotated[
    str | None,
    typer.Option(help="Earliest date: YYYY-MM-DD, today, yesterday, 7d, 2w, this-month, this-year."),
]
UntilOption = Annotated[str | None, typer.Option(help="Latest date, written as for --since.")]
TextOption = Annotated[
    str | None,
    typer.Option(
        "--q", help="Words of the evidence sentence, any order; the last may be a word's beginning."
    ),
]
ModalityOption = Annotated[
    str | None, typer.Option(help="asserted, denied, planned, called for, claimed or hypothetical.")
]
ConfidenceOption = Annotated[float | None, typer.Option(help="Lowest confidence, 0 to 1.")]
FatalOption = Annotated[bool, typer.Option("--fatal", help="Only events with fatalities above zero.")]
HistoricalOption = Annotated[
    bool | None,
    typer.Option(
        "--historical/--no-historical",
        help="Only the past events reports recall, or (--no-historical) none of them.",
        show_default=False,
    ),
]


def _event_filter(
    *,
    actor: str | None,
    type: str | None,
    acled_type: str | None,
    place: str | None,
    country: str | None,
    admin1: str | None,
    near: str | None,
    km: float,
    since: str | None,
    until: str | None,
    q: str | None,
    modality: str | None,
    min_confidence: float | None,
    fatal: bool,
    historical: bool | None,
) -> EventFilter:
    """The EventFilter of the command line's filters; a UsageError (one line, exit 2) for a bad value."""
    from eventlens.model import MODALITIES
    from eventlens.store import EventFilter, country_code

    _check_range(km, "--km", 0, 20_100)
    _check_range(min_confidence, "--min-confidence", 0, 1)
    _check_vocabulary(
        type, "--type", _plover_and_acled_types(), "PLOVER type, ACLED event type or sub-event type"
    )
    _check_vocabulary(acled_type, "--acled-type", _acled_types(), "ACLED event type or sub-event type")
    _check_vocabulary(modality, "--modality", MODALITIES, "modality (" + ", ".join(MODALITIES) + ")")
    if country is not None and country_code(country) is None:
        raise UsageError(
            f"--country: no country called {country!r}; give an ISO 3166 code or a name (SY, Syria)"
        )
    point = _point(near) if near else None
    return EventFilter(
        actor=actor,
        type=type,
        acled_type=acled_type,
        place=place,
        country=country,
        admin1=admin1,
        near=point,
        km=km if point else None,
        since=_filter_day(since, "--since"),
        until=_filter_day(until, "--until"),
        text=q,
        modality=modality,
        min_confidence=min_confidence,
        fatal=fatal,
        historical=historical,
    )


def _check_vocabulary(value: str | None, option: str, known: Iterable[str], kinds: str) -> None:
    """A UsageError, naming the closest known value, when ``value`` is none of ``known`` (ignoring case)."""
    if value is None:
        return
    by_key = {name.casefold(): name for name in known}
    key = value.strip().casefold()
    if key in by_key:
        return
    from difflib import get_close_matches

    close = get_close_matches(key, by_key, n=1, cutoff=0.6)
    hint = f"; did you mean {by_key[close[0]]!r}?" if close else ""
    raise UsageError(f"{option}: {value!r} is no {kinds}{hint}")


def _acled_types() -> list[str]:
    from eventlens.events import event_classes

    return sorted({name for c in event_classes().values() if c.acled for name in c.acled})


def _plover_and_acled_types() -> list[str]:
    from eventlens.model import PLOVER_TYPES

    return [*PLOVER_TYPES, *_acled_types()]


def _check_names_are_stored(store, where) -> None:
    """A UsageError when a name the filter gives (actor, place, division) is in no stored event at
    all: a typo, not an empty answer."""
    from eventlens.store import EventFilter

    for option, field, what in (
        ("--actor", "actor", "has an actor called"),
        ("--place", "place", "is at a place called"),
        ("--admin1", "admin1", "is in a first-level division called"),
    ):
        value = getattr(where, field)
        if value is not None and not store.event_page(EventFilter(**{field: value}), limit=1).items:
            raise UsageError(f"{option}: no stored event {what} {value!r}")


def _counted(pairs: Iterable, seen: list[int]) -> Iterator:
    for pair in pairs:
        seen[0] += 1
        yield pair


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    type: TypeOption = None,
    acled_type: AcledTypeOption = None,
    place: PlaceOption = None,
    country: CountryOption = None,
    admin1: Admin1Option = None,
    near: NearOption = None,
    km: KmOption = 25.0,
    since: SinceOption = None,
    until: UntilOption = None,
    q: TextOption = None,
    modality: ModalityOption = None,
    min_confidence: ConfidenceOption = None,
    fatal: FatalOption = False,
    historical: HistoricalOption = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    format: Annotated[
        EventsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EventsFormat.table,
) -> None:
    """Query stored events: every filter given must match.

    Example: eventlens events --db events.sqlite --actor "Syrian Democratic Forces" --near Manbij --km 30
    """
    from eventlens.export import FORMATS
    from eventlens.store import open_store

    try:
        _check_range(limit, "--limit", 0)
        where = _event_filter(**_filter_options(locals()))
        with open_store(db, create=False) as store:
            _check_names_are_stored(store, where)
            seen = [0]
            pairs = _counted(store.events(where, limit=limit), seen)
            if format is EventsFormat.table:
                _print_table(pairs)
            elif format is EventsFormat.json:
                json.dump([_pair_dict(d, e) for d, e in pairs], sys.stdout, ensure_ascii=False, indent=2)
                sys.stdout.write("\n")
            else:
                FORMATS[format.value](pairs, sys.stdout)
            sys.stdout.flush()
            if not seen[0]:
                typer.echo("eventlens: no stored event matches these filters", err=True)
    except EventlensError as error:
        raise _fail(error) from None
    except OSError as exc:
        raise _fail(_output_failed(exc)) from None


_FILTER_OPTIONS = (
    "actor",
    "type",
    "acled_type",
    "place",
    "country",
    "admin1",
    "near",
    "km",
    "since",
    "until",
    "q",
    "modality",
    "min_confidence",
    "fatal",
    "historical",
)


def _filter_options(options: dict) -> dict:
    """The filter options among a command's parameters."""
    return {name: options[name] for name in _FILTER_OPTIONS}


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    db: DbOption = DEFAULT_DB,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout if absent.")
    ] = None,
    all_events: Annotated[
        bool,
        typer.Option(
            "--all",
            help="acled-csv: also the events ACLED could not load (no ACLED type, date or place), as they are.",
        ),
    ] = False,
    actor: ActorOption = None,
    type: TypeOption = None,
    acled_type: AcledTypeOption = None,
    place: PlaceOption = None,
    country: CountryOption = None,
    admin1: Admin1Option = None,
    near: NearOption = None,
    km: KmOption = 25.0,
    since: SinceOption = None,
    until: UntilOption = None,
    q: TextOption = None,
    modality: ModalityOption = None,
    min_confidence: ConfidenceOption = None,
    fatal: FatalOption = False,
    historical: HistoricalOption = None,
) -> None:
    """Export the stored events: all of them, or those the filters (as for `events`) keep.

    Example: eventlens export --db events.sqlite --format acled-csv -o events.csv
    """
    from eventlens.export import FORMATS, write_acled_csv
    from eventlens.store import open_store

    try:
        if all_events and format is not ExportFormat.acled_csv:
            raise UsageError("--all: only --format acled-csv leaves events out")
        writer = partial(write_acled_csv, all_events=True) if all_events else FORMATS[format.value]
        where = _event_filter(**_filter_options(locals()))
        with open_store(db, create=False) as store:
            _check_names_are_stored(store, where)
            if output is None:
                counts = writer(store.events(where), sys.stdout)
                sys.stdout.flush()
            else:
                with output.open("w", encoding="utf-8", newline="") as fh:
                    counts = writer(store.events(where), fh)
        typer.echo(f"{counts.written} event(s) written{_skipped(counts)}", err=True)
    except EventlensError as error:
        raise _fail(error) from None
    except OSError as exc:
        raise _fail(_output_failed(exc)) from None


def _skipped(counts) -> str:
    """ ", 53 skipped (40 no ACLED event type, 13 no date; --all keeps them)", or ", 2 skipped"."""
    if not counts.skipped:
        return ""
    if not counts.skipped_because:
        return f", {counts.skipped} skipped"
    reasons = ", ".join(f"{n} {reason}" for reason, n in counts.skipped_because)
    return f", {counts.skipped} skipped ({reasons}; --all keeps them)"


@app.command()
def bench(
    docs: Annotated[int, typer.Option(help="Number of documents in the benchmark corpus.")] = 400,
    workers: Annotated[int, typer.Option(help="Worker processes (cores) to use.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line.")] = False,
    db: Annotated[
        str | None,
        typer.Option(
            help="Also time storing the corpus into this database (SQLite file or postgresql:// URL)."
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Also time the corpus on Dask: 'local' (--workers processes) or tcp://scheduler:8786."
        ),
    ] = None,
) -> None:
    """Measure throughput and memory of the whole pipeline against spaCy's bare parse, and the
    share of the pipeline's time spent in geolocation (geo_share: gazetteer lookups and toponym
    resolution, timed in one process on a sample of the corpus). With --db or --dask, also the
    throughput of storing the corpus, through the process pool and on Dask.

    Example: eventlens bench --docs 200 --workers 1 --json
    """
    from eventlens.bench import run_benchmark

    try:
        figures = run_benchmark(docs, workers, db=db, dask=dask)
    except EventlensError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(figures))
    else:
        for key, value in figures.items():
            typer.echo(f"{key:>22}: {value}")


@app.command()
def train(
    data: Annotated[
        list[Path] | None,
        typer.Argument(help="Training TSV files or folders (default: the shipped training sentences)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write the model (default: the shipped model's file)."),
    ] = None,
    folds: Annotated[
        int, typer.Option("--cv", help="Also report the accuracy of this many held-out folds (0: none).")
    ] = 0,
) -> None:
    """Train the sentence classifier of event types on labelled sentences (LABEL<TAB>TEXT).

    Deterministic: the same files give the same model. Use your model with EVENTLENS_EVENT_MODEL=PATH.

    Example: eventlens train --cv 5
    """
    from eventlens.training import (
        FeatureReader,
        cross_validate,
        default_model_path,
        default_training_dir,
        examples_digest,
        fit,
        read_examples,
    )

    try:
        examples = read_examples(data or [default_training_dir()])
        typer.echo(f"eventlens: reading {len(examples)} training examples", err=True)
        featured = list(FeatureReader(_config()).features(e.text for e in examples))
        labels = [e.label for e in examples]
        if folds > 1:
            typer.echo(f"held-out accuracy ({folds} folds): {cross_validate(featured, labels, folds):.3f}")
        model = fit(featured, labels, trained_on=examples_digest(examples))
        target = output or default_model_path()
        model.save(target)
    except EventlensError as error:
        raise _fail(error) from None
    except OSError as error:
        raise _fail(EventlensError(f"cannot write the model: {error}")) from None
    typer.echo(
        f"eventlens: {len(model.labels)} classes, {len(model.features)} features -> {target}", err=True
    )


@app.command()
def serve(
    db: Annotated[
        str, typer.Option(help="SQLite file to serve (it must exist), or postgresql:// URL.")
    ] = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps the server to this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="EVENTLENS_TOKEN",
            show_envvar=True,
            help="Token that writes (ingest, corrections) must send; read-only without one.",
        ),
    ] = None,
    tile_url: Annotated[
        str | None,
        typer.Option(
            help="Map tile URL template such as https://tile.example.org/{z}/{x}/{y}.png (none: outlines only)."
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="Another name clients reach the server by (its Host header); "
            "127.0.0.1, localhost and --host are allowed."
        ),
    ] = None,
) -> None:
    """Serve the JSON API and the analyst's web page for a database.

    Example: eventlens serve --db events.sqlite --token "$(openssl rand -hex 16)"
    """
    import uvicorn

    from eventlens.web import create_app

    try:
        web_app = create_app(db, token=token, tile_url=tile_url, allowed_hosts=[host, *(allowed_host or ())])
    except EventlensError as error:
        raise _fail(error) from None
    mode = "writes need the token" if token else "read-only (give --token to allow writes)"
    typer.echo(f"eventlens: serving {db} at http://{host}:{port}/ ({mode}); Ctrl+C stops", err=True)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@eval_app.command("events")
def eval_events(
    directory: Annotated[Path, typer.Argument(help="A folder of NAME.txt reports with NAME.expected.json.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line.")] = False,
    show_misses: Annotated[
        bool, typer.Option("--misses", help="List the expected events not found.")
    ] = False,
) -> None:
    """Score event extraction on annotated reports: recall and precision of type, place, actor1.

    Example: eventlens eval events tests/data/reports
    """
    from eventlens.evaluation import load_annotated, score_reports
    from eventlens.ingest import document_from_text
    from eventlens.kb import KnowledgeBase
    from eventlens.pipeline import Pipeline

    reports = load_annotated(directory)
    if not reports:
        typer.echo(f"eventlens: error: {directory}: no NAME.expected.json files", err=True)
        raise typer.Exit(2)
    try:
        documents = [
            document_from_text(
                r.path.read_text(encoding="utf-8"), str(r.path), published=r.published, outlet=r.outlet
            )
            for r in reports
        ]
        scores = score_reports(Pipeline(_config()).run(documents), reports, KnowledgeBase.load())
    except EventlensError as error:
        raise _fail(error) from None
    _print_scores(scores.as_dict(), as_json)
    if show_misses:
        for miss in scores.misses:
            typer.echo(f"missed: {miss}")


@eval_app.command("snippets")
def eval_snippets(
    snippets: Annotated[
        Path, typer.Argument(help="A TSV file of labelled snippets: id, text, ACLED sub-event type.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line.")] = False,
    show_misses: Annotated[bool, typer.Option("--misses", help="List the snippets coded wrong.")] = False,
    per_class: Annotated[
        bool, typer.Option("--per-class", help="Add precision, recall and F1 of each type.")
    ] = False,
) -> None:
    """Score ACLED sub-event types on labelled snippets: accuracy, weighted and macro F1.

    Each snippet is one document, coded by its first event with a sub-event type. Labels that are
    not ACLED sub-event types (crime, disasters, diplomacy) mark snippets that should get none.

    Example: eventlens eval snippets my-coded-snippets.tsv --per-class
    """
    from eventlens.ingest import document_from_text
    from eventlens.pipeline import Pipeline
    from eventlens.snippet_evaluation import load_snippets, score_snippets

    try:
        labelled = load_snippets(snippets)
        documents = (document_from_text(s.text, f"{snippets}:{s.id}", language="en") for s in labelled)
        scores = score_snippets(Pipeline(_config()).run(documents), labelled)
    except EventlensError as error:
        raise _fail(error) from None
    _print_scores(scores.as_dict(), as_json)
    if per_class:
        for label, (precision, recall, f1, support) in scores.per_class().items():
            typer.echo(f"{label:>36}: n={support} P={precision:.2f} R={recall:.2f} F1={f1:.2f}")
    if show_misses:
        for miss in scores.misses:
            typer.echo(f"missed: {miss}")


@eval_app.command("geo")
def eval_geo(
    gold: Annotated[
        Path, typer.Argument(help="A gold set: JSON Lines of texts with their place-name spans.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON line.")] = False,
    show_misses: Annotated[
        bool,
        typer.Option("--misses", help="List the gold names missed or placed too far, and the extra ones."),
    ] = False,
) -> None:
    """Score geoparsing on a gold set: recognition P/R/F1, accuracy within 161 km, error km, AUC, end to end.

    Example: eventlens eval geo tests/data/geo/gold.jsonl --misses
    """
    from eventlens.geo_evaluation import load_gold, score_geo
    from eventlens.pipeline import Pipeline

    try:
        reports = load_gold(gold)
        scores = score_geo(Pipeline(_config()).run(r.document() for r in reports), reports)
    except EventlensError as error:
        raise _fail(error) from None
    _print_scores(scores.as_dict(), as_json)
    if show_misses:
        for line in scores.misses():
            typer.echo(line)


def _print_scores(scores: dict[str, object], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(scores))
    else:
        width = max(map(len, scores))
        for key, value in scores.items():
            typer.echo(f"{key:>{width}}: {value}")


@kb_app.command("list")
def kb_list(
    type: Annotated[str | None, typer.Option("--type", help="Only actors of this type.")] = None,
    country: Annotated[str | None, typer.Option(help="Only actors of this ISO3 country.")] = None,
) -> None:
    """List the knowledge base's actors: id, type, country, name."""
    from eventlens.kb import KnowledgeBase

    for actor in KnowledgeBase.load():
        if (type is None or actor.type == type) and (country is None or actor.country == country.upper()):
            typer.echo(f"{actor.id}\t{actor.type}\t{actor.country or ''}\t{actor.name}")


@kb_app.command("show")
def kb_show(actor_id: Annotated[str, typer.Argument(help="An actor id or any of its names.")]) -> None:
    """Show one actor with its aliases and relations."""
    from eventlens.kb import KnowledgeBase

    kb = KnowledgeBase.load()
    actor = kb.get(actor_id) or kb.lookup(actor_id)
    if actor is None:
        typer.echo(f"eventlens: error: no actor {actor_id!r}; try: eventlens kb list", err=True)
        raise typer.Exit(1)
    typer.echo(f"{actor.name} ({actor.id}) type={actor.type} country={actor.country or '-'}")
    typer.echo("aliases: " + "; ".join(actor.aliases))
    if actor.aliases_ar:
        typer.echo("arabic: " + "; ".join(actor.aliases_ar))
    for relation, target in kb.relations(actor.id):
        typer.echo(f"{relation}: {target}")


@kb_app.command("validate")
def kb_validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Extra YAML files to check with the shipped ones.")
    ] = None,
) -> None:
    """Check the knowledge base files: unique ids, known relation targets, valid types."""
    from eventlens.kb import KnowledgeBase

    try:
        kb = KnowledgeBase.load(tuple(paths or ()))
    except EventlensError as error:
        raise _fail(error) from None
    problems = kb.validate()
    for problem in problems:
        typer.echo(problem, err=True)
    typer.echo(f"{len(kb)} actors, {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(3)


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Build the gazetteer database now (it is otherwise built on first use)."""
    from eventlens.geo import Gazetteer

    config = Config()
    Gazetteer.open(config.gazetteer_file)
    typer.echo(f"gazetteer ready at {config.gazetteer_file}")


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name in any common spelling or in Arabic.")],
    limit: Annotated[int, typer.Option(help="At most this many candidates.")] = 10,
) -> None:
    """List the places a name may stand for, best first."""
    from eventlens.geo import Gazetteer

    for c in Gazetteer.open(Config().gazetteer_file).lookup(name, limit=limit):
        point = f"{c.lat:.5f},{c.lon:.5f}" if c.lat is not None else "-"
        typer.echo(
            f"{c.geonameid}\t{c.name}\t{c.country}\t{c.admin1 or ''}\t{point}\t{c.feature}\tpop {c.population}\t{c.match}"
        )


@gazetteer_app.command("import")
def gazetteer_import(
    paths: Annotated[
        list[Path],
        typer.Argument(help="GeoNames dumps: allCountries.txt, SY.txt, alternateNamesV2.txt, or their .zip."),
    ],
) -> None:
    """Add a full GeoNames dump's villages, districts and spots (and alternate names) to the gazetteer.

    Streams the file; an interrupted import resumes where it stopped, a finished one is not
    repeated, and a gazetteer rebuild imports the same files again.

    Example: eventlens gazetteer import SY.zip alternateNamesV2.zip
    """
    from eventlens.geo.importer import import_dumps

    config = Config()
    try:
        summaries = import_dumps(
            paths, config.gazetteer_file, progress=lambda message, fraction: typer.echo(message, err=True)
        )
    except EventlensError as error:
        raise _fail(error) from None
    for s in summaries:
        if s.already_done:
            typer.echo(f"{s.path}: already imported, nothing to do")
            continue
        resumed = f", resumed at line {s.resumed_at_line:,}" if s.resumed_at_line else ""
        typer.echo(
            f"{s.path}: {s.lines:,} lines, {s.places:,} new places, {s.names:,} new names in {s.seconds:.1f} s{resumed}"
        )
    typer.echo(f"gazetteer ready at {config.gazetteer_file}")


def _point(near: str) -> tuple[float, float]:
    from eventlens.geo import Gazetteer, parse_lat_lon

    if (point := parse_lat_lon(near)) is not None:
        _check_range(point[0], "--near latitude", -90, 90)
        _check_range(point[1], "--near longitude", -180, 180)
        return point
    candidates = Gazetteer.open(Config().gazetteer_file).lookup(near, limit=1)
    if not candidates:
        raise UsageError(f"--near: no place called {near!r} in the gazetteer; give LAT,LON instead")
    found = candidates[0]
    # A name may stand for places far apart (Atlantis, South Africa or Florida): say which one.
    where = ", ".join(part for part in (found.admin1, found.country) if part)
    typer.echo(
        f"eventlens: --near {near}: {found.name} ({where}) at {found.lat:.5f},{found.lon:.5f}", err=True
    )
    return found.lat, found.lon


def _pair_dict(document, event) -> dict:
    from eventlens.model import event_to_dict

    return {"document_id": document.id, "url": document.url, **event_to_dict(event)}


def _print_table(pairs) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("date", "type", "actor1", "actor2", "place", "modality", "sourcing")
    for _, e in pairs:
        table.add_row(
            e.date or "",
            f"{e.type}/{e.mode or ''}",
            ", ".join(a.name for a in e.actor1),
            ", ".join(a.name for a in e.actor2),
            e.place.name if e.place else "",
            e.modality,
            e.attribution.sourcing,
        )
    Console().print(table)
