"""Labelled dossier sets, aes-truth/1 (truth-format.md)."""

from datetime import date
from typing import Literal

from pydantic import Field

from models.base import AesModel
from models.document import CefrLevel, DocType, LanguageKind


class TruthOqtf(AesModel):
    decision_date: date
    notification_date: date | None = None


class TruthReturnBan(AesModel):
    duration_months: int = Field(gt=0)


class TruthLanguage(AesModel):
    kind: LanguageKind
    level: CefrLevel | None = None


class TruthContract(AesModel):
    signed: bool


class TruthTwoDDoc(AesModel):
    """The 2D-DOC a paper carries, as the generator made it (issue #20)."""

    status: Literal["valid", "invalid", "unknown_certificate"] = Field(
        description="What checking its signature must say: invalid when the barcode was changed after signing.")
    altered: Literal["print", "barcode"] | None = Field(
        None, description="Changed after signing: the printed text, or the barcode's data; null when genuine.")


class TruthDocument(AesModel):
    doc_type: DocType
    issue_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    oqtf: TruthOqtf | None = None
    return_ban: TruthReturnBan | None = None
    language: TruthLanguage | None = None
    contract: TruthContract | None = None
    two_d_doc: TruthTwoDDoc | None = None


class TruthDossier(AesModel):
    format: Literal["aes-truth/1"] = "aes-truth/1"
    dossier_id: str
    application_date: date
    documents: dict[str, TruthDocument]
