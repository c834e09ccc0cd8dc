"""The French words for the app's names, once: the reports, the review app and the CLI all say these.

Document types, criteria, statuses, fact fields and sources; a test checks that every member of
their enums has its label here.
"""

from datetime import date

DOC_TYPE_LABELS: dict[str, str] = {
    "payslip": "Bulletin de salaire",
    "tax_notice": "Avis d'imposition",
    "utility_bill": "Facture (énergie, téléphone)",
    "rent_receipt": "Quittance de loyer",
    "medical": "Document médical",
    "ame_attestation": "Attestation AME",
    "bank_statement": "Relevé bancaire",
    "school_certificate": "Certificat de scolarité",
    "transport_pass": "Titre de transport",
    "domiciliation": "Attestation de domiciliation",
    "oqtf_decision": "Décision portant OQTF",
    "return_ban": "Interdiction de retour",
    "language_certificate": "Certification en français",
    "french_diploma": "Diplôme français",
    "republican_contract": "Contrat d'engagement républicain",
    "identity": "Pièce d'identité",
    "employment": "Emploi (contrat, attestation)",
    "other": "Autre document",
}
CRITERION_LABELS: dict[str, str] = {
    "republican_contract": "Contrat d'engagement républicain",
    "presence_duration": "Durée de présence en France",
    "language": "Maîtrise du français",
    "oqtf": "OQTF non exécutée",
    "public_order": "Menace à l'ordre public",
    "polygamy": "Polygamie",
    "common_law_route": "Voies de droit commun",
}
STATUS_LABELS: dict[str, str] = {
    # An indicator's words, never a verdict's: the prefect decides (issue 18).
    "favourable": "indice favorable",
    "unfavourable": "indice défavorable",
    "uncertain": "incertain",
    "to_check": "à vérifier",
    "not_applicable": "sans objet",
}
"""In a sentence's case; a heading or a chip capitalises them (`capitalised`)."""
FIELD_LABELS: dict[str, str] = {
    "doc_type": "Type de document",
    "issue_date": "Date d'émission",
    "period_start": "Début de la période",
    "period_end": "Fin de la période",
    "oqtf.decision_date": "Date de la décision OQTF",
    "oqtf.notification_date": "Date de notification de l'OQTF",
    "return_ban.duration_months": "Durée de l'interdiction de retour (mois)",
    "language.kind": "Certification en français",
    "language.level": "Niveau de français",
    "contract.signed": "Contrat signé",
}
# Issue 18 (legal fidelity): what became of an OQTF, in a sentence's case (OqtfState).
OQTF_STATE_LABELS: dict[str, str] = {
    "executed": "exécutée",
    "annulled": "annulée par le juge",
    "abrogated": "abrogée",
}
SOURCE_LABELS: dict[str, str] = {
    "text_layer": "texte du PDF",
    "ocr": "OCR",
    "mixed": "texte du PDF et OCR",
    "none": "illisible",
    "reviewer": "relecteur",
    "derived": "déduit",
}
"""How a value or a document was read (Provenance.source, DocumentRecord.reading)."""

# Issue 17 (hardening): what the review app says of a request it refuses or an audit line it cannot replay.
BBOX_NOT_FOUR_NUMBERS = "Zone invalide : quatre nombres finis x0,y0,x1,y1 sont attendus."
AUDIT_LINE_UNUSABLE = (
    "La ligne n° {line} du journal des modifications ne peut pas être relue ({why}) : elle n'est pas "
    "appliquée à ce dossier ; le journal la garde telle quelle."
)
REVIEW_ERRORS: dict[str, str] = {
    "body_too_large": "Requête trop volumineuse (plus de {limit} octets) : elle n'a pas été lue.",
    "login_required": "Connexion requise.",
    "invalid_request": "Requête invalide : {problems}.",
    "text_too_long": "« {name} » est trop long : {limit} caractères au plus.",
    "internal_error": "Erreur interne du serveur (référence {reference}) : l'opération n'a pas abouti ; "
    "signalez cette référence à l'administrateur.",
}
"""By their `error_code`, beside the French in every JSON error of the review app."""
EXPORT_REFUSED = "non exporté : {why}"
EXPORT_UNREVIEWED = "{count} valeur(s) pas encore relue(s), par exemple {example}"
EXPORT_WRITTEN = "{count} dossier(s) écrit(s) dans {folder}."
EXPORT_LABELLED = "{count} dossier(s) étiqueté(s) écrit(s) dans {folder}."
EXPORT_NOT_LABELLED = "Non étiqueté : {dossier_id} : {why}"
EXPORT_NOT_WRITTEN = "Non exporté : {dossier_id} : {why}"
ACCOUNT_MESSAGES: dict[str, str] = {
    "empty_name": "l'identifiant est vide",
    "short_password": "le mot de passe doit compter au moins {length} caractères",
    "user_exists": "le compte « {name} » existe déjà",
    "no_account": "Aucun compte pour l'instant : aes review user add NOM --password-stdin --db {db}",
    "password_stdin": "Donnez le mot de passe sur l'entrée standard avec --password-stdin.",
    "not_added": "Compte non créé : {why}.",
    "added": "Compte {name} ({role}) ajouté à {db}.",
}


def capitalised(labels: dict[str, str]) -> dict[str, str]:
    return {key: label[:1].upper() + label[1:] for key, label in labels.items()}


def fr_date(day: date) -> str:
    """A date as the French write it: 05/03/2024."""
    return day.strftime("%d/%m/%Y")

# The intake desk's papers (pipelines/desk): what became of each received file, as the inventory says it.
RECEIVED_LABELS: dict[str, str] = {
    "read": "reçue",
    "copy": "autre exemplaire",
    "unreadable": "illisible — à rescanner",
    "not_a_document": "non retenue (pas un document)",
}

# Review desk (issue 21): the document view's actions, the keys a reviewer presses, the queue's marks.
DESK_ACTION_LABELS: dict[str, str] = {
    "retype": "Type changé",
    "undo": "Annulé",
}
"""Audit actions of the document view, beside the review app's confirm/correct/reject/add/split/merge."""
DESK_KEY_LABELS: dict[str, str] = {
    "Entrée": "confirmer la valeur et passer à la suivante",
    "c": "corriger la valeur (date tapée JJMMAAAA ou JJ/MM/AAAA)",
    "r": "rejeter la valeur",
    "j / k": "valeur suivante / précédente",
    "n / p": "document suivant / précédent",
    "a": "confirmer toutes les valeurs sûres du document",
    "t": "changer le type du document",
    "b": "ajouter une valeur : tracer son cadre sur la page, ou taper le début d'un mot (Tab : le suivant), Maj+→ pour étendre",
    "u": "annuler la dernière action",
    "+ / − / 0": "zoom avant / arrière / page entière",
}
DESK_REVIEWED = "relu"
"""The mark of a dossier whose every value a criterion rests on has been reviewed."""


# 2D-DOC (issue #20): the signed barcode's source, its statuses, and what the report and the warnings say.
SOURCE_LABELS["2d-doc"] = "code 2D-DOC signé"
TWO_D_DOC_STATUS_LABELS: dict[str, str] = {
    "valid": "signature vérifiée",
    "invalid": "signature invalide : données modifiées après signature",
    "unknown_certificate": "certificat de l'émetteur inconnu : signature non vérifiable ici",
    "unreadable": "code illisible",
}
TWO_D_DOC_STATUS_WARNINGS: dict[str, str] = {
    "invalid": "page {page} : code 2D-DOC à la signature invalide, ses données ont été modifiées après signature",
    "unknown_certificate": "page {page} : code 2D-DOC d'un émetteur dont le certificat est inconnu ici, "
                           "sa signature n'a pas pu être vérifiée",
    "unreadable": "page {page} : code 2D-DOC illisible (abîmé ou trop petit sur l'image), non vérifié : "
                  "le scanner de nouveau ou le contrôler sur l'original",
}
TWO_D_DOC_MISMATCH = "données du code 2D-DOC différentes du texte imprimé"
TWO_D_DOC_VERIFIED_PROOFS = "Preuves de présence vérifiées par leur code 2D-DOC signé"
