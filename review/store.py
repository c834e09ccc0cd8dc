"""The review store: dossiers as loaded and as corrected, page images, and the audit trail.

A dossier's current state is always its original with the audited edits replayed and the
criteria recomputed, so re-loading a re-processed OUT keeps the reviewers' work.
"""

import json
import logging
import secrets
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image
from pydantic import ValidationError

import criteria
from models.document import DocumentRecord
from models.dossier import Dossier
from models.evidence import Extracted
from models.vocabulary import AUDIT_LINE_UNUSABLE
from review import db
from review.corrections import WHOLE_DOCUMENT, Edit, check_reason, replay
from review.fields import parse_fact
from review.queue import QueueEntry, queue_entry

log = logging.getLogger(__name__)


class NotFound(LookupError):
    pass


class StaleVersion(Exception):
    """A change made on a version of the dossier that is no longer the current one."""

    def __init__(self, current: int) -> None:
        super().__init__(f"stale version; current is {current}")
        self.current = current


@dataclass(frozen=True)
class Stored:
    dossier: Dossier
    version: int


@dataclass(frozen=True, kw_only=True)
class AuditEntry(Edit):
    """An edit as the audit recorded it: in which dossier, the version it made, when, by whom and why."""

    id: int
    dossier_id: str
    version: int
    at: datetime
    user: str
    reason: str
    unreadable: bool = False
    """True for a line whose values cannot be read back (shown without them, not replayed)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dossier_id": self.dossier_id,
            "version": self.version,
            "at": self.at.isoformat(),
            "user": self.user,
            "document": self.document,
            "field": self.field,
            "action": self.action,
            "old": self.old.model_dump(mode="json") if self.old else None,
            "new": self.new.model_dump(mode="json") if self.new else None,
            "reason": self.reason,
            "before": [d.model_dump(mode="json") for d in self.before],
            "after": [d.model_dump(mode="json") for d in self.after],
            **({"unreadable": True} if self.unreadable else {}),
        }


@dataclass(frozen=True)
class PageImage:
    token: str
    sha16: str
    page: int
    width_px: int
    height_px: int


@dataclass
class LoadReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped_edits: int = 0
    unusable_edits: int = 0
    """Audit lines that could not be replayed (named on their dossier's warnings)."""


def assessed(dossier: Dossier) -> Dossier:
    return dossier.model_copy(update={"assessment": criteria.assess(dossier)})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dump(fact: Extracted[Any] | None) -> str | None:
    return fact.model_dump_json() if fact is not None else None


def _load_fact(field_name: str, raw: str | None) -> Extracted[Any] | None:
    return parse_fact(field_name, json.loads(raw)) if raw is not None else None


def _documents(raw: str | None) -> tuple[DocumentRecord, ...]:
    return tuple(DocumentRecord.model_validate(d) for d in json.loads(raw)) if raw else ()


def _records(documents: tuple[DocumentRecord, ...]) -> str:
    return json.dumps([d.model_dump(mode="json") for d in documents])


def _values(edit: Edit) -> tuple[str | None, str | None]:
    """What the audit's old_value and new_value hold: a fact (a JSON object), or for a split, a merge or
    a retype (and the undo of one) the documents (a JSON list)."""
    if edit.before or edit.after:
        return _records(edit.before), _records(edit.after)
    return _dump(edit.old), _dump(edit.new)


def _entry(row: sqlite3.Row) -> AuditEntry:
    structural = row["action"] in WHOLE_DOCUMENT or (row["action"] == "undo" and (row["new_value"] or "").startswith("["))
    return AuditEntry(
        id=row["id"], dossier_id=row["dossier_id"], version=row["version"], at=datetime.fromisoformat(row["at"]),
        user=row["user"], reason=row["reason"], document=row["document"], field=row["field"], action=row["action"],
        old=None if structural else _load_fact(row["field"], row["old_value"]),
        new=None if structural else _load_fact(row["field"], row["new_value"]),
        before=_documents(row["old_value"]) if structural else (),
        after=_documents(row["new_value"]) if structural else (),
    )


def _readable_entry(row: sqlite3.Row) -> AuditEntry | None:
    try:
        return _entry(row)
    except (ValidationError, ValueError, TypeError, KeyError):
        return None


def _bare_entry(row: sqlite3.Row) -> AuditEntry:
    """An audit line whose values cannot be read back: who, when, what and why, without them."""
    return AuditEntry(
        id=row["id"], dossier_id=row["dossier_id"], version=row["version"], at=datetime.fromisoformat(row["at"]),
        user=row["user"], reason=row["reason"], document=row["document"], field=row["field"], action=row["action"],
        old=None, new=None, unreadable=True,
    )


def _why(error: Exception) -> str:
    """What is wrong with an audit line, in a few words and without its values."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(map(str, first['loc'])) or 'valeur'} : {first['type']}"
    return str(error)[:200]


class Store:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        db.init(db_path)
        # Held open for the store's life: the last connection to close checkpoints the WAL into the
        # database and deletes it, a dozen milliseconds that every request would otherwise pay.
        self._keeper = sqlite3.connect(db_path)
        self._keeper.execute("SELECT 1 FROM dossiers LIMIT 1").fetchall()  # opens the WAL's shared memory
        self._writing = threading.Lock()

    def load(self, out_dir: Path) -> LoadReport:
        """Loads OUT/<id>/dossier.json files; a dossier already here keeps its audited edits."""
        report = LoadReport()
        for path in sorted(out_dir.glob("*/dossier.json")):
            try:
                dossier = Dossier.model_validate_json(path.read_text(encoding="utf-8"))
            except ValidationError as exc:
                report.failed.append((path.parent.name, f"dossier.json invalide ({exc.error_count()} erreurs)"))
                continue
            try:
                with db.connect(self.db_path) as conn, db.transaction(conn):
                    self._load_one(conn, dossier, report)
                    self._register_pages(conn, dossier, path.parent / "pages")
            except criteria.ParameterError as exc:
                report.failed.append((dossier.dossier_id, f"critères non évaluables : {exc}"))
        for dossier_id, why in report.failed:
            log.warning("dossier %s not loaded: %s", dossier_id, why)
        log.info(
            "loaded %d new, %d updated, %d unchanged, %d failed dossiers; %d edits no longer apply",
            report.added,
            report.updated,
            report.unchanged,
            len(report.failed),
            report.skipped_edits,
        )
        return report

    def _load_one(self, conn: sqlite3.Connection, dossier: Dossier, report: LoadReport) -> None:
        original = dossier.to_json()
        current, unusable = dossier, []
        # Line by line: an audit line that cannot be replayed (written by an older version, say) is
        # named on the dossier and left out, never the cause of a dossier, or the app, not loading.
        for row in conn.execute("SELECT * FROM audit WHERE dossier_id = ? ORDER BY id", (dossier.dossier_id,)):
            try:
                current, skipped = replay(current, [_entry(row)])
            except (ValidationError, ValueError, TypeError, KeyError) as exc:
                unusable.append(AUDIT_LINE_UNUSABLE.format(line=row["id"], why=_why(exc)))
                continue
            report.skipped_edits += skipped
        if unusable:
            log.warning("dossier %s: %d audit line(s) cannot be replayed", dossier.dossier_id, len(unusable))
            current = current.model_copy(update={"warnings": (*current.warnings, *unusable)})
        report.unusable_edits += len(unusable)
        current = assessed(current)
        row = conn.execute("SELECT original, current, version FROM dossiers WHERE id = ?", (dossier.dossier_id,)).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO dossiers (id, original, current, version, queue) VALUES (?, ?, ?, 1, ?)",
                (dossier.dossier_id, original, current.to_json(), queue_entry(current, 1).model_dump_json()),
            )
            report.added += 1
        elif (row["original"], row["current"]) != (original, current.to_json()):
            version = row["version"] + 1
            conn.execute(
                "UPDATE dossiers SET original = ?, current = ?, version = ?, queue = ? WHERE id = ?",
                (
                    original,
                    current.to_json(),
                    version,
                    queue_entry(current, version).model_dump_json(),
                    dossier.dossier_id,
                ),
            )
            report.updated += 1
        else:
            # The queue's line is derived: made again, so a store written by an older aes shows what this one computes.
            conn.execute(
                "UPDATE dossiers SET queue = ? WHERE id = ?",
                (queue_entry(current, row["version"]).model_dump_json(), dossier.dossier_id),
            )
            report.unchanged += 1

    def _register_pages(self, conn: sqlite3.Connection, dossier: Dossier, pages_dir: Path) -> None:
        # Every page of each file, not only those of its documents: a reviewer who merges two parts
        # of a pile sees the blank back between them too.
        for sha16 in sorted({doc.sha256[:16] for doc in dossier.documents}):
            for path in sorted(pages_dir.glob(f"{sha16}-p[0-9]*.jpg")):
                page = int(path.stem.rpartition("-p")[2])
                with Image.open(path) as image:
                    width, height = image.size
                # The token of a page already known is kept, so open tabs keep working.
                conn.execute(
                    "INSERT INTO pages (token, dossier_id, sha16, page, path, width_px, height_px)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dossier_id, sha16, page) DO UPDATE SET"
                    " path = excluded.path, width_px = excluded.width_px, height_px = excluded.height_px",
                    (
                        secrets.token_urlsafe(18),
                        dossier.dossier_id,
                        sha16,
                        page,
                        str(path.resolve()),
                        width,
                        height,
                    ),
                )

    def queue(self) -> list[QueueEntry]:
        with db.connect(self.db_path) as conn:
            rows = conn.execute("SELECT queue FROM dossiers").fetchall()
        return [QueueEntry.model_validate_json(row["queue"]) for row in rows]

    def ids(self) -> list[str]:
        with db.connect(self.db_path) as conn:
            return [row["id"] for row in conn.execute("SELECT id FROM dossiers ORDER BY id")]

    def get(self, dossier_id: str) -> Stored:
        with db.connect(self.db_path) as conn:
            row = conn.execute("SELECT current, version FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
        if row is None:
            raise NotFound(dossier_id)
        return Stored(Dossier.model_validate_json(row["current"]), row["version"])

    def commit(
        self,
        dossier_id: str,
        version: int,
        user: str,
        reason: str,
        edit: Callable[[Dossier], tuple[Dossier, list[Edit]]],
    ) -> Stored:
        """Applies `edit` to the current dossier if `version` is still current; audits each edit.

        Raises StaleVersion otherwise, and whatever `edit` raises (nothing is written then).
        """
        check_reason(reason)
        # The edit and the assessment are made outside the write lock, on the version the reviewer saw;
        # the lock only checks that this version is still current and writes. Held across the work, the
        # lock made fifty reviewers' corrections wait on one another (bench/review_load.py).
        stored = self.get(dossier_id)
        if stored.version != version:
            raise StaleVersion(stored.version)
        changed, edits = edit(stored.dossier)
        changed = assessed(changed)
        new_version = version + 1
        current, queue = changed.to_json(), queue_entry(changed, new_version).model_dump_json()
        # Writers of this process queue here rather than in SQLite's busy handler, which sleeps in steps
        # of up to 100 ms: under fifty reviewers it stretched the slowest corrections.
        with self._writing, db.connect(self.db_path) as conn, db.transaction(conn):
            row = conn.execute("SELECT version FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
            if row["version"] != version:
                raise StaleVersion(row["version"])
            conn.execute(
                "UPDATE dossiers SET current = ?, version = ?, queue = ? WHERE id = ?",
                (current, new_version, queue, dossier_id),
            )
            at = _now()
            conn.executemany(
                "INSERT INTO audit (dossier_id, version, at, user, document, field, action, old_value,"
                " new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        dossier_id,
                        new_version,
                        at,
                        user,
                        e.document,
                        e.field,
                        e.action,
                        *_values(e),
                        reason.strip(),
                    )
                    for e in edits
                ],
            )
        log.info("dossier %s: %d edit(s) by %s, now version %d", dossier_id, len(edits), user, new_version)
        return Stored(changed, new_version)

    def audit(self, dossier_id: str) -> list[AuditEntry]:
        """The dossier's audit, latest first; a line that cannot be read back shows without its values."""
        with db.connect(self.db_path) as conn:
            rows = conn.execute("SELECT * FROM audit WHERE dossier_id = ? ORDER BY id DESC", (dossier_id,))
            return [_readable_entry(row) or _bare_entry(row) for row in rows]

    def history(self) -> list[AuditEntry]:
        """Every audit line of every dossier, oldest first: what the admin counts and calibration learn from."""
        with db.connect(self.db_path) as conn:
            return [_readable_entry(row) or _bare_entry(row) for row in conn.execute("SELECT * FROM audit ORDER BY id")]

    def pages(self, dossier_id: str) -> dict[tuple[str, int], PageImage]:
        with db.connect(self.db_path) as conn:
            rows = conn.execute(
                "SELECT token, sha16, page, width_px, height_px FROM pages WHERE dossier_id = ?",
                (dossier_id,),
            )
            return {(r["sha16"], r["page"]): PageImage(**dict(r)) for r in rows}

    def words_path(self, dossier_id: str, sha16: str) -> Path | None:
        """The words the pipeline read in a file, kept beside its page pictures; None if none is known."""
        with db.connect(self.db_path) as conn:
            row = conn.execute(
                "SELECT path FROM pages WHERE dossier_id = ? AND sha16 = ? LIMIT 1", (dossier_id, sha16)
            ).fetchone()
        return Path(row["path"]).with_name(f"{sha16}-words.json") if row else None

    def page_path(self, token: str) -> Path:
        with db.connect(self.db_path) as conn:
            row = conn.execute("SELECT path FROM pages WHERE token = ?", (token,)).fetchone()
        if row is None:
            raise NotFound(token)
        return Path(row["path"])
