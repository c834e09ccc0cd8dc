"""Character error rate of OCR against the known text of a page, free of reading order.

Each line of the known text is looked for in the whole OCR text (an edit distance where the match
may start and end anywhere), so two columns read in another order cost nothing; a line that was
not read at all costs its length.
"""

import re

import numpy as np


def normalise(text: str) -> str:
    """Whitespace is layout, not reading: every run of it counts as one space."""
    return re.sub(r"\s+", " ", text).strip()


def substring_distance(needle: str, haystack: str) -> int:
    """Fewest edits that turn `needle` into some substring of `haystack`; one numpy row per character."""
    if not needle or not haystack:
        return len(needle)
    codes = np.frombuffer(haystack.encode("utf-32-le"), dtype=np.uint32)
    steps = np.arange(len(haystack) + 1)
    row = np.zeros(len(haystack) + 1, dtype=np.int64)  # the match may start anywhere
    for char in needle:
        cost = (codes != ord(char)).astype(np.int64)
        best = np.empty_like(row)
        best[0] = row[0] + 1
        best[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        # Insertions run along the row: D[j] = min over k <= j of best[k] + (j - k).
        row = np.minimum.accumulate(best - steps) + steps
    return int(row.min())  # ... and end anywhere


def visual_lines(words: list[tuple[str, tuple[float, float, float, float]]]) -> str:
    """Words regrouped into the lines a person sees (same height on the page), left to right.

    Tesseract reads a table column by column; the known text runs row by row.
    """
    lines: list[tuple[float, float, list[tuple[float, str]]]] = []  # (centre, height, words)
    for text, (x0, y0, _, y1) in sorted(words, key=lambda w: (w[1][1] + w[1][3]) / 2):
        centre, height = (y0 + y1) / 2, y1 - y0
        if lines and abs(centre - lines[-1][0]) < 0.5 * max(height, lines[-1][1]):
            lines[-1][2].append((x0, text))
        else:
            lines.append((centre, height, [(x0, text)]))
    return "\n".join(" ".join(text for _, text in sorted(items)) for _, _, items in lines)
