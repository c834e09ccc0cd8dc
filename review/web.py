"""What every route needs: the store, the session, CSRF checks, security headers."""

import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates

from review import accounts
from review.accounts import Session
from review.store import NotFound, Store, Stored

SESSION_COOKIE = "aes_session"
LOGIN_CSRF_COOKIE = "aes_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_MESSAGE = "Jeton de sécurité absent ou invalide : rechargez la page puis recommencez."

SECURITY_HEADERS = {
    # No inline script and nothing from elsewhere: all scripts and styles are files under /static.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Context:
    """What create_app hands to the routes through app.state."""

    store: Store
    db_path: Path
    templates: Jinja2Templates
    secure_cookie: bool


class LoginRequired(Exception):
    """Raised by page routes without a live session; answered with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def context(request: Request) -> Context:
    return request.app.state.review


def stored_or_404(request: Request, dossier_id: str) -> Stored:
    """The dossier as stored, or HTTP 404 in French."""
    try:
        return context(request).store.get(dossier_id)
    except NotFound as exc:
        raise HTTPException(404, "Ce dossier n'existe pas.") from exc


def _session(request: Request) -> Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    return accounts.session(context(request).db_path, token) if token else None


def page_session(request: Request) -> Session:
    found = _session(request)
    if found is None:
        raise LoginRequired(request.url.path)
    return found


def api_session(request: Request) -> Session:
    found = _session(request)
    if found is None:
        raise HTTPException(401, "Connexion requise.")
    return found


def check_csrf(expected: str, given: str | None) -> None:
    if not given or not hmac.compare_digest(expected.encode(), given.encode()):
        raise HTTPException(403, CSRF_MESSAGE)


def api_csrf(request: Request) -> Session:
    """A session whose POST carries its CSRF token in the X-CSRF-Token header."""
    found = api_session(request)
    check_csrf(found.csrf_token, request.headers.get(CSRF_HEADER))
    return found


def stale_message(yours: int, current: int) -> str:
    return (
        "Ce dossier a été modifié par une autre personne depuis que vous l'avez ouvert "
        f"(votre version : {yours}, version actuelle : {current}). Votre modification n'a pas été "
        "enregistrée : relisez le dossier à jour et refaites-la si elle est toujours nécessaire."
    )


PageSession = Annotated[Session, Depends(page_session)]
ApiSession = Annotated[Session, Depends(api_session)]
ApiPostSession = Annotated[Session, Depends(api_csrf)]


def safe_next(path: str | None) -> str:
    """Only a local path: never an open redirect to another site."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/"
