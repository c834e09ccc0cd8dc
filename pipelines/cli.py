"""The `aes` command. Errors become exit codes here, and only here: 0 done, 1 some files failed,
2 usage error (or another run writing to the same output folder), 3 a missing dependency (Tesseract,
its French data; workers that cannot start), 4 the Dask scheduler cannot be reached, 130 interrupted (Ctrl-C, SIGTERM)."""

import functools
import inspect
import json
import os
import secrets
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from extractor.facts.two_d_doc_verify import TRUST_VARIABLE
from extractor.reading.read import ReadOptions
from models.document import DocType
from models.errors import AesError, internal_error, invalid_dossier, require_extra
from pipelines.batch.executors import Limits, default_jobs
from pipelines.batch.process import BatchOptions
from pipelines.evaluation.sets import TEST_TRUST

app = typer.Typer(
    name="aes",
    help="Reads AES applicants' paperwork and checks it against the circular of 23 January 2025. "
    "It gives indicators with their evidence; the prefect decides.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 means one per core.")]
IntakeFolder = Annotated[
    Path, typer.Argument(exists=True, file_okay=False, help="Intake folder: one sub-folder per applicant.")
]
HotFolder = Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Hot folder: one sub-folder per applicant.")]
OutFolder = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
_LIMITS, _READ = Limits(), ReadOptions()
_BATCH_OPTIONS: tuple[tuple[str, object, object], ...] = (  # (name, annotation, default), shared by process and watch
    ("jobs", JobsOption, 0),
    ("application_date", Annotated[
        str | None, typer.Option(help="Application date (YYYY-MM-DD) for dossiers without meta.json.")
    ], None),
    ("cache", Annotated[Path | None, typer.Option(help="Cache of read documents (default: OUT/.cache).")], None),
    ("quiet", Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary table.")], False),
    ("log_json", Annotated[
        bool, typer.Option("--log-json", help="One JSON event per line on stdout, for machines (no text, no names).")
    ], False),
    ("scheduler", Annotated[
        str | None, typer.Option(help="Read on this Dask cluster (tcp://HOST:PORT) instead of local processes.")
    ], None),
    ("doc_timeout", Annotated[
        float, typer.Option("--doc-timeout", min=1, help="Seconds one document may take before it is stopped.")
    ], _LIMITS.document_timeout_s),
    ("page_timeout", Annotated[
        float, typer.Option("--page-timeout", min=1, help="Seconds Tesseract may spend on one page.")
    ], _READ.page_timeout_s),
    ("max_pages", Annotated[int, typer.Option("--max-pages", min=1, help="Longest document read, in pages.")],
     _READ.max_pages),
    ("max_pixels", Annotated[int, typer.Option("--max-pixels", min=1, help="Largest image read, in pixels.")],
     _READ.max_pixels),
    ("pdf", Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Print each dossier's report, inventory and request as PDFs (Chromium).")
    ], True),
    ("max_worker_memory", Annotated[
        int, typer.Option("--max-worker-memory", min=64, help="MB a worker may hold after a document before it is replaced.")
    ], _LIMITS.max_worker_rss // (1024 * 1024)),
)
_PASSED_ON = ("quiet", "log_json")
"""Shared options the command reads itself; the others become its BatchOptions."""


def _batch_options(
    jobs: int, application_date: str | None, cache: Path | None, scheduler: str | None,
    doc_timeout: float, page_timeout: float, max_pages: int, max_pixels: int, max_worker_memory: int, pdf: bool,
) -> BatchOptions:
    return BatchOptions(
        jobs=jobs or default_jobs(),
        application_date=_date(application_date, "--application-date") if application_date else None,
        read=ReadOptions(max_pages=max_pages, max_pixels=max_pixels, page_timeout_s=page_timeout),
        cache_dir=cache,
        limits=Limits(document_timeout_s=doc_timeout, max_worker_rss=max_worker_memory * 1024 * 1024),
        scheduler=scheduler,
        pdf=pdf,
    )


def _batch_command(command: Callable[..., None]) -> Callable[..., None]:
    """Gives a command the batch options, written once: it receives them as one BatchOptions
    (`options`), with `quiet` and `log_json`; their defaults are those of Limits and ReadOptions."""
    own = [p for p in inspect.signature(command).parameters.values() if p.name not in ("options", *_PASSED_ON)]
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
              for name, annotation, default in _BATCH_OPTIONS]

    @functools.wraps(command)
    def run(**values: Any) -> None:
        passed = {name: values.pop(name) for name in _PASSED_ON}
        batch = {name: values.pop(name) for name, _, _ in _BATCH_OPTIONS if name not in _PASSED_ON}
        command(**values, **passed, options=_batch_options(**batch))

    run.__signature__ = inspect.Signature(own + shared)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in own + shared}
    return run


def _stop_on_sigterm() -> None:
    """SIGTERM (a service manager stopping us) ends a run the way Ctrl-C does: workers stopped, outputs whole."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


@app.command()
@_batch_command
def process(input_dir: IntakeFolder, out: OutFolder, options: BatchOptions, quiet: bool, log_json: bool) -> None:
    """Process every applicant folder of INPUT_DIR into OUT (dossier.json, report.html, the desk's inventory and
    request, their PDFs unless --no-pdf, manifest, summary).

    Killed or stopped, the same command carries on where it stopped; run again, it reads only new or
    changed files. Exit code: 0 every file read, 1 some failed (listed), 2 usage error, 3 missing
    Tesseract, 4 Dask scheduler unreachable, 130 interrupted.

    Example: aes process scans/2025-06-02 --out out/2025-06-02 --jobs 2
    """
    from pipelines.batch.console import run_options

    _stop_on_sigterm()
    try:
        failed = run_options(input_dir, out, options, console, quiet=quiet, log_json=log_json)
    except KeyboardInterrupt:
        console.print("Interrupted: run the same command again to carry on where it stopped.")
        raise typer.Exit(130) from None
    raise typer.Exit(1 if failed else 0)


@app.command()
@_batch_command
def watch(
    input_dir: HotFolder, out: OutFolder, options: BatchOptions, quiet: bool, log_json: bool,
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between two looks at the folder.")] = 2.0,
    settle: Annotated[
        float, typer.Option(min=0.0, help="Seconds a file must stay unchanged before it is read (still being copied).")
    ] = 5.0,
) -> None:
    """Process files as they arrive in INPUT_DIR, rebuilding the dossiers they belong to, until stopped.

    A file is read once it has stopped changing for --settle seconds. Ctrl-C or SIGTERM stops it
    cleanly (exit code 0); outputs are the same as `aes process` writes.

    Example: aes watch /srv/scans/intake --out /srv/aes/intake --interval 5
    """
    from pipelines.batch.watch import watch_folder

    _stop_on_sigterm()
    watch_folder(input_dir, out, options, console, interval=interval, settle=settle, quiet=quiet, log_json=log_json)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="One document: PDF or image.")],
    doc_type: Annotated[DocType | None, typer.Option("--doc-type", help="Read it as this type (a person's call).")] = None,
) -> None:
    """Read one document and print its facts as JSON (a document entry of aes-dossier/1).

    Example: aes extract scans/A0007/bulletin_2019_03.pdf --doc-type payslip
    """
    from extractor.facts.extract import extract as extract_facts
    from extractor.reading.read import read_document
    from pipelines.batch.console import page_pictures

    pictures, sink = page_pictures()
    text = read_document(file, file.name, ReadOptions(), sink)
    record = extract_facts(text, pictures, doc_type)
    typer.echo(record.model_dump_json(indent=2, exclude_none=True))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the dossier JSON (aes-dossier/1).

    Example: aes schema > aes-dossier-1.schema.json
    """
    from models.dossier import Dossier

    typer.echo(json.dumps(Dossier.model_json_schema(by_alias=True), indent=2, ensure_ascii=False))


@app.command()
def check(dossier_json: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Recompute the assessment of a (corrected) dossier JSON and print it.

    Example: aes check out/demo/D0001/dossier.json
    """
    from pydantic import ValidationError

    from criteria import recheck

    try:
        typer.echo(recheck(dossier_json).to_json())
    except ValidationError as error:
        raise AesError(invalid_dossier(dossier_json, error)) from None


@app.command()
def desk(
    dossier_dir: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="One applicant's output folder: OUT/<dossier>.")
    ],
) -> None:
    """Print a dossier's inventory of received papers and its request for missing pieces, in French.

    The request is built from dossier.json as it stands (run `aes check` first on a corrected one).

    Example: aes desk out/2025-06-02/A0007
    """
    from pipelines.desk.render import inventory_text, request_text
    from pipelines.desk.stored import desk_papers

    inventory, request = desk_papers(dossier_dir, date.today())
    typer.echo(inventory_text(inventory))
    typer.echo(request_text(request), nl=False)


@app.command()
def fixtures(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder of the labelled set to write.")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same set.")] = 1,
    dossiers: Annotated[int, typer.Option(min=1, help="Number of dossiers.")] = 10,
    stacks: Annotated[bool, typer.Option(help="Half the dossiers also hold a few papers scanned into one file.")] = False,
    piles: Annotated[bool, typer.Option(help="Every dossier is one scanned pile (blank backs, separator sheets).")] = False,
) -> None:
    """Generate a labelled set of realistic dossiers (aes-truth/1) for evaluation.

    Example: aes fixtures --seed 1234 --dossiers 40 --out sets/s1234
    """
    require_extra("fixtures", ("faker", "reportlab"), "« aes fixtures »")
    from fixtures.generate import generate_set

    generate_set(out, seed, dossiers, stacks, piles)
    console.print(f"Jeu étiqueté écrit dans {out}")


@app.command()
def evaluate(
    set_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="A labelled set (aes-truth/1).")],
    pred: Annotated[Path | None, typer.Option(help="Predictions already made (an `aes process` OUT).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Where to write the predictions; default: SET-pred beside the set.")
    ] = None,
    jobs: JobsOption = 0,
) -> None:
    """Score the extractor and the criteria against a labelled set; write evaluation.json and .html.

    The set is aes-truth/1, or a folder of real papers labelled file by file (a labels.json beside them).

    Example: aes evaluate sets/s1234 --jobs 2
    """
    from pipelines.batch.console import run_batch
    from pipelines.evaluation.evaluate import evaluate_set
    from pipelines.evaluation.labelled_files import is_labelled_files, labelled_set
    from pipelines.evaluation.results import print_evaluation, write_evaluation

    if pred is not None and out is not None:
        raise typer.BadParameter("--pred lit des prédictions déjà faites, --out en écrit : l'un ou l'autre.")
    if pred is None:
        pred = out or set_dir.parent / f"{set_dir.name}-pred"
        if is_labelled_files(set_dir):
            set_dir = labelled_set(set_dir, pred.with_name(f"{pred.name}-set"), date.today())
        if (trust := set_dir / TEST_TRUST).is_dir():  # a generated set's test authority, trusted for it alone
            os.environ[TRUST_VARIABLE] = str(trust.resolve())
        run_batch(set_dir / "dossiers", pred, jobs, None, None, False, console)
    elif is_labelled_files(set_dir):
        set_dir = labelled_set(set_dir, pred.with_name(f"{pred.name}-set"), date.today())
    result = evaluate_set(set_dir, pred)
    print_evaluation(result, Console())
    write_evaluation(result, pred)
    console.print(f"Évaluation écrite dans {pred / 'evaluation.html'}")


@app.command()
def calibrate(
    sources: Annotated[
        list[Path],
        typer.Argument(exists=True, help="A labelled set (aes-truth/1); with --from-reviews, review folders (OUT/review.db)."),
    ],
    pred: Annotated[Path | None, typer.Option(help="Predictions of the set made with AES_RAW_CONFIDENCE=1.")] = None,
    from_reviews: Annotated[
        bool, typer.Option("--from-reviews", help="Refit the tables in use on the values reviewers confirmed or corrected.")
    ] = False,
    output: Annotated[Path, typer.Option(help="Where to write the tables.")] = Path("extractor/data/calibration.json"),
) -> None:
    """Fit the confidence tables (isotonic, per field) on a labelled set, for use on other sets; or refit
    them on reviewed values (confirmed = right, corrected or rejected = wrong).

    Example: AES_RAW_CONFIDENCE=1 aes process sets/s12/dossiers --out sets/s12-raw && aes calibrate sets/s12 --pred sets/s12-raw

    Example: aes calibrate --from-reviews /srv/aes/2025-06-02 /srv/aes/2025-06-09
    """
    from extractor.facts.calibration import TABLES_PATH, CalibrationTables
    from pipelines.evaluation.fit_calibration import fit_tables, refit_tables, write_tables

    if from_reviews:
        from review.review_outcomes import reviewed_outcomes

        points = []
        for source in sources:
            db_path = source / "review.db" if source.is_dir() else source
            if not db_path.is_file():
                raise typer.BadParameter(f"{source} holds no review store (review.db)", param_hint="SOURCES")
            points += reviewed_outcomes(db_path)
        current = CalibrationTables.model_validate_json(TABLES_PATH.read_bytes()) if TABLES_PATH.is_file() else None
        tables = refit_tables(current, points, fitted_on=f"{len(points)} reviewed values")
        write_tables(tables, output)
        console.print(f"{len(points)} reviewed values; {len(tables.tables)} tables written to {output}")
        return
    if len(sources) != 1 or pred is None or not sources[0].is_dir():
        raise typer.BadParameter("give one labelled set and its --pred, or --from-reviews OUT…", param_hint="SOURCES")
    tables = fit_tables(sources[0], pred, fitted_on=sources[0].name)
    write_tables(tables, output)
    console.print(f"{len(tables.tables)} tables written to {output}")


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise typer.BadParameter(f"{text!r} is not a date as YYYY-MM-DD", param_hint=option) from error


def _mount_review() -> None:
    from review.cli import review_app

    app.add_typer(review_app, name="review", help="The reviewers' web app: serve, accounts, export.")


def main() -> None:
    _mount_review()
    try:
        app()
    except AesError as error:
        # One line whatever the terminal width, so a script or a log can match the message whole.
        console.print(f"[red]erreur :[/red] {escape(error.message)}", soft_wrap=True)
        sys.exit(error.exit_code)
    except Exception as error:  # noqa: BLE001 - a fault of aes: a reference, not a traceback that may quote a paper
        reference = secrets.token_hex(4)
        if os.environ.get("AES_TRACEBACK") == "1":
            traceback.print_exc()
        console.print(f"[red]erreur :[/red] {internal_error(reference, type(error).__name__)}", soft_wrap=True)
        sys.exit(1)
