"""A document's 2D-DOCs used: parsed and checked, their signed facts put in place of the printed ones, and
any difference between barcode and print made a warning (issue #20).

Facts taken from a valid 2D-DOC have provenance `2d-doc` and a confidence near 1: the issue date (the
header's date d'émission) and, for the types that state it, the period (an avis d'impôt's income year,
a payslip's dates). A code that is invalid, or whose certificate is unknown here, gives no fact: its
data are compared with the print all the same (names and places on text-layer pages only), and its status
is a warning.
"""

import re
import unicodedata
from datetime import date
from typing import TypeVar

from extractor.facts.cues import find_cues, role_of
from extractor.facts.dates import NUMERIC_RE, WRITTEN_RE, month_number, ocr_digits
from extractor.facts.layout import PageLayout
from extractor.facts.two_d_doc_parse import UnreadableTwoDDoc, document_types, marked_two_d_doc, parse_two_d_doc
from extractor.facts.two_d_doc_verify import TrustStore, verify
from models.document import DocType, DocumentRecord
from models.evidence import Extracted, Provenance
from models.text import DocumentText
from models.two_d_doc import Barcode, TwoDDoc, TwoDDocEvidence
from models.vocabulary import TWO_D_DOC_MISMATCH, TWO_D_DOC_STATUS_WARNINGS, fr_date

Fact = TypeVar("Fact", date, DocType)

SIGNED_CONFIDENCE = 0.99
"""A valid signature vouches for the data; what is left is the issuer's own error."""
INCOME_YEAR = {"04", "28", "18", "24", "27"}
"""Types whose field 45 is the income year, the period a tax notice covers."""
PRINTED_TEXT_FIELDS = ("10", "13", "17", "24", "25", "46", "62", "2B", "2C")
"""Names, post codes and towns: what the print must show as the barcode says it. Compared on text-layer
pages only: OCR garbles names often enough (a bold name read « LCD GLACE ATEN ») to make false alarms."""
CIVILITIES = {"m", "mme", "mlle", "mr", "monsieur", "madame", "mademoiselle"}
"""Often in the barcode's name line and not in the print."""


def two_d_doc_of(barcode: Barcode, trust: TrustStore) -> TwoDDoc:
    if not barcode.decoded:
        return TwoDDoc(status="unreadable")
    try:
        parsed = parse_two_d_doc(barcode.content)
    except UnreadableTwoDDoc:
        return TwoDDoc(status="unreadable")
    kind = document_types().get(parsed.header.doc_type)
    return TwoDDoc(header=parsed.header, fields=parsed.fields, status=verify(parsed, trust),
                   kind=kind.label if kind else "", proves_presence=bool(kind and kind.presence))


def read_two_d_docs(document: DocumentText, trust: TrustStore) -> tuple[TwoDDocEvidence, ...]:
    return tuple(TwoDDocEvidence(page=page.number, bbox=barcode.bbox, code=two_d_doc_of(barcode, trust))
                 for page in document.pages for barcode in page.barcodes
                 if not barcode.decoded or marked_two_d_doc(barcode.content))


def signed_doc_type(codes: tuple[TwoDDocEvidence, ...], guessed: DocType) -> Extracted[DocType] | None:
    """The type a valid code certifies, when the guess from the words is not one it allows: a photographed
    bill whose garbled words read « ame » is still the bill its signed code says."""
    for evidence in codes:
        header = evidence.code.header
        kind = document_types().get(header.doc_type) if header and evidence.code.status == "valid" else None
        if kind and kind.doc_types and guessed.value not in kind.doc_types:
            return _signed(DocType(kind.doc_types[0]), evidence, f"type {header.doc_type} ({kind.label})")
    return None


def _period(code: TwoDDoc) -> tuple[date, date] | None:
    assert code.header is not None
    year = code.field("45")
    if code.header.doc_type in INCOME_YEAR and year and year.value.isdigit():
        return date(int(year.value), 1, 1), date(int(year.value), 12, 31)
    start, end = code.field("53") or code.field("36"), code.field("54") or code.field("37")
    if start and end and start.day and end.day:
        return start.day, end.day
    return None


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _misread_issue_dates(document: DocumentText) -> list[tuple[str, str]]:
    """Date-shaped words beside an issue date's label that make no date (« Date 53.04.2024 »): the printed
    issue date, misread. As (text, DDMMYYYY)."""
    found = []
    for page in document.pages:
        text = PageLayout.of(page).text
        cues = find_cues(text)
        shapes = [(m, m.group(1), m.group(2)) for m in NUMERIC_RE.finditer(text)] + [
            (m, m.group(1), str(month_number(m.group(2))[0])) for m in WRITTEN_RE.finditer(text)]
        for match, day, month in shapes:
            digits = ocr_digits(day).zfill(2) + ocr_digits(month).zfill(2) + ocr_digits(match.group(3))
            if len(digits) != 8 or not digits.isdigit() or _is_date(digits):
                continue
            if role_of(text, match.start(), cues, 0, match.end()) == "issue":
                found.append((match.group(0), digits))
    return found


def _is_date(digits: str) -> bool:
    try:
        date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return False
    return True


def _misread_otherwise(day: date, document: DocumentText) -> str | None:
    """The printed issue date that could not be read as a date, when it is more than a misread digit away
    from `day`: « Date 53.04.2024 » is not the code's 17/03/2024 misread, « Date 47.03.2024 » may be."""
    wanted = day.strftime("%d%m%Y")
    misread = _misread_issue_dates(document)
    if not misread or any(sum(a != b for a, b in zip(digits, wanted, strict=True)) <= 1 for _, digits in misread):
        return None
    return misread[0][0]


def _differences(record: DocumentRecord, code: TwoDDoc, document: DocumentText, printed_text: str | None) -> list[str]:
    """What the print says otherwise than the barcode, in French, one item per fact."""
    assert code.header is not None
    differences = []
    issue = code.header.issue_date
    if issue and record.issue_date and record.issue_date.value != issue:
        differences.append(f"date d'émission {fr_date(record.issue_date.value)} imprimée, {fr_date(issue)} dans le code")
    elif issue and record.issue_date is None and (misread := _misread_otherwise(issue, document)):
        differences.append(f"date d'émission imprimée « {misread} », mal lue mais autre que le {fr_date(issue)} du code")
    period = _period(code)
    if period and record.period_start and record.period_end:
        printed = (record.period_start.value, record.period_end.value)
        if printed != period:
            differences.append(f"période du {fr_date(printed[0])} au {fr_date(printed[1])} imprimée, "
                               f"du {fr_date(period[0])} au {fr_date(period[1])} dans le code")
    if printed_text is None:
        return differences
    words = set(re.findall(r"[a-z0-9]+", _folded(printed_text))) | CIVILITIES
    for field in code.fields:
        if field.id in PRINTED_TEXT_FIELDS:
            missing = [token for token in re.findall(r"[a-z0-9]+", _folded(field.value)) if len(token) > 1 and token not in words]
            if missing:
                differences.append(f"{field.label.lower()} « {field.value} » absent du texte imprimé")
    return differences


def _signed(value: Fact, evidence: TwoDDocEvidence, what: str) -> Extracted[Fact]:
    header = evidence.code.header
    assert header is not None
    text = f"2D-DOC {header.authority}/{header.certificate}, {what}"
    return Extracted(value=value, confidence=SIGNED_CONFIDENCE,
                     provenance=Provenance(page=evidence.page, bbox=evidence.bbox, text=text, source="2d-doc",
                                           method="two_d_doc"))


def with_two_d_docs(record: DocumentRecord, document: DocumentText, codes: tuple[TwoDDocEvidence, ...]) -> DocumentRecord:
    """The record with the 2D-DOCs read on its document, their signed facts and their warnings."""
    if not codes:
        return record
    text_layer = "\n".join(page.text for page in document.pages if page.reading == "text_layer")
    warnings = list(record.warnings)
    update: dict = {"two_d_docs": codes}
    # A type a reviewer gave stands: a person has seen the paper.
    if record.doc_type is not None and not record.doc_type.reviewed and (
            signed := signed_doc_type(codes, record.doc_type.value)):
        update["doc_type"] = signed
    for evidence in codes:
        code = evidence.code
        if code.status != "valid":
            warnings.append(TWO_D_DOC_STATUS_WARNINGS[code.status].format(page=evidence.page))
        if code.header is None or code.status == "invalid":
            continue
        read_exactly = any(p.number == evidence.page and p.reading == "text_layer" for p in document.pages)
        differences = _differences(record, code, document, text_layer if read_exactly else None)
        if differences:
            warnings.append(f"page {evidence.page} : {TWO_D_DOC_MISMATCH} ({' ; '.join(differences)})")
        if code.status == "valid":
            if code.header.issue_date:
                update["issue_date"] = _signed(code.header.issue_date, evidence, "date d'émission")
            if period := _period(code):
                update["period_start"] = _signed(period[0], evidence, "début de période")
                update["period_end"] = _signed(period[1], evidence, "fin de période")
    update["warnings"] = tuple(dict.fromkeys(warnings))
    return record.model_copy(update=update)
