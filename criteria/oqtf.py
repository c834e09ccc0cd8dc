"""Unexecuted OQTF: inside the circular's window the applicant must show new elements.

The circular (§3) looks at OQTFs prior to the request: one decided on or after the filing
(usually the refusal of this very request) is history, not the reference. The documents of
one decision date (the arrêté, a copy, the return ban decided with it) are one decision,
whose ban is the longest notified that day; a ban decided later extends it and adds
(L.612-11). The latest standing decision is the reference: a later OQTF implicitly
abrogates the earlier one (CE 25/04/2024 n° 491312); one annulled by a court is set aside
as if never taken; one executed or abrogated leaves no unexecuted OQTF. The window runs
from the notification for `oqtf.circular_window_months`, or for the ban when longer, and
ends on the day that many calendar months later: an application made on that day or after
is outside it. With the notification unknown, a notification up to the filing could still
cover it: the status stays uncertain.
"""

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from criteria.facts import (
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
from criteria.parameters import ParameterError, Parameters
from models.document import DocType, DocumentRecord, OqtfState
from models.dossier import CriterionResult, Dossier, Status
from models.vocabulary import OQTF_STATE_LABELS, fr_date

PARAMETERS = ["oqtf.circular_window_months", "oqtf.enforcement_months"]
BAN_PARAMETERS = ["oqtf.ban_max_months", "oqtf.ban_grave_threat_max_months", "oqtf.ban_total_max_months"]
LEGAL_REFS = (
    "Circulaire INTK2435521J du 23/01/2025, §3",
    "CESEDA L.432-1-1 1°",
    "CESEDA L.731-1 1°",
)
BAN_REF = "CESEDA L.612-6 à L.612-8 et L.612-11 (interdiction de retour et prolongation)"
# Events that can be « éléments de fait ou de droit nouveaux » (circular §3): a job (contract, promise,
# hiring), a diploma or certification, a medical diagnosis. Staying in France (bills, rent, bank,
# payslips of a job held before) is not a new fact.
NEW_ELEMENT_TYPES = frozenset({DocType.employment, DocType.french_diploma, DocType.language_certificate,
                               DocType.medical})


@dataclass(frozen=True)
class BanPart:
    """One return ban decision's duration, read in `doc`: the OQTF decision itself or a decision of its own."""

    doc: DocumentRecord
    day: date | None
    months: int
    confidence: float

    @property
    def evidence(self) -> str:
        return ref(self.doc, "return_ban.duration_months")


@dataclass(frozen=True)
class Ban:
    """The ban attached to one decision: the longest decided that day, plus each later extension."""

    initial: BanPart
    extensions: tuple[BanPart, ...]

    @property
    def months(self) -> int:
        return self.initial.months + sum(part.months for part in self.extensions)

    @property
    def parts(self) -> tuple[BanPart, ...]:
        return (self.initial, *self.extensions)

    @property
    def confidence(self) -> float:
        confidence = 1.0
        for part in self.parts:
            confidence *= part.confidence
        return confidence


@dataclass(frozen=True)
class Window:
    """One OQTF decision and the period the circular and L.731-1 attach to it."""

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
    state: OqtfState | None = None
    papers: int = 1

    @property
    def evidence(self) -> list[str]:
        evidence = [ref(self.doc, "doc_type"), ref(self.doc, self.decision_field)]
        if self.notification:
            evidence.append(ref(self.doc, "oqtf.notification_date"))
        if self.ban_decides and self.ban:
            evidence += [part.evidence for part in self.ban.parts]
        return evidence

    def as_details(self) -> dict[str, object]:
        return {
            "file": self.doc.file,
            "decision_date": self.decision.isoformat(),
            "notification_date": self.notification.isoformat() if self.notification else None,
            "ban_months": self.ban.months if self.ban else None,
            "ban_extensions": len(self.ban.extensions) if self.ban else 0,
            "state": self.state.value if self.state else None,
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


def _ban_parts(docs: tuple[DocumentRecord, ...]) -> list[BanPart]:
    parts = []
    for doc in docs:
        if not (doc.return_ban and doc.return_ban.duration_months):
            continue
        fact = doc.return_ban.duration_months
        decided = _decision(doc) if doc_type(doc) is DocType.oqtf_decision else None
        day = decided[0] if decided else earliest_date(doc)
        parts.append(BanPart(doc, day, fact.value, fact.confidence * type_confidence(doc)))
    return parts


def _bans(parts: list[BanPart], days: list[date]) -> dict[date, Ban]:
    """Each ban joins the latest decision taken on or before its date (the latest of all when it shows
    none). Those of the decision's own day are one decision: the longest counts. Later ones are
    extensions that add (L.612-11), the first of them being the ban itself when none was decided that day."""
    joined: dict[date, list[BanPart]] = {}
    for part in parts:
        before = [day for day in days if part.day is None or day <= part.day]
        if before:
            joined.setdefault(max(before), []).append(part)
    bans = {}
    for day, found in joined.items():
        same_day = [p for p in found if p.day is None or p.day == day]
        later = sorted((p for p in found if p.day is not None and p.day > day), key=lambda p: p.day)
        if same_day:
            bans[day] = Ban(max(same_day, key=lambda p: (p.months, p.confidence)), tuple(later))
        else:
            bans[day] = Ban(later[0], tuple(later[1:]))
    return bans


def _state(docs: list[DocumentRecord]) -> OqtfState | None:
    states = [d.oqtf.state.value for d in docs if d.oqtf and d.oqtf.state]
    # An annulment erases the decision; otherwise any recorded end of the decision counts.
    return OqtfState.annulled if OqtfState.annulled in states else (states[0] if states else None)


def windows(dossier: Dossier, params: Parameters) -> tuple[list[Window], list[DocumentRecord]]:
    """Every OQTF decision's window, oldest first (the documents of one date are one decision), and the
    OQTF documents without any readable date."""
    at = dossier.application_date
    circular = params.value("oqtf.circular_window_months", at)
    enforcement = params.value("oqtf.enforcement_months", at)
    oqtfs = of_type(counted(dossier), DocType.oqtf_decision)
    dated = sorted(((d[0], doc) for doc in oqtfs if (d := _decision(doc))), key=lambda pair: pair[0])
    days = sorted({day for day, _ in dated})
    bans = _bans(_ban_parts(counted(dossier)), days)
    result = []
    for decision, group in groupby(dated, key=lambda pair: pair[0]):
        papers = [doc for _, doc in group]
        doc = max(papers, key=lambda d: (_decision(d)[2] * type_confidence(d), d.file))
        _, field, decision_confidence = _decision(doc)
        notices = [d.oqtf.notification_date for d in papers if d.oqtf and d.oqtf.notification_date]
        notice = max(notices, key=lambda fact: fact.value, default=None)
        if notice is not None:  # the evidence names the paper the notification was read on
            doc = next(d for d in papers if d.oqtf and d.oqtf.notification_date is notice)
            _, field, decision_confidence = _decision(doc)
        ban = bans.get(decision)
        start = notice.value if notice else decision
        months = max(circular, ban.months if ban else 0)
        confidence = type_confidence(doc) * decision_confidence * (notice.confidence if notice else 1.0)
        ban_decides = ban is not None and ban.months > circular
        if ban_decides:
            confidence *= ban.confidence
        result.append(Window(
            doc, decision, field, notice.value if notice else None, start, add_months(start, months),
            add_months(decision, enforcement), ban, ban_decides, confidence, _state(papers), len(papers),
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
    """Events after the decision and not after the application: a job, a diploma, a diagnosis.

    The event's date is the earliest the document shows (a hiring day before its attestation's
    issue), compared with the decision, which is also the refusal that preceded the OQTF when
    both are in one arrêté. Confidence: the document's type times that date's.
    """
    found = []
    for doc in counted(dossier):
        dates = dated_fields(doc)
        if doc_type(doc) not in NEW_ELEMENT_TYPES or not dates:
            continue
        field, first = min(dates, key=lambda pair: pair[1].value)
        if decision < first.value <= dossier.application_date:
            found.append(NewElement(doc, field, first.value, type_confidence(doc) * first.confidence))
    return found


def ban_checks(ban: Ban, params: Parameters) -> tuple[list[str], bool]:
    """What the legal maxima say of a ban's reading: notes for the agent, and whether a reading is
    beyond any maximum (a misreading or an unlawful decision: either way a person must look).

    Each part is held against the maxima in force on its own date; decisions older than the
    parameters' first date are not checked."""
    notes, impossible = [], False
    for part in ban.parts:
        try:
            ordinary = params.value("oqtf.ban_max_months", part.day) if part.day else None
            grave = params.value("oqtf.ban_grave_threat_max_months", part.day) if part.day else None
        except ParameterError:
            continue
        if grave is not None and part.months > grave:
            impossible = True
            notes.append(f"L'interdiction de retour lue ({part.months} mois, {part.doc.file}) dépasse le maximum "
                         f"légal de {grave} mois (L.612-6) : vérifier la lecture de la décision.")
        elif ordinary is not None and part.months > ordinary:
            notes.append(f"L'interdiction de retour lue ({part.months} mois) dépasse {ordinary} mois : ce n'est "
                         "possible qu'en cas de menace grave pour l'ordre public (L.612-6) : à vérifier.")
    if ban.extensions and ban.initial.day:
        try:
            total = params.value("oqtf.ban_total_max_months", ban.initial.day)
        except ParameterError:
            total = None
        notes.append(f"{len(ban.extensions)} prolongation(s) (L.612-11) ajoutée(s) à l'interdiction initiale : "
                     f"{ban.months} mois au total.")
        if total is not None and ban.months > total:
            notes.append(f"Ce total dépasse le plafond de {total} mois de L.612-11, sauf menace grave pour l'ordre "
                         "public : vérifier la lecture des décisions.")
    return notes, impossible


def _describe(window: Window, circular: int) -> str:
    notified = (
        f"notifiée le {fr_date(window.notification)}" if window.notification
        else "date de notification inconnue (période comptée ici depuis la décision)"
    )
    length = (
        f"la durée de l'interdiction de retour notifiée ({window.ban.months} mois), plus longue que {circular} mois"
        if window.ban_decides else f"{circular} mois"
    )
    same_day = f" ({window.papers} pièces de cette date, une seule décision)" if window.papers > 1 else ""
    return (
        f"OQTF du {fr_date(window.decision)}{same_day}, {notified} : période de référence de la circulaire de "
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


def _after_filing(later: list[Window], at: date) -> str:
    days = ", ".join(fr_date(w.decision) for w in later)
    return (
        f" OQTF décidée(s) le {days}, à la date de la demande ({fr_date(at)}) ou après (souvent le refus de cette "
        "demande) : la circulaire examine les OQTF antérieures à la demande, celle-ci n'est pas retenue."
    )


def _judged(
    reference: Window, at: date, undated: bool, elements: list[NewElement], evidence: list[str], months: int
) -> tuple[Status, str, float]:
    """The status against the reference window, what to add to the summary, and the confidence;
    the new elements' evidence is added to `evidence`."""
    summary = ""
    confidence = reference.confidence
    if reference.notification is None:
        status: Status = "uncertain"
        summary += (
            " Tant que la date de notification n'est pas connue, la demande peut se trouver dans la période : "
            f"une notification après le {fr_date(add_months(at, -months))} la couvrirait encore. Vérifier la date "
            "de notification."
        )
    elif at < reference.notification:
        status = "uncertain"
        summary += (
            f" La demande du {fr_date(at)} précède la notification : vérifier si cette OQTF répond à la demande "
            "examinée."
        )
    elif at >= reference.end:
        status = "favourable"
        summary += f" La demande du {fr_date(at)} est postérieure à cette période."
        if undated:
            status = "uncertain"
            summary += " Une autre OQTF jointe n'est pas datée : vérifier qu'elle n'est pas plus récente."
    elif elements:
        status = "to_check"
        doubt = 1.0
        for element in elements:
            doubt *= 1.0 - element.confidence
        confidence *= 1.0 - doubt
        evidence.extend(ref(e.doc, e.field) for e in elements)
        summary += (
            f" La demande intervient pendant cette période ; {len(elements)} pièce(s) montrent un événement "
            "postérieur à la décision (emploi, diplôme ou certification, document médical) qui peut constituer "
            "un élément de fait ou de droit nouveau, à apprécier."
        )
    else:
        status = "unfavourable"
        summary += (
            " La demande intervient pendant cette période et aucune pièce ne montre d'événement postérieur à la "
            "décision (emploi, diplôme ou certification, document médical ; le maintien en France n'en est pas un)."
        )
    if status in ("to_check", "unfavourable"):
        summary += (
            " Un élément antérieur dont la personne n'a pu avoir connaissance qu'après la décision est aussi "
            "nouveau : à signaler par l'agent."
        )
    return status, summary, confidence


def _ended(reference: Window) -> tuple[Status, str]:
    """An OQTF executed or abrogated is no longer an unexecuted OQTF; an executed one's ban runs from the departure."""
    label = OQTF_STATE_LABELS[reference.state.value]
    summary = f" Cette OQTF est {label} : elle n'est plus une OQTF non exécutée au sens de L.432-1-1 1°."
    if reference.state is OqtfState.executed and reference.ban:
        summary += (
            f" L'interdiction de retour ({reference.ban.months} mois) court depuis l'exécution (L.612-6 à L.612-8) : "
            "vérifier si elle est en cours et si une prolongation (L.612-11 3°) a été décidée."
        )
        return "to_check", summary
    return "favourable", summary


def evaluate(dossier: Dossier, params: Parameters) -> CriterionResult:
    """Where the application falls against the latest standing OQTF prior to it, and the new elements since.

    Confidence: the window's (the OQTF's type, decision date, notification date and, when it
    sets the length, the ban's durations, multiplied: each must be right for the window to
    be). Inside the window with new elements, times the probability that at least one of
    them is truly new (1 - the product of their doubts).
    """
    at = dossier.application_date
    circular = params.value("oqtf.circular_window_months", at)
    found, undated = windows(dossier, params)
    details: dict[str, object] = {"parameters": params.used(PARAMETERS, at)}
    prior = [w for w in found if w.decision < at]
    later = [w for w in found if w.decision >= at]
    standing = [w for w in prior if w.state is not OqtfState.annulled]
    if found:
        details["history"] = [w.as_details() for w in found]
    if not found:
        return _without_window(dossier, undated, details)
    if not standing:
        summary = "Aucune OQTF antérieure à la demande n'est retenue."
        if later:
            summary += _after_filing(later, at)
        if prior:
            summary += f" {len(prior)} OQTF annulée(s) par le juge : écartée(s)."
        status: Status = "uncertain" if undated else "not_applicable"
        return CriterionResult(
            id="oqtf", status=status, confidence=round(min(w.confidence for w in found), 4),
            summary=summary.strip(), legal_refs=LEGAL_REFS,
            evidence=tuple(e for w in found for e in w.evidence[:2]), details=details,
        )
    reference = standing[-1]
    evidence = reference.evidence
    summary = _describe(reference, circular)
    if len(standing) > 1:
        summary += f" {len(standing) - 1} OQTF antérieure(s) : la plus récente sert de référence."
    if len(prior) > len(standing):
        summary += f" {len(prior) - len(standing)} OQTF annulée(s) par le juge : écartée(s)."
    if later:
        summary += _after_filing(later, at)
    details["reference_oqtf"] = reference.as_details()
    confidence = reference.confidence
    if reference.state is not None:
        status, said = _ended(reference)
    else:
        elements = new_elements(dossier, reference.decision)
        details["new_elements"] = [{"file": e.doc.file, "date": e.first.isoformat()} for e in elements]
        months = max(circular, reference.ban.months if reference.ban else 0)
        status, said, confidence = _judged(reference, at, bool(undated), elements, evidence, months)
    summary += said
    if reference.ban:
        details["parameters"] |= params.used(BAN_PARAMETERS, at)
        notes, impossible = ban_checks(reference.ban, params)
        summary += "".join(f" {note}" for note in notes)
        if impossible and reference.ban_decides and status in ("favourable", "unfavourable"):
            status = "uncertain"
    summary += (
        " Une OQTF non exécutée permet un refus (L.432-1-1) sans l'imposer : le préfet apprécie l'ensemble "
        "de la situation."
    )
    return CriterionResult(
        id="oqtf", status=status, confidence=round(confidence, 4), summary=summary,
        legal_refs=LEGAL_REFS + ((BAN_REF,) if any(w.ban for w in found) else ()),
        evidence=tuple(evidence), details=details,
    )
