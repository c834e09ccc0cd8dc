"""What a person sees while a batch runs: a progress bar, then a summary table and where reports are."""

import os
from datetime import date
from pathlib import Path

from PIL import Image
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from pipelines.process import BatchOptions, BatchResult, process_batch
from pipelines.report import STATUS_LABELS
from pipelines.work import DocumentOutcome


def run_batch(
    input_dir: Path, out: Path, jobs: int, application_date: date | None, cache: Path | None, quiet: bool,
    console: Console,
) -> int:
    """Runs the batch with a progress bar; returns the number of files that failed."""
    options = BatchOptions(jobs=jobs or max(1, os.cpu_count() or 1), application_date=application_date, cache_dir=cache)
    progress = Progress(
        TextColumn("[bold]Documents"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages · {task.fields[failed]} échec(s)"), TimeRemainingColumn(),
        console=console, disable=quiet,
    )
    counts = {"pages": 0, "failed": 0}
    with progress:
        task = progress.add_task("documents", total=None, pages=0, failed=0)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def done(outcome: DocumentOutcome) -> None:
            counts["pages"] += outcome.pages
            counts["failed"] += outcome.error is not None
            progress.update(task, advance=1, **counts)

        result = process_batch(input_dir, out, options, done, started)
    if not quiet:
        _summary(result, console)
    return len(result.failed)


def _summary(result: BatchResult, console: Console) -> None:
    table = Table(title="Dossiers")
    table.add_column("Dossier")
    table.add_column("Documents", justify="right")
    first = result.dossiers[0].assessment if result.dossiers else None
    criteria_ids = [c.id for c in first.criteria] if first else []
    for criterion in criteria_ids:
        table.add_column(criterion)
    for dossier in result.dossiers:
        statuses = {c.id: STATUS_LABELS[c.status] for c in dossier.assessment.criteria} if dossier.assessment else {}
        table.add_row(dossier.dossier_id, str(len(dossier.documents)), *(statuses.get(c, "") for c in criteria_ids))
    console.print(table)
    for entry in result.failed:
        console.print(f"[red]échec[/red] {entry.path}: {entry.error}")
    console.print(f"Rapports : {result.out_dir / 'summary.html'} ; manifeste : {result.out_dir / 'manifest.jsonl'}")


def page_pictures() -> tuple:
    """An in-memory picture store for reading a single document outside a batch."""
    store: dict[int, Image.Image] = {}

    def sink(number: int, picture: Image.Image) -> None:
        store[number] = picture

    return store.get, sink
