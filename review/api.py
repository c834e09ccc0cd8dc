"""JSON twins of the pages: the queue, a dossier as aes-dossier/1, corrections, the audit."""

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from models.dossier import Dossier
from models.evidence import BBox
from review.corrections import MAX_REASON_CHARS, MAX_VALUE_CHARS, Change, ChangeError, Edit, apply_change, as_edit_list
from review.queue import order
from review.restructure import reextractor, structure_edit
from review.store import NotFound, StaleVersion, Stored
from review.web import ApiPostSession, ApiSession, context, stale_message, stored_or_404

router = APIRouter(prefix="/api")


# Bounded at the edge; pydantic refuses a lone surrogate (« \ud800 » in JSON) in any of them by itself.
Name = Annotated[str, Field(max_length=MAX_VALUE_CHARS)]
Reason = Annotated[str, Field(max_length=MAX_REASON_CHARS)]
Value = Annotated[str, Field(max_length=MAX_VALUE_CHARS)] | bool | int | None
"""A date or a choice as text, a number of months, yes or no; null rejects the fact."""


class CorrectionIn(BaseModel):
    """A correction: `value` null rejects the fact; the value it already has confirms it."""

    model_config = ConfigDict(extra="forbid")
    document: Name
    field: Name
    value: Value
    reason: Reason = ""
    version: int
    page: int | None = None
    bbox: BBox | None = None


def _dossier_response(stored: Stored, status_code: int = 200) -> Response:
    return Response(
        stored.dossier.to_json(),
        status_code=status_code,
        media_type="application/json",
        headers={"ETag": f'"{stored.version}"', "X-Dossier-Version": str(stored.version)},
    )


@router.get("/dossiers")
def list_dossiers(request: Request, session: ApiSession) -> list[dict[str, Any]]:
    return [entry.model_dump() for entry in order(context(request).store.queue())]


@router.get("/dossiers/{dossier_id}")
def get_dossier(request: Request, dossier_id: str, session: ApiSession) -> Response:
    return _dossier_response(stored_or_404(request, dossier_id))


Apply = Callable[[Dossier], tuple[Dossier, list[Edit]]]
"""An edit as the store applies it to the dossier it holds: the new dossier and its audit lines."""


def _commit(
    request: Request, dossier_id: str, version: int, user: str, reason: str, make_edit: Callable[[], Apply]
) -> Response:
    """Stores a reviewer's edit; the store's and the edit's refusals as HTTP answers (404, 409, 422).
    The edit is made inside: making it may itself refuse (no reason given, a page that is no number)."""
    try:
        stored = context(request).store.commit(dossier_id, version, user, reason, make_edit())
    except NotFound as exc:
        raise HTTPException(404, "Ce dossier n'existe pas.") from exc
    except StaleVersion as exc:
        return JSONResponse({"detail": stale_message(version, exc.current), "current_version": exc.current}, status_code=409)
    except ChangeError as exc:
        raise HTTPException(422, str(exc)) from exc
    return _dossier_response(stored)


@router.post("/dossiers/{dossier_id}/corrections")
def post_correction(request: Request, dossier_id: str, body: CorrectionIn, session: ApiPostSession) -> Response:
    change = Change(body.document, body.field, body.value, body.reason, body.page, body.bbox)

    def edit(dossier: Dossier) -> tuple[Dossier, list[Edit]]:
        return as_edit_list(apply_change(dossier, change))

    return _commit(request, dossier_id, body.version, session.user, body.reason, lambda: edit)


class RestructureIn(BaseModel):
    """Split `document` before `page`, or merge it with the next document of its file."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["split", "merge"]
    document: Name
    page: int | None = None
    reason: Reason = ""
    version: int


@router.post("/dossiers/{dossier_id}/restructure")
def post_restructure(request: Request, dossier_id: str, body: RestructureIn, session: ApiPostSession) -> Response:
    store = context(request).store

    def edit() -> Apply:
        return structure_edit(body.action, body.document, str(body.page or ""), body.reason, reextractor(store, dossier_id))

    return _commit(request, dossier_id, body.version, session.user, body.reason, edit)


@router.get("/dossiers/{dossier_id}/audit")
def get_audit(request: Request, dossier_id: str, session: ApiSession) -> list[dict[str, Any]]:
    stored_or_404(request, dossier_id)
    return [entry.to_json() for entry in context(request).store.audit(dossier_id)]
