"""The document view's page (its script draws the dossier from the JSON twin) and the admin's counts."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from review.reviewer_counts import counts
from review.web import PageSession, context, stored_or_404

router = APIRouter()


@router.get("/dossiers/{dossier_id}/revue")
def document_view(request: Request, dossier_id: str, session: PageSession, document: int | None = None) -> Response:
    """`document`: the index to open; by default the first document with a doubtful value left."""
    stored = stored_or_404(request, dossier_id)
    ctx = context(request)
    return ctx.templates.TemplateResponse(
        request, "document.html", {"session": session, "d": stored.dossier, "version": stored.version, "start": document}
    )


@router.get("/admin")
def admin_page(request: Request, session: PageSession) -> Response:
    if session.role != "admin":
        raise HTTPException(403, "Cette page est réservée aux administrateurs.")
    ctx = context(request)
    return ctx.templates.TemplateResponse(
        request, "admin.html", {"session": session, "rows": counts(ctx.store.history()), "entries": ctx.store.queue()}
    )
