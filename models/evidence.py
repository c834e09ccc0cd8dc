"""Every extracted value carries its confidence and where it was read (design.md)."""

from typing import Generic, Literal, TypeVar

from pydantic import Field, FiniteFloat

from models.base import AesModel

T = TypeVar("T")

BBox = tuple[FiniteFloat, FiniteFloat, FiniteFloat, FiniteFloat]
"""x0, y0, x1, y1 in page points (PDF user space, origin top-left, as pdfplumber reports); never
infinite nor NaN, which JSON cannot hold (they would come back as null and the dossier not load)."""

Source = Literal["text_layer", "ocr", "reviewer", "derived", "2d-doc"]


class Provenance(AesModel):
    page: int = Field(ge=1, description="Page of the file, counted from 1.")
    bbox: BBox | None = Field(None, description="Box of the text in page points, origin top-left.")
    text: str = Field("", description="The text the value was read from.")
    source: Source = Field(description="How the words were obtained.")
    method: str = Field("", description="The rule or model that found the value.")


class Extracted(AesModel, Generic[T]):
    value: T
    confidence: float = Field(ge=0.0, le=1.0, description="Probability that the value is right.")
    provenance: Provenance
    reviewed: bool = Field(False, description="True once a reviewer confirmed or corrected it.")
