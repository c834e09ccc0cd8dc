"""Droit commun routes the circular asks to prefer (its footnote 1), where the documents suggest one.

Only L.435-4 (shortage occupations) can be read from the documents: payslip months and
uninterrupted residence. The other routes depend on facts no document type carries, so
they are listed for the agent to ask about.
"""

from datetime import date

from criteria.facts import (
    add_months,
    counted,
    dated_fields,
    months_between,
    none_found_confidence,
    of_type,
    proof_stretches,
    ref,
    type_confidence,
    years_months_fr,
)
from criteria.parameters import Parameters
from criteria.presence import continuous_presence
from criteria.regimes import ALGERIAN, outside_the_circular, regime
from models.document import DocType, DocumentRecord
from models.dossier import CriterionResult, Dossier
from models.vocabulary import fr_date

PARAMETERS = [
    "common_law.l435_4_payslip_months",
    "common_law.l435_4_lookback_months",
    "common_law.l435_4_residence_years",
    "common_law.l435_4_max_gap_months",
]
EXCLUDED_PERIODS = (
    "L.435-4 al. 2 : les séjours sous titre saisonnier (L.421-34), étudiant (L.422-1) ou attestation de demande "
    "d'asile (L.521-7) ne comptent pas ; aucune pièce du dossier ne les distingue : à écarter par l'agent"
)
LEGAL_REFS = ("Circulaire INTK2435521J du 23/01/2025, §1 et note 1", "CESEDA L.435-4")
NOT_DETECTABLE = [
    "L.425-1 et L.425-4 : victimes de la traite des êtres humains",
    "L.425-6 et L.425-7 : violences conjugales",
    "L.423-23 : liens personnels et familiaux en France",
    "L.435-2 : personnes accueillies par un organisme d'accueil communautaire et d'activités solidaires",
    "L.435-3 : mineurs confiés à l'aide sociale à l'enfance ou à un tiers digne de confiance entre 16 et 18 ans",
]
ASK = (
    " Les autres voies de la note 1 de la circulaire (traite, violences conjugales, liens personnels et "
    "familiaux, OACAS, mineurs confiés à l'ASE) ne se lisent pas dans les pièces : à rechercher avec la personne."
)


def _months(doc: DocumentRecord) -> list[date]:
    """First days of the months a payslip covers: its period, or its issue month when it has none."""
    if doc.period_start and doc.period_end:
        first, last = doc.period_start.value, doc.period_end.value
    else:
        first = last = min(fact.value for _, fact in dated_fields(doc))
    month, months = first.replace(day=1), []
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def payslip_months(docs: tuple[DocumentRecord, ...], since: date, at: date) -> dict[date, tuple[float, str]]:
    """Distinct months of pay overlapping [since, at], each with its best confidence and evidence."""
    found: dict[date, tuple[float, str]] = {}
    for doc in of_type(docs, DocType.payslip):
        dates = dated_fields(doc)
        if not dates:
            continue
        confidence = type_confidence(doc) * min(fact.confidence for _, fact in dates)
        for month in _months(doc):
            if month <= at and add_months(month, 1) > since and confidence > found.get(month, (0.0, ""))[0]:
                found[month] = (confidence, ref(doc, dates[0][0]))
    return found


ALGERIAN_WORK = (
    " L'accord régit aussi l'admission au séjour pour le travail (art. 7) : la voie L.435-4 ne lui est pas "
    "ouverte, par le même raisonnement (CE, avis, 22/03/2010, n° 333679)."
)


def evaluate(dossier: Dossier, params: Parameters) -> CriterionResult:
    """The L.435-4 route; not applicable to an Algerian (the accord governs work too), kept as information."""
    result = _route(dossier, params)
    return outside_the_circular(result, ALGERIAN + ALGERIAN_WORK) if regime(dossier) == "algerian" else result


def _route(dossier: Dossier, params: Parameters) -> CriterionResult:
    """`to_check` when L.435-4 looks open (enough payslip months and years of residence).

    Confidence when open: the weakest of the payslip months needed to reach the threshold
    times the residence chain's weakest link. Otherwise the weakest document classification,
    as a missed payslip or proof is what could open the route.
    """
    at = dossier.application_date
    required = params.value("common_law.l435_4_payslip_months", at)
    lookback = params.value("common_law.l435_4_lookback_months", at)
    years = params.value("common_law.l435_4_residence_years", at)
    max_gap = params.value("common_law.l435_4_max_gap_months", at)
    details: dict[str, object] = {"not_detectable": NOT_DETECTABLE, "excluded_periods": EXCLUDED_PERIODS,
                                  "parameters": params.used(PARAMETERS, at)}
    not_applicable = {"id": "common_law_route", "status": "not_applicable", "legal_refs": LEGAL_REFS}
    if required is None or lookback is None or years is None or max_gap is None:
        return CriterionResult(
            **not_applicable, confidence=1.0, details=details,
            summary=f"Le dispositif expérimental de l'article L.435-4 n'est plus en vigueur au {fr_date(at)}." + ASK,
        )
    months = payslip_months(counted(dossier), add_months(at, -lookback), at)
    chain = continuous_presence(proof_stretches(counted(dossier), until=at), at, max_gap)
    resident = chain is not None and add_months(chain.start, 12 * years) <= at
    route = {
        "article": "L.435-4", "payslip_months": len(months), "required_months": required,
        "lookback_months": lookback, "residence_start": chain.start.isoformat() if chain else None,
        "open": len(months) >= required and resident,
    }
    details["routes"] = [route]
    facts = (
        f"{len(months)} mois de salaire distincts sur les {lookback} derniers mois ({required} requis) ; "
        + (f"présence continue depuis le {fr_date(chain.start)}, soit {years_months_fr(months_between(chain.start, at))}"
           if chain else "présence continue non établie")
        + f" ({years} ans requis)"
    )
    if not route["open"]:
        return CriterionResult(
            **not_applicable, confidence=round(none_found_confidence(counted(dossier)), 4), details=details,
            summary=f"Les pièces ne suggèrent pas la voie L.435-4 (métiers en tension) : {facts}." + ASK,
        )
    needed = sorted((c for c, _ in months.values()), reverse=True)[required - 1]
    return CriterionResult(
        id="common_law_route", status="to_check", confidence=round(needed * chain.confidence, 4),
        summary=(
            f"La voie de droit commun L.435-4 (métiers en tension), que la circulaire demande de privilégier, "
            f"paraît ouverte : {facts}. Vérifier que le métier et la zone figurent sur la liste prévue à "
            "l'article L.414-13, que l'emploi est actuel, que les périodes sous titre étudiant, saisonnier ou "
            "de demande d'asile sont écartées, et le bulletin n° 2 du casier judiciaire." + ASK
        ),
        legal_refs=LEGAL_REFS, evidence=tuple(e for _, e in (months[m] for m in sorted(months))),
        details=details,
    )
