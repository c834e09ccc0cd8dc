"""The desk's papers for people: self-contained A4 HTML pages (what is printed and made into PDFs), and
the same words as plain text for a terminal. Every document-derived string goes through autoescaping."""

from pathlib import Path

from models.desk import Inventory, InventoryLine, PieceRequest
from models.vocabulary import DOC_TYPE_LABELS, RECEIVED_LABELS, fr_date
from pipelines.templating import html_templates

_ENV = html_templates(Path(__file__).with_name("templates"))


def period(line: InventoryLine) -> str:
    if line.first_date is None:
        return "—"
    if line.last_date is None:
        return fr_date(line.first_date)
    return f"{fr_date(line.first_date)} – {fr_date(line.last_date)}"


def pages(span: tuple[int, int] | None) -> str:
    if span is None:
        return "—"
    return str(span[0]) if span[0] == span[1] else f"{span[0]} à {span[1]}"


def _kind(line: InventoryLine) -> str:
    if line.doc_type:
        return DOC_TYPE_LABELS[line.doc_type]
    return "Type non reconnu" if line.state in ("read", "copy") else "—"


def _state(line: InventoryLine) -> str:
    said = RECEIVED_LABELS[line.state]
    if line.copy_of:
        said += f" de {line.copy_of}"
    return f"{said} : {line.note}" if line.note else said


_ENV.filters.update(fr=fr_date, period=period, pages=pages, kind=_kind, state=_state,
                    capitalize_first=lambda text: text[:1].upper() + text[1:])



def render_inventory(inventory: Inventory) -> str:
    return _ENV.get_template("inventory.html").render(inventory=inventory)


def render_request(request: PieceRequest) -> str:
    return _ENV.get_template("request.html").render(request=request)


def inventory_text(inventory: Inventory) -> str:
    """The receipt for a terminal: one line per piece, numbered as on paper."""
    out = [
        f"Bordereau des pièces reçues — dossier {inventory.dossier_id}",
        f"Demande du {fr_date(inventory.application_date)}, établi le {fr_date(inventory.made_on)} : "
        f"{len(inventory.lines)} pièce(s) reçue(s).",
        "",
    ]
    for line in inventory.lines:
        if line.pages is None:  # not read: only its name and why
            out.append(f"{line.number:>3}. {line.file} — {_state(line)}")
            continue
        where = f"page {line.pages[0]}" if line.pages[0] == line.pages[1] else f"pages {pages(line.pages)}"
        out.append(f"{line.number:>3}. {_kind(line)} — {period(line)} — {where} — {line.file} — {_state(line)}")
    return "\n".join(out) + "\n"


def request_text(request: PieceRequest) -> str:
    """The request for a terminal: what to bring, each with why."""
    out = [
        f"Demande de pièces complémentaires — dossier {request.dossier_id}",
        f"Demande du {fr_date(request.application_date)}, établie le {fr_date(request.made_on)}.",
        "",
    ]
    if not request.lines:
        out.append("Aucune pièce complémentaire n'est demandée à ce jour.")
    for number, line in enumerate(request.lines, start=1):
        out.append(f"{number:>3}. {line.text}")
        if line.examples:
            out.append(f"     {line.examples[:1].upper()}{line.examples[1:]}.")
        if line.reason:
            out.append(f"     Pourquoi : {line.reason}")
    return "\n".join(out) + "\n"
