"""French language: a diploma, an approved certification or other proof is a positive indicator."""

from dataclasses import dataclass
from datetime import date

from criteria.facts import add_months, counted, none_found_confidence, ref, type_confidence
from criteria.parameters import Parameters
from criteria.regimes import ALGERIAN, outside_the_circular, regime
from models.document import DocType, DocumentRecord, LanguageKind
from models.dossier import CriterionResult, Dossier, Status
from models.vocabulary import fr_date

PARAMETERS = ["language.test_validity_months"]
LEGAL_REFS = ("Circulaire INTK2435521J du 23/01/2025, §2",)
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
# Diplomas are valid without limit; TCF and TEF attestations expire.
LASTING = frozenset({LanguageKind.french_diploma, LanguageKind.DELF, LanguageKind.DALF, LanguageKind.DCL,
                     LanguageKind.DILF})
TESTS = frozenset({LanguageKind.TCF, LanguageKind.TCF_IRN, LanguageKind.TEF, LanguageKind.TEF_IRN})
KIND_LABELS = {LanguageKind.french_diploma: "diplôme français", LanguageKind.other: "autre preuve"}
# Order of precedence when proofs disagree: one sufficient proof settles it.
STATUS_ORDER: tuple[Status, ...] = ("favourable", "to_check", "uncertain")


@dataclass(frozen=True)
class Proof:
    doc: DocumentRecord
    kind: LanguageKind
    level: str | None
    status: Status
    confidence: float
    valid_until: date | None
    evidence: tuple[str, ...]


def _proof(doc: DocumentRecord, at: date, validity_months: int) -> Proof | None:
    facts = doc.language
    if facts and facts.kind:
        kind, confidence, evidence = facts.kind.value, facts.kind.confidence, [ref(doc, "language.kind")]
    elif doc.doc_type and doc.doc_type.value is DocType.french_diploma:
        kind, confidence, evidence = LanguageKind.french_diploma, 1.0, []
    elif doc.doc_type and doc.doc_type.value is DocType.language_certificate:
        kind, confidence, evidence = LanguageKind.other, 1.0, []
    else:
        return None
    confidence *= type_confidence(doc)
    evidence.insert(0, ref(doc, "doc_type"))
    level = facts.level.value if facts and facts.level else None
    if level:
        evidence.append(ref(doc, "language.level"))
    valid_until = None
    if kind in LASTING:
        status: Status = "favourable"
    elif kind in TESTS and doc.issue_date:
        valid_until = add_months(doc.issue_date.value, validity_months)
        # Past two years the attestation still shows a level: the validity is a hint for the agent, not an AES rule.
        status = "favourable" if valid_until >= at else "to_check"
        confidence *= doc.issue_date.confidence
        evidence.append(ref(doc, "issue_date"))
    elif kind in TESTS:
        status = "uncertain"  # an attestation without a readable date cannot be checked for validity
    else:
        status = "to_check"
    return Proof(doc, kind, level, status, confidence, valid_until, tuple(evidence))


def _label(proof: Proof) -> str:
    name = KIND_LABELS.get(proof.kind, proof.kind.value.replace("_", " "))
    return f"{name} {proof.level}" if proof.level else name


def _best_level(proofs: list[Proof]) -> str | None:
    levels = [p.level for p in proofs if p.level in LEVELS]
    return max(levels, key=LEVELS.index) if levels else None


def evaluate(dossier: Dossier, params: Parameters) -> CriterionResult:
    """The circular's indicator; not applicable to an Algerian (the accord governs), kept as information."""
    result = _indicator(dossier, params)
    return outside_the_circular(result, ALGERIAN) if regime(dossier) == "algerian" else result


def _indicator(dossier: Dossier, params: Parameters) -> CriterionResult:
    """Favourable with a diploma or a DELF/DALF/DCL/DILF, or a TCF/TEF still valid at the application.

    `to_check` for a TCF/TEF past its validity (a hint: the circular sets none) and for other
    proofs, which the circular also asks to weigh favourably but a person must judge; uncertain
    when the only certification is a TCF/TEF whose date could not be read.
    Confidence: the most reliable of the proofs that carry the status (each one suffices),
    as the product of its type's, kind's and (for tests) issue date's confidences.
    """
    at = dossier.application_date
    validity = params.value("language.test_validity_months", at)
    proofs = [p for d in counted(dossier) if (p := _proof(d, at, validity)) is not None]
    details: dict[str, object] = {
        "proofs": [
            {"file": p.doc.file, "kind": p.kind.value, "level": p.level,
             "valid_until": p.valid_until.isoformat() if p.valid_until else None}
            for p in proofs
        ],
        "parameters": params.used(PARAMETERS, at),
    }
    for status in STATUS_ORDER:
        carrying = [p for p in proofs if p.status == status]
        if carrying:
            break
    else:
        return CriterionResult(
            id="language", status="unfavourable",
            confidence=round(none_found_confidence(counted(dossier)), 4),
            summary="Aucun diplôme français ni aucune certification ou preuve de maîtrise du français "
            "n'a été trouvé. La circulaire en fait un élément d'appréciation favorable, pas une condition.",
            legal_refs=LEGAL_REFS, details=details,
        )
    best = max(carrying, key=lambda p: p.confidence)
    details["best_level"] = _best_level(carrying)
    listing = ", ".join(_label(p) for p in carrying)
    if status == "favourable":
        summary = (
            f"Maîtrise du français justifiée ({listing}) : élément que la circulaire demande d'apprécier "
            "favorablement. Elle ne fixe aucun niveau minimal pour l'admission exceptionnelle au séjour."
        )
    elif status == "to_check":
        summary = (
            f"Pièce relative au français à apprécier ({listing}) : la circulaire retient « toute autre "
            "preuve » de maîtrise de la langue, que l'agent doit évaluer."
        )
        expired = [p.valid_until for p in carrying if p.valid_until]
        if expired:
            summary += (
                f" Attestation de test de plus de {validity} mois (validité échue le {fr_date(max(expired))}) : "
                "la limite de deux ans est celle que fixent ses organismes et la naturalisation ; la circulaire "
                "n'en fixe aucune pour l'admission exceptionnelle au séjour : indication du niveau, à apprécier."
            )
    else:
        summary = (
            f"Seule une attestation de test non datée est produite ({listing}) : date d'émission illisible, "
            "elle reste une indication du niveau, à apprécier."
        )
    return CriterionResult(
        id="language", status=status, confidence=round(best.confidence, 4), summary=summary,
        legal_refs=LEGAL_REFS, evidence=tuple(e for p in carrying for e in p.evidence), details=details,
    )
