"""What the desk tests share: the semesters a labelled dossier leaves without proof, computed from its
labels alone (not with the code under test), and the visible words of an HTML page."""

import re
from datetime import date
from html.parser import HTMLParser

from criteria.facts import NOT_PRESENCE
from models.document import DocType
from models.truth import TruthDossier


def truth_uncovered_semesters(truth: TruthDossier) -> set[str]:
    """`YYYY-Sn` of each half-year, from the first labelled proof of presence to the application date,
    that no proof covers a day of; a proof covers its labelled period (both ends) and its issue day,
    never the time between them (the circular read by criteria.facts.proven_spans, issue #18)."""
    at = truth.application_date
    spans = []
    for label in truth.documents.values():
        if DocType(label.doc_type) in NOT_PRESENCE:
            continue
        if label.period_start and label.period_end:
            spans.append(tuple(sorted((label.period_start, label.period_end))))
        if label.issue_date:
            spans.append((label.issue_date, label.issue_date))
        elif not (label.period_start and label.period_end) and (label.period_start or label.period_end):
            day = label.period_start or label.period_end
            spans.append((day, day))  # neither a whole period nor an issue date: the one date shown
    spans = [(first, min(last, at)) for first, last in spans if first <= at]
    if not spans:
        return set()
    start = min(first for first, _ in spans)
    empty = set()
    for year in range(start.year, at.year + 1):
        for half, (first, last) in enumerate(((date(year, 1, 1), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 31))), 1):
            low, high = max(first, start), min(last, at)
            if low <= high and not any(a <= high and b >= low for a, b in spans):
                empty.add(f"{year}-S{half}")
    return empty


def asked_semesters(keys) -> set[str]:
    return {key.split(":", 1)[1] for key in keys if key.startswith("presence_semester:")}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("style", "title", "script")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("style", "title", "script")

    def handle_data(self, data):
        if not self._hidden:
            self.words += data.split()


def visible_words(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.words


def words(text: str) -> list[str]:
    return re.findall(r"\S+", text)
