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


class TruthDocument(AesModel):
    doc_type: DocType
    issue_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    oqtf: TruthOqtf | None = None
    return_ban: TruthReturnBan | None = None
    language: TruthLanguage | None = None
    contract: TruthContract | None = None


class TruthDossier(AesModel):
    format: Literal["aes-truth/1"] = "aes-truth/1"
    dossier_id: str
    application_date: date
    documents: dict[str, TruthDocument]
