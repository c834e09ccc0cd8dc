"""The request for missing pieces (« demande de pièces complémentaires »): what to bring, built from the
dossier's assessment and evidence, in words the applicant understands. It asks for papers; it never
says what will be decided."""

from datetime import date

from criteria.facts import add_months, counted, of_type, proof_stretches
from criteria.parameters import ParameterError, load_parameters
from models.desk import Inventory, PieceRequest, RequestEdit, RequestLine
from models.document import DocType, DocumentRecord
from models.dossier import CriterionResult, Dossier
from models.vocabulary import CRITERION_LABELS, fr_date

# Why a line is asked: the criterion as the report names it, and the text that makes it count.
PRESENCE_REF = f"{CRITERION_LABELS['presence_duration']} (circulaire du 23/01/2025, §2)"
CONTRACT_REF = f"{CRITERION_LABELS['republican_contract']} (CESEDA L.412-7)"
LANGUAGE_REF = f"{CRITERION_LABELS['language']} (circulaire du 23/01/2025, §2)"
OQTF_REF = "Obligation de quitter le territoire (circulaire du 23/01/2025, §3)"
PRESENCE_EXAMPLES = (
    "par exemple : bulletin de salaire, quittance de loyer, facture d'électricité, de gaz ou de téléphone, "
    "avis d'imposition, attestation d'aide médicale de l'État (AME), relevé bancaire, document médical, "
    "certificat de scolarité, titre de transport"
)
LANGUAGE_EXAMPLES = "par exemple : diplôme français, DELF, DALF, DCL, DILF, ou attestation TCF ou TEF"
HALVES = {1: ("premier semestre", 1, 6), 2: ("second semestre", 7, 12)}


def _semester(year: int, half: int) -> tuple[date, date]:
    _, first, last = HALVES[half]
    return date(year, first, 1), date(year, last, 31 if last == 12 else 30)


def uncovered_semesters(dossier: Dossier) -> list[tuple[int, int]]:
    """(year, half) of each calendar half-year, from the first proof of presence to the application date,
    that no proof of presence covers a day of."""
    at = dossier.application_date
    stretches = proof_stretches(counted(dossier), until=at)
    if not stretches:
        return []
    start = min(s.start for s in stretches)
    empty = []
    for year in range(start.year, at.year + 1):
        for half in (1, 2):
            first, last = _semester(year, half)
            low, high = max(first, start), min(last, at)
            if low <= high and not any(s.start <= high and s.end >= low for s in stretches):
                empty.append((year, half))
    return empty


def _presence(dossier: Dossier) -> list[RequestLine]:
    at = dossier.application_date
    stretches = proof_stretches(counted(dossier), until=at)
    if not stretches:
        return [RequestLine(
            key="presence_none", code="presence_none", criterion="presence_duration",
            text="Des preuves de votre présence en France, au moins une pour chaque semestre depuis votre arrivée.",
            examples=PRESENCE_EXAMPLES, reason=f"{PRESENCE_REF} : aucune pièce datée du dossier ne la montre.",
        )]
    lines = []
    try:
        min_years = load_parameters().value("presence.min_years", at)
    except ParameterError:
        min_years = None
    first = min(s.start for s in stretches)
    if min_years and add_months(at, -12 * min_years) < first:
        lines.append(RequestLine(
            key="presence_before", code="presence_before", criterion="presence_duration",
            text=f"Si vous étiez déjà en France avant le {fr_date(first)} : des preuves de votre présence "
            "pour les années d'avant.",
            examples=PRESENCE_EXAMPLES,
            reason=f"{PRESENCE_REF} : la plus ancienne pièce du dossier date du {fr_date(first)}.",
            period=(add_months(at, -12 * min_years), first),
        ))
    for year, half in uncovered_semesters(dossier):
        start, end = _semester(year, half)
        first_asked = not lines  # the examples are said once, on the first line about presence
        name = HALVES[half][0]
        lines.append(RequestLine(
            key=f"presence_semester:{year}-S{half}", code="presence_semester", criterion="presence_duration",
            text=f"Une preuve de votre présence en France pendant le {name} {year} "
            f"(du {fr_date(start)} au {fr_date(min(end, at))}).",
            examples=PRESENCE_EXAMPLES if first_asked else "",
            reason=f"{PRESENCE_REF} : aucune pièce du dossier ne couvre le {name} {year}.",
            period=(start, min(end, at)),
        ))
    return lines


def _signed(doc: DocumentRecord) -> bool | None:
    return doc.contract.signed.value if doc.contract and doc.contract.signed else None


def _contract(dossier: Dossier) -> list[RequestLine]:
    contracts = of_type(counted(dossier), DocType.republican_contract)
    states = {_signed(doc) for doc in contracts}
    if True in states:
        return []
    if not contracts:
        code, text = "contract_missing", ("Le contrat d'engagement à respecter les principes de la République, "
                                          "daté et signé de votre main.")
        why = "il n'a pas été trouvé dans les pièces remises"
    elif False in states:
        code, text = "contract_unsigned", ("Le contrat d'engagement à respecter les principes de la République "
                                           "signé de votre main : l'exemplaire remis n'est pas signé.")
        why = "l'exemplaire remis n'est pas signé"
    else:
        code, text = "contract_unread", ("Le contrat d'engagement à respecter les principes de la République, "
                                         "daté et signé : la signature n'est pas visible sur la copie remise.")
        why = "la signature n'a pas pu être vue"
    return [RequestLine(key=code, code=code, criterion="republican_contract", text=text,
                        reason=f"{CONTRACT_REF} : {why}.")]


def _language(result: CriterionResult | None) -> list[RequestLine]:
    # « to_check »: a test past the validity its bodies give, or a paper whose kind is unsure; a newer one settles it.
    if result is None or result.status not in ("unfavourable", "uncertain", "to_check"):
        return []
    if result.status == "unfavourable":
        return [RequestLine(
            key="language_missing", code="language_missing", criterion="language",
            text="Si vous en avez un : un diplôme ou une attestation qui montre votre niveau de français.",
            examples=LANGUAGE_EXAMPLES, reason=f"{LANGUAGE_REF} : aucune pièce sur le français dans le dossier.",
        )]
    return [RequestLine(
        key="language_expired", code="language_expired", criterion="language",
        text="Si vous en avez une : une attestation de français plus récente (un test TCF ou TEF de moins de "
        "2 ans), ou un diplôme de français.",
        examples=LANGUAGE_EXAMPLES,
        reason=f"{LANGUAGE_REF} : l'attestation remise est trop ancienne ou sa date ne se lit pas.",
    )]


def _oqtf(dossier: Dossier) -> list[RequestLine]:
    lines = []
    for doc in of_type(counted(dossier), DocType.oqtf_decision):
        if doc.oqtf and doc.oqtf.notification_date:
            continue
        decided = doc.oqtf.decision_date.value if doc.oqtf and doc.oqtf.decision_date else None
        which = f"du {fr_date(decided)}" if decided else f"remise ({doc.file})"
        lines.append(RequestLine(
            key=f"oqtf_notification:{doc.file}", code="oqtf_notification", criterion="oqtf",
            text=f"La notification de la décision d'obligation de quitter le territoire {which} : la page qui "
            "porte la date à laquelle elle vous a été remise ou envoyée (accusé de réception, procès-verbal).",
            reason=f"{OQTF_REF} : la date de notification ne se lit pas sur les pièces remises.",
        ))
    return lines


def _identity(dossier: Dossier) -> list[RequestLine]:
    if of_type(counted(dossier), DocType.identity):
        return []
    return [RequestLine(
        key="identity_missing", code="identity_missing",
        text="Une pièce d'identité : votre passeport, ou à défaut une carte consulaire ou un acte de naissance.",
        reason="Identité : aucune pièce d'identité dans les pièces remises.",
    )]


def _unreadable(inventory: Inventory | None) -> list[RequestLine]:
    if inventory is None:
        return []
    return [
        RequestLine(
            key=f"unreadable_file:{line.file}", code="unreadable_file",
            text=f"À nouveau, le document « {line.file} » : une copie nette et complète, ou l'original à "
            "numériser.",
            reason="Inventaire des pièces : ce fichier n'a pas pu être lu.",
        )
        for line in inventory.lines if line.state == "unreadable"
    ]


def build_request(dossier: Dossier, inventory: Inventory | None, made_on: date) -> PieceRequest:
    """The lines to ask for, most weighty first: presence, contract, identity, OQTF, language, files to scan again."""
    results = {c.id: c for c in dossier.assessment.criteria} if dossier.assessment else {}
    lines = (
        _presence(dossier) + _contract(dossier) + _identity(dossier) + _oqtf(dossier)
        + _language(results.get("language")) + _unreadable(inventory)
    )
    return PieceRequest(dossier_id=dossier.dossier_id, application_date=dossier.application_date, made_on=made_on,
                        lines=tuple(lines))


def edited(request: PieceRequest, edits: list[RequestEdit]) -> PieceRequest:
    """The request with reviewers' edits replayed in order; an edit whose line is no longer asked
    (a correction covered the semester since) is left aside."""
    lines = {line.key: line for line in request.lines}
    for edit in edits:
        if edit.action == "remove":
            lines.pop(edit.key, None)
        elif edit.action == "change" and edit.key in lines:
            lines[edit.key] = lines[edit.key].model_copy(update={"text": edit.text, "edited": True})
        elif edit.action == "add":
            lines[edit.key] = RequestLine(key=edit.key, code="reviewer", text=edit.text, edited=True,
                                          reason="Ajouté par l'agent.")
    return request.model_copy(update={"lines": tuple(lines.values())})
