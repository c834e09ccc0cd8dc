"""What a batch writes: each dossier as soon as its documents are done, and the manifest and summary of
the dossiers finished so far, so that a run killed at any moment leaves outputs that agree.

A dossier whose inputs have not changed since it was written (same documents, same results, same
code, same application date) is not rebuilt: its `.built` key says so.
"""

import csv
import hashlib
import io
import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from criteria import ParameterError, assess
from models.dossier import Dossier
from models.errors import SKIPPED, PdfFailed
from models.manifest import ManifestEntry
from pipelines.batch.discover import DossierInput
from pipelines.batch.work import DocumentOutcome
from pipelines.desk.inventory import ReceivedFile
from pipelines.dossier import build_dossier
from pipelines.outputs.desk_papers import DeskPages, desk_pages, print_pages, received_files, write_pages
from pipelines.outputs.pdf import PdfPrinter
from pipelines.outputs.report import render_report, render_summary, summary_rows
from pipelines.store.atomic import write_text

BUILT_FILE = ".built"
FLUSH_EVERY_S = 1.0
"""The manifest and summary are rewritten whole: at most this often while a batch runs, and at its end."""


@dataclass(frozen=True)
class FinishedDossier:
    dossier: Dossier | None
    """None for the files left loose in the intake folder: they are only accounted for."""
    manifest: list[ManifestEntry]
    rebuilt: bool


def _manifest_entries(dossier: DossierInput, input_dir: Path, outcomes: dict[str, DocumentOutcome]) -> list[ManifestEntry]:
    def relative(name: str) -> str:
        return (dossier.folder / name).relative_to(input_dir).as_posix()

    entries = [
        ManifestEntry(path=relative(name), dossier_id=dossier.dossier_id, status="skipped", error=SKIPPED[code], error_code=code)
        for name, code in dossier.skipped
    ]
    for name in dossier.files:
        outcome = outcomes[name]
        entries.append(
            ManifestEntry(
                path=relative(name),
                sha256=outcome.sha256,
                dossier_id=dossier.dossier_id,
                status="ok" if outcome.records else "failed",
                error=outcome.error,
                error_code=outcome.error_code,
                seconds=round(outcome.seconds, 3),
                pages=outcome.pages,
                # A pile's parts share the file's notes: each said once.
                warnings=tuple(dict.fromkeys(w for record in outcome.records for w in record.warnings)),
            )
        )
    return entries


def _application_date(dossier: DossierInput, fallback: date | None) -> tuple[date, str]:
    if dossier.application_date:
        return dossier.application_date, "meta"
    if fallback:
        return fallback, "cli"
    return date.today(), "today"


def _build(dossier: DossierInput, outcomes: dict[str, DocumentOutcome], when: date, source: str) -> Dossier:
    records = [record for name in dossier.files for record in outcomes[name].records]
    failed = [name for name in dossier.files if not outcomes[name].records]
    warnings = list(dossier.warnings) + [f"{name} n'a pas pu être lu : voir manifest.jsonl" for name in failed]
    built = build_dossier(dossier.dossier_id, records, when, source, warnings).model_copy(
        update={"nationality": dossier.nationality})
    try:
        return built.model_copy(update={"assessment": assess(built)})
    except ParameterError as error:
        # The circular's figures are not defined at that date: the facts are still worth a report.
        note = f"Critères non évalués à la date du {when:%d/%m/%Y} : {error}"
        return built.model_copy(update={"warnings": (*built.warnings, note)})


def _key(dossier: DossierInput, outcomes: dict[str, DocumentOutcome], when: date, source: str, version: str) -> str:
    documents = [(name, outcomes[name].sha256, outcomes[name].error, bool(outcomes[name].records)) for name in dossier.files]
    state = [version, dossier.dossier_id, when.isoformat(), source, list(dossier.warnings), documents,
             dossier.nationality]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()


def _unchanged(folder: Path, key: str, printed: bool) -> Dossier | None:
    try:
        if (folder / BUILT_FILE).read_text() != key or not (folder / "report.html").is_file():
            return None
        if printed and not (folder / "report.pdf").is_file():  # written by a run told not to print
            return None
        return Dossier.model_validate_json((folder / "dossier.json").read_bytes())
    except (OSError, ValueError):
        return None


def _prune_pictures(pages_dir: Path, dossier: Dossier) -> None:
    """Pictures (and kept words) of documents that have left the dossier (a file replaced or removed) go too."""
    if not pages_dir.is_dir():
        return
    kept = {document.sha256[:16] for document in dossier.documents}
    for picture in [*pages_dir.glob("*.jpg"), *pages_dir.glob("*-words.json")]:
        if picture.name.split("-")[0] not in kept:
            picture.unlink(missing_ok=True)


def _papers(
    result: Dossier, received: list[ReceivedFile], pages_dir: Path, printer: PdfPrinter | None
) -> tuple[Dossier, DeskPages, dict[str, bytes]]:
    """The report, the desk's pages and their PDFs. A PDF that cannot be made is a warning on the
    dossier, not the end of the batch; with no report.pdf, the next run that prints tries again."""
    pages = desk_pages(result, received, render_report(result, pages_dir), date.today())
    if printer is None:
        return result, pages, {}
    try:
        return result, pages, print_pages(pages, printer)
    except PdfFailed as failure:
        note = f"Les PDF de ce dossier n'ont pas été faits : {failure.message}"
        result = result.model_copy(update={"warnings": (*result.warnings, note)})
        return result, desk_pages(result, received, render_report(result, pages_dir), date.today()), {}


def finish_dossier(
    dossier: DossierInput, input_dir: Path, out_dir: Path, outcomes: dict[str, DocumentOutcome],
    fallback_date: date | None, version: str, printer: PdfPrinter | None = None,
) -> FinishedDossier:
    """Writes dossier.json, report.html and the desk's papers (unless unchanged), their PDFs when given a
    printer, and the key last: a kill never leaves a false key."""
    entries = _manifest_entries(dossier, input_dir, outcomes)
    if not dossier.is_applicant:
        return FinishedDossier(None, entries, False)
    when, source = _application_date(dossier, fallback_date)
    folder = out_dir / dossier.dossier_id
    key = _key(dossier, outcomes, when, source, version)
    previous = _unchanged(folder, key, printer is not None)
    if previous is not None:
        return FinishedDossier(previous, entries, False)
    (folder / BUILT_FILE).unlink(missing_ok=True)
    result = _build(dossier, outcomes, when, source)
    result, pages, pdfs = _papers(result, received_files(dossier, outcomes), folder / "pages", printer)
    write_text(folder / "dossier.json", result.to_json())
    write_text(folder / "report.html", pages.html["report"])
    write_pages(folder, pages, pdfs)
    _prune_pictures(folder / "pages", result)
    write_text(folder / BUILT_FILE, key)
    return FinishedDossier(result, entries, True)


def _summary_csv(dossiers: list[Dossier]) -> str:
    rows = summary_rows(dossiers)
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


class BatchOutputs:
    """The manifest and summary of the dossiers finished so far, in the batch's dossier order."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.finished: dict[int, FinishedDossier] = {}
        self._written = 0.0
        self._dirty = False

    def add(self, position: int, finished: FinishedDossier) -> None:
        self.finished[position] = finished
        self._dirty = True
        self.tick()

    def tick(self, force: bool = False) -> None:
        """Called as documents finish: writes what is pending once the last write is old enough.

        Nothing pending, nothing written: an interrupted run that finished no dossier leaves the
        previous run's manifest as it was."""
        if self._dirty and (force or time.monotonic() - self._written >= FLUSH_EVERY_S):
            self.flush()

    @property
    def dossiers(self) -> list[Dossier]:
        return [f.dossier for _, f in sorted(self.finished.items()) if f.dossier is not None]

    @property
    def manifest(self) -> list[ManifestEntry]:
        return [entry for _, f in sorted(self.finished.items()) for entry in f.manifest]

    def flush(self) -> None:
        dossiers = self.dossiers
        write_text(self.out_dir / "summary.csv", _summary_csv(dossiers))
        write_text(self.out_dir / "summary.html", render_summary(dossiers))
        write_text(self.out_dir / "manifest.jsonl", "".join(e.model_dump_json() + "\n" for e in self.manifest))
        self._written, self._dirty = time.monotonic(), False
