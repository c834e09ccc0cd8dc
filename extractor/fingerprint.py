"""A document's text fingerprint: near for the same paper read twice, far for two different papers.

A 64-bit SimHash (Charikar, 2002) of the folded words taken two by two. A word misread by OCR
changes only the two pairs it belongs to, so a scan and the text layer of the same paper differ in
a few bits; two papers of one kind (the same employer's payslips) share their printed headings but
not their dates and amounts, so the pairs holding figures weigh more.
"""

import hashlib
import re

from extractor.cues import fold
from models.text import DocumentText

BITS = 64
FIGURE_WEIGHT = 3
"""Weight of a pair that holds a figure (dates, amounts, numbers): what sets two papers of one kind apart."""
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    # Single letters are mostly OCR specks and punctuation read as letters.
    return [w for w in _WORD.findall(fold(text)) if len(w) > 1 or w.isdigit()]


def simhash(text: str) -> str | None:
    """16 hex digits, or None when the text holds fewer than two words."""
    words = _words(text)
    if len(words) < 2:
        return None
    totals = [0] * BITS
    for first, second in zip(words, words[1:], strict=False):
        pair = f"{first} {second}"
        weight = FIGURE_WEIGHT if any(c.isdigit() for c in pair) else 1
        bits = int.from_bytes(hashlib.blake2b(pair.encode(), digest_size=BITS // 8).digest(), "big")
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
