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
    that no proof covers a day of; a proof covers its labelled dates, from the earliest to the latest."""
    at = truth.application_date
    spans = []
    for label in truth.documents.values():
        if DocType(label.doc_type) in NOT_PRESENCE:
            continue
        days = [d for d in (label.period_start, label.period_end, label.issue_date) if d is not None]
        if days and min(days) <= at:
            spans.append((min(days), min(max(days), at)))
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
