"""Presence in France for at least 7 years: an integration indicator for L.435-1, not a gate."""

from dataclasses import dataclass
from datetime import date

from criteria.facts import (
    Stretch,
    add_months,
    continuous,
    counted,
    months_between,
    none_found_confidence,
    proof_stretches,
    uncovered_gaps,
    years_months_fr,
)
from criteria.parameters import Parameters
from criteria.regimes import ALGERIAN, outside_the_circular, regime
from models.document import DocType
from models.dossier import CriterionResult, Dossier, Status
from models.vocabulary import fr_date

PARAMETERS = [
    "presence.min_years", "presence.max_gap_months", "presence.commission_years",
    "presence.min_proofs_per_year", "presence.min_proofs_per_semester",
]
LEGAL_REFS = (
    "Circulaire INTK2435521J du 23/01/2025, §2",
    "CESEDA L.435-1",
)
COMMISSION_REF = "CESEDA L.435-1 al. 2 (commission du titre de séjour)"
# « Preuves certaines »: documents from a public administration (circular of 28/11/2012, the first of its
# three classes of proof; the later circular keeps no list). Shown per year for the agent, who weighs them.
ADMINISTRATION = frozenset({DocType.tax_notice, DocType.ame_attestation, DocType.school_certificate,
                            DocType.oqtf_decision})


@dataclass(frozen=True)
class Chain:
    """The unbroken run of proofs that reaches the application date, walking back from it."""

    start: date
    links: tuple[Stretch, ...]

    @property
    def confidence(self) -> float:
        return min(link.confidence for link in self.links)


def continuous_presence(stretches: list[Stretch], at: date, max_gap_months: int) -> Chain | None:
    """Walk back from `at`, joining every proof that ends within `max_gap_months` of the covered part.

    At each step the proof reaching furthest back among those that connect is taken, so the
    chain's links are the proofs that carry the start date. None when the latest proof
    itself ends more than `max_gap_months` before `at`.
    """
    cursor, links = at, []
    while True:
        joining = [s for s in stretches if s.start < cursor and continuous(s.end, cursor, max_gap_months)]
        if not joining:
            break
        best = min(joining, key=lambda s: (s.start, -s.confidence))
        cursor = best.start
        links.append(best)
    if not links:
        # A proof dated on the application date itself covers no stretch before it.
        on_day = [s for s in stretches if s.start == at]
        return Chain(at, (max(on_day, key=lambda s: s.confidence),)) if on_day else None
    return Chain(cursor, tuple(links))


def _completed_semesters(start: date, at: date) -> list[tuple[str, date, date]]:
    """The calendar semesters that end between `start` and `at`: the ones a proof can be asked of."""
    semesters = []
    for year in range(start.year, at.year + 1):
        for half, (first, last) in enumerate(((date(year, 1, 1), date(year, 6, 30)),
                                              (date(year, 7, 1), date(year, 12, 31))), start=1):
            if start <= last <= at:
                semesters.append((f"{year}-S{half}", first, last))
    return semesters


def _proofs_in(stretches: list[Stretch], first: date, last: date) -> int:
    """Distinct documents whose proven days meet [first, last]."""
    return len({s.doc.file for s in stretches if s.start <= last and s.end >= first})


def _thin_semesters(stretches: list[Stretch], start: date, at: date, minimum: int) -> list[str]:
    return [name for name, first, last in _completed_semesters(start, at)
            if _proofs_in(stretches, first, last) < minimum]


def _proofs_per_year(stretches: list[Stretch], start: date, at: date) -> dict[str, int]:
    return {str(year): _proofs_in(stretches, date(year, 1, 1), date(year, 12, 31))
            for year in range(start.year, at.year + 1)}


def _administration_proofs_per_year(stretches: list[Stretch], start: date, at: date) -> dict[str, int]:
    certain = [s for s in stretches if s.doc.doc_type and s.doc.doc_type.value in ADMINISTRATION]
    return _proofs_per_year(certain, start, at)


def _thin_years(per_year: dict[str, int], start: date, at: date, minimum: int) -> list[str]:
    """Whole calendar years between `start` and `at` with fewer proofs than `minimum`; the first and last
    years are partial, and their semesters are checked instead."""
    return [year for year, count in per_year.items() if start.year < int(year) < at.year and count < minimum]


def _not_established(
    dossier: Dossier, stretches: list[Stretch], at: date, max_gap: int, details: dict[str, object]
) -> CriterionResult:
    """No chain of proofs reaches the application: none at all, or the latest too old."""
    if not stretches:
        summary = "Aucune pièce datée ne justifie de la présence en France."
        confidence = none_found_confidence(counted(dossier))
        evidence = ()
    else:
        latest = max(stretches, key=lambda s: s.end)
        summary = (
            f"La pièce la plus récente date du {fr_date(latest.end)}, plus de {max_gap} mois avant la "
            f"demande du {fr_date(at)} : la présence n'est pas établie de façon continue jusqu'au dépôt."
        )
        confidence = latest.confidence
        evidence = tuple(latest.evidence)
        details["latest_proof"] = latest.end.isoformat()
    return CriterionResult(
        id="presence_duration", status="unfavourable", confidence=round(confidence, 4),
        summary=summary + " La durée de présence n'est qu'un indice d'intégration parmi d'autres.",
        legal_refs=LEGAL_REFS, evidence=evidence, details=details,
    )


def evaluate(dossier: Dossier, params: Parameters) -> CriterionResult:
    """The circular's indicator; for an Algerian, information beside art. 6, 1° of the accord instead:
    `to_check` beyond its ten years, not applicable otherwise."""
    result = _indicator(dossier, params)
    if regime(dossier) != "algerian":
        return result
    at = dossier.application_date
    years = params.value("algeria.art6_1_years", at)
    result.details["parameters"] |= params.used(["algeria.art6_1_years"], at)
    start = result.details.get("start")
    beyond = start is not None and add_months(date.fromisoformat(start), 12 * years) < at
    why = ALGERIAN + (
        f" Plus de {years} ans de présence continue : l'article 6, 1° de l'accord (certificat de résidence "
        "« vie privée et familiale ») peut s'appliquer, à examiner." if beyond
        else f" L'article 6, 1° de l'accord demande plus de {years} ans de résidence."
    )
    return outside_the_circular(result, why, "to_check" if beyond else "not_applicable")


def _indicator(dossier: Dossier, params: Parameters) -> CriterionResult:
    """Favourable when continuous presence started at least `presence.min_years` before the application.

    Confidence: the weakest link of the chain (its type's confidence times its dates'), as
    any misread link may move the start date; with no proof at all, the weakest document
    classification, since only a misclassified proof could change the answer.
    """
    at = dossier.application_date
    min_years = params.value("presence.min_years", at)
    max_gap = params.value("presence.max_gap_months", at)
    commission_years = params.value("presence.commission_years", at)
    stretches = proof_stretches(counted(dossier), until=at)
    chain = continuous_presence(stretches, at, max_gap)
    gaps = uncovered_gaps(stretches, at, max_gap)
    details: dict[str, object] = {
        "gaps": [{"from": a.isoformat(), "to": b.isoformat()} for a, b in gaps],
        "parameters": params.used(PARAMETERS, at),
    }
    if chain is None:
        return _not_established(dossier, stretches, at, max_gap, details)
    months = months_between(chain.start, at)
    over_commission = add_months(chain.start, 12 * commission_years) < at
    long_enough = add_months(chain.start, 12 * min_years) <= at
    per_year = _proofs_per_year(stretches, chain.start, at)
    thin_years = _thin_years(per_year, chain.start, at, params.value("presence.min_proofs_per_year", at))
    thin_semesters = _thin_semesters(stretches, chain.start, at,
                                     params.value("presence.min_proofs_per_semester", at))
    details.update({
        "start": chain.start.isoformat(),
        "duration": years_months_fr(months),
        "duration_months": months,
        "proofs": len({s.doc.file for s in stretches}),
        "proofs_per_year": per_year,
        "administration_proofs_per_year": _administration_proofs_per_year(stretches, chain.start, at),
        "thin_years": thin_years,
        "semesters_without_proof": thin_semesters,
        "over_commission_threshold": over_commission,
    })
    verdict = (
        f"au moins {min_years} ans, indice d'intégration retenu par la circulaire"
        if long_enough else f"moins des {min_years} ans retenus par la circulaire comme indice d'intégration"
    )
    summary = (
        f"Présence continue depuis le {fr_date(chain.start)}, soit {years_months_fr(months)} à la date "
        f"de la demande ({fr_date(at)}) : {verdict}. Aucune interruption de plus de {max_gap} mois entre "
        "ces pièces."
    )
    if thin_years or thin_semesters:
        summary += (
            f" Preuves clairsemées (années avec moins de {params.value('presence.min_proofs_per_year', at)} "
            f"pièces : {', '.join(thin_years) or 'aucune'} ; semestres sans pièce : "
            f"{', '.join(thin_semesters) or 'aucun'}) : une pièce prouve sa période ou son jour d'émission, "
            "et le juge écarte les années insuffisamment justifiées ; densité à apprécier (pratique "
            "préfectorale, aucun texte ne fixe ce nombre)."
        )
    if over_commission:
        summary += (
            f" Plus de {commission_years} ans de présence : si le préfet envisage un refus, la demande est "
            "soumise pour avis à la commission du titre de séjour."
        )
    status: Status = "unfavourable"
    if long_enough:
        status = "to_check" if thin_years or thin_semesters else "favourable"
    evidence = tuple(ref for link in reversed(chain.links) for ref in link.evidence)
    return CriterionResult(
        id="presence_duration", status=status,
        confidence=round(chain.confidence, 4), summary=summary,
        legal_refs=LEGAL_REFS + ((COMMISSION_REF,) if over_commission else ()),
        evidence=evidence, details=details,
    )
