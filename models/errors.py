"""Typed errors of aes, each with a sentence a person understands.

The CLI turns them into exit codes in one place; in a batch they become the manifest's `error`.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class AesError(Exception):
    """Base of every error aes reports to a person; `exit_code` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DocumentError(AesError):
    """A document could not be read at all."""


class EmptyFile(DocumentError):
    pass


class UnsupportedFile(DocumentError):
    pass


class EncryptedPdf(DocumentError):
    pass


class CorruptFile(DocumentError):
    pass


class TooLarge(DocumentError):
    pass


class OcrTimeout(DocumentError):
    pass


class OcrFailed(DocumentError):
    pass


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
