"""Is the contract signed? Look for ink in the signer's box on the page picture, not for a word."""

import re
from collections.abc import Callable

import numpy as np
from PIL import Image

from extractor.facts.folding import fold
from extractor.facts.layout import PageLayout
from extractor.facts.mentions import DocumentIndex, source_of
from models.document import ContractFacts
from models.evidence import Extracted, Provenance

PagePictures = Callable[[int], Image.Image | None]
PICTURE_SCALE = 100 / 72
"""Page pictures are 100 dpi: points × 100/72 = pixels."""

# OCR may damage the label's first word (« Signaffre du demandeur »); the words after it name the signer.
SIGNER = re.compile(r"\bsign\w{0,6}\s+(de\s+l.?(etranger|interesse|demandeur|signataire)|du\s+(demandeur|signataire))")
ANY_SIGNATURE = re.compile(r"\bsignature\b")
BOX_BELOW, BOX_WIDTH = 95.0, 240.0
"""The signature sits under its label, in a box about this many points high and wide."""
INK_SHARE = 0.007
"""Share of dark pixels, printed words and ruled lines left out, above which the box holds a signature."""
INK_DEPTH, MIN_CONTRAST = 0.45, 30
"""A pixel is ink when darker than the paper by this share of the page's contrast (and at least 30 levels)."""
PRINTED_WORD_CONFIDENCE = 0.5
"""Tesseract reads a signature as a « word » it is unsure of (« RANNV », 0.05): only surer words are print."""
FRAME_RUN = 120
"""Pixels (1.2 inch at 100 dpi): a straight run this long is a ruled line or a frame, not a pen stroke."""


def _signer_label(layout: PageLayout) -> tuple[int, int] | None:
    text = fold(layout.text)
    match = SIGNER.search(text)
    if match:
        return match.start(), match.end()
    labels = list(ANY_SIGNATURE.finditer(text))
    return (labels[-1].start(), labels[-1].end()) if labels else None


def _thicken(mask: np.ndarray) -> np.ndarray:
    """Each row ORed with its neighbours: a line skewed by a degree or two stays one run."""
    thick = mask.copy()
    thick[1:] |= mask[:-1]
    thick[:-1] |= mask[1:]
    return thick


def _long_runs(dark: np.ndarray, length: int) -> np.ndarray:
    """Pixels on horizontal runs of at least `length` dark pixels: ruled lines, even a little skewed."""
    band = _thicken(dark)
    runs = np.zeros_like(dark)
    for row in range(band.shape[0]):
        line = np.concatenate(([0], band[row].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(line))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if end - start >= length:
                runs[row, start:end] = True
    return _thicken(runs) & dark


def _ink_share(picture: Image.Image, box: tuple[float, float, float, float], layout: PageLayout) -> float:
    page = np.asarray(picture.convert("L"), dtype=np.int16)
    x0, y0, x1, y1 = (round(v * PICTURE_SCALE) for v in box)
    pixels = page[y0:y1, x0:x1].copy()
    if pixels.size == 0:
        return 0.0
    for word in layout.words:  # printed words in the box are not a signature; OCR's unsure « words » may be one
        if word.confidence < PRINTED_WORD_CONFIDENCE:
            continue
        wx0, wy0, wx1, wy1 = (round(v * PICTURE_SCALE) for v in word.bbox)
        pixels[max(wy0 - y0 - 2, 0) : max(wy1 - y0 + 2, 0), max(wx0 - x0 - 2, 0) : max(wx1 - x0 + 2, 0)] = 255
    # Faint scans print their darkest ink far above black: the threshold follows the page's own range.
    background, darkest = int(np.median(pixels)), int(np.percentile(page, 0.5))
    dark = pixels < background - max(MIN_CONTRAST, INK_DEPTH * (background - darkest))
    # A box's frame and ruled lines are long straight runs, across or down: they are not ink.
    dark &= ~_long_runs(dark, FRAME_RUN) & ~_long_runs(dark.T, FRAME_RUN).T
    return float(dark.mean())


def contract_facts(index: DocumentIndex, pictures: PagePictures | None) -> ContractFacts:
    for layout in reversed(index.layouts):
        label = _signer_label(layout)
        if label is None:
            continue
        bbox = layout.bbox(*label)
        picture = pictures(layout.page.number) if pictures else None
        if bbox is None or picture is None:
            return ContractFacts()
        box = (
            max(0.0, bbox[0] - 30),
            bbox[1],
            min(layout.page.width, bbox[0] + BOX_WIDTH),
            min(layout.page.height, bbox[3] + BOX_BELOW),
        )
        share = _ink_share(picture, box, layout)
        signed = share > INK_SHARE
        # Far from the threshold either way is a sure call; near it is not.
        margin = abs(share - INK_SHARE) / INK_SHARE
        confidence = 0.6 + 0.35 * min(margin, 1.0)
        return ContractFacts(
            signed=Extracted(
                value=signed,
                confidence=round(confidence, 4),
                provenance=Provenance(
                    page=layout.page.number, bbox=box, text=" ".join(w.text for w in layout.words_in(*label)),
                    source=source_of(layout),  # type: ignore[arg-type]
                    method=f"ink_share={share:.4f}",
                ),
            )
        )
    return ContractFacts()
