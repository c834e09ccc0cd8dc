"""Builds dossiers from the models for tests: short calls, real pydantic validation."""

import hashlib
from datetime import date

from models.document import (
    ContractFacts,
    DocType,
    DocumentRecord,
    LanguageFacts,
    LanguageKind,
    OqtfFacts,
    ReturnBanFacts,
)
from models.dossier import Dossier
from models.evidence import Extracted, Provenance


def day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def fact(value, confidence: float = 0.95, page: int = 1, text: str = "", bbox=None) -> Extracted:
    return Extracted(
        value=value,
        confidence=confidence,
        provenance=Provenance(page=page, bbox=bbox, text=text or str(value), source="text_layer"),
    )


def _date_fact(value, confidence):
    return None if value is None else fact(day(value), confidence)


def doc(
    file: str,
    kind: DocType | str,
    *,
    issue=None,
    start=None,
    end=None,
    decision=None,
    notification=None,
    ban_months: int | None = None,
    language: tuple[str, str | None] | None = None,
    signed: bool | None = None,
    confidence: float = 0.95,
    type_confidence: float = 0.98,
) -> DocumentRecord:
    kind = DocType(kind)
    oqtf = None
    if decision is not None or notification is not None:
        oqtf = OqtfFacts(
            decision_date=_date_fact(decision, confidence),
            notification_date=_date_fact(notification, confidence),
        )
    lang = None
    if language is not None:
        lang = LanguageFacts(
            kind=fact(LanguageKind(language[0]), confidence),
            level=fact(language[1], confidence) if language[1] else None,
        )
    return DocumentRecord(
        file=file,
        pages=(1, 1),
        sha256=hashlib.sha256(file.encode()).hexdigest(),
        reading="text_layer",
        doc_type=fact(kind, type_confidence),
        issue_date=_date_fact(issue, confidence),
        period_start=_date_fact(start, confidence),
        period_end=_date_fact(end, confidence),
        oqtf=oqtf,
        return_ban=ReturnBanFacts(duration_months=fact(ban_months, confidence)) if ban_months else None,
        language=lang,
        contract=ContractFacts(signed=fact(signed, confidence)) if signed is not None else None,
    )


def payslip(month: str, confidence: float = 0.95) -> DocumentRecord:
    """A payslip for the month `YYYY-MM`, issued on its last day."""
    first = date.fromisoformat(f"{month}-01")
    last = date(first.year + first.month // 12, first.month % 12 + 1, 1).toordinal() - 1
    return doc(
        f"bulletin_{month}.pdf", "payslip", issue=date.fromordinal(last), start=first,
        end=date.fromordinal(last), confidence=confidence,
    )


def dossier(application_date, *docs: DocumentRecord, source: str = "meta", dossier_id: str = "T0001"):
    return Dossier(
        dossier_id=dossier_id,
        application_date=day(application_date),
        application_date_source=source,
        documents=tuple(docs),
    )
