"""The dossier stage: one applicant's document records in, the normalised Dossier out."""

from datetime import date

from extractor.nationality import regime_warnings
from models.document import DocumentRecord
from models.dossier import Dossier


def _place(record: DocumentRecord) -> tuple[str, tuple[int, int]]:
    """Files by name, the documents of a scanned pile (FILE#pA-B) in page order."""
    return record.file.rsplit("#p", 1)[0] if "#p" in record.file else record.file, record.pages


def build_dossier(
    dossier_id: str,
    records: list[DocumentRecord],
    application_date: date,
    date_source: str,
    warnings: list[str],
) -> Dossier:
    """Every file stays in the dossier, so each is accounted for; the same content given twice is
    named in a warning (its dates are the same, so no criterion changes)."""
    first_of: dict[tuple[str, tuple[int, int]], DocumentRecord] = {}
    notes = list(warnings)
    for record in sorted(records, key=_place):
        first = first_of.setdefault((record.sha256, record.pages), record)
        if first is not record:
            notes.append(f"{record.file} est une copie identique de {first.file} : une seule pièce")
    for record in records:
        notes += [w for w in record.warnings if w in regime_warnings() and w not in notes]
    if date_source == "today":
        notes.append(
            "Date de la demande inconnue (ni meta.json ni --application-date) : la date du jour est utilisée."
        )
    return Dossier(
        dossier_id=dossier_id,
        application_date=application_date,
        application_date_source=date_source,  # type: ignore[arg-type]
        documents=tuple(sorted(records, key=_place)),
        warnings=tuple(notes),
    )
