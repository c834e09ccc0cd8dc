"""What a person or a machine sees while a batch runs: a progress bar and, at the end, a summary table
and where the reports are; or, with --log-json, one JSON event per line on stdout."""

import sys
import time
from datetime import date
from pathlib import Path
from typing import TextIO

from PIL import Image
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from models.vocabulary import STATUS_LABELS
from pipelines.batch.events import BatchDone, BatchPlanned, DocumentDone, Event, event_json
from pipelines.batch.executors import default_jobs
from pipelines.batch.process import BatchOptions, BatchResult, process_batch


class BatchView:
    """Turns a batch's events into a progress bar for a person, or JSON lines for a machine."""

    def __init__(self, console: Console, quiet: bool = False, log_json: bool = False, stream: TextIO | None = None):
        self.console, self.quiet, self.log_json = console, quiet, log_json
        self.stream = stream or sys.stdout
        self.progress: Progress | None = None
        self.task = None
        self.pages, self.failed, self.started = 0, 0, 0.0

    def __call__(self, event: Event) -> None:
        if self.log_json:
            print(event_json(event), file=self.stream, flush=True)
        elif not self.quiet:
            self._show(event)

    def _show(self, event: Event) -> None:
        if isinstance(event, BatchPlanned) and event.to_read:
            self.pages, self.failed, self.started = 0, 0, time.monotonic()
            self.progress = Progress(
                TextColumn("[bold]Documents"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[pages]} pages · {task.fields[rate]} p/s · {task.fields[failed]} échec(s)"),
                TextColumn("· reste"), TimeRemainingColumn(), console=self.console,
            )
            self.task = self.progress.add_task(
                "documents", total=event.documents, completed=event.cached, pages=0, rate="–", failed=0
            )
            self.progress.start()
        elif isinstance(event, DocumentDone) and self.progress is not None:
            self.pages += event.pages
            self.failed += event.status == "failed"
            rate = self.pages / max(time.monotonic() - self.started, 1e-6)
            self.progress.update(self.task, advance=1, pages=self.pages, rate=f"{rate:.1f}", failed=self.failed)
        elif isinstance(event, BatchDone) and self.progress is not None:
            self.progress.stop()
            self.progress = None

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def run_batch(
    input_dir: Path, out: Path, jobs: int, application_date: date | None, cache: Path | None, quiet: bool,
    console: Console,
) -> int:
    """Runs the batch with default limits and a progress bar; returns the number of files that failed."""
    options = BatchOptions(jobs=jobs or default_jobs(), application_date=application_date, cache_dir=cache)
    return run_options(input_dir, out, options, console, quiet=quiet)


def run_options(
    input_dir: Path, out: Path, options: BatchOptions, console: Console, *, quiet: bool = False, log_json: bool = False
) -> int:
    """Runs the batch with a progress bar (or JSON events); returns the number of files that failed."""
    view = BatchView(console, quiet, log_json)
    try:
        result = process_batch(input_dir, out, options, view)
    finally:
        view.close()
    if not quiet and not log_json:
        print_summary(result, console)
    return len(result.failed)


def print_summary(result: BatchResult, console: Console) -> None:
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
        console.print(f"[red]échec[/red] {entry.path} : {entry.error}")
    cached = sum(1 for entry in result.manifest if entry.status != "skipped") - result.read
    console.print(f"{result.read} document(s) lu(s), {cached} déjà lu(s) ; {len(result.failed)} échec(s).")
    console.print(f"Rapports : {result.out_dir / 'summary.html'} ; manifeste : {result.out_dir / 'manifest.jsonl'}")


def page_pictures() -> tuple:
    """An in-memory picture store for reading a single document outside a batch."""
    store: dict[int, Image.Image] = {}

    def sink(number: int, picture: Image.Image) -> None:
        store[number] = picture

    return store.get, sink
