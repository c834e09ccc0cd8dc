"""The review web app: factory, security headers, login and logout."""

import math
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from anyio import to_thread
from fastapi import FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from review import accounts, api, desk, document_api, document_pages, pages, sharp_pages
from review.accounts import SESSION_LIFETIME
from review.guard import BodyTooLarge, RequestGuard, error_body
from review.render import templates
from review.store import Store
from review.web import (
    LOGIN_CSRF_COOKIE,
    SECURITY_HEADERS,
    SESSION_COOKIE,
    Context,
    LoginRequired,
    PageSession,
    check_csrf,
    context,
    safe_next,
)

REQUEST_THREADS = 8
"""Threads that run the app's requests. Its work is Python under one lock (the GIL): anyio's 40 threads
only made each request wait longer for its turn, and a correction holding the write lock wait for the
GIL behind them all (bench/review_load.py); the others wait in the event loop, first come, first served."""


@asynccontextmanager
async def _few_threads(app: FastAPI) -> AsyncIterator[None]:
    to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    yield


def create_app(db_path: Path, out_dir: Path, *, secure_cookie: bool = False, sources: Path | None = None) -> FastAPI:
    """Loads OUT into the store at db_path (keeping existing corrections) and builds the app.

    secure_cookie marks the cookies Secure: set it when the app is served over HTTPS. sources: the
    folder `aes process` read, for sharper page pictures on demand (none without it).
    """
    store = Store(db_path)
    store.load(out_dir)
    app = FastAPI(title="aes review", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_few_threads)
    app.state.review = Context(store, db_path, templates(), secure_cookie)
    app.state.review_sources = sources
    app.mount("/static", StaticFiles(packages=[("review", "static")]), name="static")

    # Outermost: limits bodies and checks the session before any byte is read; headers on every answer.
    app.add_middleware(RequestGuard, db_path=db_path, security_headers=SECURITY_HEADERS)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # Said in French and without echoing the input (which may be anything, a lone surrogate included).
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))} : {e['type']}" for e in exc.errors()[:5])
        body = error_body("invalid_request", problems=problems)
        if request.url.path.startswith("/api/"):
            return JSONResponse(body, status_code=422)
        return context(request).templates.TemplateResponse(
            request, "error.html", {"session": None, "message": body["detail"]}, status_code=422
        )

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            code = {"error_code": exc.error_code} if isinstance(exc, BodyTooLarge) else {}
            return JSONResponse({"detail": exc.detail, **code}, status_code=exc.status_code, headers=exc.headers)
        return context(request).templates.TemplateResponse(
            request, "error.html", {"session": None, "message": exc.detail}, status_code=exc.status_code
        )

    app.add_api_route("/login", login_form, methods=["GET"], response_class=HTMLResponse)
    app.add_api_route("/login", login, methods=["POST"])
    app.add_api_route("/logout", logout, methods=["POST"])
    app.include_router(pages.router)
    app.include_router(api.router)
    desk.install(app, db_path, out_dir)
    app.include_router(document_pages.router)
    app.include_router(document_api.router)
    app.include_router(sharp_pages.router)
    return app


def _login_page(request: Request, next_path: str, error: str | None, status_code: int = 200) -> Response:
    # Before a session exists, CSRF is a double-submit token: a cookie and the same value in the form.
    token = secrets.token_urlsafe(32)
    ctx = context(request)
    response = ctx.templates.TemplateResponse(
        request,
        "login.html",
        {"session": None, "csrf_token": token, "next": next_path, "error": error},
        status_code=status_code,
    )
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=ctx.secure_cookie, path="/login")
    return response


def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, safe_next(next), None)


def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf_token)
    ctx = context(request)
    try:
        token = accounts.login(ctx.db_path, name, password, request.client.host if request.client else "")
    except accounts.TooManyAttempts as refused:
        minutes = max(1, math.ceil(refused.retry_after.total_seconds() / 60))
        message = f"Trop d'essais de connexion manqués depuis ce poste : réessayez dans {minutes} minute(s)."
        response = _login_page(request, safe_next(next), message, 429)
        response.headers["Retry-After"] = str(minutes * 60)
        return response
    if token is None:
        return _login_page(request, safe_next(next), "Identifiant ou mot de passe incorrect.", 401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=ctx.secure_cookie,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def logout(request: Request, session: PageSession, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(session.csrf_token, csrf_token)
    accounts.logout(context(request).db_path, request.cookies[SESSION_COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
