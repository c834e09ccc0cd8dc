"""Nationalities whose holders fall under another regime than the circular's for L.435-1.

Algerians: the Franco-Algerian accord of 27 December 1968 governs their stay « d'une manière
complète », so L.435-1 and the circular's indicators do not apply to them; the prefect keeps a
general power to regularise (CE, avis, 22 March 2010, n° 333679), and art. 6, 1° of the accord
gives a certificate to one who proves more than ten years of residence. EU, EEA and Swiss
citizens are outside the circular (its note 2) and the contract of L.412-7 is not asked of
them; nor of Algerians, whose titles are governed by an international commitment (note 2).
"""

from typing import Literal

from models.dossier import CriterionResult, Dossier, Status

Regime = Literal["algerian", "eu_eea_swiss"]

ALGERIA = "DZ"
# The Union's 27 members since the United Kingdom left on 31/01/2020, the EEA's three others, and Switzerland.
EU_EEA_SWISS = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO", "CH",
})
ALGERIAN_REFS = ("Accord franco-algérien du 27/12/1968, art. 6, 1°", "CE, avis, 22/03/2010, n° 333679")
ALGERIAN = (
    "Ressortissant algérien : l'accord franco-algérien du 27/12/1968 régit son séjour de manière complète ; "
    "l'article L.435-1 et les indices de la circulaire ne s'appliquent pas, le préfet garde un pouvoir général "
    "de régularisation (CE, avis, 22/03/2010, n° 333679)."
)


def regime(dossier: Dossier) -> Regime | None:
    if dossier.nationality == ALGERIA:
        return "algerian"
    if dossier.nationality in EU_EEA_SWISS:
        return "eu_eea_swiss"
    return None


def outside_the_circular(result: CriterionResult, why: str, status: Status = "not_applicable") -> CriterionResult:
    """The circular's indicator turned into information for a regime it does not govern: what the rule found
    stays in the details and the summary, after why it does not apply. Confidence 1.0 when not applicable:
    it rests on the nationality given, not on any reading."""
    return result.model_copy(update={
        "status": status,
        "confidence": 1.0 if status == "not_applicable" else result.confidence,
        "summary": f"{why} Pour information : {result.summary}",
        "legal_refs": result.legal_refs + ALGERIAN_REFS,
    })
