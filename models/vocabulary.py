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
    "favourable": "favorable",
    "unfavourable": "défavorable",
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
SOURCE_LABELS: dict[str, str] = {
    "text_layer": "texte du PDF",
    "ocr": "OCR",
    "mixed": "texte du PDF et OCR",
    "none": "illisible",
    "reviewer": "relecteur",
    "derived": "déduit",
}
"""How a value or a document was read (Provenance.source, DocumentRecord.reading)."""


def capitalised(labels: dict[str, str]) -> dict[str, str]:
    return {key: label[:1].upper() + label[1:] for key, label in labels.items()}


def fr_date(day: date) -> str:
    """A date as the French write it: 05/03/2024."""
    return day.strftime("%d/%m/%Y")


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
    "unreadable": "page {page} : code 2D-DOC illisible",
}
TWO_D_DOC_MISMATCH = "données du code 2D-DOC différentes du texte imprimé"
TWO_D_DOC_VERIFIED_PROOFS = "Preuves de présence vérifiées par leur code 2D-DOC signé"
