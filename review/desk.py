"""The desk's papers in the review app: the request for missing pieces as the reviewers left it (remove,
reword or add lines, each change audited), and « Imprimer » for the request, the inventory and the report.

The request is made again from the dossier as corrected, then the reviewers' edits are replayed on it:
an edit of a line no longer asked (a correction covered the semester since) is left aside, still in the
journal. Printed pages are the desk's self-contained pages; their own CSP allows their inline style
and data images, and nothing else.
"""

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from models.desk import Inventory, PieceRequest, RequestEdit
from pipelines.desk.inventory import build_inventory, received_from
from pipelines.desk.missing_pieces import build_request, edited
from pipelines.desk.render import render_inventory, render_request
from pipelines.desk.stored import INVENTORY_JSON
from review import db
from review.web import PageSession, check_csrf, context, stored_or_404

EDITS_TABLE = (
    """CREATE TABLE IF NOT EXISTS request_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    at TEXT NOT NULL,                -- UTC, ISO 8601
    user TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('remove', 'change', 'add')),
    key TEXT NOT NULL,               -- the request line (RequestLine.key)
    old_text TEXT,                   -- the line's words before, NULL for an added line
    new_text TEXT,                   -- after, NULL for a removed line
    reason TEXT NOT NULL
)""",
    """CREATE TRIGGER IF NOT EXISTS request_edits_no_update BEFORE UPDATE ON request_edits
BEGIN SELECT RAISE(ABORT, 'request edits are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS request_edits_no_delete BEFORE DELETE ON request_edits
BEGIN SELECT RAISE(ABORT, 'request edits are append-only'); END""",
)
"""The reviewers' edits of requests, kept apart from the facts' audit (whose CHECK knows no such action)."""
ACTION_LABELS = {"remove": "Ligne retirée", "change": "Ligne modifiée", "add": "Ligne ajoutée"}
PRINT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
PRINT_BAR = (
    '<div class="print-bar" style="margin: 0 0 12px"><button type="button" id="print">Imprimer</button> '
    '<a href="/dossiers/{dossier_id}/request">Retour</a></div>'
    '<style>@media print {{ .print-bar {{ display: none; }} }}</style><script src="/static/desk.js" defer></script>'
)


@dataclass(frozen=True)
class EditEntry:
    at: datetime
    user: str
    action: str
    key: str
    old_text: str | None
    new_text: str | None
    reason: str


class _Papers:
    """Where the desk finds a dossier's inventory as the batch wrote it."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def inventory_json(self, dossier_id: str) -> Inventory | None:
        try:
            return Inventory.model_validate_json((self.out_dir / dossier_id / INVENTORY_JSON).read_bytes())
        except (OSError, ValidationError):
            return None  # an OUT written before inventories: the documents read are listed still


def install(app: FastAPI, db_path: Path, out_dir: Path) -> None:
    """Adds the desk's table (append-only, like the audit) and routes to the review app."""
    with db.connect(db_path) as conn, db.transaction(conn):
        for statement in EDITS_TABLE:
            conn.execute(statement)
    app.state.desk = _Papers(out_dir)
    for path, route, methods in (
        ("/dossiers/{dossier_id}/request", request_page, ["GET"]),
        ("/dossiers/{dossier_id}/request/edits", add_edit, ["POST"]),
        ("/dossiers/{dossier_id}/request/print", print_request, ["GET"]),
        ("/dossiers/{dossier_id}/inventory/print", print_inventory, ["GET"]),
        ("/dossiers/{dossier_id}/report/print", print_report, ["GET"]),
    ):
        app.add_api_route(path, route, methods=methods, response_class=HTMLResponse)


def _edits(db_path: Path, dossier_id: str) -> list[EditEntry]:
    with db.connect(db_path) as conn:
        rows = conn.execute("SELECT * FROM request_edits WHERE dossier_id = ? ORDER BY id", (dossier_id,)).fetchall()
    return [EditEntry(datetime.fromisoformat(r["at"]), r["user"], r["action"], r["key"], r["old_text"], r["new_text"],
                      r["reason"]) for r in rows]


def papers(request: Request, dossier_id: str) -> tuple[Inventory, PieceRequest, list[EditEntry]]:
    """The inventory and the request of the dossier as it stands now, with the reviewers' edits."""
    dossier = stored_or_404(request, dossier_id).dossier
    kept = request.app.state.desk.inventory_json(dossier_id)
    today = date.today()
    inventory = build_inventory(dossier, received_from(kept) if kept else [], today)
    entries = _edits(context(request).db_path, dossier_id)
    asked = edited(build_request(dossier, inventory, today),
                   [RequestEdit(action=e.action, key=e.key, text=e.new_text or "") for e in entries])
    return inventory, asked, entries


def request_page(request: Request, dossier_id: str, session: PageSession, saved: int | None = None) -> Response:
    return _request_page(request, dossier_id, session, "Modification enregistrée." if saved else None, "ok")


def _request_page(request: Request, dossier_id: str, session: PageSession, message: str | None = None,
                  kind: str = "info", status_code: int = 200) -> Response:
    _, asked, entries = papers(request, dossier_id)
    return context(request).templates.TemplateResponse(
        request, "desk_request.html",
        {"session": session, "dossier_id": dossier_id, "asked": asked, "edits": list(reversed(entries)),
         "version": len(entries), "message": message, "kind": kind, "ACTION_LABELS": ACTION_LABELS},
        status_code=status_code,
    )


def _checked(action: str, key: str, text: str, reason: str, asked: PieceRequest) -> tuple[str, str | None, str | None]:
    """(key, old words, new words) of a valid edit; HTTPException 422 in French otherwise."""
    lines = {line.key: line for line in asked.lines}
    if not reason.strip():
        raise HTTPException(422, "Indiquez la raison de la modification.")
    if action in ("change", "add") and not text.strip():
        raise HTTPException(422, "Écrivez le texte de la ligne.")
    if action == "add":
        return f"reviewer:{len(lines) + 1}:{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}", None, text.strip()
    if action not in ("remove", "change"):
        raise HTTPException(422, "Action inconnue.")
    if key not in lines:
        raise HTTPException(422, "Cette ligne n'est plus dans la demande : rechargez la page.")
    return key, lines[key].text, text.strip() if action == "change" else None


def add_edit(
    request: Request, dossier_id: str, session: PageSession,
    version: Annotated[int, Form()], action: Annotated[str, Form()], key: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(session.csrf_token, csrf_token)
    _, asked, entries = papers(request, dossier_id)
    try:
        key, old, new = _checked(action, key, text, reason, asked)
        with db.connect(context(request).db_path) as conn, db.transaction(conn):
            count = conn.execute("SELECT COUNT(*) FROM request_edits WHERE dossier_id = ?", (dossier_id,)).fetchone()[0]
            if count != version:  # another reviewer's edit came in between: theirs would be lost
                raise HTTPException(409, "La demande a été modifiée par une autre personne depuis que vous l'avez "
                                         "ouverte : relisez-la et refaites votre modification si elle est toujours utile.")
            conn.execute(
                "INSERT INTO request_edits (dossier_id, at, user, action, key, old_text, new_text, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (dossier_id, datetime.now(UTC).isoformat(timespec="seconds"), session.user, action, key, old, new,
                 reason.strip()),
            )
    except HTTPException as refused:
        return _request_page(request, dossier_id, session, str(refused.detail), "error", refused.status_code)
    except sqlite3.IntegrityError as error:
        raise HTTPException(500, "La modification n'a pas pu être enregistrée.") from error
    return RedirectResponse(f"/dossiers/{dossier_id}/request?saved=1#journal", status_code=303)


def _printable(html: str, dossier_id: str) -> Response:
    bar = PRINT_BAR.format(dossier_id=dossier_id)
    at = html.find("<body>") + len("<body>")
    return HTMLResponse(html[:at] + bar + html[at:], headers={"Content-Security-Policy": PRINT_CSP})


def print_request(request: Request, dossier_id: str, session: PageSession) -> Response:
    _, asked, _ = papers(request, dossier_id)
    return _printable(render_request(asked), dossier_id)


def print_inventory(request: Request, dossier_id: str, session: PageSession) -> Response:
    inventory, _, _ = papers(request, dossier_id)
    return _printable(render_inventory(inventory), dossier_id)


def print_report(request: Request, dossier_id: str, session: PageSession) -> Response:
    """The report as the batch wrote it (the review app does not make reports): the facts as first read."""
    stored_or_404(request, dossier_id)
    try:
        html = (request.app.state.desk.out_dir / dossier_id / "report.html").read_text(encoding="utf-8")
    except OSError as error:
        raise HTTPException(404, "Le rapport de ce dossier n'a pas été trouvé dans le dossier de sortie.") from error
    return _printable(html, dossier_id)
