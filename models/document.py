"""One document's facts, with the field names of the truth format (truth-format.md)."""

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field

from models.base import AesModel
from models.evidence import Extracted, Provenance
from models.two_d_doc import TwoDDocEvidence


class DocType(StrEnum):
    payslip = "payslip"
    tax_notice = "tax_notice"
    utility_bill = "utility_bill"
    rent_receipt = "rent_receipt"
    medical = "medical"
    ame_attestation = "ame_attestation"
    bank_statement = "bank_statement"
    school_certificate = "school_certificate"
    transport_pass = "transport_pass"
    domiciliation = "domiciliation"
    oqtf_decision = "oqtf_decision"
    return_ban = "return_ban"
    language_certificate = "language_certificate"
    french_diploma = "french_diploma"
    republican_contract = "republican_contract"
    identity = "identity"
    employment = "employment"
    other = "other"


class LanguageKind(StrEnum):
    TCF = "TCF"
    TCF_IRN = "TCF_IRN"
    TEF = "TEF"
    TEF_IRN = "TEF_IRN"
    DELF = "DELF"
    DALF = "DALF"
    DCL = "DCL"
    DILF = "DILF"
    french_diploma = "french_diploma"
    other = "other"


CefrLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]


class OqtfState(StrEnum):
    """What became of an OQTF after it was taken; set by a reviewer (or read), absent while it stands."""

    executed = "executed"
    annulled = "annulled"
    abrogated = "abrogated"


class OqtfFacts(AesModel):
    decision_date: Extracted[date] | None = None
    notification_date: Extracted[date] | None = None
    state: Extracted[OqtfState] | None = Field(
        None, description="Executed (the person left), annulled by a court or abrogated; absent: still standing."
    )


class ReturnBanFacts(AesModel):
    duration_months: Extracted[int] | None = None


class LanguageFacts(AesModel):
    kind: Extracted[LanguageKind] | None = None
    level: Extracted[CefrLevel] | None = None


class ContractFacts(AesModel):
    signed: Extracted[bool] | None = None


class Alternative(AesModel):
    """Another reading of a fact, from a second copy of the same paper, that lost to a more confident one."""

    field: str = Field(description="Dotted fact name, as in evidence refs: issue_date, oqtf.decision_date.")
    value: date | bool | int | str
    confidence: float = Field(ge=0.0, le=1.0)
    file: str = Field(description="The record it was read from: a copy, or the kept record itself.")
    provenance: Provenance


class DocumentRecord(AesModel):
    file: str = Field(description="Path relative to the dossier folder; FILE#pA-B for part of a stack.")
    pages: tuple[int, int] = Field(description="First and last page of the file the document occupies.")
    sha256: str
    reading: Literal["text_layer", "ocr", "mixed", "none"]
    doc_type: Extracted[DocType] | None = None
    issue_date: Extracted[date] | None = None
    period_start: Extracted[date] | None = None
    period_end: Extracted[date] | None = None
    oqtf: OqtfFacts | None = None
    return_ban: ReturnBanFacts | None = None
    language: LanguageFacts | None = None
    contract: ContractFacts | None = None
    warnings: tuple[str, ...] = ()
    fingerprint: str | None = Field(None, description="SimHash of the words (16 hex digits): the same paper "
                                                     "read twice has near fingerprints.")
    duplicate_of: str | None = Field(None, description="The file of the record that counts when this one is "
                                                      "another copy of the same paper; criteria skip it.")
    alternatives: tuple[Alternative, ...] = Field((), description="Other readings of this paper's facts, "
                                                                  "from its copies.")
    two_d_docs: tuple[TwoDDocEvidence, ...] = Field((), description="The 2D-DOC codes found on its pages, parsed, "
                                                                     "with their signature's status.")
