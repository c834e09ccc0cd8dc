"""The desk's papers of a dossier as the batch writes them: inventory.json, inventory.html, request.html,
and with a printer the PDFs of the report, the inventory and the request."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.desk import Inventory
from models.dossier import Dossier
from pipelines.batch.discover import DossierInput
from pipelines.batch.work import DocumentOutcome
from pipelines.desk.inventory import ReceivedFile, build_inventory
from pipelines.desk.missing_pieces import build_request
from pipelines.desk.render import render_inventory, render_request
from pipelines.desk.stored import INVENTORY_JSON
from pipelines.outputs.pdf import PdfPrinter
from pipelines.store.atomic import write_bytes, write_text

PRINTED = ("report", "inventory", "request")
"""The papers printed as OUT/<dossier>/NAME.pdf, each from its NAME.html."""


@dataclass(frozen=True)
class DeskPages:
    inventory: Inventory
    html: dict[str, str]
    """Each printed paper's page, by name (PRINTED)."""


def received_files(dossier: DossierInput, outcomes: dict[str, DocumentOutcome]) -> list[ReceivedFile]:
    """Every file of the applicant's folder, by name: those read, those that failed, those left aside."""
    files = [ReceivedFile(name, "ok" if outcomes[name].records else "failed", outcomes[name].error)
             for name in dossier.files]
    files += [ReceivedFile(name, "skipped", reason) for name, reason in dossier.skipped]
    return sorted(files, key=lambda f: f.name)


def desk_pages(dossier: Dossier, received: list[ReceivedFile], report_html: str, made_on: date) -> DeskPages:
    inventory = build_inventory(dossier, received, made_on)
    return DeskPages(inventory, {
        "report": report_html,
        "inventory": render_inventory(inventory),
        "request": render_request(build_request(dossier, inventory, made_on)),
    })


def print_pages(pages: DeskPages, printer: PdfPrinter) -> dict[str, bytes]:
    """The PDF of each paper; raises PdfFailed when Chromium cannot make one."""
    return {name: printer.pdf(pages.html[name]) for name in PRINTED}


def write_pages(folder: Path, pages: DeskPages, pdfs: dict[str, bytes]) -> None:
    """Writes the inventory (JSON and HTML), the request (HTML) and the PDFs made; a PDF not made this
    time is removed, as an earlier run's would no longer match the HTML beside it."""
    write_text(folder / INVENTORY_JSON, pages.inventory.model_dump_json(indent=2))
    write_text(folder / "inventory.html", pages.html["inventory"])
    write_text(folder / "request.html", pages.html["request"])
    for name in PRINTED:
        if name in pdfs:
            write_bytes(folder / f"{name}.pdf", pdfs[name])
        else:
            (folder / f"{name}.pdf").unlink(missing_ok=True)
