"""What the reading stage produces: pages of words with boxes, read from a text layer or OCR."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from models.base import AesModel
from models.evidence import BBox
from models.two_d_doc import Barcode

PageReading = Literal["text_layer", "ocr", "blank", "failed"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """The text with its surrogate pairs joined and any lone surrogate (a text layer's broken mapping,
    a name undecodable as UTF-8) made U+FFFD: the NLP model, JSON and SQLite take only valid Unicode."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class Word(AesModel):
    text: Annotated[str, AfterValidator(valid_unicode)]
    bbox: BBox = Field(description="Page points, origin top-left.")
    confidence: float = Field(ge=0.0, le=1.0, description="1.0 for a text layer; Tesseract's otherwise.")
    line: int = Field(0, description="Index of the line the word belongs to, within its page.")


class PageText(AesModel):
    number: int = Field(ge=1)
    width: float = Field(description="Page width in points.")
    height: float = Field(description="Page height in points.")
    reading: PageReading
    rotation: int = Field(0, description="Degrees the page image was turned to read it upright.")
    words: tuple[Word, ...] = ()
    warnings: tuple[str, ...] = ()
    barcodes: tuple[Barcode, ...] = Field((), description="2D-DOC DataMatrix codes decoded on the page.")

    @property
    def text(self) -> str:
        lines: dict[int, list[Word]] = {}
        for word in self.words:
            lines.setdefault(word.line, []).append(word)
        return "\n".join(
            " ".join(w.text for w in sorted(words, key=lambda w: w.bbox[0])) for _, words in sorted(lines.items())
        )


class DocumentText(AesModel):
    file: str = Field(description="Path relative to the dossier folder.")
    sha256: str
    kind: Literal["pdf", "image"]
    pages: tuple[PageText, ...]
    warnings: tuple[str, ...] = ()

    @property
    def reading(self) -> Literal["text_layer", "ocr", "mixed", "none"]:
        kinds = {p.reading for p in self.pages if p.reading in ("text_layer", "ocr")}
        if not kinds:
            return "none"
        return kinds.pop() if len(kinds) == 1 else "mixed"


class Segment(AesModel):
    """One document of a file: a scanned pile holds several, most files one."""

    first: int = Field(ge=1, description="First page of the file the document occupies.")
    last: int = Field(ge=1, description="Last page of the file the document occupies (inclusive).")
    text: DocumentText = Field(description="Its pages (blank backs and separators left out), named FILE#pA-B "
                                           "when the file holds several documents.")
