"""The dossier stage: one applicant's document records in, the normalised Dossier out."""

from datetime import date

from models.document import DocumentRecord
from models.dossier import Dossier


def build_dossier(
    dossier_id: str,
    records: list[DocumentRecord],
    application_date: date,
    date_source: str,
    warnings: list[str],
) -> Dossier:
    """Same content scanned twice counts once; the duplicate is named in a warning."""
    kept: dict[str, DocumentRecord] = {}
    notes = list(warnings)
    for record in sorted(records, key=lambda r: r.file):
        first = kept.get(record.sha256)
        if first is not None:
            notes.append(f"{record.file} est une copie identique de {first.file} : comptée une seule fois")
            continue
        kept[record.sha256] = record
    if date_source == "today":
        notes.append(
            "Date de la demande inconnue (ni meta.json ni --application-date) : la date du jour est utilisée."
        )
    return Dossier(
        dossier_id=dossier_id,
        application_date=application_date,
        application_date_source=date_source,  # type: ignore[arg-type]
        documents=tuple(kept.values()),
        warnings=tuple(notes),
    )
