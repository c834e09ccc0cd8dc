"""The issue date of identity papers whose printed « Date de délivrance » OCR could not read.

In order: a driving licence's numbered field « 4a. » (the EU model numbers its fields, it labels none);
a label read on the page (periods.issue_date); a visa sticker's own dates, the issue being the earliest;
last, the date derived from the zone's expiry by the paper's legal validity. The numbers come from
extractor/data/identity_papers.json, each with the text that sets it.
"""

import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from pydantic import Field

from extractor.facts.folding import fold
from extractor.facts.mentions import DocumentIndex, Found, date_evidence
from extractor.facts.mrz import Mrz, read_mrz
from models.base import AesModel
from models.document import DocType
from models.evidence import Extracted, Provenance

PAPERS_PATH = Path(__file__).parents[1] / "data" / "identity_papers.json"
DERIVED_CONFIDENCE = 0.9
"""A derived date is right when the zone's check digits hold and the paper had its full validity: below
any printed read's confidence (calibration.py serves it as it is)."""


class Validity(AesModel):
    issuing_state: str
    document_code: str = Field(min_length=1, max_length=1)
    applies_from: date
    years_adult: int = Field(gt=0)
    years_minor: int = Field(gt=0)
    age_of_majority: int = Field(gt=0)
    source: str = Field(min_length=1)
    note: str = ""


class VisaSticker(AesModel):
    document_code: str
    printed_dates: tuple[str, ...]
    max_validity_years: int = Field(gt=0)
    source: str = Field(min_length=1)
    note: str = ""


class DrivingLicence(AesModel):
    words: tuple[str, ...]
    fields: dict[str, str]
    source: str = Field(min_length=1)


class IdentityPapers(AesModel):
    about: str
    validity: tuple[Validity, ...]
    visa_sticker: VisaSticker
    driving_licence: DrivingLicence


@cache
def identity_papers() -> IdentityPapers:
    return IdentityPapers.model_validate_json(PAPERS_PATH.read_bytes())


# « 4a. 24.05.2013 »: a field's number, a dot or nothing, then its value.
FIELD_NUMBER = re.compile(r"(?:^|\s)(\d{1,2}[a-z]?)\s*[.:]?\s*$")


def _licence_field(found: Found) -> str | None:
    line_start = found.layout.text.rfind("\n", 0, found.mention.start) + 1
    match = FIELD_NUMBER.search(fold(found.layout.text[line_start : found.mention.start]))
    return identity_papers().driving_licence.fields.get(match.group(1)) if match else None


def _is_licence(index: DocumentIndex) -> bool:
    text = index.folded()
    return any(words in text for words in identity_papers().driving_licence.words)


def _licence_issue(index: DocumentIndex) -> Extracted[date] | None:
    issued = [f for f in index.dates if f.mention.granularity == "day" and _licence_field(f) == "issue"]
    return date_evidence(issued[0], issued[0].mention.value, "licence_field") if issued else None


def _years_before(day: date, years: int) -> date | None:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # a 29 February: no anniversary to count back from
        return None


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def derived_issue(mrz: Mrz) -> date | None:
    """The issue date the zone's expiry implies, for the papers whose validity the data knows; the
    holder's age on that date says which validity applied, and a date that fits neither is not given."""
    rule = next(
        (r for r in identity_papers().validity
         if r.issuing_state == mrz.issuing_state and mrz.code.startswith(r.document_code)),
        None,
    )
    if rule is None or mrz.expiry is None or mrz.birth is None:
        return None
    anniversary = mrz.expiry + timedelta(days=1)  # it expires the day before its anniversary
    adult = _years_before(anniversary, rule.years_adult)
    minor = _years_before(anniversary, rule.years_minor)
    if adult is not None and _age(mrz.birth, adult) >= rule.age_of_majority:
        issued = adult
    elif minor is not None and 0 <= _age(mrz.birth, minor) < rule.age_of_majority:
        issued = minor
    else:
        return None
    return issued if issued >= rule.applies_from else None


def _derived(mrz: Mrz) -> Extracted[date] | None:
    issued = derived_issue(mrz)
    if issued is None:
        return None
    return Extracted(
        value=issued,
        confidence=DERIVED_CONFIDENCE,
        provenance=Provenance(page=mrz.page, bbox=mrz.bbox, text=mrz.text[:300], source="derived", method="mrz_validity"),
    )


def _visa_issue(index: DocumentIndex, mrz: Mrz) -> Extracted[date] | None:
    """A visa sticker prints its validity's start and end and its issue, which comes first: the earliest
    of its dates that no label gives another role, within the longest validity before the expiry."""
    sticker = identity_papers().visa_sticker
    if mrz.expiry is None or not mrz.code.startswith(sticker.document_code):
        return None
    longest = timedelta(days=366 * sticker.max_validity_years)
    dates = [
        f for f in index.dates
        if f.page == mrz.page and f.mention.granularity == "day" and f.role in (None, "issue")
        and mrz.expiry - longest <= f.mention.value < mrz.expiry
    ]
    first = min(dates, key=lambda f: f.mention.value, default=None)
    return date_evidence(first, first.mention.value, "visa_dates") if first else None


def identity_issue_date(index: DocumentIndex, doc_type: DocType, printed: Extracted[date] | None) -> Extracted[date] | None:
    """`printed`: the issue date a label gave (periods.issue_date). A driving licence is dated by its
    field 4a: its other numbered dates are a birth and an expiry, never the issue."""
    if _is_licence(index):
        if licence := _licence_issue(index):
            return licence
        others = {(f.page, f.mention.value) for f in index.dates if _licence_field(f) not in (None, "issue")}
        if printed is not None and (printed.provenance.page, printed.value) in others:
            return None
    if printed is not None or doc_type != DocType.identity:
        return printed
    mrz = read_mrz(index.layouts)
    if mrz is None:
        return None
    return (_visa_issue(index, mrz) if mrz.kind == "visa" else None) or _derived(mrz)
