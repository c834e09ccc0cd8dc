"""A document's text fingerprint: near for the same paper read twice, far for two different papers.

A 64-bit SimHash (Charikar, 2002) of the character 5-grams of each folded word. A character misread
by OCR changes only the few grams that hold it, and words read in another order (a table's columns)
change none, so a scan and the text layer of one paper differ in a few bits. Two papers of one kind
(the same employer's payslips) share their printed headings but not their dates and amounts, so
the grams holding figures weigh more.
"""

import hashlib
import re

from extractor.facts.folding import fold
from models.text import DocumentText

BITS = 64
GRAM = 5
FIGURE_WEIGHT = 8
"""Weight of a gram holding a digit (dates, amounts, numbers): what sets two papers of one kind apart."""
_WORD = re.compile(r"[a-z0-9]+")


def _grams(text: str) -> list[str]:
    """Each word padded with spaces, so its start and end count, cut into GRAM-character pieces."""
    grams = []
    for word in _WORD.findall(fold(text)):
        padded = f" {word} "
        grams += [padded[i:i + GRAM] for i in range(max(len(padded) - GRAM + 1, 1))]
    return grams


def simhash(text: str) -> str | None:
    """16 hex digits, or None when the text holds no word."""
    grams = _grams(text)
    if not grams:
        return None
    totals = [0] * BITS
    for gram in grams:
        weight = FIGURE_WEIGHT if any(c.isdigit() for c in gram) else 1
        bits = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=BITS // 8).digest(), "big")
        for i in range(BITS):
            totals[i] += weight if bits >> i & 1 else -weight
    value = sum(1 << i for i, total in enumerate(totals) if total > 0)
    return f"{value:0{BITS // 4}x}"


def fingerprint(document: DocumentText) -> str | None:
    """The fingerprint of all the words of a document, pages in order."""
    return simhash("\n".join(page.text for page in document.pages))


def distance(a: str, b: str) -> int:
    """Hamming distance of two fingerprints: the number of bits that differ."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
