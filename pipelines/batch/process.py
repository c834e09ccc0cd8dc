"""The batch: every applicant folder of an intake folder to dossiers, reports and a manifest.

Resumable and incremental: a document already read (same bytes, same code) comes from the cache;
one whose words were kept by an earlier version of the extraction rules has only its facts extracted
again; each dossier is written as soon as its last document is done; worker processes are
started only when something is left to read, so a run with nothing new does almost nothing.
"""

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from extractor.reading.read import ReadOptions
from extractor.reading.tesseract import tesseract_version
from models.dossier import Dossier
from models.errors import BATCH_FAILURES
from models.manifest import ManifestEntry
from pipelines.batch.choice import make_executor
from pipelines.batch.discover import DossierInput, discover
from pipelines.batch.events import BatchDone, BatchPlanned, DocumentDone, DossierDone, Event
from pipelines.batch.executors import Executor, ExecutorStats, Limits, default_jobs
from pipelines.batch.work import DocumentJob, DocumentOutcome, WorkResult, renamed
from pipelines.outputs.pdf import PdfPrinter
from pipelines.outputs.writer import BatchOutputs, finish_dossier
from pipelines.store.atomic import output_lock, sweep_temporaries
from pipelines.store.cache import DocumentCache, place_pictures
from pipelines.store.file_hashes import FileIndex
from pipelines.store.versions import building_version, reading_version, words_version

CACHE_DIR = ".cache"


@dataclass(frozen=True)
class BatchOptions:
    jobs: int = field(default_factory=default_jobs)
    application_date: date | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    cache_dir: Path | None = None
    """Where read documents are kept by content hash; OUT/.cache unless said otherwise."""
    limits: Limits = field(default_factory=Limits)
    scheduler: str | None = None
    """A Dask scheduler's address (tcp://HOST:PORT): read there instead of in local processes."""
    pdf: bool = False
    """Print each dossier's report, inventory and request as PDFs (Chromium); `aes process` does unless told not."""


@dataclass(frozen=True)
class BatchResult:
    out_dir: Path
    dossiers: list[Dossier]
    manifest: list[ManifestEntry]
    read: int = 0
    """Documents read in this run; the others came from the cache."""
    rebuilt: int = 0
    stats: ExecutorStats = field(default_factory=ExecutorStats)

    @property
    def failed(self) -> list[ManifestEntry]:
        return [entry for entry in self.manifest if entry.status == "failed"]


def _done(outcome: DocumentOutcome, dossier: int) -> DocumentDone:
    status = "ok" if outcome.records else "failed"
    return DocumentDone(outcome.sha256, dossier + 1, status, outcome.pages, outcome.seconds, outcome.error)


class _Batch:
    """One run's state: what each dossier still waits for, and what is finished."""

    def __init__(self, input_dir: Path, out_dir: Path, options: BatchOptions, on_event: Callable[[Event], None]):
        self.input_dir, self.out_dir, self.options, self.on_event = input_dir, out_dir, options, on_event
        cache_dir = options.cache_dir or out_dir / CACHE_DIR
        self.index = FileIndex(cache_dir)
        self.cache = DocumentCache(cache_dir, reading_version(options.read), words_version(options.read))
        self.version = f"{self.cache.version}-{building_version()}"
        self.limits = {"page_timeout_s": options.read.page_timeout_s, "document_timeout_s": options.limits.document_timeout_s}
        self.outputs = BatchOutputs(out_dir)
        self.printer = PdfPrinter() if options.pdf else None
        """Started at the first PDF, closed with the batch."""
        self.dossiers: list[DossierInput] = []
        self.outcomes: list[dict[str, DocumentOutcome]] = []
        self.copies: dict[str, list[tuple[int, str]]] = {}
        """Files with the same bytes as one being read (a document copied twice): read once, taken by each."""
        self.unreadable: list[tuple[int, DocumentOutcome]] = []
        self.cached = 0
        self.rebuilt = 0
        self.rereading: set[str] = set()
        """Files to be read again from their kept words (no OCR): the extraction rules changed."""

    def _pages_dir(self, position: int) -> Path:
        return self.out_dir / self.dossiers[position].dossier_id / "pages"

    def plan(self, dossiers: list[DossierInput]) -> list[DocumentJob]:
        """Takes from the cache what it holds; returns the documents left to read."""
        self.dossiers = dossiers
        self.outcomes = [{} for _ in dossiers]
        jobs = []
        for position, dossier in enumerate(dossiers):
            for name in dossier.files:
                path = dossier.folder / name
                try:
                    sha256 = self.index.sha256(path)
                except OSError as error:
                    unreadable = BATCH_FAILURES["unreadable_file"].format(detail=error.strerror)
                    outcome = DocumentOutcome(file=name, sha256=None, error=unreadable, error_code="unreadable_file")
                    self.unreadable.append((position, outcome))
                    continue
                hit = self.cache.lookup(sha256, name, self.limits)
                if hit is None and sha256 in self.copies:
                    self.copies[sha256].append((position, name))
                    continue
                if hit is None:
                    kept = self.cache.kept_words(sha256)
                    jobs.append(DocumentJob(path, name, sha256, self.options.read, position, kept))
                    self.copies[sha256] = []
                    if kept:
                        self.rereading.add(sha256)
                    continue
                place_pictures(hit, self._pages_dir(position))
                self.outcomes[position][name] = hit.outcome
                self.cached += 1
        return jobs

    def take(self, position: int, outcome: DocumentOutcome) -> None:
        self.outcomes[position][outcome.file] = outcome
        self.on_event(_done(outcome, position))
        self.outputs.tick()

    def take_result(self, job: DocumentJob, result: WorkResult) -> None:
        stored = self.cache.store(job.sha256, result) if result.cacheable else None
        for position, name in [(job.dossier, job.name), *self.copies.pop(job.sha256, [])]:
            if stored is not None:
                place_pictures(stored, self._pages_dir(position))
            self.take(position, renamed(result.outcome, name))
            self.finish_if_complete(position)

    def finish_if_complete(self, position: int) -> None:
        dossier, outcomes = self.dossiers[position], self.outcomes[position]
        if position in self.outputs.finished or len(outcomes) < len(dossier.files):
            return
        finished = finish_dossier(
            dossier, self.input_dir, self.out_dir, outcomes, self.options.application_date, self.version, self.printer
        )
        self.rebuilt += finished.rebuilt
        failed = sum(1 for o in outcomes.values() if not o.records)
        self.on_event(DossierDone(position + 1, len(dossier.files), failed, finished.rebuilt))
        self.outputs.add(position, finished)


def process_batch(
    input_dir: Path,
    out_dir: Path,
    options: BatchOptions,
    on_event: Callable[[Event], None] = lambda event: None,
    executor: Executor | None = None,
    exclude: Collection[Path] = (),
) -> BatchResult:
    """Processes every dossier of `input_dir` into `out_dir`.

    `executor` is made from `options` when not given (and closed at the end); `aes watch` passes its
    own to keep workers warm between rounds. Files in `exclude` are left out of this batch.
    """
    tesseract_version()  # a missing Tesseract is one clear error, not one per document
    started = time.monotonic()
    input_dir, out_dir = input_dir.absolute(), out_dir.absolute()
    with output_lock(out_dir):
        sweep_temporaries(out_dir)
        batch = _Batch(input_dir, out_dir, options, on_event)
        dossiers = discover(input_dir, [out_dir, *exclude])
        try:
            jobs = batch.plan(dossiers)
            documents = sum(len(d.files) for d in dossiers)
            on_event(BatchPlanned(len(dossiers), documents, batch.cached, documents - batch.cached, len(batch.rereading)))
            for position, outcome in batch.unreadable:
                batch.take(position, outcome)
            for position in range(len(dossiers)):
                batch.finish_if_complete(position)
            stats = ExecutorStats()
            if jobs:
                runner = executor or make_executor(options.jobs, options.limits, options.scheduler)
                try:
                    for job, result in runner.run(jobs):
                        batch.take_result(job, result)
                finally:
                    if executor is None:
                        runner.close()
                stats = runner.stats
            batch.outputs.flush()
        finally:
            batch.outputs.tick(force=True)  # what finished before an interruption, if anything did
            batch.index.save()
            if batch.printer is not None:
                batch.printer.close()
    manifest = batch.outputs.manifest
    failed = sum(1 for entry in manifest if entry.status == "failed")
    fresh = [o for by_name in batch.outcomes for o in by_name.values() if not o.cached]
    pages = sum(o.pages for o in fresh if o.sha256 not in batch.rereading)
    seconds = time.monotonic() - started
    on_event(BatchDone(documents, len(jobs), failed, pages, seconds, stats.workers_started, stats.workers_replaced))
    return BatchResult(out_dir, batch.outputs.dossiers, manifest, len(jobs), batch.rebuilt, stats)
