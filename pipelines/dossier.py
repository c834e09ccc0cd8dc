"""The dossier stage: one applicant's document records in, the normalised Dossier out."""

from datetime import date

from extractor.facts.nationality import regime_warnings
from extractor.facts.simhash import distance
from models.document import Alternative, DocumentRecord
from models.dossier import Dossier
from models.evidence import Extracted
from models.fields import DATE_FIELDS, record_facts, set_fact

SAME_PAPER_BITS = 10
"""Most bits two fingerprints of one paper may differ by. Measured on generated sets (fixtures/sample and a
seed-9001 set: 11 dossiers, 175 scans): a scan's OCR and the text printed on it differ by 2 bits at the
median and by 10 or less for 89 % of scans (the rest are hard scans whose OCR lost words, up to 30); the
199 pairs of different papers of one type in one dossier differ by 25 at the median and 11 at the least
(an employer's payslips: 15 to 29)."""

def _place(record: DocumentRecord) -> tuple[str, tuple[int, int]]:
    """Files by name, the documents of a scanned pile (FILE#pA-B) in page order."""
    return record.file.rsplit("#p", 1)[0] if "#p" in record.file else record.file, record.pages


def _identical(a: DocumentRecord, b: DocumentRecord) -> bool:
    return (a.sha256, a.pages) == (b.sha256, b.pages)


def _same_paper(kept: DocumentRecord, other: DocumentRecord) -> bool:
    """One paper scanned twice: same type, near words, and not a date apart on every date both state.

    Two papers of one kind from one sender (monthly payslips, rent receipts) share most of their
    words; their dates tell them apart, while a misread date on a second scan leaves the others equal.
    """
    if kept.doc_type is None or other.doc_type is None or kept.doc_type.value != other.doc_type.value:
        return False
    if kept.fingerprint is None or other.fingerprint is None:
        return False
    if distance(kept.fingerprint, other.fingerprint) > SAME_PAPER_BITS:
        return False
    ours, theirs = record_facts(kept), record_facts(other)
    shared = [name for name in DATE_FIELDS if name in ours and name in theirs]
    return not shared or any(ours[name].value == theirs[name].value for name in shared)


def _holder(kept: list[DocumentRecord], record: DocumentRecord) -> DocumentRecord | None:
    """The first kept record that holds the same paper as `record`, if any."""
    return next((k for k in kept if _identical(k, record) or _same_paper(k, record)), None)


def relinked(documents: tuple[DocumentRecord, ...]) -> tuple[DocumentRecord, ...]:
    """Copies whose kept document is gone (a reviewer cut or joined it, renaming it) name the document
    that now holds that paper, found as `build_dossier` finds copies; with none, they count again."""
    present = {d.file for d in documents}
    kept = [d for d in documents if d.duplicate_of is None]
    updated = []
    for document in documents:
        if document.duplicate_of is not None and document.duplicate_of not in present:
            holder = _holder(kept, document)
            document = document.model_copy(update={"duplicate_of": holder.file if holder else None})
        updated.append(document)
    return tuple(updated)


def _merge(kept: DocumentRecord, copies: list[DocumentRecord]) -> DocumentRecord:
    """Each fact takes its most confident reading among the copies (the kept record's on a tie); readings
    of another value become alternatives."""
    readings: dict[str, list[tuple[DocumentRecord, Extracted]]] = {}
    for record in [kept, *copies]:
        for name, fact in record_facts(record).items():
            readings.setdefault(name, []).append((record, fact))
    alternatives = list(kept.alternatives)
    for name, found in readings.items():
        best = max(found, key=lambda pair: pair[1].confidence)[1]
        kept = set_fact(kept, name, best)
        alternatives += [
            Alternative(field=name, value=fact.value, confidence=fact.confidence, file=record.file,
                        provenance=fact.provenance)
            for record, fact in found if fact.value != best.value
        ]
    return kept.model_copy(update={"alternatives": tuple(alternatives)})


def build_dossier(
    dossier_id: str,
    records: list[DocumentRecord],
    application_date: date,
    date_source: str,
    warnings: list[str],
) -> Dossier:
    """Every file stays in the dossier, so each is accounted for. A paper given twice (the same file, or
    the same paper scanned again) counts once: the first by file order is kept, with the most confident
    reading of each fact; the others name it in `duplicate_of`, and a warning names them."""
    notes = list(warnings)
    kept: list[DocumentRecord] = []
    copies: dict[str, list[DocumentRecord]] = {}
    for record in sorted(records, key=_place):
        first = _holder(kept, record)
        if first is None:
            kept.append(record)
            continue
        copies.setdefault(first.file, []).append(record.model_copy(update={"duplicate_of": first.file}))
        notes.append(
            f"{record.file} est une copie identique de {first.file} : une seule pièce" if _identical(first, record)
            else f"{record.file} est une autre numérisation de {first.file} : une seule pièce est comptée"
        )
    documents = [_merge(k, copies[k.file]) if k.file in copies else k for k in kept]
    documents += [copy for group in copies.values() for copy in group]
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
        documents=tuple(sorted(documents, key=_place)),
        warnings=tuple(notes),
    )
