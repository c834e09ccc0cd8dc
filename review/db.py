"""The review store's SQLite schema and connections.

The audit table is append-only, enforced by triggers, so no code path (nor a slip in a
console) can rewrite what a reviewer did.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

AUDIT_TABLE = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    version INTEGER NOT NULL,        -- the version this change produced
    at TEXT NOT NULL,                -- UTC, ISO 8601
    user TEXT NOT NULL,
    document TEXT NOT NULL,
    field TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('confirm', 'correct', 'reject', 'add', 'split', 'merge')),
    old_value TEXT,                  -- the Extracted value as JSON, NULL when absent; for a split or a
    new_value TEXT,                  -- merge, the documents (DocumentRecord) before and after, as a JSON list
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


def init(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only: the store holds password hashes and applicants' data (SQLite's WAL files follow).
    db_path.touch(mode=0o600, exist_ok=True)
    with connect(db_path) as conn:
        _allow_restructuring(conn)
        conn.executescript(SCHEMA)


def _allow_restructuring(conn: sqlite3.Connection) -> None:
    """A store made before splits and merges existed: its audit table's CHECK refuses them.

    The table is rebuilt with every line kept (ids included); SQLite cannot alter a CHECK in place.
    """
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit'").fetchone()
    if row is None or "'split'" in row["sql"]:
        return
    columns = "id, dossier_id, version, at, user, document, field, action, old_value, new_value, reason"
    with transaction(conn):
        conn.execute("ALTER TABLE audit RENAME TO audit_before_restructuring")
        for kind, name in (("TRIGGER", "audit_no_update"), ("TRIGGER", "audit_no_delete"), ("INDEX", "audit_dossier")):
            conn.execute(f"DROP {kind} IF EXISTS {name}")  # made again on the new table by SCHEMA
        conn.execute(AUDIT_TABLE)
        conn.execute(f"INSERT INTO audit ({columns}) SELECT {columns} FROM audit_before_restructuring")
        conn.execute("DROP TABLE audit_before_restructuring")


@contextmanager
def connect(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode: writers open their own BEGIN IMMEDIATE."""
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=10.0)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    try:
        yield conn
    finally:
        conn.close()


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
