"""The batch: every applicant folder of an intake folder to dossiers, reports and a manifest."""

import csv
import io
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from criteria import ParameterError, assess
from extractor.cues import find_cues
from extractor.read import ReadOptions
from extractor.tesseract import tesseract_version
from models.dossier import Dossier
from models.manifest import ManifestEntry
from pipelines.atomic import write_text
from pipelines.discover import DossierInput, discover
from pipelines.dossier import build_dossier
from pipelines.report import render_report, render_summary, summary_rows
from pipelines.work import DocumentJob, DocumentOutcome, run_document

CACHE_DIR = ".cache"


@dataclass(frozen=True)
class BatchOptions:
    jobs: int = max(1, os.cpu_count() or 1)
    application_date: date | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    cache_dir: Path | None = None
    """Where read documents are kept by content hash; OUT/.cache unless said otherwise."""


@dataclass(frozen=True)
class BatchResult:
    out_dir: Path
    dossiers: list[Dossier]
    manifest: list[ManifestEntry]

    @property
    def failed(self) -> list[ManifestEntry]:
        return [entry for entry in self.manifest if entry.status == "failed"]


def _warm_up() -> None:
    """Loads the NLP model once per worker, not once per document."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    find_cues("Fait à Paris, le")


def _jobs(dossier: DossierInput, out_dir: Path, cache_dir: Path, options: ReadOptions) -> list[DocumentJob]:
    pages_dir = out_dir / dossier.dossier_id / "pages"
    return [DocumentJob(dossier.folder / name, name, pages_dir, cache_dir, options) for name in dossier.files]


def _run_as_json(job: DocumentJob) -> str:
    """Workers send JSON back: pydantic's parametrised generics (Extracted[date]) do not pickle."""
    return run_document(job).model_dump_json()


def _run_all(jobs: list[DocumentJob], workers: int, on_outcome: Callable[[DocumentOutcome], None]) -> dict[Path, DocumentOutcome]:
    outcomes: dict[Path, DocumentOutcome] = {}
    if workers <= 1:
        _warm_up()
        for job in jobs:
            outcomes[job.path] = run_document(job)
            on_outcome(outcomes[job.path])
        return outcomes
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up) as pool:
        futures = {pool.submit(_run_as_json, job): job for job in jobs}
        for future in as_completed(futures):
            outcome = DocumentOutcome.model_validate_json(future.result())
            outcomes[futures[future].path] = outcome
            on_outcome(outcome)
    return outcomes


def _manifest_entries(
    dossier: DossierInput, input_dir: Path, outcomes: dict[Path, DocumentOutcome]
) -> list[ManifestEntry]:
    def relative(name: str) -> str:
        return (dossier.folder / name).relative_to(input_dir).as_posix()

    entries = [
        ManifestEntry(path=relative(name), dossier_id=dossier.dossier_id, status="skipped", error=reason)
        for name, reason in dossier.skipped
    ]
    for name in dossier.files:
        outcome = outcomes[dossier.folder / name]
        entries.append(
            ManifestEntry(
                path=relative(name),
                sha256=outcome.sha256,
                dossier_id=dossier.dossier_id,
                status="ok" if outcome.record else "failed",
                error=outcome.error,
                seconds=round(outcome.seconds, 3),
                pages=outcome.pages,
                warnings=outcome.record.warnings if outcome.record else (),
            )
        )
    return entries


def _dossier(dossier: DossierInput, outcomes: dict[Path, DocumentOutcome], options: BatchOptions) -> Dossier:
    if dossier.application_date:
        when, source = dossier.application_date, "meta"
    elif options.application_date:
        when, source = options.application_date, "cli"
    else:
        when, source = date.today(), "today"
    records = [o.record for name in dossier.files if (o := outcomes[dossier.folder / name]).record]
    failed = [name for name in dossier.files if outcomes[dossier.folder / name].record is None]
    warnings = list(dossier.warnings) + [f"{name} n'a pas pu être lu : voir manifest.jsonl" for name in failed]
    built = build_dossier(dossier.dossier_id, records, when, source, warnings)
    try:
        return built.model_copy(update={"assessment": assess(built)})
    except ParameterError as error:
        # The circular's figures are not defined at that date: the facts are still worth a report.
        note = f"Critères non évalués à la date du {when:%d/%m/%Y} : {error}"
        return built.model_copy(update={"warnings": (*built.warnings, note)})


def _summary_csv(dossiers: list[Dossier]) -> str:
    rows = summary_rows(dossiers)
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


def process_batch(
    input_dir: Path,
    out_dir: Path,
    options: BatchOptions,
    on_outcome: Callable[[DocumentOutcome], None] = lambda outcome: None,
    on_start: Callable[[int], None] = lambda total: None,
) -> BatchResult:
    tesseract_version()  # a missing Tesseract is one clear error, not one per document
    dossiers = discover(input_dir)
    cache_dir = options.cache_dir or out_dir / CACHE_DIR
    jobs = [job for d in dossiers for job in _jobs(d, out_dir, cache_dir, options.read)]
    on_start(len(jobs))
    outcomes = _run_all(jobs, options.jobs, on_outcome)
    built, manifest = [], []
    for dossier in dossiers:
        manifest += _manifest_entries(dossier, input_dir, outcomes)
        if not dossier.is_applicant:
            continue
        result = _dossier(dossier, outcomes, options)
        folder = out_dir / result.dossier_id
        write_text(folder / "dossier.json", result.to_json())
        write_text(folder / "report.html", render_report(result, folder / "pages"))
        built.append(result)
    write_text(out_dir / "summary.csv", _summary_csv(built))
    write_text(out_dir / "summary.html", render_summary(built))
    write_text(out_dir / "manifest.jsonl", "".join(e.model_dump_json() + "\n" for e in manifest))
    return BatchResult(out_dir, built, manifest)
