"""Per-reviewer counts from the audit: values reviewed, corrected, and time spent at the desk."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from review.store import AuditEntry

VALUE_ACTIONS = ("confirm", "correct", "reject", "add")
CHANGING_ACTIONS = ("correct", "reject", "add")
SITTING_GAP = timedelta(minutes=5)
"""Two actions of one reviewer further apart than this are two sittings: the time between is not counted."""


@dataclass
class ReviewerCounts:
    user: str
    reviewed: int = 0
    corrected: int = 0
    retyped: int = 0
    undone: int = 0
    dossiers: int = 0
    seconds: float = 0.0


def counts(history: list[AuditEntry]) -> list[ReviewerCounts]:
    """One row per reviewer, by name; an undone line no longer counts as reviewed or corrected."""
    rows: dict[str, ReviewerCounts] = {}
    dossiers: dict[str, set[str]] = {}
    moments: dict[str, list[datetime]] = {}
    undos: dict[str, set[tuple[str, int]]] = {}
    undone_versions = _undone_versions(history)
    for line in history:
        row = rows.setdefault(line.user, ReviewerCounts(line.user))
        dossiers.setdefault(line.user, set()).add(line.dossier_id)
        moments.setdefault(line.user, []).append(line.at)
        if line.action == "undo":
            undos.setdefault(line.user, set()).add((line.dossier_id, line.version))
            continue
        if (line.dossier_id, line.version) in undone_versions:
            continue
        row.reviewed += line.action in VALUE_ACTIONS
        row.corrected += line.action in CHANGING_ACTIONS
        row.retyped += line.action == "retype"
    for user, row in rows.items():
        row.dossiers = len(dossiers[user])
        row.undone = len(undos.get(user, ()))
        times = sorted(moments[user])
        row.seconds = sum(
            (later - earlier).total_seconds() for earlier, later in zip(times, times[1:], strict=False)
            if later - earlier <= SITTING_GAP
        )
    return sorted(rows.values(), key=lambda r: r.user)


def _undone_versions(history: list[AuditEntry]) -> set[tuple[str, int]]:
    """The (dossier, version) of every change an undo took back: the version just before the undo's."""
    versions: dict[str, list[int]] = {}
    for line in history:
        seen = versions.setdefault(line.dossier_id, [])
        if not seen or seen[-1] != line.version:
            seen.append(line.version)
    taken_back = set()
    for line in history:
        if line.action == "undo":
            seen = versions[line.dossier_id]
            position = seen.index(line.version)
            if position > 0:
                taken_back.add((line.dossier_id, seen[position - 1]))
    return taken_back
