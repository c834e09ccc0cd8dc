"""The review app's edge, before any route: a request body is read only when it is small and its
sender is logged in; every answer carries the security headers; an unforeseen error is logged with a
reference (never a document's text or a name) and answered in French with that reference."""

import json
import logging
import secrets
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import anyio
from starlette.exceptions import HTTPException

from models.vocabulary import REVIEW_ERRORS
from review import accounts

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 64 * 1024
"""A correction or a split is under 2 KB; 64 KB leaves room for any form the app shows."""
MAX_LOGIN_BODY_BYTES = 4 * 1024
OPEN_POSTS = ("/login",)
"""The only paths that take a body from someone not logged in."""


class BodyTooLarge(HTTPException):
    """Raised inside the app when a body streams past its limit without a Content-Length saying so: an
    HTTP error, so that the routes' body parsing passes it on as it is instead of as a 400."""

    error_code = "body_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(413, REVIEW_ERRORS[self.error_code].format(limit=limit), headers={"Connection": "close"})


def error_body(code: str, **values: object) -> dict[str, str]:
    """A JSON error: the French sentence for people and its stable code for machines."""
    return {"detail": REVIEW_ERRORS[code].format(**values), "error_code": code}


class RequestGuard:
    """Pure ASGI middleware, the outermost of the app's own: nothing inside it reads a byte of a body
    it refuses, and its headers reach every answer, its own refusals and the 500s included."""

    def __init__(self, app: Asgi, db_path: Path, security_headers: dict[str, str]) -> None:
        self.app = app
        self.db_path = db_path
        self.headers = [(name.lower().encode(), value.encode()) for name, value in security_headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.headers if h[0] not in present)]
            await send(message)

        path = scope["path"]
        limit = MAX_LOGIN_BODY_BYTES if path in OPEN_POSTS else MAX_BODY_BYTES
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._answer(scope, send_with_headers, 413, "body_too_large", limit=limit)
            return
        if scope["method"] not in ("GET", "HEAD") and path not in OPEN_POSTS and not await self._logged_in(scope):
            if path.startswith("/api/"):
                await self._answer(scope, send_with_headers, 401, "login_required")
            else:  # as the pages' own check answers, without the body read first
                await _closing(send_with_headers, 303, [(b"location", b"/login"), (b"content-length", b"0")], b"")
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await self._answer(scope, send_with_headers, 413, "body_too_large", limit=limit)
        except Exception as error:  # noqa: BLE001 - the app's last word: a reference and French, never a trace to the client
            reference = secrets.token_hex(6)
            route = getattr(scope.get("route"), "path", "?")  # the route's pattern: a path may hold a name
            frames = "".join(traceback.format_tb(error.__traceback__))
            log.error("internal error %s on %s %s: %s\n%s", reference, scope["method"], route, type(error).__name__, frames)
            if not started:
                await self._answer(scope, send_with_headers, 500, "internal_error", reference=reference)

    async def _logged_in(self, scope: Scope) -> bool:
        token = _cookie(scope, "aes_session")
        return bool(token) and await anyio.to_thread.run_sync(accounts.session, self.db_path, token) is not None

    async def _answer(self, scope: Scope, send: Send, status: int, code: str, **values: object) -> None:
        """A refusal in French: JSON for the API, a short page otherwise."""
        body = error_body(code, **values)
        if scope["path"].startswith("/api/"):
            payload, kind = json.dumps(body, ensure_ascii=False).encode(), b"application/json"
        else:
            payload, kind = _page(body["detail"]).encode(), b"text/html; charset=utf-8"
        await _closing(send, status, [(b"content-type", kind), (b"content-length", str(len(payload)).encode())], payload)


async def _closing(send: Send, status: int, headers: list[tuple[bytes, bytes]], payload: bytes) -> None:
    """An answer that closes the connection: the body left unread must not be taken for the next request."""
    await send({"type": "http.response.start", "status": status, "headers": [*headers, (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})


def _page(message: str) -> str:
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>aes — relecture</title></head>'
        f"<body><p>{message}</p></body></html>"
    )


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _cookie(scope: Scope, name: str) -> str:
    for header, value in scope.get("headers", []):
        if header == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, found = part.strip().partition("=")
                if key == name:
                    return found
    return ""
