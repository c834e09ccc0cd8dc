"""Date mentions in French text: numeric, written out, a month alone, damaged by OCR.

Finding is by patterns tolerant of OCR damage; dateparser (French) turns written-out dates into
dates; a number of years or months (« deux ans ») is never a date.
"""

import calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import dateparser

Granularity = Literal["day", "month", "year"]

MONTHS = {
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "decembre": 12, "décembre": 12,
    "janv": 1, "fevr": 2, "févr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11,
    "dec": 12, "déc": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
# OCR misreads a letter of a long month name (« 23 jauvier 2024 », « septenbre »); no two months are a letter
# apart, so the month is still known. Only between a day and a year: « M. Guillet » is a name.
_LONG_MONTHS = [name for name in MONTHS if len(name) >= 6]
_MISREAD_MONTH_RE = "|".join(f"{name[:i]}\\w{name[i + 1:]}" for name in _LONG_MONTHS for i in range(len(name)))
# OCR reads 0 as O, o or Q, 1 as l, I or |, 5 as S or $: accepted inside digit groups only.
_D = r"[0-9OoQIl|S$]"
_SEP = r"\s?[/.\-]\s?"

# OCR may also split a two-digit day or month with a space: « 30.1 1.2024 ».
_DD = rf"{_D}(?:\s?{_D})?"
NUMERIC_RE = re.compile(
    # A four-digit year may also follow a space alone: OCR drops the dot of « 09.03 2022 ».
    # OCR may split the year too (« 24/12/201 9 »), never read as « 20 19 »: « 01/11/20 19,50 € » is a
    # two-digit year and an amount.
    rf"(?<![\w/.])({_DD}){_SEP}({_DD})(?:{_SEP}|\s)({_D}{{4}}|(?:19|20){_D}\s{_D}(?![,.]\d)"
    rf"|(?<=[/.\-]){_D}{{2}}|(?<=[/.\-]\s){_D}{{2}})(?![\w/])"
)
ISO_RE = re.compile(r"(?<![\d/])(\d{4})-(\d{2})-(\d{2})(?!\d)")
WRITTEN_RE = re.compile(
    rf"(?<!\w)([1lI|]\s?er|{_D}{{1,2}})\s*({_MONTH_RE}|{_MISREAD_MONTH_RE})\.?\s*((?:19|20){_D}{{2}})(?!\d)",
    re.IGNORECASE
)
MONTH_YEAR_RE = re.compile(rf"(?<![\w])({_MONTH_RE})\.?\s*((?:19|20)\d{{2}})(?!\d)", re.IGNORECASE)
NUMERIC_MONTH_RE = re.compile(r"(?<![\w/.])(0?[1-9]|1[0-2])\s?/\s?((?:19|20)\d{2})(?![\w/])")

_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "S": "5", "$": "5"})


@dataclass(frozen=True)
class DateMention:
    value: date
    granularity: Granularity
    start: int
    end: int
    text: str
    repaired: bool

    @property
    def last_day(self) -> date:
        if self.granularity == "month":
            return self.value.replace(day=calendar.monthrange(self.value.year, self.value.month)[1])
        if self.granularity == "year":
            return self.value.replace(month=12, day=31)
        return self.value


def ocr_digits(text: str) -> str:
    """A digit group as OCR read it, its look-alike letters made digits and its spaces dropped."""
    # `\s` in the patterns lets a line break split a number too (« 01/03/202\n3 » on a packed page).
    return "".join(text.translate(_OCR_DIGITS).split())


def month_number(name: str) -> tuple[int, bool]:
    """A month's number from its name as read, and whether a misread letter was set right."""
    folded = name.lower()
    if folded in MONTHS:
        return MONTHS[folded], False
    return next(MONTHS[m] for m in _LONG_MONTHS
                if len(m) == len(folded) and sum(a != b for a, b in zip(m, folded, strict=True)) == 1), True


def _digits(text: str) -> tuple[int, bool]:
    fixed = ocr_digits(text)
    return int(fixed), fixed != text


def _year(value: int) -> int:
    return value + (2000 if value < 70 else 1900) if value < 100 else value


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _parse_written(text: str) -> date | None:
    parsed = dateparser.parse(
        text, languages=["fr"], settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date() if parsed else None


def _numeric(text: str) -> list[DateMention]:
    found = []
    for m in NUMERIC_RE.finditer(text):
        (day, r1), (month, r2), (year, r3) = (_digits(g) for g in m.groups())
        value = _safe_date(_year(year), month, day)
        if value:
            found.append(DateMention(value, "day", m.start(), m.end(), m.group(0), r1 or r2 or r3))
    for m in ISO_RE.finditer(text):
        value = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if value:
            found.append(DateMention(value, "day", m.start(), m.end(), m.group(0), False))
    return found


def _written(text: str) -> list[DateMention]:
    found = []
    for m in WRITTEN_RE.finditer(text):
        day_text = m.group(1).replace(" ", "")
        first_of_month = day_text.lower().endswith("er")
        day, repaired_day = (1, day_text.lower() != "1er") if first_of_month else _digits(day_text)
        year, repaired_year = _digits(m.group(3))
        month, repaired_month = month_number(m.group(2))
        value = _parse_written(f"{day} {m.group(2)} {year}") or _safe_date(year, month, day)
        if value:
            repaired = repaired_day or repaired_month or repaired_year
            found.append(DateMention(value, "day", m.start(), m.end(), m.group(0), repaired))
    return found


def _months(text: str, taken: list[tuple[int, int]]) -> list[DateMention]:
    """Months alone, outside the spans of `taken` (full dates, in order, apart)."""
    starts = [start for start, _ in taken]

    def inside_taken(start: int, end: int) -> bool:
        # Only the spans nearest before its start and its end can hold a match: looked up, not scanned.
        before_start, before_end = bisect_right(starts, start) - 1, bisect_left(starts, end) - 1
        return (before_start >= 0 and start < taken[before_start][1]) or (before_end >= 0 and end <= taken[before_end][1])

    found = []
    for regex, month_of in ((MONTH_YEAR_RE, lambda g: MONTHS[g.lower()]), (NUMERIC_MONTH_RE, int)):
        for m in regex.finditer(text):
            if inside_taken(m.start(), m.end()):
                continue
            value = _safe_date(int(m.group(2)), month_of(m.group(1)), 1)
            if value:
                found.append(DateMention(value, "month", m.start(), m.end(), m.group(0), False))
    return found


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in `text`, in reading order; overlapping finds keep the longest."""
    days = _written(text) + _numeric(text)
    days.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for mention in days:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    kept += _months(text, [(d.start, d.end) for d in kept])
    return sorted(kept, key=lambda d: d.start)


SCHOOL_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s?[-/–]\s?((?:19|20)\d{2})(?!\d)")
INCOME_YEAR_RE = re.compile(r"revenus\s+(?:de\s+l['’]\s?année\s+|de\s+|perçus\s+en\s+)?((?:19|20)\d{2})", re.IGNORECASE)
