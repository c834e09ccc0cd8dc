"""The desk's papers of a dossier as the batch writes them: inventory.json, inventory.html, request.html,
and with a printer the PDFs of the report, the inventory and the request."""

from datetime import date
from pathlib import Path

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


def received_files(dossier: DossierInput, outcomes: dict[str, DocumentOutcome]) -> list[ReceivedFile]:
    """Every file of the applicant's folder, by name: those read, those that failed, those left aside."""
    files = [ReceivedFile(name, "ok" if outcomes[name].records else "failed", outcomes[name].error)
             for name in dossier.files]
    files += [ReceivedFile(name, "skipped", reason) for name, reason in dossier.skipped]
    return sorted(files, key=lambda f: f.name)


def write_papers(folder: Path, dossier: Dossier, received: list[ReceivedFile], report_html: str,
                 printer: PdfPrinter | None, made_on: date) -> None:
    """Writes the inventory (JSON and HTML) and the request (HTML); prints the three papers when given a
    printer, else removes PDFs an earlier run left, which would no longer match the HTML."""
    inventory = build_inventory(dossier, received, made_on)
    pages = {
        "report": report_html,
        "inventory": render_inventory(inventory),
        "request": render_request(build_request(dossier, inventory, made_on)),
    }
    write_text(folder / INVENTORY_JSON, inventory.model_dump_json(indent=2))
    write_text(folder / "inventory.html", pages["inventory"])
    write_text(folder / "request.html", pages["request"])
    for name in PRINTED:
        if printer is None:
            (folder / f"{name}.pdf").unlink(missing_ok=True)
        else:
            write_bytes(folder / f"{name}.pdf", printer.pdf(pages[name]))
