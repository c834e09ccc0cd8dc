"""Exclusions the documents cannot settle: public order and polygamy always go to a person.

Both rest on data the tool neither reads nor may infer (criminal records, family status;
never from nationality or religion), so the status is `to_check` with certainty: the
confidence of 1.0 is that a person must look, not a finding about the applicant.
"""

from criteria.parameters import Parameters
from models.dossier import CriterionId, CriterionResult, Dossier

CIRCULAR = "Circulaire INTK2435521J du 23/01/2025, §3"
PUBLIC_ORDER = (
    "La menace à l'ordre public exclut du bénéfice de la circulaire. L'outil n'a accès à aucun "
    "fichier : consulter le FAED, le TAJ, le FPR et le bulletin n° 2 du casier judiciaire, et vérifier "
    "si la personne a commis les faits visés à l'article L.432-1-1 (2° à 4° : faux, infractions listées, "
    "violences contre des élus ou agents publics), qui permettent un refus motivé sans l'imposer."
)
POLYGAMY = (
    "La situation de polygamie sur le territoire exclut du bénéfice de la circulaire et de "
    "l'article L.435-1. Vérifier l'attestation sur l'honneur de non-polygamie et l'état civil produit ; "
    "ne jamais le déduire de la nationalité ou de la religion."
)


def _for_a_person(criterion: CriterionId, summary: str, legal_refs: tuple[str, ...], to_consult: list[str]) -> CriterionResult:
    """Always to check, whatever the dossier: what to consult is all the tool can say."""
    return CriterionResult(
        id=criterion, status="to_check", confidence=1.0, summary=summary, legal_refs=legal_refs,
        details={"to_consult": to_consult, "parameters": {}},
    )


def public_order(dossier: Dossier, params: Parameters) -> CriterionResult:
    return _for_a_person("public_order", PUBLIC_ORDER, (CIRCULAR, "CESEDA L.432-1", "CESEDA L.432-1-1"),
                         ["FAED", "TAJ", "FPR", "bulletin n° 2 du casier judiciaire"])


def polygamy(dossier: Dossier, params: Parameters) -> CriterionResult:
    return _for_a_person("polygamy", POLYGAMY, (CIRCULAR, "CESEDA L.435-1"),
                         ["attestation sur l'honneur de non-polygamie", "actes d'état civil"])
