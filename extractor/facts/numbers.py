"""French numbers in words, and durations such as « deux ans », « 24 mois », « trois (3) ans »."""

import re

from text_to_num import text2num

# The words a French number is made of; text2num (a well-kept parser of written numbers) adds them up:
# « quatre-vingt-seize » is 96, not 4 + 20 + 16.
_WORDS = (
    "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "treize", "quatorze", "quinze", "seize", "vingt", "vingts", "trente", "quarante", "cinquante", "soixante",
    "cent", "cents",
)


def french_number(words: str) -> int | None:
    """« dix-huit » → 18, « quatre-vingt-seize » → 96, « trente et un » → 31; None when not a number."""
    text = re.sub(r"\s+", " ", words.lower().strip())
    if not text:
        return None
    try:
        return text2num("un" if text == "une" else text, "fr")
    except ValueError:
        return None


_NUMBER_WORDS = "|".join(sorted(_WORDS, key=len, reverse=True))
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
