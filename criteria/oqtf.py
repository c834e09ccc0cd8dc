"""Unexecuted OQTF: inside the circular's window the applicant must show new elements.

The latest OQTF (by decision date) is the reference: a later OQTF implicitly abrogates the
earlier one (CE 25/04/2024 n° 491312); the others are kept as history. The window runs
from the notification for `oqtf.circular_window_months`, or for the return ban's duration
when longer, and ends on the day that many calendar months later: an application made on
that day or after is outside the window.
"""

from dataclasses import dataclass
from datetime import date

from criteria.facts import (
    NOT_PRESENCE,
    add_months,
    counted,
    dated_fields,
    doc_type,
    earliest_date,
    none_found_confidence,
    of_type,
    ref,
    type_confidence,
)
from criteria.parameters import Parameters
from models.document import DocType, DocumentRecord
from models.dossier import CriterionResult, Dossier, Status
from models.vocabulary import fr_date

PARAMETERS = ["oqtf.circular_window_months", "oqtf.enforcement_months"]
LEGAL_REFS = (
    "Circulaire INTK2435521J du 23/01/2025, §3",
    "CESEDA L.432-1-1 1°",
    "CESEDA L.731-1 1°",
)
BAN_REF = "CESEDA L.612-6 à L.612-8 (interdiction de retour)"
NOT_NEW = frozenset({DocType.oqtf_decision, DocType.return_ban}) | NOT_PRESENCE


@dataclass(frozen=True)
class Ban:
    months: int
    confidence: float
    evidence: str


@dataclass(frozen=True)
class Window:
    """One OQTF and the period the circular and L.731-1 attach to it."""

    doc: DocumentRecord
    decision: date
    decision_field: str
    notification: date | None
    start: date
    end: date
    enforcement_end: date
    ban: Ban | None
    ban_decides: bool
    confidence: float

    def as_details(self) -> dict[str, object]:
        return {
            "file": self.doc.file,
            "decision_date": self.decision.isoformat(),
            "notification_date": self.notification.isoformat() if self.notification else None,
            "ban_months": self.ban.months if self.ban else None,
            "window_start": self.start.isoformat(),
            "window_end": self.end.isoformat(),
            "enforcement_end": self.enforcement_end.isoformat(),
        }


def _decision(doc: DocumentRecord) -> tuple[date, str, float] | None:
    """The decision date, or the arrêté's issue date, which is the same day, when it is not stated."""
    if doc.oqtf and doc.oqtf.decision_date:
        return doc.oqtf.decision_date.value, "oqtf.decision_date", doc.oqtf.decision_date.confidence
    if doc.issue_date:
        return doc.issue_date.value, "issue_date", doc.issue_date.confidence
    return None


def _bans(
    docs: tuple[DocumentRecord, ...], decided: list[tuple[date, DocumentRecord]]
) -> dict[str, list[Ban]]:
    """Bans by OQTF file: in the decision itself, or issued apart and joined to the latest OQTF decided
    on or before the ban's date (the latest of all when the ban shows no date)."""
    bans: dict[str, list[Ban]] = {doc.file: [] for _, doc in decided}
    for doc in docs:
        if not (doc.return_ban and doc.return_ban.duration_months):
            continue
        fact = doc.return_ban.duration_months
        ban = Ban(fact.value, fact.confidence * type_confidence(doc), ref(doc, "return_ban.duration_months"))
        if doc_type(doc) is DocType.oqtf_decision and doc.file in bans:
            bans[doc.file].append(ban)
            continue
        issued = earliest_date(doc)
        before = [(day, oqtf) for day, oqtf in decided if issued is None or day <= issued]
        if before:
            bans[max(before, key=lambda pair: pair[0])[1].file].append(ban)
    return bans


def windows(dossier: Dossier, params: Parameters) -> tuple[list[Window], list[DocumentRecord]]:
    """Every dated OQTF's window, oldest first, and the OQTF documents without any readable date."""
    at = dossier.application_date
    circular = params.value("oqtf.circular_window_months", at)
    enforcement = params.value("oqtf.enforcement_months", at)
    oqtfs = of_type(counted(dossier), DocType.oqtf_decision)
    decided = sorted(((d[0], doc) for doc in oqtfs if (d := _decision(doc))), key=lambda pair: pair[0])
    bans = _bans(counted(dossier), decided)
    result = []
    for decision, doc in decided:
        _, field, decision_confidence = _decision(doc)
        notice = doc.oqtf.notification_date if doc.oqtf else None
        ban = max(bans[doc.file], key=lambda b: b.months, default=None)
        start = notice.value if notice else decision
        months = max(circular, ban.months if ban else 0)
        confidence = type_confidence(doc) * decision_confidence * (notice.confidence if notice else 1.0)
        ban_decides = ban is not None and ban.months > circular
        if ban_decides:
            confidence *= ban.confidence
        result.append(Window(
            doc, decision, field, notice.value if notice else None, start, add_months(start, months),
            add_months(decision, enforcement), ban, ban_decides, confidence,
        ))
    undated = [doc for doc in oqtfs if _decision(doc) is None]
    return result, undated


@dataclass(frozen=True)
class NewElement:
    doc: DocumentRecord
    field: str
    first: date
    confidence: float


def new_elements(dossier: Dossier, decision: date) -> list[NewElement]:
    """Documents whose earliest date is after the decision and not after the application.

    Confidence: the document's type times its earliest date's, the two facts that make it new.
    """
    found = []
    for doc in counted(dossier):
        dates = dated_fields(doc)
        if doc_type(doc) in NOT_NEW or doc.doc_type is None or not dates:
            continue
        field, first = min(dates, key=lambda pair: pair[1].value)
        if decision < first.value <= dossier.application_date:
            found.append(NewElement(doc, field, first.value, type_confidence(doc) * first.confidence))
    return found


def _describe(window: Window, circular: int) -> str:
    notified = (
        f"notifiée le {fr_date(window.notification)}" if window.notification
        else "date de notification inconnue (période comptée depuis la décision)"
    )
    length = (
        f"la durée de l'interdiction de retour ({window.ban.months} mois), plus longue que {circular} mois"
        if window.ban_decides else f"{circular} mois"
    )
    return (
        f"OQTF du {fr_date(window.decision)}, {notified} : période de référence de la circulaire de "
        f"{length}, jusqu'au {fr_date(window.end)} ; exécution d'office possible jusqu'au "
        f"{fr_date(window.enforcement_end)} (L.731-1 1°)."
    )


def _without_window(dossier: Dossier, undated: list[DocumentRecord], details: dict[str, object]) -> CriterionResult:
    """No OQTF, or none whose date could be read."""
    if not undated:
        return CriterionResult(
            id="oqtf", status="not_applicable", confidence=round(none_found_confidence(counted(dossier)), 4),
            summary="Aucune décision portant obligation de quitter le territoire français n'a été trouvée.",
            legal_refs=LEGAL_REFS, details=details,
        )
    best = max(undated, key=type_confidence)
    return CriterionResult(
        id="oqtf", status="uncertain", confidence=round(type_confidence(best), 4),
        summary="Une décision portant OQTF est jointe mais sa date n'a pas pu être lue : la période de "
        "référence de la circulaire ne peut pas être calculée.",
        legal_refs=LEGAL_REFS, evidence=(ref(best, "doc_type"),), details=details,
    )


def _judged(
    reference: Window, at: date, undated: bool, elements: list[NewElement], evidence: list[str]
) -> tuple[Status, str, float]:
    """The status against the reference window, what to add to the summary, and the confidence;
    the new elements' evidence is added to `evidence`."""
    summary = ""
    confidence = reference.confidence
    if at >= reference.end:
        status = "favourable"
        summary += f" La demande du {fr_date(at)} est postérieure à cette période."
        if undated:
            status = "uncertain"
            summary += " Une autre OQTF jointe n'est pas datée : vérifier qu'elle n'est pas plus récente."
    elif reference.notification is None:
        status = "uncertain"
        summary += " Vérifier la date de notification, qui détermine la fin de la période."
    elif elements:
        status = "to_check"
        doubt = 1.0
        for element in elements:
            doubt *= 1.0 - element.confidence
        confidence *= 1.0 - doubt
        evidence.extend(ref(e.doc, e.field) for e in elements)
        summary += (
            f" La demande intervient pendant cette période ; {len(elements)} pièce(s) postérieure(s) à la "
            "décision peuvent constituer des éléments de fait ou de droit nouveaux, à apprécier."
        )
    else:
        status = "unfavourable"
        summary += (
            " La demande intervient pendant cette période et aucune pièce postérieure à la décision ne "
            "montre d'élément nouveau."
        )
    return status, summary, confidence


def evaluate(dossier: Dossier, params: Parameters) -> CriterionResult:
    """Where the application falls against the latest OQTF's window, and the new elements since.

    Confidence: the window's (the OQTF's type, decision date, notification date and, when it
    sets the length, the ban's duration, multiplied: each must be right for the window to
    be). Inside the window with new elements, times the probability that at least one of
    them is truly new (1 - the product of their doubts).
    """
    at = dossier.application_date
    circular = params.value("oqtf.circular_window_months", at)
    found, undated = windows(dossier, params)
    details: dict[str, object] = {"parameters": params.used(PARAMETERS, at)}
    if not found:
        return _without_window(dossier, undated, details)
    reference = found[-1]
    elements = new_elements(dossier, reference.decision)
    details.update({
        "reference_oqtf": reference.as_details(),
        "history": [w.as_details() for w in found],
        "new_elements": [{"file": e.doc.file, "date": e.first.isoformat()} for e in elements],
    })
    evidence = [ref(reference.doc, "doc_type"), ref(reference.doc, reference.decision_field)]
    if reference.notification:
        evidence.append(ref(reference.doc, "oqtf.notification_date"))
    if reference.ban_decides:
        evidence.append(reference.ban.evidence)
    summary = _describe(reference, circular)
    if len(found) > 1:
        summary += f" {len(found) - 1} OQTF antérieure(s) : la plus récente sert de référence."
    status, said, confidence = _judged(reference, at, bool(undated), elements, evidence)
    summary += said
    summary += (
        " Une OQTF non exécutée permet un refus (L.432-1-1) sans l'imposer : le préfet apprécie l'ensemble "
        "de la situation."
    )
    return CriterionResult(
        id="oqtf", status=status, confidence=round(confidence, 4), summary=summary,
        legal_refs=LEGAL_REFS + ((BAN_REF,) if any(w.ban for w in found) else ()),
        evidence=tuple(evidence), details=details,
    )
