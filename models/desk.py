"""The intake desk's papers: the inventory of what was received, and the request for missing pieces."""

from datetime import date
from typing import Literal

from pydantic import Field

from models.base import AesModel
from models.dossier import CriterionId

Received = Literal["read", "copy", "unreadable", "not_a_document"]
"""What became of a received file or part of one: read; another copy of a paper already listed;
could not be read (to scan again); left aside (not a paper of the applicant)."""


class InventoryLine(AesModel):
    number: int = Field(ge=1, description="Line number on the receipt, from 1.")
    file: str = Field(description="The received file, relative to the dossier folder; FILE#pA-B for part of a pile.")
    doc_type: str | None = Field(None, description="A DocType value; None when it could not be told.")
    first_date: date | None = Field(None, description="The date or start of the period the paper shows.")
    last_date: date | None = Field(None, description="The end of its period, when it covers one.")
    pages: tuple[int, int] | None = Field(None, description="First and last page of the file; None when unread.")
    state: Received
    copy_of: str | None = Field(None, description="For a copy: the file of the paper it copies.")
    note: str | None = Field(None, description="Why a file could not be read, in French.")


class Inventory(AesModel):
    dossier_id: str
    application_date: date
    made_on: date
    lines: tuple[InventoryLine, ...] = ()


RequestCode = Literal[
    "presence_semester", "presence_none", "presence_before", "contract_missing", "contract_unsigned",
    "contract_unread", "language_missing", "language_expired", "oqtf_notification", "identity_missing",
    "unreadable_file", "reviewer",
]
"""Stable codes of the request's lines, for machines; the text beside them is for the applicant."""


class RequestLine(AesModel):
    key: str = Field(description="Stable id of the line within its dossier (code and what it is about), "
                                 "which reviewers' edits refer to.")
    code: RequestCode
    text: str = Field(description="What is asked, in plain French for the applicant.")
    examples: str = Field("", description="Papers that would answer it, in plain French.")
    reason: str = Field("", description="Why it is asked: the criterion and period, in French.")
    criterion: CriterionId | None = None
    period: tuple[date, date] | None = Field(None, description="The period the line is about, when it is one.")
    edited: bool = Field(False, description="True once a reviewer wrote or changed the line.")


class PieceRequest(AesModel):
    dossier_id: str
    application_date: date
    made_on: date
    lines: tuple[RequestLine, ...] = ()


class RequestEdit(AesModel):
    """A reviewer's change to the request: remove a line, change its words, or add one of their own."""

    action: Literal["remove", "change", "add"]
    key: str = Field(description="The line removed or changed; for an added line, its new key.")
    text: str = Field("", description="The line's new words (change, add).")
