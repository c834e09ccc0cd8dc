"""Typed errors of the reading stage, each with a sentence a person understands.

The CLI turns them into exit codes in one place; in a batch they become the manifest's `error`.
"""


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
