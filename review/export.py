"""The corrected dossiers out of the store: aes-dossier/1 files, or a labelled set (aes-truth/1)."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.document import DocumentRecord
from models.dossier import DOSSIER_ID_PATTERN, Dossier
from models.truth import TruthDocument, TruthDossier
from models.vocabulary import EXPORT_REFUSED, EXPORT_UNREVIEWED
from pipelines.store.atomic import write_text
from review.fields import FIELDS, get_fact, json_value
from review.store import Store


class NotLabellable(ValueError):
    """A dossier whose corrected facts do not make a valid label (e.g. a document without a type)."""


@dataclass
class ExportReport:
    dossiers: int = 0
    truth: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """Dossiers left out of the labelled set, with why."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """Dossiers not written at all, with why (in French)."""


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(map(str, first['loc'])) or 'dossier'} : {first['type']}"


def unreviewed(dossier: Dossier) -> list[str]:
    """FILE#field of every fact no reviewer has confirmed or corrected."""
    return [
        f"{doc.file}#{name}"
        for doc in dossier.documents
        for name in FIELDS
        if (fact := get_fact(doc, name)) is not None and not fact.reviewed
    ]


def _truth_document(doc: DocumentRecord) -> TruthDocument:
    entry: dict[str, Any] = {}
    for name in FIELDS:
        fact = get_fact(doc, name)
        if fact is None:
            continue
        group, _, key = name.rpartition(".")
        target = entry.setdefault(group, {}) if group else entry
        target[key] = json_value(fact.value)
    try:
        return TruthDocument.model_validate(entry)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))} : {e['type']}" for e in exc.errors())
        raise NotLabellable(f"{doc.file}: {problems}") from exc


def to_truth(dossier: Dossier) -> TruthDossier:
    """The dossier's current facts as a label; raises NotLabellable when they cannot be one."""
    return TruthDossier(
        dossier_id=dossier.dossier_id,
        application_date=dossier.application_date,
        documents={doc.file: _truth_document(doc) for doc in dossier.documents},
    )


def export(db_path: Path, out_dir: Path, *, as_truth: bool = False, include_unreviewed: bool = False) -> ExportReport:
    """Writes DIR/<id>/dossier.json for every dossier and, with as_truth, DIR/truth/<id>.json.

    A label must be a person's word: by default a dossier enters the labelled set only once
    every fact in it is reviewed; include_unreviewed takes the pipeline's unreviewed values too.
    """
    store = Store(db_path)
    report = ExportReport()
    # Owner-only, as the pipeline's outputs: the folder names are the applicants' own folder names.
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for dossier_id in store.ids():
        try:
            dossier = store.get(dossier_id).dossier
        except ValidationError as exc:
            report.failed.append((dossier_id, EXPORT_REFUSED.format(why=_first_problem(exc))))
            continue
        # The model's pattern keeps an id one path component: never a way out of DIR (« ../x », « /etc »).
        if not re.fullmatch(DOSSIER_ID_PATTERN, dossier_id) or dossier.dossier_id != dossier_id:
            report.failed.append((dossier_id, EXPORT_REFUSED.format(why="identifiant de dossier invalide")))
            continue
        (out_dir / dossier_id).mkdir(mode=0o700, exist_ok=True)
        write_text(out_dir / dossier_id / "dossier.json", dossier.to_json())
        report.dossiers += 1
        if not as_truth:
            continue
        pending = unreviewed(dossier)
        if pending and not include_unreviewed:
            report.skipped.append((dossier_id, EXPORT_UNREVIEWED.format(count=len(pending), example=pending[0])))
            continue
        try:
            truth = to_truth(dossier)
        except NotLabellable as exc:
            report.skipped.append((dossier_id, str(exc)))
            continue
        (out_dir / "truth").mkdir(mode=0o700, exist_ok=True)
        write_text(out_dir / "truth" / f"{dossier_id}.json", truth.model_dump_json(indent=2, exclude_none=True))
        report.truth += 1
    return report
