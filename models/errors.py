"""Typed errors of aes, each with a sentence a person understands.

The CLI turns them into exit codes in one place; in a batch they become the manifest's `error`.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class AesError(Exception):
    """Base of every error aes reports to a person; `exit_code` is what the CLI returns."""

    exit_code = 1
    code = "error"
    """Stable, for machines: the manifest's `error_code` beside the French `error`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DocumentError(AesError):
    """A document could not be read at all."""


class EmptyFile(DocumentError):
    code = "empty_file"


class UnsupportedFile(DocumentError):
    code = "unsupported_file"


class EncryptedPdf(DocumentError):
    code = "encrypted_pdf"


class CorruptFile(DocumentError):
    code = "corrupt_file"


class TooLarge(DocumentError):
    code = "too_large"


class OcrTimeout(DocumentError):
    code = "ocr_timeout"


class OcrFailed(DocumentError):
    code = "ocr_failed"


class MissingDependency(AesError):
    """Tesseract or its French data is not installed: nothing can be read until it is."""

    exit_code = 3


class MissingExtra(MissingDependency):
    """An optional part of aes that a command needs is not installed (`pyproject.toml`, extras)."""


def require_extra(extra: str, modules: tuple[str, ...], needed_by: str) -> None:
    """Raises MissingExtra, saying how to install it, when one of `modules` of the extra is missing."""
    import importlib.util

    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtra(
            f"{needed_by} a besoin des paquets optionnels « {extra} » ({', '.join(missing)} manquant) : "
            f"installez-les avec `pip install -e '.[{extra}]'`, ou `make deps` qui les installe tous."
        )


class LexiconError(AesError):
    """A data file of the extractor (`extractor/data/`: labels, signals) is malformed: a fault of aes, not of a paper."""


# The desk's papers (pipelines/desk, pipelines/outputs/pdf.py): a PDF the browser could not make, a folder
# that is not a dossier written by `aes process`.
class PdfFailed(AesError):
    """Chromium could not turn a page into a PDF; the HTML outputs are still written."""


class NotADossierFolder(AesError):
    """The folder given holds no dossier written by `aes process` (dossier.json, inventory.json)."""

    exit_code = 2


# Issue 17: what a file is, told without quoting it (a dossier's values are personal data).
def invalid_dossier(path: object, error: "ValidationError") -> str:
    first = error.errors()[0]
    where = ".".join(map(str, first["loc"])) or "le document"
    count = error.error_count()
    return f"{path} n'est pas un dossier aes-dossier/1 valide ({count} erreur(s), d'abord {where} : {first['type']})"


# Issue 17: a failure nobody foresaw, told with a reference that finds it in the log (never its text).
def internal_error(reference: str, kind: str) -> str:
    return (
        f"erreur interne d'aes ({kind}, référence {reference}) ; signalez-la avec cette référence "
        "(AES_TRACEBACK=1 affiche le détail technique)"
    )


# Issue 17: why an entry of an intake folder is not read, by the `error_code` the manifest gives beside it.
SKIPPED: dict[str, str] = {
    "system_file": "fichier système laissé par un scanner ou un gestionnaire de fichiers, pas un document",
    "outside_dossier": "le fichier n'est dans aucun dossier de demandeur",
    "fifo": "tube nommé (FIFO), pas un fichier : non lu",
    "socket": "socket, pas un fichier : non lu",
    "device": "fichier de périphérique, pas un fichier ordinaire : non lu",
    "symlink_outside": "lien symbolique vers un emplacement hors du dossier d'entrée : refusé, non suivi",
    "symlink_broken": "lien symbolique cassé : sa cible n'existe pas",
    "symlink_folder": "lien symbolique vers un dossier : ses fichiers sont lus là où ils sont",
    "entry_unreadable": "entrée illisible (droits, boucle de liens ou disparue pendant la lecture)",
}
META_UNREADABLE = "{file} n'a pas pu être lu ({detail}) ; la date de demande est prise ailleurs"
META_NATIONALITY_UNKNOWN = "{file} : la nationalité n'est pas un code ISO 3166-1 alpha-2 (DZ, SN…) ; elle reste inconnue"


# Issue 17: what reading a file says when it cannot, in French (the codes are the error classes' `code`).
READING: dict[str, str] = {
    "empty_file": "le fichier est vide (0 octet)",
    "heic": "les photos HEIC ne sont pas prises en charge : exportez la photo en JPEG",
    "zip": "c'est un document bureautique ou une archive (ZIP), ni un PDF ni une image : exportez-le en PDF",
    "unknown": "ce fichier n'est ni un PDF ni une image",
    "pdf_encrypted": "le PDF est protégé par un mot de passe : demandez une copie non protégée",
    "pdf_no_pages": "le PDF n'a aucune page",
    "pdf_damaged": "le PDF est endommagé et ne peut pas être ouvert ({detail})",
    "pdf_too_many_pages": "le PDF a {count} pages, au-delà de la limite de {limit}",
    "page_not_loaded": "la page n'a pas pu être chargée ({detail})",
    "page_not_rendered": "la page n'a pas pu être rendue en image ({detail})",
    "page_impossible_size": "la page a une taille impossible ({width:.0f}×{height:.0f} pt)",
    "text_layer_unreadable": "couche texte illisible ({detail})",
    "image_too_many_pages": "l'image a plus de {limit} pages (la limite de pages)",
    "image_too_many_pixels": "l'image fait {width}×{height} pixels, au-delà de la limite de {limit}",
    "image_bomb": "l'image est trop grande pour être ouverte sans risque ({detail})",
    "image_unidentified": "l'image est endommagée ou dans un format illisible",
    "image_damaged": "l'image est tronquée ou endommagée ({detail})",
    "no_page_read": "aucune page n'a pu être lue ({detail})",
    "no_page": "le fichier ne contient aucune page",
    "ocr_timeout": "l'OCR a pris plus de {seconds:.0f} s sur une page",
    "ocr_failed": "Tesseract n'a pas pu lire la page",
    "ocr_no_words": "Tesseract n'a pas pu lire la page (aucun mot rendu)",
    "page_note": "page {number} : {message}",
    "blank_page": "page blanche",
    "separator_sheet": "feuille de séparation, écartée",
    "blank_back": "rien de lisible, écartée comme verso blanc",
    "foreign_page": "le texte ne semble pas français ({language}) : vérifiez-le ou demandez une traduction",
}
MISSING: dict[str, str] = {
    "install_tesseract": "Installez-le avec : apt-get install tesseract-ocr tesseract-ocr-fra",
    "tesseract": "Tesseract OCR n'est pas installé. {hint}",
    "tesseract_fra": "Les données françaises de Tesseract (fra) ne sont pas installées. {hint}",
    "libtesseract": "La bibliothèque de Tesseract (libtesseract) n'a pas pu être chargée. {hint}",
    "tesseract_fra_load": "Tesseract n'a pas pu charger ses données françaises (fra). {hint}",
    "spacy_model": "Le modèle français de spaCy n'est pas installé. Installez-le avec : pip install {model}",
    "workers": "les processus de lecture ne peuvent pas démarrer : le dernier {reason}. Vérifiez l'installation (make deps).",
    "dask_unreachable": "le planificateur Dask à {address} est injoignable ({detail}). Démarrez-en un avec "
    "`dask scheduler`, et des workers avec `dask worker ADRESSE`.",
    "dask_no_worker": "aucun worker n'est connecté au planificateur Dask à {address} ; démarrez-en avec "
    "`dask worker {address}`",
}
"""A missing part of the installation, said with how to install it."""
BATCH_FAILURES: dict[str, str] = {
    "unreadable_file": "le fichier ne peut pas être ouvert ({detail})",
    "internal_error": "une erreur interne a arrêté la lecture ({kind}) : signalez-la",
    "worker_crashed": "le processus qui le lisait {reason}, à chacun des {attempts} essais",
    "document_timeout": "la lecture a dépassé la limite de {seconds:.0f} s et a été arrêtée",
    "cluster_crashed": "les workers Dask qui le lisaient sont morts à chaque essai",
    "cluster_failed": "le cluster Dask n'a pas pu exécuter la lecture ({kind})",
}
"""A document's failure that is no error of the file: by the `error_code` the manifest gives."""
