"""The document view's JSON: the view of a dossier, and every keyboard action answered with it again.

The same rules as the other JSON twins: a live session, the CSRF token in the X-CSRF-Token header
of every POST, the version the reviewer saw (409 when another person changed the dossier since).
"""

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from PIL import Image
from pydantic import BaseModel, ConfigDict

from models.dossier import Dossier
from models.evidence import BBox
from review.corrections import Change, ChangeError, Edit, apply_change, as_edit_list, confirm_fact
from review.document_edits import as_type, confirm_sure, last_action, retype, undo, undoable
from review.document_view import SURE, DeskState, document_json, kept_words, page_words, view_json
from review.store import NotFound, StaleVersion, Stored
from review.web import ApiPostSession, ApiSession, context, stale_message, stored_or_404

router = APIRouter(prefix="/api/dossiers/{dossier_id}")

SURE_REASON = "Confirmation groupée des valeurs sûres du document"
UNDO_REASON = "Annulation de la dernière action"


def _view(request: Request, stored: Stored, user: str, status_code: int = 200) -> Response:
    store = context(request).store
    lines = last_action(store.audit(stored.dossier.dossier_id))
    state = DeskState(user, lines[0].user if lines else None, undoable(lines, user))
    body = view_json(stored, store.pages(stored.dossier.dossier_id), state)
    return JSONResponse(body, status_code=status_code, headers={"X-Dossier-Version": str(stored.version)})


@router.get("/view")
def get_view(request: Request, dossier_id: str, session: ApiSession) -> Response:
    return _view(request, stored_or_404(request, dossier_id), session.user)


class ActIn(BaseModel):
    """One keyboard action; `value` is the new value of a correction or an addition."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["confirm", "correct", "reject", "add", "confirm_sure", "retype", "undo"]
    version: int
    document: str = ""
    field: str = ""
    value: Any = None
    reason: str = ""
    page: int | None = None
    bbox: BBox | None = None
    doc_type: str = ""


def _picture(request: Request, dossier_id: str, sha16: str) -> Callable[[int], Image.Image | None]:
    store = context(request).store
    images = store.pages(dossier_id)

    def picture(number: int) -> Image.Image | None:
        image = images.get((sha16, number))
        return Image.open(store.page_path(image.token)) if image else None

    return picture


def _retyped(request: Request, dossier: Dossier, document: str, doc_type: str) -> Any:
    doc = next((d for d in dossier.documents if d.file == document), None)
    if doc is None:
        raise ChangeError(f"Le document « {document} » n'existe pas dans ce dossier.")
    words = kept_words(context(request).store, dossier.dossier_id, doc)
    return as_type(doc, doc_type, words, _picture(request, dossier.dossier_id, doc.sha256[:16]))


def _edit(request: Request, body: ActIn, user: str) -> Callable[[Dossier], tuple[Dossier, list[Edit]]]:
    store = context(request).store
    if body.action == "confirm":
        return lambda d: as_edit_list(confirm_fact(d, body.document, body.field))
    if body.action == "confirm_sure":
        return lambda d: confirm_sure(d, body.document, SURE)
    if body.action == "retype":
        return lambda d: retype(d, body.document, _retyped(request, d, body.document, body.doc_type))
    if body.action == "undo":
        return lambda d: undo(d, last_action(store.audit(d.dossier_id)), user)
    value = None if body.action == "reject" else body.value
    if body.action != "reject" and (value is None or (isinstance(value, str) and not value.strip())):
        raise ChangeError("Saisissez une valeur.")
    change = Change(body.document, body.field, value, body.reason, body.page, body.bbox)
    return lambda d: as_edit_list(apply_change(d, change))


def _reason(body: ActIn) -> str:
    if body.action == "confirm_sure":
        return body.reason or SURE_REASON
    if body.action == "undo":
        return body.reason or UNDO_REASON
    return body.reason


@router.post("/act")
def act(request: Request, dossier_id: str, body: ActIn, session: ApiPostSession) -> Response:
    store = context(request).store
    if body.action == "retype" and not body.reason.strip():
        raise HTTPException(422, "Indiquez la raison de la modification.")
    try:
        stored = store.commit(dossier_id, body.version, session.user, _reason(body), _edit(request, body, session.user))
    except NotFound as exc:
        raise HTTPException(404, "Ce dossier n'existe pas.") from exc
    except StaleVersion as exc:
        return JSONResponse({"detail": stale_message(body.version, exc.current), "current_version": exc.current}, status_code=409)
    except ChangeError as exc:
        raise HTTPException(422, str(exc)) from exc
    return _view(request, stored, session.user)


@router.get("/documents/{index}/as/{doc_type}")
def retype_preview(request: Request, dossier_id: str, index: int, doc_type: str, session: ApiSession) -> dict[str, Any]:
    """The document read again as `doc_type`, shown to the reviewer before anything is saved."""
    stored = stored_or_404(request, dossier_id)
    if not 0 <= index < len(stored.dossier.documents):
        raise HTTPException(404, "Ce document n'existe pas.")
    doc = stored.dossier.documents[index]
    try:
        read = _retyped(request, stored.dossier, doc.file, doc_type)
    except ChangeError as exc:
        raise HTTPException(422, str(exc)) from exc
    return document_json(index, read, context(request).store.pages(dossier_id))


@router.get("/documents/{index}/words")
def words(request: Request, dossier_id: str, index: int, page: int, session: ApiSession) -> list[dict[str, Any]]:
    """The words read on one page of a document, with their boxes in page points."""
    stored = stored_or_404(request, dossier_id)
    if not 0 <= index < len(stored.dossier.documents):
        raise HTTPException(404, "Ce document n'existe pas.")
    doc = stored.dossier.documents[index]
    return page_words(kept_words(context(request).store, dossier_id, doc), page)
