"""The signed contract of commitment to the principles of the Republic: the one completeness item."""

from criteria.facts import counted, none_found_confidence, of_type, ref, type_confidence
from criteria.parameters import Parameters
from models.document import DocType, DocumentRecord
from models.dossier import CriterionResult, Dossier

LEGAL_REFS = (
    "Circulaire INTK2435521J du 23/01/2025, §2",
    "CESEDA L.412-7",
    "CESEDA L.412-8",
    "Décret 2024-811 du 08/07/2024",
)
EXEMPTIONS = (
    "Le contrat n'est pas exigé des citoyens de l'Union européenne, de l'EEE, suisses et de leurs familles, "
    "ni pour les titres régis par des engagements internationaux (ressortissants algériens notamment) : "
    "vérifier la nationalité avant de conclure."
)


def _signed(doc: DocumentRecord) -> bool | None:
    return doc.contract.signed.value if doc.contract and doc.contract.signed else None


def _confidence(doc: DocumentRecord) -> float:
    """The document is a contract and its signature was read right: both must hold."""
    signed = doc.contract.signed.confidence if doc.contract and doc.contract.signed else 1.0
    return type_confidence(doc) * signed


def evaluate(dossier: Dossier, params: Parameters) -> CriterionResult:
    """Favourable with a signed contract; unfavourable when it is missing or unsigned.

    Confidence: product of the contract's type confidence and its signature's confidence
    (the best contract when several); with no contract, the weakest classification of the
    other documents, as only a misclassified contract could change the answer.
    """
    contracts = of_type(counted(dossier), DocType.republican_contract)
    by_state = {state: [d for d in contracts if _signed(d) is state] for state in (True, False, None)}
    if by_state[True]:
        best = max(by_state[True], key=_confidence)
        return CriterionResult(
            id="republican_contract", status="favourable", confidence=round(_confidence(best), 4),
            summary="Le contrat d'engagement à respecter les principes de la République est joint et signé.",
            legal_refs=LEGAL_REFS, evidence=(ref(best, "doc_type"), ref(best, "contract.signed")),
            details={"parameters": {}},
        )
    incomplete = (
        "La demande est incomplète et, à ce titre, irrecevable selon la circulaire tant que le contrat "
        f"signé n'est pas produit. {EXEMPTIONS}"
    )
    if by_state[False]:
        best = max(by_state[False], key=_confidence)
        return CriterionResult(
            id="republican_contract", status="unfavourable", confidence=round(_confidence(best), 4),
            summary=f"Le contrat d'engagement républicain est joint mais n'est pas signé. {incomplete}",
            legal_refs=LEGAL_REFS, evidence=(ref(best, "doc_type"), ref(best, "contract.signed")),
            details={"parameters": {}},
        )
    if by_state[None]:
        best = max(by_state[None], key=type_confidence)
        return CriterionResult(
            id="republican_contract", status="uncertain", confidence=round(type_confidence(best), 4),
            summary="Un contrat d'engagement républicain est joint mais sa signature n'a pas pu être lue : "
            "vérifier qu'il est daté et signé.",
            legal_refs=LEGAL_REFS, evidence=(ref(best, "doc_type"),), details={"parameters": {}},
        )
    return CriterionResult(
        id="republican_contract", status="unfavourable",
        confidence=round(none_found_confidence(counted(dossier)), 4),
        summary="Aucun contrat d'engagement à respecter les principes de la République n'a été trouvé. "
        + incomplete,
        legal_refs=LEGAL_REFS, details={"parameters": {}},
    )
