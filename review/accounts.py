"""Reviewer accounts (argon2 password hashes) and server-side sessions with expiry."""

import hashlib
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models.vocabulary import ACCOUNT_MESSAGES
from review import db

Role = Literal["reviewer", "admin"]
SESSION_LIFETIME = timedelta(hours=8)
MIN_PASSWORD_LENGTH = 8
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5
"""Wrong passwords for one name from one address within FAILURE_WINDOW, after which that address's
tries at that name are refused until the oldest leaves the window: guessing one reviewer's password
stops, and the reviewer can still log in from their own desk."""
MAX_ADDRESS_FAILURES = 20
"""Wrong passwords from one address within FAILURE_WINDOW, whatever the names: guessing across accounts."""

_hasher = PasswordHasher()
_VERIFYING = threading.BoundedSemaphore(2)
"""Password checks at once: each holds argon2's 64 MB, so fifty reviewers logging in together would
take 3 GB (bench/review_load.py); two at a time keep the server small and cost a login a few tens of ms."""
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Session:
    user: str
    role: Role
    csrf_token: str
    expires_at: datetime


class AccountError(ValueError):
    pass


class TooManyAttempts(Exception):
    def __init__(self, retry_after: timedelta):
        super().__init__(f"too many failed logins; try again in {retry_after}")
        self.retry_after = retry_after


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(db_path: Path, name: str, password: str, role: Role = "reviewer") -> None:
    if not name.strip():
        raise AccountError(ACCOUNT_MESSAGES["empty_name"])
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(ACCOUNT_MESSAGES["short_password"].format(length=MIN_PASSWORD_LENGTH))
    db.init(db_path)
    with db.connect(db_path) as conn, db.transaction(conn):
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise AccountError(ACCOUNT_MESSAGES["user_exists"].format(name=name))
        conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, role, _hasher.hash(password), datetime.now(UTC).isoformat(timespec="seconds")),
        )


def _refuse_if_guessing(conn: sqlite3.Connection, name: str, address: str, now: datetime) -> None:
    since = (now - FAILURE_WINDOW).isoformat()
    rows = conn.execute(
        "SELECT name, at FROM login_failures WHERE address = ? AND at > ? ORDER BY at", (address, since)
    ).fetchall()
    for failures, limit in (([r["at"] for r in rows if r["name"] == name], MAX_FAILURES),
                            ([r["at"] for r in rows], MAX_ADDRESS_FAILURES)):
        if len(failures) >= limit:  # refused until the limit-th latest failure leaves the window
            raise TooManyAttempts(datetime.fromisoformat(failures[-limit]) + FAILURE_WINDOW - now)


def login(db_path: Path, name: str, password: str, address: str) -> str | None:
    """Opens a session and returns its cookie token, or None when the name or password is wrong.

    Raises TooManyAttempts, before any password is checked, while `address` has failed too often."""
    now = datetime.now(UTC)
    # One step under SQLite's write lock: the limit checked and this try counted as failed, before the
    # password is; a right password takes the count back. Simultaneous guesses pass the check no more
    # often than the limit allows.
    with db.connect(db_path) as conn, db.transaction(conn):
        conn.execute("DELETE FROM login_failures WHERE at <= ?", ((now - FAILURE_WINDOW).isoformat(),))
        _refuse_if_guessing(conn, name, address, now)
        conn.execute("INSERT INTO login_failures (name, address, at) VALUES (?, ?, ?)", (name, address, now.isoformat()))
        row = conn.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
    try:
        with _VERIFYING:
            _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    token = secrets.token_urlsafe(32)
    with db.connect(db_path) as conn, db.transaction(conn):
        conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (now.isoformat(),))
        conn.execute("DELETE FROM login_failures WHERE name = ? AND address = ?", (name, address))
        if _hasher.check_needs_rehash(row["password_hash"]):
            conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (_hasher.hash(password), name))
        conn.execute(
            "INSERT INTO sessions (token_hash, user, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            (
                _token_hash(token),
                name,
                secrets.token_urlsafe(32),
                now.isoformat(),
                (now + SESSION_LIFETIME).isoformat(),
            ),
        )
    return token


def session(db_path: Path, token: str) -> Session | None:
    """The live session for a cookie token; None when unknown or expired."""
    with db.connect(db_path) as conn:
        row = conn.execute(
            "SELECT s.user, u.role, s.csrf_token, s.expires_at"
            " FROM sessions s JOIN users u ON u.name = s.user WHERE s.token_hash = ?",
            (_token_hash(token),),
        ).fetchone()
    if row is None:
        return None
    expires_at = datetime.fromisoformat(row["expires_at"])
    if expires_at <= datetime.now(UTC):
        return None
    return Session(row["user"], row["role"], row["csrf_token"], expires_at)


def logout(db_path: Path, token: str) -> None:
    with db.connect(db_path) as conn:
        conn.execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),))


def has_users(db_path: Path) -> bool:
    with db.connect(db_path) as conn:
        return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None
