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


# The command line (`aes`, `aes review`). Its own messages, by a stable code: usage errors and what a command reports.
CLI_MESSAGES: dict[str, str] = {
    "not_a_date": "« {text} » n'est pas une date de la forme AAAA-MM-JJ",
    "no_review_store": "{source} ne contient pas de base de relecture (review.db)",
    "calibrate_sources": "donnez un seul jeu étiqueté avec ses prédictions (--pred), ou --from-reviews suivi de dossiers "
    "de sortie OUT…",
    "pred_or_out": "--pred lit des prédictions déjà faites, --out en écrit : l'un ou l'autre.",
    "interrupted": "Interrompu : relancez la même commande pour reprendre là où elle s'est arrêtée.",
    "fixtures_written": "Jeu étiqueté écrit dans {out}",
    "evaluation_written": "Évaluation écrite dans {path}",
    "tables_refitted": "{values} valeur(s) relue(s) ; {tables} table(s) écrite(s) dans {output}",
    "tables_written": "{tables} table(s) écrite(s) dans {output}",
}
# The words of the command line's frame, which Typer writes in English (pipelines/french_cli.py makes them French).
# Typer routes these through gettext: they make the catalogue pipelines/locale/fr/LC_MESSAGES/messages.mo,
# keyed by Typer's English (typer/core.py, typer/rich_utils.py); `python -m pipelines.french_cli` rewrites it.
CLI_CATALOGUE: dict[str, str] = {
    "Arguments": "Arguments",
    "Options": "Options",
    "Commands": "Commandes",
    "Error": "Erreur",
    "[default: {}]": "[par défaut : {}]",
    "default: {default}": "par défaut : {default}",
    "[required]": "[obligatoire]",
    "required": "obligatoire",
    "[env var: {}]": "[variable d'environnement : {}]",
    "env var: {var}": "variable d'environnement : {var}",
    "(deprecated) ": "(obsolète) ",
    "(dynamic)": "(calculé)",
    "Aborted.": "Interrompu.",
    "Aborted!": "Interrompu.",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "Aide : [blue]{command_path} {help_option}[/]",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : « {name} ».",
}
# Those Typer writes in English without gettext (its own copy of Click): pipelines/french_cli.py puts these in their place.
CLI_WORDS: dict[str, str] = {
    "usage": "Utilisation :",
    "help_option": "Afficher cette aide et quitter.",
    "options_metavar": "[OPTIONS]",
    "subcommand_metavar": "COMMANDE [ARGUMENTS]...",
    "help_hint": "Aide : {command} {option}",
    "error": "Erreur : {message}",
    "missing_argument": "Argument manquant : {name}.",
    "missing_option": "Option manquante : {name}.",
    "missing_parameter": "Paramètre manquant : {name}.",
    "no_such_option": "Option inconnue : {name}.",
    "possible_options": "Vouliez-vous dire : {options} ?",
    "invalid_value": "Valeur invalide pour {name} : {why}",
    "invalid": "Valeur invalide : {why}",
    "extra_arguments": "Argument(s) en trop : {arguments}.",
    "option_needs_value": "L'option {name} attend une valeur.",
    "option_takes_no_value": "L'option {name} ne prend pas de valeur.",
    "not_an_integer": "« {value} » n'est pas un nombre entier.",
    "not_a_number": "« {value} » n'est pas un nombre.",
    "at_least": "« {value} » est trop petit : {limit} au moins.",
    "at_most": "« {value} » est trop grand : {limit} au plus.",
    "not_a_choice": "« {value} » n'est pas une valeur possible ({choices}).",
    "path_missing": "« {path} » n'existe pas.",
    "path_is_file": "« {path} » est un fichier ; un dossier est attendu.",
    "path_is_folder": "« {path} » est un dossier ; un fichier est attendu.",
    "path_unreadable": "« {path} » ne peut pas être lu.",
    "path_unwritable": "« {path} » ne peut pas être écrit.",
}
CLI_TYPE_LABELS: dict[str, str] = {
    "int": "entier",
    "float": "nombre",
    "str": "texte",
    "path": "chemin",
    "Path": "chemin",
    "dir": "dossier",
    "file": "fichier",
    "datetime": "date",
}
"""The type shown beside an option in `--help`, by Typer's English name of it (a flag shows none)."""
