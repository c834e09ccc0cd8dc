"""Every date of a document with its role, its page and its box: the raw material of the facts."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from extractor.facts.cues import BARE_DATE_LABEL, Role, find_cues, role_of
from extractor.facts.dates import DateMention, find_dates
from extractor.facts.folding import fold
from extractor.facts.layout import PageLayout
from models.evidence import Extracted, Provenance
from models.text import DocumentText, Word


@dataclass(frozen=True)
class Found:
    """A date mention on a page, with the role its wording gives it."""

    mention: DateMention
    role: Role | None
    layout: PageLayout

    @property
    def page(self) -> int:
        return self.layout.page.number

    @property
    def line(self) -> str:
        return self.layout.line_of(self.mention.start)

    @property
    def top(self) -> float:
        return self.layout.top_of(self.mention.start)


COLUMN_SLACK = 30.0
"""Points either side of a table cell within which its column header stands."""


RULE_CONFIDENCE = 0.3
"""Below this, what OCR reads between a header and its row is a table's rule taken for letters (« RS »
at 0.08 under « Début des droits | Fin des droits »), not a row of the table."""


def column_role(layout: PageLayout, mention: DateMention) -> Role | None:
    """A date in a table cell takes its role from the column header on the line above it, a rule read
    as a line of noise between them left out."""
    cell = layout.bbox(mention.start, mention.end)
    words = layout.words_in(mention.start, mention.end)
    if cell is None or not words or words[0].line == 0:
        return None
    above = words[0].line - 1
    between = layout.lines.get(above, ())
    if above > 0 and between and all(w.confidence < RULE_CONFIDENCE for w in between):
        above -= 1
    header = _header_cell(layout, above, words[0]) or tuple(
        w for w in layout.lines.get(above, ())
        if w.bbox[2] >= cell[0] - COLUMN_SLACK and w.bbox[0] <= cell[2] + COLUMN_SLACK
    )
    if not header:
        return None
    return _label_role(" ".join(w.text for w in header))


def _header_cell(layout: PageLayout, above: int, first: Word) -> tuple[Word, ...] | None:
    """The header over a cell when the header line and the row have as many columns: the same column,
    where a photo's perspective has shifted the values under the next header (« Date d'entrée | Matricule »
    over « 12.05.2025 »). Only within the column's reach: a header cell read on a line of its own shifts
    the count (« Bénéficiaire » above « Début des droits | Fin des droits »)."""
    row, header = layout.cells(first.line), layout.cells(above)
    if len(row) < 2 or len(row) != len(header):
        return None
    index = next(i for i, cell in enumerate(row) if first in cell)
    cell, over = row[index], header[index]
    reach = (cell[0].bbox[0] - COLUMN_SLACK, cell[-1].bbox[2] + COLUMN_SLACK)
    return over if over[-1].bbox[2] >= reach[0] and over[0].bbox[0] <= reach[1] else None


@lru_cache(maxsize=1024)
def _label_role(label: str) -> Role | None:
    """The role a header or a label gives, by its last cue; a statement repeats the same few labels."""
    cues = [c for c in find_cues(label) if c.role not in ("period_start", "period_end", "period")]
    return cues[-1].role if cues else None


ROW_REACH = 1.2
"""A label stands beside its value when their centres are within this many line heights: a photo's
slight tilt lifts a value column a few points above its labels."""


def row_role(layout: PageLayout, mention: DateMention) -> Role | None:
    """A form's value read apart from its label (OCR takes the label column, then the values) takes
    its role from the label line beside it, to its left: « Date d'établissement   23/07/2023 »."""
    cell = layout.bbox(mention.start, mention.end)
    words = layout.words_in(mention.start, mention.end)
    if cell is None or not words:
        return None
    centre, height = (cell[1] + cell[3]) / 2, cell[3] - cell[1]
    # Only lines whose height comes within reach of the value's centre can be its label's: found by
    # their position, not by a pass over the page's words.
    reach = ROW_REACH * max(height, layout.tallest_line, 1e-6)
    lines: dict[int, list] = {}
    for number in layout.lines_across(centre - reach, centre + reach):
        left = [w for w in layout.lines[number] if w.bbox[2] <= cell[0]]
        # A label beside its value ends before it: a line cut by the value's left edge is a header above
        # (« Emploi  Date | d'entrée » over « 12.05.2025 »), not a label to read as « Date ».
        cut = any(w.bbox[0] < cell[0] < w.bbox[2] for w in layout.lines[number])
        if number != words[0].line and left and not cut:
            lines[number] = left

    def distance(number: int) -> float:
        top, bottom = min(w.bbox[1] for w in lines[number]), max(w.bbox[3] for w in lines[number])
        return abs((top + bottom) / 2 - centre) / max(height, bottom - top, 1e-6)

    best = min(lines, key=distance, default=None)
    if best is None or distance(best) > ROW_REACH:
        return None
    label = " ".join(w.text for w in lines[best])
    if BARE_DATE_LABEL.search(fold(label)):
        return "issue"
    return _label_role(label)


@dataclass(frozen=True)
class DocumentIndex:
    layouts: tuple[PageLayout, ...]
    dates: tuple[Found, ...]
    source: str

    @classmethod
    def of(cls, document: DocumentText) -> "DocumentIndex":
        layouts = tuple(PageLayout.of(p) for p in document.pages if p.words)
        found = []
        for layout in layouts:
            cues = find_cues(layout.text)
            floor = 0
            for mention in find_dates(layout.text):
                role = (
                    role_of(layout.text, mention.start, cues, floor, mention.end)
                    or column_role(layout, mention)
                    or row_role(layout, mention)
                )
                found.append(Found(mention, role, layout))
                floor = mention.end
        source = "text_layer" if document.reading == "text_layer" else "ocr"
        return cls(layouts, tuple(found), source)

    def folded(self, pages: int | None = None) -> str:
        return fold("\n".join(layout.text for layout in self.layouts[:pages]))

    def with_role(self, *roles: Role) -> list[Found]:
        return [f for f in self.dates if f.role in roles]


# How sure a method is before OCR doubt is counted; calibrated figures replace these (calibration.py).
METHOD_PRIOR = {
    "cue": 0.95,
    "licence_field": 0.95,
    "period_pair": 0.95,
    "month_period": 0.9,
    "year_period": 0.9,
    "header_date": 0.7,
    "latest_date": 0.55,
    "visa_dates": 0.8,
}


def source_of(layout: PageLayout) -> str:
    return "ocr" if layout.page.reading == "ocr" else "text_layer"


def evidence(
    value, layout: PageLayout, start: int, end: int, method: str, prior: float
) -> Extracted:
    """An Extracted value with its box and text; OCR doubt about the words lowers the confidence."""
    word_confidence = layout.confidence(start, end)
    confidence = prior if source_of(layout) == "text_layer" else prior * (0.6 + 0.4 * word_confidence)
    words = layout.words_in(start, end)
    return Extracted(
        value=value,
        confidence=round(min(max(confidence, 0.01), 0.99), 4),
        provenance=Provenance(
            page=layout.page.number,
            bbox=layout.bbox(start, end),
            text=" ".join(w.text for w in words)[:300],
            source=source_of(layout),  # type: ignore[arg-type]
            method=method,
        ),
    )


def date_evidence(found: Found, value: date, method: str) -> Extracted[date]:
    return evidence(value, found.layout, found.mention.start, found.mention.end, method, METHOD_PRIOR[method])
