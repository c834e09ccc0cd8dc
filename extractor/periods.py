"""The issue date and the period a document covers, from the roles of its dates."""

import re
from datetime import date

from extractor.dates import INCOME_YEAR_RE, SCHOOL_YEAR_RE
from extractor.mentions import METHOD_PRIOR, DocumentIndex, Found, date_evidence, evidence
from models.document import DocType
from models.evidence import Extracted

DISTRACTORS = ("birth", "deadline", "print", "law", "entry", "decision_ref", "session")
# Papers whose own date opens the page; others (decisions, certificates) are dated where signed.
HEADER_DATED = {
    DocType.payslip, DocType.utility_bill, DocType.rent_receipt, DocType.medical, DocType.bank_statement,
    DocType.tax_notice, DocType.ame_attestation, DocType.domiciliation, DocType.transport_pass,
    DocType.school_certificate, DocType.employment, DocType.other,
}
SIGNED_AT_END = {DocType.oqtf_decision, DocType.return_ban, DocType.republican_contract}
PERIOD_TYPES = {
    DocType.payslip, DocType.utility_bill, DocType.rent_receipt, DocType.ame_attestation,
    DocType.bank_statement, DocType.school_certificate, DocType.transport_pass, DocType.domiciliation,
    DocType.tax_notice,
}
Period = tuple[Extracted[date], Extracted[date]]
PAIR_GAP = 30
"""« du 01/03/2021 au 31/03/2021 »: the second date follows the first within this many characters."""


def issue_date(index: DocumentIndex, doc_type: DocType) -> Extracted[date] | None:
    issued = [f for f in index.with_role("issue") if f.mention.granularity == "day"]
    if issued:
        # A decision is dated where it is signed, after its recitals; other papers say it first.
        chosen = _signature_date(issued) if doc_type in SIGNED_AT_END else issued[0]
        return date_evidence(chosen, chosen.mention.value, "cue")
    if doc_type in HEADER_DATED:
        first_page = index.layouts[0].page.number if index.layouts else 1
        header = [
            f for f in index.dates
            if f.role is None and f.page == first_page and f.top < 0.3 and f.mention.granularity == "day"
        ]
        if header:
            return date_evidence(header[0], header[0].mention.value, "header_date")
    return None


def _signature_date(issued: list[Found]) -> Found:
    fait = [f for f in issued if re.search(r"fait\b", f.line, re.IGNORECASE)]
    return fait[0] if fait else issued[-1]


def period(index: DocumentIndex, doc_type: DocType) -> Period | None:
    if doc_type not in PERIOD_TYPES:
        return None
    pair = _pair(index)
    if pair:
        return pair
    if doc_type == DocType.school_certificate:
        return _school_year(index)
    if doc_type == DocType.tax_notice:
        return _income_year(index)
    months = [f for f in index.dates if f.mention.granularity == "month" and f.role not in DISTRACTORS]
    if months:
        month = months[0]
        return (
            date_evidence(month, month.mention.value, "month_period"),
            date_evidence(month, month.mention.last_day, "month_period"),
        )
    return None


def _pair(index: DocumentIndex) -> Period | None:
    dates = [f for f in index.dates if f.role not in DISTRACTORS]
    for first, second in zip(dates, dates[1:], strict=False):
        if first.layout is not second.layout or first.role != "period_start":
            continue
        gap = second.mention.start - first.mention.end
        if second.role == "period_end" and 0 <= gap <= PAIR_GAP and first.mention.value <= second.mention.last_day:
            return (
                date_evidence(first, first.mention.value, "period_pair"),
                date_evidence(second, second.mention.last_day, "period_pair"),
            )
    return None


def _school_year(index: DocumentIndex) -> Period | None:
    for layout in index.layouts:
        for match in SCHOOL_YEAR_RE.finditer(layout.text):
            first, second = int(match.group(1)), int(match.group(2))
            if second != first + 1:
                continue
            start, end = date(first, 9, 1), date(second, 8, 31)
            prior = METHOD_PRIOR["year_period"]
            return (
                evidence(start, layout, match.start(), match.end(), "school_year", prior),
                evidence(end, layout, match.start(), match.end(), "school_year", prior),
            )
    return None


def _income_year(index: DocumentIndex) -> Period | None:
    for layout in index.layouts:
        match = INCOME_YEAR_RE.search(layout.text)
        if match:
            year = int(match.group(1))
            prior = METHOD_PRIOR["year_period"]
            return (
                evidence(date(year, 1, 1), layout, match.start(), match.end(), "income_year", prior),
                evidence(date(year, 12, 31), layout, match.start(), match.end(), "income_year", prior),
            )
    return None
