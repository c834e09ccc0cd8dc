"""French numbers in words, and durations such as « deux ans », « 24 mois », « trois (3) ans »."""

import re

_UNITS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60,
}


def french_number(words: str) -> int | None:
    """« dix-huit » → 18, « vingt-quatre » → 24, « trente et un » → 31; None when not a number."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower().strip()) if t and t != "et"]
    if not tokens or any(t not in _UNITS for t in tokens):
        return None
    total = 0
    for token in tokens:
        total += _UNITS[token]
    return total


_NUMBER_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
DURATION_RE = re.compile(
    rf"(?P<amount>\d{{1,3}}|(?:(?:{_NUMBER_WORDS})(?:[\s-]+(?:et[\s-]+)?)?)+)"
    r"\s*(?:\(\s*(?P<digits>\d{1,3})\s*\))?\s*(?P<unit>ans?|années?|mois)\b",
    re.IGNORECASE,
)


def duration_months(text: str) -> int | None:
    """Months in a duration phrase; the digits in brackets win over the words when both are given."""
    match = DURATION_RE.search(text)
    if not match:
        return None
    amount = match.group("digits") or match.group("amount")
    value = int(amount) if amount.strip().isdigit() else french_number(amount)
    if not value:
        return None
    return value * 12 if match.group("unit").lower().startswith("an") else value
