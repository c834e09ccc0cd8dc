"""The signed contract of commitment to the principles of the Republic: the one completeness item.

It is asked of requests filed since decree 2024-811 applied (`contract.required`), and not of
EU, EEA and Swiss citizens nor of Algerians, whose titles an international commitment governs
(circular of 23/01/2025, note 2).
"""

from criteria.facts import counted, none_found_confidence, of_type, ref, type_confidence
from criteria.parameters import Parameters
from criteria.regimes import regime
from models.document import DocType, DocumentRecord
from models.dossier import CriterionResult, Dossier
from models.vocabulary import fr_date

PARAMETERS = ["contract.required"]
LEGAL_REFS = (
    "Circulaire INTK2435521J du 23/01/2025, §2 et note 2",
    "CESEDA L.412-7",
    "CESEDA L.412-8",
    "Décret 2024-811 du 08/07/2024",
)
EXEMPT = {
    "algerian": "Le contrat n'est pas exigé d'un ressortissant algérien : son titre est régi par l'accord "
    "franco-algérien du 27/12/1968, un engagement international (note 2 de la circulaire).",
    "eu_eea_swiss": "Le contrat n'est pas exigé d'un citoyen de l'Union européenne, de l'EEE ou de la Suisse "
    "(note 2 de la circulaire).",
}
UNKNOWN_NATIONALITY = (
    " Nationalité non renseignée : le contrat n'est exigé ni des citoyens de l'Union européenne, de l'EEE et "
    "suisses, ni des ressortissants algériens ; la vérifier."
)


def _signed(doc: DocumentRecord) -> bool | None:
    return doc.contract.signed.value if doc.contract and doc.contract.signed else None


def _confidence(doc: DocumentRecord) -> float:
    """The document is a contract and its signature was read right: both must hold."""
    signed = doc.contract.signed.confidence if doc.contract and doc.contract.signed else 1.0
    return type_confidence(doc) * signed


def _exemption(dossier: Dossier, params: Parameters) -> str | None:
    """Why the contract is not asked of this request, if it is not."""
    if not params.value("contract.required", dossier.application_date):
        since = params.parameters["contract.required"].values[-1].since
        return (f"Demande déposée le {fr_date(dossier.application_date)}, avant le {fr_date(since)} où s'applique "
                "le décret 2024-811 : le contrat n'est pas exigé.")
    found = regime(dossier)
    return EXEMPT[found] if found else None


def evaluate(dossier: Dossier, params: Parameters) -> CriterionResult:
    """Favourable with a signed contract; not applicable when none is asked of this request;
    unfavourable (a missing piece) when it is missing or unsigned.

    Confidence: product of the contract's type confidence and its signature's confidence
    (the best contract when several); with no contract, the weakest classification of the
    other documents, as only a misclassified contract could change the answer; 1.0 for an
    exemption, which rests on the filing date and the nationality given, not on reading.
    """
    details = {"parameters": params.used(PARAMETERS, dossier.application_date)}
    contracts = of_type(counted(dossier), DocType.republican_contract)
    by_state = {state: [d for d in contracts if _signed(d) is state] for state in (True, False, None)}
    if by_state[True]:
        best = max(by_state[True], key=_confidence)
        return CriterionResult(
            id="republican_contract", status="favourable", confidence=round(_confidence(best), 4),
            summary="Le contrat d'engagement à respecter les principes de la République est joint et signé.",
            legal_refs=LEGAL_REFS, evidence=(ref(best, "doc_type"), ref(best, "contract.signed")),
            details=details,
        )
    exemption = _exemption(dossier, params)
    if exemption:
        return CriterionResult(
            id="republican_contract", status="not_applicable", confidence=1.0, summary=exemption,
            legal_refs=LEGAL_REFS, details=details,
        )
    incomplete = (
        " Pièce manquante : la circulaire prévoit qu'une demande non accompagnée du contrat signé est « incomplète "
        "et déclarée irrecevable » ; la personne peut le produire."
        + (UNKNOWN_NATIONALITY if dossier.nationality is None else "")
    )
    if by_state[False]:
        best = max(by_state[False], key=_confidence)
        return CriterionResult(
            id="republican_contract", status="unfavourable", confidence=round(_confidence(best), 4),
            summary=f"Le contrat d'engagement républicain est joint mais n'est pas signé.{incomplete}",
            legal_refs=LEGAL_REFS, evidence=(ref(best, "doc_type"), ref(best, "contract.signed")),
            details=details,
        )
    if by_state[None]:
        best = max(by_state[None], key=type_confidence)
        return CriterionResult(
            id="republican_contract", status="uncertain", confidence=round(type_confidence(best), 4),
            summary="Un contrat d'engagement républicain est joint mais sa signature n'a pas pu être lue : "
            "vérifier qu'il est daté et signé.",
            legal_refs=LEGAL_REFS, evidence=(ref(best, "doc_type"),), details=details,
        )
    return CriterionResult(
        id="republican_contract", status="unfavourable",
        confidence=round(none_found_confidence(counted(dossier)), 4),
        summary="Aucun contrat d'engagement à respecter les principes de la République n'a été trouvé." + incomplete,
        legal_refs=LEGAL_REFS, details=details,
    )
