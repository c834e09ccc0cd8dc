"""2D-DOC: the signed DataMatrix of French documents (ANTS specification), as read from a page.

A barcode found on a page (`Barcode`, the reading stage's output) becomes, once parsed and its
signature checked, a `TwoDDoc`: header, message fields and a `status`. Only `valid` means the
issuer's signature was checked against a certificate this installation trusts.
"""

from datetime import date
from typing import Literal

from pydantic import Field

from models.base import AesModel
from models.evidence import BBox

TwoDDocStatus = Literal["valid", "invalid", "unknown_certificate", "unreadable"]
"""valid: signature checked; invalid: the data were changed after signing (or signed by another key);
unknown_certificate: the signer's certificate is not among those trusted here, so it cannot be checked;
unreadable: a DataMatrix was seen on a page where 2D-DOCs are printed but could not be decoded (damaged, too
small or too faint for its modules), or it was decoded and is not a 2D-DOC that can be parsed."""


class Barcode(AesModel):
    """A DataMatrix found on a page, before any interpretation."""

    content: str = Field(description="The decoded bytes, one character per byte (Latin-1), control characters kept; "
                                     "empty when it could not be decoded.")
    decoded: bool = Field(True, description="False: its finder pattern was seen, its data could not be read.")
    bbox: BBox = Field(description="Page points, origin top-left, in the frame of the page's words.")


class TwoDDocHeader(AesModel):
    encoding: Literal["c40", "binary"] = Field(description="C40 text header (marker DC) or binary (marker byte 0xDC).")
    version: int = Field(description="2, 3 or 4.")
    authority: str = Field(description="Certification authority id, e.g. FR03.")
    certificate: str = Field(description="The signer's certificate id within the authority.")
    issue_date: date | None = Field(None, description="Date d'émission du document; absent when coded FFFF.")
    signature_date: date | None = Field(None, description="Date de création de la signature.")
    doc_type: str = Field(description="Document type id, e.g. 00 justificatif de domicile, 04 avis d'impôt.")
    perimeter: str = Field("01", description="Périmètre: the family of document types (01 for ANTS's C40 types).")
    country: str = Field("FR", description="Issuing country.")


class TwoDDocField(AesModel):
    id: str = Field(description="Data identifier, two characters, e.g. 4A.")
    label: str = Field(description="Its name in the specification, in French.")
    value: str
    day: date | None = Field(None, description="The value as a date, for identifiers that hold one.")


class TwoDDoc(AesModel):
    header: TwoDDocHeader | None = Field(None, description="None when unreadable.")
    kind: str = Field("", description="The document type's name in the specification, in French.")
    fields: tuple[TwoDDocField, ...] = ()
    status: TwoDDocStatus
    proves_presence: bool = Field(False, description="A type that shows where and when the person lived or worked.")

    def field(self, field_id: str) -> TwoDDocField | None:
        return next((f for f in self.fields if f.id == field_id), None)


class TwoDDocEvidence(AesModel):
    """One 2D-DOC of a document, where it was found."""

    page: int = Field(ge=1)
    bbox: BBox
    code: TwoDDoc
