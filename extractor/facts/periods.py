"""The issue date and the period a document covers, from the roles of its dates."""

import re
from datetime import date

from extractor.facts.cues import Role
from extractor.facts.dates import INCOME_YEAR_RE, SCHOOL_YEAR_RE
from extractor.facts.folding import fold
from extractor.facts.mentions import METHOD_PRIOR, DocumentIndex, Found, date_evidence, evidence
from models.document import DocType
from models.evidence import Extracted

DISTRACTORS = ("birth", "deadline", "print", "law", "entry", "exit", "decision_ref", "session")
# « Facture n° … du 25 juillet 2020 »: a paper's own name, then « du », then its date.
OWN_DATE = re.compile(
    r"\b(facture|avis|releve|attestation|bulletin|quittance|certificat|courrier|lettre|extrait|echeancier)\b"
    r"[^\n]{0,40}\bdu\s*$"
)
AMOUNT = re.compile(r"\d,\d{2}\b")
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
    DocType.tax_notice, DocType.medical, DocType.other,
}
Period = tuple[Extracted[date], Extracted[date]]
LANGUAGE_TYPES = {DocType.language_certificate, DocType.french_diploma}
HEADER_SHARE = 0.2
FOOTER_SHARE = 0.2
"""A paper dated in its header prints the date in the top fifth of its first page."""
PAIR_GAP = 30
"""« du 01/03/2021 au 31/03/2021 »: the second date follows the first within this many characters."""


def _own_dates(index: DocumentIndex) -> list[Found]:
    """« du X » with no « au » after it, on a line that names the paper: the paper's own date."""
    paired = {id(first) for first, _ in _pairs(index)}
    return [
        f for f in index.dates
        if f.role == "period_start" and id(f) not in paired and f.mention.granularity == "day"
        and OWN_DATE.search(fold(_two_lines_before(f)))
    ]


def _two_lines_before(found: Found) -> str:
    """The text before a date on its line and the line above: « Votre facture » / « du 17/09/2020 »."""
    text, start = found.layout.text, found.mention.start
    line_start = text.rfind("\n", 0, start)
    above_start = text.rfind("\n", 0, max(line_start, 0)) + 1
    return text[above_start:start].replace("\n", " ")


def _labelled_issue(index: DocumentIndex, doc_type: DocType) -> list[Found]:
    """Dates labelled as the issue; failing those, the next best label of when the paper was made: for a
    language test the session it certifies, for any paper the edition stamped on its face (« Édité le
    01/03/2017 » under a statement's title, « Généré le » on a downloaded proof); a footer's « édité le »
    dates a later print, not the paper."""
    first_page = index.layouts[0].page.number if index.layouts else 1

    def days(role: Role) -> list[Found]:
        return [f for f in index.with_role(role) if f.mention.granularity == "day"]

    found = days("issue") or _own_dates(index)
    if not found and doc_type in LANGUAGE_TYPES:
        found = days("session")
    return found or [f for f in days("print") if f.page == first_page and f.top < 1 - FOOTER_SHARE]


def issue_date(index: DocumentIndex, doc_type: DocType) -> Extracted[date] | None:
    issued = _labelled_issue(index, doc_type)
    if issued:
        # A decision is dated where it is signed, after its recitals; other papers say it first.
        chosen = _signature_date(issued) if doc_type in SIGNED_AT_END else issued[0]
        return date_evidence(chosen, chosen.mention.value, "cue")
    if doc_type in HEADER_DATED:
        first_page = index.layouts[0].page.number if index.layouts else 1
        header = [
            f for f in index.dates
            if f.role is None and f.page == first_page and f.top < HEADER_SHARE and f.mention.granularity == "day"
            and not AMOUNT.search(f.line)
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
    pairs = _pairs(index)
    if pairs:
        first, second = pairs[0]
        return (
            date_evidence(first, first.mention.value, "period_pair"),
            date_evidence(second, second.mention.last_day, "period_pair"),
        )
    stated = _validity(index, doc_type)
    if stated:
        return stated
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


def _pairs(index: DocumentIndex) -> list[tuple[Found, Found]]:
    """« du X au Y »: a start date and an end date a few characters after it."""
    dates = [f for f in index.dates if f.role not in DISTRACTORS]
    pairs = []
    for first, second in zip(dates, dates[1:], strict=False):
        if first.layout is not second.layout or first.role not in ("period_start", "validity_start", "since"):
            continue
        gap = second.mention.start - first.mention.end
        ordered = first.mention.value <= second.mention.last_day
        if second.role in ("period_end", "validity_end") and 0 <= gap <= PAIR_GAP and ordered:
            pairs.append((first, second))
    return pairs


def _validity(index: DocumentIndex, doc_type: DocType) -> Period | None:
    """Start and end stated on their own lines: rights open/close, a stay's admission/discharge, or
    « depuis le X » up to the paper's own date (an attestation d'hébergement)."""
    # « valable | jusqu'au » broken over two lines leaves only « jusqu'au »: an end as well.
    starts, ends = ("validity_start",), ("validity_end", "period_end")
    if doc_type == DocType.medical:
        starts, ends = ("validity_start", "entry"), ("validity_end", "period_end", "exit")
    since = next((f for f in index.dates if f.role == "since" and f.mention.granularity == "day" and _of_a_stay(f)), None)
    # « domiciliée depuis le X … valable jusqu'au Y »: a start said with « depuis » is a start too.
    first = next((f for f in index.dates if f.role in starts and f.mention.granularity == "day"), since)
    if first is not None:
        last = next((f for f in index.dates if f.role in ends and f.mention.value >= first.mention.value), None)
        if last is not None:
            return date_evidence(first, first.mention.value, "cue"), date_evidence(last, last.mention.last_day, "cue")
    issued = issue_date(index, doc_type)
    if since is not None and issued is not None and since.mention.value <= issued.value:
        return date_evidence(since, since.mention.value, "cue"), issued
    return None


STAY = re.compile(r"heberg|domicil|\bresid|demeur|\bloge|habit|\bvit\b|\bvivre\b")
STAY_REACH = 120
"""Characters before « depuis le » within which a stay is named: « héberge à mon domicile M. X … depuis »."""


def _of_a_stay(found: Found) -> bool:
    """« depuis le X » starts a period when it dates a stay (hosted, domiciled, living there), not when a
    letter's writer says how long they have known the applicant or what they have done since."""
    start = found.mention.start
    return bool(STAY.search(fold(found.layout.text[max(0, start - STAY_REACH) : start])))


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
