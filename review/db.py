"""The review store's SQLite schema and connections.

The audit table is append-only, enforced by triggers, so no code path (nor a slip in a
console) can rewrite what a reviewer did.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from models.errors import AesError

AUDIT_TABLE = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    version INTEGER NOT NULL,        -- the version this change produced
    at TEXT NOT NULL,                -- UTC, ISO 8601
    user TEXT NOT NULL,
    document TEXT NOT NULL,
    field TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('confirm', 'correct', 'reject', 'add', 'split', 'merge', 'retype', 'undo')),
    old_value TEXT,                  -- the Extracted value as JSON, NULL when absent; for a split, a merge,
    new_value TEXT,                  -- a retype (or their undo), the documents before and after, as a JSON list
    reason TEXT NOT NULL
);
"""
SCHEMA = AUDIT_TABLE + """
CREATE TABLE IF NOT EXISTS dossiers (
    id TEXT PRIMARY KEY,
    original TEXT NOT NULL,          -- dossier.json as the pipeline wrote it
    current TEXT NOT NULL,           -- with the reviewers' changes and the recomputed assessment
    version INTEGER NOT NULL DEFAULT 1,
    queue TEXT NOT NULL              -- review.queue.QueueEntry as JSON, refreshed on every write
);
CREATE TABLE IF NOT EXISTS pages (
    token TEXT PRIMARY KEY,          -- opaque id in URLs; paths never travel in requests
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    sha16 TEXT NOT NULL,
    page INTEGER NOT NULL,
    path TEXT NOT NULL,
    width_px INTEGER NOT NULL,
    height_px INTEGER NOT NULL,
    UNIQUE (dossier_id, sha16, page)
);
CREATE INDEX IF NOT EXISTS audit_dossier ON audit (dossier_id, id);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,     -- sha256 of the cookie, so a copy of the db opens no session
    user TEXT NOT NULL REFERENCES users(name),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    name TEXT NOT NULL,              -- as typed: a name that is no account's is guessed at too
    address TEXT NOT NULL,           -- the client's address as the server sees it
    at TEXT NOT NULL                 -- UTC, ISO 8601
);
CREATE INDEX IF NOT EXISTS login_failures_address ON login_failures (address, at);
"""


SCHEMA_VERSION = 3
"""Recorded in the file's `PRAGMA user_version`. 1: the audit's CHECK knows no split nor merge;
2: it does; 3: it knows a retype and an undo too. 0 is a store made before the version was recorded (or a new, empty file)."""


class SchemaTooNew(AesError):
    """A store written by a newer aes: this one does not know its tables and must not change them."""


def init(db_path: Path) -> None:
    """Creates the store, or brings an older one to SCHEMA_VERSION in place, in one transaction."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only: the store holds password hashes and applicants' data (SQLite's WAL files follow).
    db_path.touch(mode=0o600, exist_ok=True)
    with connect(db_path) as conn:
        if _checked_version(conn, db_path) == SCHEMA_VERSION:
            return
        with transaction(conn):  # read again under the write lock: another process may have upgraded it
            version = _checked_version(conn, db_path) or _unversioned(conn)
            for older in range(version, SCHEMA_VERSION):
                _UPGRADES[older](conn)
            for statement in _statements(SCHEMA):  # a new store's tables, and any an old one lacks
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _checked_version(conn: sqlite3.Connection, db_path: Path) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"La base de relecture {db_path} a été écrite par une version plus récente d'aes (schéma {version} ; "
            f"celle-ci ne connaît que les schémas jusqu'au {SCHEMA_VERSION}) : mettez aes à jour pour l'ouvrir."
        )
    return version


def _unversioned(conn: sqlite3.Connection) -> int:
    """The version of a store made before versions were recorded, told by its audit table's CHECK."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit'").fetchone()
    if row is None:
        return SCHEMA_VERSION  # a new store: SCHEMA makes it whole
    return 3 if "'undo'" in row["sql"] else 2 if "'split'" in row["sql"] else 1


def _statements(script: str) -> list[str]:
    """A script's statements one by one: executescript would commit the transaction they belong to."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return statements


def _rebuild_audit(conn: sqlite3.Connection) -> None:
    """1 to 2 and 2 to 3: the audit table's CHECK refuses the newer actions (split and merge; retype and undo).

    The table is rebuilt with every line kept (ids included); SQLite cannot alter a CHECK in place.
    """
    columns = "id, dossier_id, version, at, user, document, field, action, old_value, new_value, reason"
    conn.execute("ALTER TABLE audit RENAME TO audit_before_rebuild")
    for kind, name in (("TRIGGER", "audit_no_update"), ("TRIGGER", "audit_no_delete"), ("INDEX", "audit_dossier")):
        conn.execute(f"DROP {kind} IF EXISTS {name}")  # made again on the new table by SCHEMA
    conn.execute(AUDIT_TABLE)
    conn.execute(f"INSERT INTO audit ({columns}) SELECT {columns} FROM audit_before_rebuild")
    conn.execute("DROP TABLE audit_before_rebuild")


_UPGRADES: dict[int, Callable[[sqlite3.Connection], None]] = {1: _rebuild_audit, 2: _rebuild_audit}
"""_UPGRADES[v] takes a store from version v to v + 1; SCHEMA then adds what is new and missing."""


_kept = threading.local()
KEPT_PER_THREAD = 4
"""Stores a thread keeps a connection to (the app has one; tests open many)."""


@contextmanager
def connect(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode (writers open their own BEGIN IMMEDIATE), kept open for this
    thread's next use of the same file: opening one and setting its pragmas was a quarter of the review
    app's time under fifty reviewers (bench/review_load.py)."""
    kept: dict[tuple[int, int], sqlite3.Connection] = _kept.__dict__.setdefault("connections", {})
    key = _file_key(db_path)
    conn = kept.pop(key, None) if key else None
    if conn is None:
        conn = _open(db_path)
    try:
        yield conn
    finally:
        key = key or _file_key(db_path)  # a file this connection has just made
        if conn.in_transaction or key is None:
            conn.close()
        else:
            kept[key] = conn
            while len(kept) > KEPT_PER_THREAD:
                kept.pop(next(iter(kept))).close()


def _file_key(db_path: Path) -> tuple[int, int] | None:
    """The file itself (device, inode), so that a store deleted and made again is opened again: the kept
    connection holds its file open, so a new file cannot be given that inode while it is kept."""
    try:
        stat = db_path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _open(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=10.0)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE takes the write lock first, so a version check and its write are atomic."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
