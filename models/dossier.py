"""The dossier JSON contract, aes-dossier/1 (design.md)."""

from datetime import date
from typing import Any, Literal

from pydantic import Field

from models.base import AesModel
from models.document import DocumentRecord

CriterionId = Literal[
    "republican_contract",
    "presence_duration",
    "language",
    "oqtf",
    "public_order",
    "polygamy",
    "common_law_route",
]
DOSSIER_ID_PATTERN = r"^(?:[^/\x00.]|[^/\x00.][^/\x00]|\.[^/\x00.]|[^/\x00]{3,255})$"
"""A file name on a POSIX disk: 1 to 255 characters, no slash nor NUL, neither « . » nor « .. »."""
Status = Literal["favourable", "unfavourable", "uncertain", "to_check", "not_applicable"]


class CriterionResult(AesModel):
    id: CriterionId
    status: Status
    confidence: float = Field(ge=0.0, le=1.0, description="Probability that the status is right.")
    summary: str = Field(description="One paragraph in French for the agent.")
    legal_refs: tuple[str, ...] = ()
    evidence: tuple[str, ...] = Field((), description="FILE#field references the result rests on.")
    details: dict[str, Any] = Field(default_factory=dict)


class Assessment(AesModel):
    criteria: tuple[CriterionResult, ...] = ()


class Dossier(AesModel):
    schema_: Literal["aes-dossier/1"] = Field("aes-dossier/1", alias="schema")
    dossier_id: str = Field(
        pattern=DOSSIER_ID_PATTERN,
        description="The applicant's folder name: one path component (no « / », not « . » nor « .. »), "
        "since exports write OUT/<dossier_id>/.",
    )
    application_date: date
    application_date_source: Literal["meta", "cli", "today"] = "meta"
    nationality: str | None = Field(
        None, pattern=r"^[A-Z]{2}$",
        description="The applicant's nationality, ISO 3166-1 alpha-2 (DZ, MA...), from meta.json or a reviewer; "
        "some change which rules apply (Algerians, EU/EEA/Swiss citizens). Absent: not known.",
    )
    documents: tuple[DocumentRecord, ...] = ()
    assessment: Assessment | None = None
    warnings: tuple[str, ...] = ()

    model_config = {**AesModel.model_config, "populate_by_name": True}

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2, exclude_none=True)
