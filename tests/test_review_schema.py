"""The review store's schema version (PRAGMA user_version): a store made before versions were recorded
is brought up to date in place when opened, in one transaction; one from a newer aes is refused."""

import hashlib
import sqlite3

import pytest
from test_review_support import PASSWORD, make_dossier, write_out

from review import accounts, db
from review.corrections import confirm_document
from review.store import Store

UNVERSIONED_SCHEMA = (
    '\n'
    'CREATE TABLE IF NOT EXISTS audit (\n'
    '    id INTEGER PRIMARY KEY AUTOINCREMENT,\n'
    '    dossier_id TEXT NOT NULL REFERENCES dossiers(id),\n'
    '    version INTEGER NOT NULL,        -- the version this change produced\n'
    '    at TEXT NOT NULL,                -- UTC, ISO 8601\n'
    '    user TEXT NOT NULL,\n'
    '    document TEXT NOT NULL,\n'
    '    field TEXT NOT NULL,\n'
    "    action TEXT NOT NULL CHECK (action IN ('confirm', 'correct', 'reject', 'add', 'split', 'merge')),\n"
    '    old_value TEXT,                  -- the Extracted value as JSON, NULL when absent; for a split or a\n'
    '    new_value TEXT,                  -- merge, the documents (DocumentRecord) before and after, as a JSON list\n'
    '    reason TEXT NOT NULL\n'
    ');\n'
    '\n'
    'CREATE TABLE IF NOT EXISTS dossiers (\n'
    '    id TEXT PRIMARY KEY,\n'
    '    original TEXT NOT NULL,          -- dossier.json as the pipeline wrote it\n'
    "    current TEXT NOT NULL,           -- with the reviewers' changes and the recomputed assessment\n"
    '    version INTEGER NOT NULL DEFAULT 1,\n'
    '    queue TEXT NOT NULL              -- review.queue.QueueEntry as JSON, refreshed on every write\n'
    ');\n'
    'CREATE TABLE IF NOT EXISTS pages (\n'
    '    token TEXT PRIMARY KEY,          -- opaque id in URLs; paths never travel in requests\n'
    '    dossier_id TEXT NOT NULL REFERENCES dossiers(id),\n'
    '    sha16 TEXT NOT NULL,\n'
    '    page INTEGER NOT NULL,\n'
    '    path TEXT NOT NULL,\n'
    '    width_px INTEGER NOT NULL,\n'
    '    height_px INTEGER NOT NULL,\n'
    '    UNIQUE (dossier_id, sha16, page)\n'
    ');\n'
    'CREATE INDEX IF NOT EXISTS audit_dossier ON audit (dossier_id, id);\n'
    'CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit\n'
    "BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
    'CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit\n'
    "BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
    'CREATE TABLE IF NOT EXISTS users (\n'
    '    name TEXT PRIMARY KEY,\n'
    "    role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),\n"
    '    password_hash TEXT NOT NULL,\n'
    '    created_at TEXT NOT NULL\n'
    ');\n'
    'CREATE TABLE IF NOT EXISTS sessions (\n'
    '    token_hash TEXT PRIMARY KEY,     -- sha256 of the cookie, so a copy of the db opens no session\n'
    '    user TEXT NOT NULL REFERENCES users(name),\n'
    '    csrf_token TEXT NOT NULL,\n'
    '    created_at TEXT NOT NULL,\n'
    '    expires_at TEXT NOT NULL\n'
    ');\n'
    'CREATE TABLE IF NOT EXISTS login_failures (\n'
    "    name TEXT NOT NULL,              -- as typed: a name that is no account's is guessed at too\n"
    "    address TEXT NOT NULL,           -- the client's address as the server sees it\n"
    '    at TEXT NOT NULL                 -- UTC, ISO 8601\n'
    ');\n'
    'CREATE INDEX IF NOT EXISTS login_failures_address ON login_failures (address, at);\n'
)
"""The DDL aes ran before it recorded a version, which version 2 kept as it was; frozen here as it was in git
at version 2 (version 3 adds retype and undo to the audit's actions)."""
VERSION_2_DDL = "6ef03775ec728b34485c2f8d2ee417bc3d72d4fb2157daabc28ebc6177fdc2b9"
BEFORE_RESTRUCTURING = UNVERSIONED_SCHEMA.replace(", 'split', 'merge'", "")
assert BEFORE_RESTRUCTURING != UNVERSIONED_SCHEMA


def test_the_ddl_of_unversioned_stores_is_version_2_as_frozen():
    assert hashlib.sha256(UNVERSIONED_SCHEMA.encode()).hexdigest() == VERSION_2_DDL


def _old_store(tmp_path, schema: str):
    """A real SQLite file made the old way, holding one dossier and one audit line."""
    db_path = tmp_path / "review.db"
    with sqlite3.connect(db_path) as conn:
        conn.executescript(schema)
        conn.execute("INSERT INTO dossiers (id, original, current, queue) VALUES ('X', '{}', '{}', '{}')")
        conn.execute("INSERT INTO audit (dossier_id, version, at, user, document, field, action, reason)"
                     " VALUES ('X', 2, '2025-01-01T00:00:00+00:00', 'alice', 'a.pdf', 'issue_date', 'confirm', '')")
    conn.close()
    return db_path


def _version(db_path) -> int:
    with sqlite3.connect(db_path) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    return version


@pytest.mark.parametrize("schema", [UNVERSIONED_SCHEMA, BEFORE_RESTRUCTURING], ids=["current", "before-splits"])
def test_an_unversioned_store_is_upgraded_in_place_and_works(tmp_path, schema):
    db_path = _old_store(tmp_path, schema)
    assert _version(db_path) == 0
    store = Store(db_path)
    assert _version(db_path) == db.SCHEMA_VERSION
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT id, user, action FROM audit").fetchall() == [(1, "alice", "confirm")]
        conn.execute("INSERT INTO audit (dossier_id, version, at, user, document, field, action, reason)"
                     " VALUES ('X', 3, '2025-01-02T00:00:00+00:00', 'alice', 'a.pdf', 'pages', 'split', 'r')")
        conn.execute("INSERT INTO audit (dossier_id, version, at, user, document, field, action, reason)"
                     " VALUES ('X', 4, '2025-01-02T00:00:00+00:00', 'alice', 'a.pdf', 'pages', 'undo', 'r')")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit")
    conn.close()
    # Loads, edits and logs in as a store made by this version would.
    out = write_out(tmp_path / "out", make_dossier("R0001"))
    assert store.load(out).added == 1
    stored = store.commit("R0001", 1, "alice", "", lambda d: confirm_document(d, "tcf.pdf"))
    assert stored.version == 2 and {e.action for e in store.audit("R0001")} == {"confirm"}
    accounts.add_user(db_path, "alice", PASSWORD)
    assert accounts.login(db_path, "alice", PASSWORD, "127.0.0.1")
    assert _version(db_path) == db.SCHEMA_VERSION


def test_a_new_store_records_its_version(tmp_path):
    db.init(tmp_path / "new.db")
    assert _version(tmp_path / "new.db") == db.SCHEMA_VERSION


def test_an_upgrade_that_fails_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    db_path = _old_store(tmp_path, BEFORE_RESTRUCTURING)

    def half_done(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE audit RENAME TO audit_before_restructuring")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(db._UPGRADES, 1, half_done)
    with pytest.raises(sqlite3.OperationalError):
        db.init(db_path)
    assert _version(db_path) == 0
    with sqlite3.connect(db_path) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "audit" in tables and "audit_before_restructuring" not in tables
        assert conn.execute("SELECT count(*) FROM audit").fetchone() == (1,)
    conn.close()
    monkeypatch.undo()
    db.init(db_path)
    assert _version(db_path) == db.SCHEMA_VERSION


def test_a_store_from_a_newer_aes_is_refused_in_french(tmp_path):
    db_path = tmp_path / "review.db"
    db.init(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(db.SchemaTooNew, match="version plus récente d'aes") as refused:
        Store(db_path)
    assert "mettez aes à jour" in refused.value.message and str(db_path) in refused.value.message
    assert _version(db_path) == db.SCHEMA_VERSION + 1
