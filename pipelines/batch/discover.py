"""Finds the applicants' folders of an intake folder and every file in them."""

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

META_FILE = "meta.json"
NATIONALITY = re.compile(r"[A-Z]{2}")
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
    """(relative path, reason) of files that are not documents."""
    warnings: tuple[str, ...] = field(default=())
    is_applicant: bool = True
    """False for the pseudo-dossier of files left loose in the intake folder."""
    nationality: str | None = None
    """ISO 3166-1 alpha-2, from meta.json: it changes which rules apply (criteria/regimes.py)."""


def _meta(folder: Path) -> tuple[date | None, str | None, list[str]]:
    """The application date and the nationality (ISO 3166-1 alpha-2) meta.json gives, and what went wrong."""
    path = folder / META_FILE
    if not path.is_file():
        return None, None, []
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        raw = meta.get("application_date")
        nationality = meta.get("nationality")
    except (ValueError, AttributeError, UnicodeDecodeError) as error:
        return None, None, [f"{META_FILE} could not be read ({error}); the application date is taken from elsewhere"]
    try:
        when = date.fromisoformat(raw) if raw else None
    except (ValueError, TypeError) as error:
        return None, None, [f"{META_FILE} could not be read ({error}); the application date is taken from elsewhere"]
    if nationality is not None and not (isinstance(nationality, str) and NATIONALITY.fullmatch(nationality.upper())):
        return when, None, [f"{META_FILE}: nationality is not an ISO 3166-1 alpha-2 code; it is left unknown"]
    return when, nationality.upper() if nationality else None, []


def _dossier(dossier_id: str, folder: Path, exclude: Collection[Path]) -> DossierInput:
    files, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _excluded(p, exclude)):
        relative = path.relative_to(folder).as_posix()
        if relative == META_FILE:
            continue
        if path.name in SYSTEM_FILES or path.name.startswith("._") or path.name.startswith("~$"):
            skipped.append((relative, "system file left by a scanner or a file manager, not a document"))
        else:
            files.append(relative)
    application_date, nationality, warnings = _meta(folder)
    return DossierInput(dossier_id, folder, tuple(files), application_date, tuple(skipped), tuple(warnings),
                        nationality=nationality)


def _excluded(path: Path, exclude: Collection[Path]) -> bool:
    return any(path == other or other in path.parents for other in exclude)


def discover(input_dir: Path, exclude: Collection[Path] = ()) -> list[DossierInput]:
    """One dossier per sub-folder; a folder with no sub-folder is one applicant's dossier itself.

    `exclude` holds files and folders left out (the output folder when it lies inside the input, files
    still being copied in): they are not part of this batch at all.
    """
    exclude = {p.absolute() for p in exclude}
    input_dir = input_dir.absolute()
    folders = sorted(
        p for p in input_dir.iterdir() if p.is_dir() and not p.name.startswith(".") and not _excluded(p, exclude)
    )
    if not folders:
        return [_dossier(input_dir.name, input_dir, exclude)]
    dossiers = [_dossier(folder.name, folder, exclude) for folder in folders]
    loose = [
        p.name for p in input_dir.iterdir() if p.is_file() and p.name not in SYSTEM_FILES and not _excluded(p, exclude)
    ]
    if loose:
        dossiers.append(
            DossierInput(
                dossier_id="_hors_dossier",
                folder=input_dir,
                files=(),
                skipped=tuple((name, "the file is not inside an applicant's folder") for name in sorted(loose)),
                is_applicant=False,
            )
        )
    return dossiers
