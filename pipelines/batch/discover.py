"""Finds the applicants' folders of an intake folder and every file in them."""

import json
import re
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from models.errors import META_NATIONALITY_UNKNOWN, META_UNREADABLE

META_FILE = "meta.json"
NATIONALITY = re.compile(r"[A-Z]{2}")
LOOSE_DOSSIER = "_hors_dossier"
"""The pseudo-dossier of what lies loose in the intake folder, beside the applicants' folders."""
# Files that scanners and file managers leave behind: accounted for, never read.
SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class DossierInput:
    dossier_id: str
    folder: Path
    files: tuple[str, ...]
    """Paths relative to `folder`, in a stable order."""
    application_date: date | None = None
    skipped: tuple[tuple[str, str], ...] = ()
    """(relative path, code of the reason) of entries that are not read: SKIPPED in models/errors.py."""
    warnings: tuple[str, ...] = field(default=())
    is_applicant: bool = True
    """False for the pseudo-dossier of files left loose in the intake folder."""
    nationality: str | None = None
    """ISO 3166-1 alpha-2, from meta.json: it changes which rules apply (criteria/regimes.py)."""


def _meta(folder: Path, root: Path) -> tuple[date | None, str | None, list[str]]:
    """The application date and the nationality (ISO 3166-1 alpha-2) meta.json gives, and what went wrong."""
    path = folder / META_FILE
    if not path.is_file() or _entry_kind(path, root) is not None:  # a FIFO would block the read; a link, leave
        return None, None, []
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        raw = meta.get("application_date")
        nationality = meta.get("nationality")
    except (ValueError, AttributeError, UnicodeDecodeError) as error:
        return None, None, [META_UNREADABLE.format(file=META_FILE, detail=error)]
    try:
        when = date.fromisoformat(raw) if raw else None
    except (ValueError, TypeError) as error:
        return None, None, [META_UNREADABLE.format(file=META_FILE, detail=error)]
    if nationality is not None and not (isinstance(nationality, str) and NATIONALITY.fullmatch(nationality.upper())):
        return when, None, [META_NATIONALITY_UNKNOWN.format(file=META_FILE)]
    return when, nationality.upper() if nationality else None, []


def _entry_kind(path: Path, root: Path) -> str | None:
    """None for a file to read (a regular file, or a link to one inside the intake folder); else the
    code of why it is not read, or "folder" for a folder (walked, not a file)."""
    try:
        if path.is_symlink():
            target = path.resolve()
            if target != root and root not in target.parents:
                return "symlink_outside"  # never followed: the intake folder is all that is read
            if not target.exists():
                return "symlink_broken"
            if target.is_dir():
                return "symlink_folder"  # its files are read where they are
        mode = path.stat().st_mode
    except (OSError, RuntimeError):  # vanished, unreadable, or a loop of links
        return "entry_unreadable"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def _dossier(dossier_id: str, folder: Path, root: Path, exclude: Collection[Path]) -> DossierInput:
    files, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if not _excluded(p, exclude)):
        relative = path.relative_to(folder).as_posix()
        if relative == META_FILE:
            continue
        kind = _entry_kind(path, root)
        if kind == "folder":
            continue
        if kind is not None:
            skipped.append((relative, kind))
        elif path.name in SYSTEM_FILES or path.name.startswith("._") or path.name.startswith("~$"):
            skipped.append((relative, "system_file"))
        else:
            files.append(relative)
    application_date, nationality, warnings = _meta(folder, root)
    return DossierInput(dossier_id, folder, tuple(files), application_date, tuple(skipped), tuple(warnings),
                        nationality=nationality)


def _excluded(path: Path, exclude: Collection[Path]) -> bool:
    return any(path == other or other in path.parents for other in exclude)


def discover(input_dir: Path, exclude: Collection[Path] = ()) -> list[DossierInput]:
    """One dossier per sub-folder; a folder with no sub-folder is one applicant's dossier itself.

    `exclude` holds files and folders left out (the output folder when it lies inside the input, files
    still being copied in): they are not part of this batch at all. Every other entry is in a dossier's
    files or its `skipped`, with the code of why: a FIFO, a socket, a device, a link leaving the folder.
    """
    exclude = {p.absolute() for p in exclude}
    input_dir = input_dir.absolute()
    root = input_dir.resolve()
    entries = sorted(p for p in input_dir.iterdir() if not _excluded(p, exclude))
    # A link to a folder is no applicant's folder: followed, it could lead anywhere on the disk.
    folders = [p for p in entries if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")]
    if not folders:
        return [_dossier(input_dir.name, input_dir, root, exclude)]
    dossiers = [_dossier(folder.name, folder, root, exclude) for folder in folders]
    loose = []
    for path in entries:
        kind = _entry_kind(path, root)
        if kind != "folder" and path.name not in SYSTEM_FILES:  # hidden folders are no one's
            loose.append((path.name, kind or "outside_dossier"))
    if loose:
        dossiers.append(
            DossierInput(dossier_id=LOOSE_DOSSIER, folder=input_dir, files=(), skipped=tuple(loose), is_applicant=False)
        )
    return dossiers
