"""What the rules share: calendar arithmetic, the stretch each proof covers, evidence refs.

Months are calendar months: adding N months keeps the day of the month, clamped to the
last day of a shorter month (31/01 + 1 month = 28/02 or 29/02). A period of N months that
starts on D ends on the day `add_months(D, N)`.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from models.document import DocType, DocumentRecord
from models.dossier import Dossier
from models.evidence import Extracted

NOT_PRESENCE = frozenset({DocType.identity, DocType.other, DocType.republican_contract, DocType.return_ban})
DATE_FIELDS = ("period_start", "period_end", "issue_date")


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from start to end: the largest n with add_months(start, n) <= end."""
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return max(n, 0)


def years_months_fr(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = [f"{years} an{'s' if years > 1 else ''}"] if years else []
    if rest or not parts:
        parts.append(f"{rest} mois")
    return " et ".join(parts)


def counted(dossier: Dossier) -> tuple[DocumentRecord, ...]:
    """The documents the rules weigh: another copy of a paper (duplicate_of) counts through the kept one."""
    return tuple(doc for doc in dossier.documents if doc.duplicate_of is None)


def ref(doc: DocumentRecord, field: str) -> str:
    return f"{doc.file}#{field}"


def doc_type(doc: DocumentRecord) -> DocType | None:
    return doc.doc_type.value if doc.doc_type else None


def type_confidence(doc: DocumentRecord) -> float:
    return doc.doc_type.confidence if doc.doc_type else 0.0


def of_type(docs: tuple[DocumentRecord, ...], *types: DocType) -> list[DocumentRecord]:
    return [d for d in docs if doc_type(d) in types]


def dated_fields(doc: DocumentRecord) -> list[tuple[str, Extracted[date]]]:
    return [(name, getattr(doc, name)) for name in DATE_FIELDS if getattr(doc, name) is not None]


def earliest_date(doc: DocumentRecord) -> date | None:
    days = [fact.value for _, fact in dated_fields(doc)]
    return min(days) if days else None


def none_found_confidence(docs: tuple[DocumentRecord, ...]) -> float:
    """Confidence of "no document of this kind": every classification that ruled one out is right.

    The weakest classification bounds it; with no documents at all there is nothing to doubt.
    """
    return min((type_confidence(d) for d in docs), default=1.0)


@dataclass(frozen=True)
class Stretch:
    """Days a proof of presence covers: its stated period, or the one day it was issued."""

    start: date
    end: date
    doc: DocumentRecord
    fields: tuple[str, ...]
    confidence: float

    @property
    def evidence(self) -> list[str]:
        return [ref(self.doc, f) for f in self.fields]


def proven_spans(doc: DocumentRecord) -> list[tuple[date, date, tuple[str, ...]]]:
    """What a document proves of presence: the period it states (both ends) and the day it was issued,
    never the time between them.

    A period stated with no end (an employer's « depuis 2016 » on an attestation issued in 2025)
    is a retrospective claim, not nine years of proof: the document then proves its issue day.
    A tax notice proves its income year and the day it was sent, not the months in between.
    With neither a full period nor an issue date, the one date it shows.
    """
    spans = []
    if doc.period_start and doc.period_end:
        start, end = sorted((doc.period_start.value, doc.period_end.value))
        spans.append((start, end, ("period_start", "period_end")))
    if doc.issue_date and not (spans and spans[0][0] <= doc.issue_date.value <= spans[0][1]):
        spans.append((doc.issue_date.value, doc.issue_date.value, ("issue_date",)))
    dates = dated_fields(doc)
    if not spans and dates:
        name, fact = min(dates, key=lambda pair: pair[1].value)
        spans.append((fact.value, fact.value, (name,)))
    return spans


def proof_stretches(docs: tuple[DocumentRecord, ...], until: date) -> list[Stretch]:
    """Stretches of every presence proof, clipped to `until` (those that start after it are dropped).

    Confidence of a stretch: its type's confidence times the weakest of the dates it rests
    on, as a misread type or date would both move or remove the stretch.
    """
    stretches = []
    for doc in docs:
        kind = doc_type(doc)
        if kind is None or kind in NOT_PRESENCE:
            continue
        for start, end, fields in proven_spans(doc):
            if start > until:
                continue
            confidence = type_confidence(doc) * min(getattr(doc, name).confidence for name in fields)
            stretches.append(Stretch(start, min(end, until), doc, fields, confidence))
    return sorted(stretches, key=lambda s: (s.start, s.end, s.doc.file))


def continuous(earlier_end: date, later_start: date, max_gap_months: int) -> bool:
    """Presence stays continuous across a gap of at most `max_gap_months` calendar months."""
    return later_start <= add_months(earlier_end, max_gap_months)


def uncovered_gaps(stretches: list[Stretch], until: date, max_gap_months: int) -> list[tuple[date, date]]:
    """Stretches without proof longer than allowed, between the first proof and `until`.

    Each gap runs from the end of the covered days before it to the start of the next proof
    (or `until`), so a gap of exactly `max_gap_months` is not listed.
    """
    gaps = []
    covered_to: date | None = None
    for stretch in stretches:
        if covered_to is not None and not continuous(covered_to, stretch.start, max_gap_months):
            gaps.append((covered_to, stretch.start))
        covered_to = stretch.end if covered_to is None else max(covered_to, stretch.end)
    if covered_to is not None and not continuous(covered_to, until, max_gap_months):
        gaps.append((covered_to, until))
    return gaps
