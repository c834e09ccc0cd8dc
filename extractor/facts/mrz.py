"""The machine-readable zone of identity papers (ICAO Doc 9303), read from OCR'd text.

Passports (TD3), cards (TD1, TD2) and visas (MRV-A, MRV-B) carry, in a fixed order, their kind, the
issuing state, the holder's nationality, birth date and expiry date, each date with a check digit.
OCR confuses the filler « < » with « « », C, K or L, and O with 0, I with 1: each field is read as
the characters its place allows, and a date is trusted only when its check digit agrees.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from extractor.facts.layout import PageLayout
from models.evidence import BBox

Kind = Literal["passport", "visa", "card"]
Format = Literal["TD1", "TD2", "TD3", "MRV-A", "MRV-B"]

WEIGHTS = (7, 3, 1)
# OCR's confusions, by what the place holds: a digit, or a letter of a state's code.
_AS_DIGIT = str.maketrans("OQDUILZSBG", "0001112586")
_AS_LETTER = str.maketrans("01258", "OIZSB")
_FILLERS = str.maketrans({"«": "<", "‹": "<", "£": "<", "€": "<"})
_D = "[0-9OQDUILZSBG]"
_A = "[A-Z0-9<]"
# TD3, TD2 and visas: document number, check, nationality, birth, check, sex, expiry, check.
SECOND_LINE = re.compile(
    rf"(?=(?P<number>[A-Z0-9<]{{9}})(?P<number_check>{_D})(?P<nationality>{_A}{{3}})"
    rf"(?P<birth>{_D}{{6}})(?P<birth_check>{_D})[MFX<CKL](?P<expiry>{_D}{{6}})(?P<expiry_check>{_D}))"
)
# TD1's second line: birth, check, sex, expiry, check, nationality.
TD1_SECOND_LINE = re.compile(
    rf"(?=(?P<birth>{_D}{{6}})(?P<birth_check>{_D})[MFX<CKL](?P<expiry>{_D}{{6}})(?P<expiry_check>{_D})"
    rf"(?P<nationality>{_A}{{3}}))"
)
# First lines: the document code (its first letter says the kind), then the issuing state.
FIRST_LINE = re.compile(r"^(?P<code>[PVIAC][A-Z0-9<])(?P<state>[A-Z0-9<]{3})")
KINDS: dict[str, Kind] = {"P": "passport", "V": "visa", "I": "card", "A": "card", "C": "card"}
MIN_LENGTH = 28
"""Characters of a line the fields above span: anything shorter is not a zone's line."""


@dataclass(frozen=True)
class Mrz:
    """What a zone says; a date is None when its check digit failed (or it is no date)."""

    kind: Kind | None
    format: Format | None
    code: str
    issuing_state: str | None
    nationality: str | None
    birth: date | None
    expiry: date | None
    page: int
    bbox: BBox | None
    text: str


def check_digit(field: str) -> int:
    """ICAO 9303 part 3: digits as themselves, A-Z as 10-35, the filler as 0, weighted 7, 3, 1."""
    total = 0
    for position, char in enumerate(field):
        value = int(char) if char.isdigit() else ord(char) - 55 if "A" <= char <= "Z" else 0
        total += value * WEIGHTS[position % 3]
    return total % 10


def normalised(line: str) -> str:
    """Upper case, no accents, no spaces, one filler: the zone's alphabet, confusions left for the fields."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", line) if not unicodedata.combining(c))
    return "".join(bare.upper().translate(_FILLERS).split())


def _checked(digits: str, check: str) -> str | None:
    digits, check = digits.translate(_AS_DIGIT), check.translate(_AS_DIGIT)
    return digits if digits.isdigit() and check_digit(digits) == int(check) else None


def _yymmdd(digits: str, century: int) -> date | None:
    try:
        return date(century + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError:
        return None


def _expiry(digits: str | None) -> date | None:
    # Papers in use expire within a few decades of now: « 18 » is 2018, « 95 » 1995.
    return _yymmdd(digits, 2000 if int(digits[:2]) < 70 else 1900) if digits else None


def _birth(digits: str | None, expiry: date | None) -> date | None:
    """A birth's century: the latest that falls before the paper expires (or before today)."""
    if digits is None:
        return None
    recent = _yymmdd(digits, 2000)
    return recent if recent is not None and recent < (expiry or date.today()) else _yymmdd(digits, 1900)


def _state(code: str) -> str | None:
    state = code.translate(_AS_LETTER)
    return state if state.isalpha() else None


def _first_line(lines: list[str], before: int) -> re.Match[str] | None:
    """The zone's first line: the nearest line above the second that opens like one."""
    for line in reversed(lines[max(0, before - 2) : before]):
        if match := FIRST_LINE.match(line):
            return match
    return None


def _format(kind: Kind | None, length: int, td1: bool) -> Format | None:
    if td1:
        return "TD1"
    long = length >= 40
    if kind == "visa":
        return "MRV-A" if long else "MRV-B"
    return "TD3" if long else "TD2" if kind is not None else None


def _dates(match: re.Match[str]) -> tuple[date | None, date | None]:
    expiry = _expiry(_checked(match["expiry"], match["expiry_check"]))
    return _birth(_checked(match["birth"], match["birth_check"]), expiry), expiry


def _best(line: str) -> tuple[re.Match[str], bool] | None:
    """The reading of a line, at any offset (OCR adds and drops characters), whose dates check best."""
    candidates = [(m, False) for m in SECOND_LINE.finditer(line)] + [(m, True) for m in TD1_SECOND_LINE.finditer(line)]
    scored = [(sum(d is not None for d in _dates(m)), m, td1) for m, td1 in candidates]
    best = max(scored, key=lambda s: s[0], default=None)
    return (best[1], best[2]) if best and best[0] else None


def _on_page(layout: PageLayout) -> Mrz | None:
    raw_lines = layout.text.split("\n")
    lines = [normalised(line) for line in raw_lines]
    for number, line in enumerate(lines):
        if len(line) < MIN_LENGTH or (found := _best(line)) is None:
            continue
        match, td1 = found
        birth, expiry = _dates(match)
        first = _first_line(lines, number)
        kind = KINDS.get(first["code"][0]) if first else None
        start = sum(len(text) + 1 for text in raw_lines[:number])
        top = start - len(raw_lines[number - 1]) - 1 if first and number else start
        end = start + len(raw_lines[number])
        return Mrz(
            kind=kind,
            format=_format(kind, len(line), td1),
            code=first["code"] if first else "",
            issuing_state=_state(first["state"]) if first else None,
            nationality=_state(match["nationality"]),
            birth=birth,
            expiry=expiry,
            page=layout.page.number,
            bbox=layout.bbox(top, end),
            text=layout.text[top:end],
        )
    return None


def read_mrz(layouts: tuple[PageLayout, ...]) -> Mrz | None:
    """The first zone of a document with at least one date whose check digit agrees."""
    for layout in layouts:
        if found := _on_page(layout):
            return found
    return None
