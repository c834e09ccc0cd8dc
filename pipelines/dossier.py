"""The dossier stage: one applicant's document records in, the normalised Dossier out."""

from datetime import date

from extractor.nationality import regime_warnings
from models.document import DocumentRecord
from models.dossier import Dossier


def _same_paper(record: DocumentRecord) -> tuple | None:
    """Two records of the same type, dated the same and covering the same period are one paper
    given twice (a scan and a PDF of it, say); without an issue date nothing can be told."""
    if record.doc_type is None or record.issue_date is None:
        return None
    period = tuple(p.value if p else None for p in (record.period_start, record.period_end))
    return record.doc_type.value, record.issue_date.value, period


def _confidence(record: DocumentRecord) -> float:
    return min((f.confidence for f in (record.doc_type, record.issue_date) if f is not None), default=0.0)


def build_dossier(
    dossier_id: str,
    records: list[DocumentRecord],
    application_date: date,
    date_source: str,
    warnings: list[str],
) -> Dossier:
    """Same content, or the same paper given twice, counts once; the copy is named in a warning and
    the better-read record is kept."""
    kept: dict[object, DocumentRecord] = {}
    notes = list(warnings)
    for record in sorted(records, key=lambda r: r.file):
        keys = [record.sha256] + ([paper] if (paper := _same_paper(record)) else [])
        first = next((kept[k] for k in keys if k in kept), None)
        if first is None:
            for key in keys:
                kept[key] = record
            continue
        better, copy = (record, first) if _confidence(record) > _confidence(first) else (first, record)
        notes.append(f"{copy.file} est une copie de {better.file} : la pièce est comptée une seule fois")
        for key, value in list(kept.items()):
            if value is first:
                kept[key] = better
    unique = list({id(r): r for r in kept.values()}.values())
    for record in unique:
        notes += [w for w in record.warnings if w in regime_warnings() and w not in notes]
    if date_source == "today":
        notes.append(
            "Date de la demande inconnue (ni meta.json ni --application-date) : la date du jour est utilisée."
        )
    return Dossier(
        dossier_id=dossier_id,
        application_date=application_date,
        application_date_source=date_source,  # type: ignore[arg-type]
        documents=tuple(sorted(unique, key=lambda r: r.file)),
        warnings=tuple(notes),
    )
