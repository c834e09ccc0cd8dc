"""The pages people see: the queue, a dossier with its page images and facts, the change form."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from models.document import DocumentRecord
from models.dossier import Dossier
from models.evidence import BBox, Extracted
from review.accounts import Session
from review.corrections import (
    STRUCTURAL,
    Change,
    ChangeError,
    Edit,
    apply_change,
    confirm_document,
    confirm_fact,
    one,
    parse_bbox,
)
from review.fields import FIELDS, FieldSpec, get_fact
from review.queue import order
from review.restructure import following, reextractor, structure_edit
from review.store import NotFound, PageImage, StaleVersion, Stored
from review.web import PageSession, check_csrf, context, stale_message, stored_or_404

router = APIRouter()

POINTS_PER_PIXEL = 72 / 100  # page images are rendered at 100 dpi


@dataclass(frozen=True)
class FactView:
    spec: FieldSpec
    fact: Extracted[Any]
    anchor: str
    box_id: str | None


@dataclass(frozen=True)
class Box:
    id: str
    bbox: BBox
    label: str


@dataclass(frozen=True)
class PageView:
    number: int
    image: PageImage | None
    boxes: list[Box]

    @property
    def size_pt(self) -> tuple[float, float]:
        assert self.image is not None
        return self.image.width_px * POINTS_PER_PIXEL, self.image.height_px * POINTS_PER_PIXEL


@dataclass(frozen=True)
class DocView:
    index: int
    doc: DocumentRecord
    facts: list[FactView]
    missing: list[FieldSpec]
    pages: list[PageView]


def _slug(field: str) -> str:
    return field.replace(".", "-").replace("_", "-")


def _doc_view(index: int, doc: DocumentRecord, images: dict[tuple[str, int], PageImage]) -> DocView:
    facts, missing = [], []
    boxes: dict[int, list[Box]] = {}
    for spec in FIELDS.values():
        fact = get_fact(doc, spec.name)
        if fact is None:
            missing.append(spec)
            continue
        box_id = None
        if fact.provenance.bbox is not None and (doc.sha256[:16], fact.provenance.page) in images:
            box_id = f"box-{index}-{_slug(spec.name)}"
            boxes.setdefault(fact.provenance.page, []).append(Box(box_id, fact.provenance.bbox, spec.label))
        facts.append(FactView(spec, fact, f"fact-{index}-{_slug(spec.name)}", box_id))
    pages = [PageView(n, images.get((doc.sha256[:16], n)), boxes.get(n, [])) for n in range(doc.pages[0], doc.pages[1] + 1)]
    return DocView(index, doc, facts, missing, pages)


def _anchors(dossier: Dossier) -> dict[str, tuple[str, str]]:
    """Evidence reference (FILE#field) to the anchor of its fact on the page and words for it."""
    return {
        f"{doc.file}#{name}": (f"fact-{i}-{_slug(name)}", f"{doc.file} : {spec.label.lower()}")
        for i, doc in enumerate(dossier.documents)
        for name, spec in FIELDS.items()
        if get_fact(doc, name) is not None
    }


def render_dossier(
    request: Request,
    session: Session,
    stored: Stored,
    message: str | None = None,
    kind: str = "info",
    status_code: int = 200,
) -> Response:
    ctx = context(request)
    dossier = stored.dossier
    images = ctx.store.pages(dossier.dossier_id)
    return ctx.templates.TemplateResponse(
        request,
        "dossier.html",
        {
            "session": session,
            "d": dossier,
            "version": stored.version,
            "docs": [_doc_view(i, doc, images) for i, doc in enumerate(dossier.documents)],
            "following": {doc.file: following(dossier, doc) for doc in dossier.documents},
            "anchors": _anchors(dossier),
            "audit": ctx.store.audit(dossier.dossier_id),
            "message": message,
            "kind": kind,
        },
        status_code=status_code,
    )


@router.get("/")
def queue_page(request: Request, session: PageSession) -> Response:
    ctx = context(request)
    return ctx.templates.TemplateResponse(request, "queue.html", {"session": session, "entries": order(ctx.store.queue())})


@router.get("/dossiers/{dossier_id}")
def dossier_page(request: Request, dossier_id: str, session: PageSession, saved: int | None = None) -> Response:
    stored = stored_or_404(request, dossier_id)
    message = f"Modification enregistrée : le dossier est en version {saved}." if saved else None
    return render_dossier(request, session, stored, message, "ok")


def form_edit(
    action: str, document: str, field: str, value: str, reason: str, page: str, bbox: str
) -> Callable[[Dossier], tuple[Dossier, list[Edit]]]:
    """The edit a form's button asks for, applied later on the dossier as stored."""
    if action == "confirm_all":
        return lambda d: confirm_document(d, document)
    if action == "confirm":
        return lambda d: one(confirm_fact(d, document, field))
    if action not in ("correct", "add", "reject"):
        raise ChangeError("Action inconnue.")
    if action != "reject" and not value.strip():
        raise ChangeError("Saisissez une valeur.")
    try:
        page_number = int(page) if page.strip() else None
    except ValueError as exc:
        raise ChangeError("Numéro de page invalide.") from exc
    change = Change(document, field, None if action == "reject" else value.strip(), reason, page_number, parse_bbox(bbox))
    return lambda d: one(apply_change(d, change))


@router.post("/dossiers/{dossier_id}/changes")
def change(
    request: Request,
    dossier_id: str,
    session: PageSession,
    version: Annotated[int, Form()],
    document: Annotated[str, Form()],
    action: Annotated[str, Form()],
    field: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    page: Annotated[str, Form()] = "",
    bbox: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(session.csrf_token, csrf_token)
    store = context(request).store
    try:
        if action in STRUCTURAL:
            edit = structure_edit(action, document, page, reason, reextractor(store, dossier_id))
        else:
            edit = form_edit(action, document, field, value, reason, page, bbox)
        stored = store.commit(dossier_id, version, session.user, reason, edit)
    except NotFound as exc:
        raise HTTPException(404, "Ce dossier n'existe pas.") from exc
    except StaleVersion as exc:
        message = stale_message(version, exc.current)
        if field in FIELDS and value.strip():
            # Say what was typed, so the reviewer can make the change again without re-reading.
            message += f" Votre saisie : « {FIELDS[field].label} » = « {value.strip()} »."
        current = stored_or_404(request, dossier_id)
        return render_dossier(request, session, current, message, "error", 409)
    except ChangeError as exc:
        return render_dossier(request, session, stored_or_404(request, dossier_id), str(exc), "error", 422)
    return RedirectResponse(f"/dossiers/{dossier_id}?saved={stored.version}#journal", status_code=303)


@router.get("/pages/{token}")
def page_image(request: Request, token: str, session: PageSession) -> Response:
    try:
        path = context(request).store.page_path(token)
    except NotFound as exc:
        raise HTTPException(404, "Image introuvable.") from exc
    # A token always names the same page image, so the browser may keep it a while.
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})
