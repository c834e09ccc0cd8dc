"""Is the contract signed? Look for ink in the signer's box on the page picture, not for a word."""

import re
from collections.abc import Callable
from difflib import SequenceMatcher

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
SIGNED_AT = re.compile(r"\bfait\s*(?:a|le)\b")
"""« Fait à Bobigny, le … » or « Fait le … à Créteil »: the closing formula, in either order."""
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
FRAME_TILT, FRAME_TILT_STEP = 4.0, 0.5
"""Degrees: a photographed sheet's perspective tilts a box's frame by a few degrees where the page as a
whole was straightened (2° measured on a generated phone photo, whose frame then read as a signature)."""


SIGNER_NOUNS = ("etranger", "etrangere", "interesse", "interessee", "demandeur", "demandeuse", "signataire")
ALIKE = 0.75
"""How alike (difflib's ratio) a word read by OCR and a label's word must be to stand for it."""
WORD = re.compile(r"[a-z']+")


def _signer_label(layout: PageLayout) -> tuple[int, int] | None:
    text = fold(layout.text)
    match = SIGNER.search(text)
    if match:
        return match.start(), match.end()
    labels = list(ANY_SIGNATURE.finditer(text))
    if labels:
        return labels[-1].start(), labels[-1].end()
    return _misread_signer_label(text)


def _alike(word: str, targets: tuple[str, ...]) -> bool:
    return any(SequenceMatcher(None, word, target).ratio() >= ALIKE for target in targets)


def _misread_signer_label(text: str) -> tuple[int, int] | None:
    """A signature's ink often runs over its label, which OCR then misreads word by word (« Sigrature de
    l'étrangesière »): a word like « signature » followed, within three words, by one like a signer's."""
    words = list(WORD.finditer(text))
    found = None
    for i, word in enumerate(words):
        if not _alike(word.group(), ("signature",)):
            continue
        for after in words[i + 1 : i + 4]:
            if _alike(after.group().split("'")[-1], SIGNER_NOUNS):
                found = word.start(), after.end()  # the last one on the page, as for a well-read label
                break
    return found


def _thicken(mask: np.ndarray) -> np.ndarray:
    """Each row ORed with its neighbours: a line off level by a fraction of a pixel a run stays one run."""
    thick = mask.copy()
    thick[1:] |= mask[:-1]
    thick[:-1] |= mask[1:]
    return thick


def _run_lengths(mask: np.ndarray) -> np.ndarray:
    """For each pixel, the length of the horizontal run of True it lies on (0 off the runs)."""
    forward = np.zeros(mask.shape, dtype=np.int32)
    backward = np.zeros(mask.shape, dtype=np.int32)
    forward[:, 0], backward[:, -1] = mask[:, 0], mask[:, -1]
    for col in range(1, mask.shape[1]):
        forward[:, col] = (forward[:, col - 1] + 1) * mask[:, col]
        back = mask.shape[1] - 1 - col
        backward[:, back] = (backward[:, back + 1] + 1) * mask[:, back]
    return np.where(mask, forward + backward - 1, 0)


def _long_runs(dark: np.ndarray, length: int) -> np.ndarray:
    """Pixels on straight horizontal lines of at least `length` dark pixels, level or tilted by up to
    FRAME_TILT (a box's frame on a photographed sheet): ruled lines and frames, not pen strokes."""
    height, width = dark.shape
    runs = np.zeros_like(dark)
    if width < length:
        return runs
    cols = np.arange(width)
    for slope in np.tan(np.radians(np.arange(-FRAME_TILT, FRAME_TILT + 0.01, FRAME_TILT_STEP))):
        shifts = np.rint(cols * slope).astype(np.int64)
        shifts -= shifts.min()
        rows = np.arange(height)[:, None] + shifts[None, :]
        level = np.zeros((height + int(shifts.max()), width), dtype=bool)
        level[rows, cols[None, :]] = dark  # the line levelled by sliding each column
        runs |= (_run_lengths(_thicken(level)) >= length)[rows, cols[None, :]]
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


def _signing_place(layout: PageLayout) -> tuple[int, int] | None:
    """« Fait à Bobigny le 11/11/2025 », « Fait le 30.01.2025 à Créteil »: the signature goes under the line
    where the paper is dated."""
    places = list(SIGNED_AT.finditer(fold(layout.text)))
    if not places:
        return None
    line_end = layout.text.find("\n", places[-1].start())
    return places[-1].start(), line_end if line_end >= 0 else len(layout.text)


Box = tuple[float, float, float, float]


def _signature_box(index: DocumentIndex) -> tuple[PageLayout, tuple[int, int], Box, float] | None:
    """The signer's box and the share of ink that makes it signed: under its label; or, when no label
    can be read (the ink or a stamp ran over it), the band across the page under the line that dates
    the paper, that line left out (a date filled in by hand is no signature), where a signature is as
    much ink as in its own box, so a smaller share of the band."""
    for layout in reversed(index.layouts):
        label = _signer_label(layout)
        bbox = layout.bbox(*label) if label else None
        if label and bbox:
            return layout, label, (bbox[0] - 30, bbox[1], bbox[0] + BOX_WIDTH, bbox[3] + BOX_BELOW), INK_SHARE
        if label:
            return None
    for layout in reversed(index.layouts):
        place = _signing_place(layout)
        bbox = layout.bbox(*place) if place else None
        if place and bbox:
            band = (0.0, bbox[3] + 2, layout.page.width, bbox[3] + 2 * BOX_BELOW)
            return layout, place, band, INK_SHARE * BOX_WIDTH * BOX_BELOW / (layout.page.width * 2 * BOX_BELOW)
    return None


def contract_facts(index: DocumentIndex, pictures: PagePictures | None) -> ContractFacts:
    found = _signature_box(index)
    picture = pictures(found[0].page.number) if found and pictures else None
    if found is None or picture is None:
        return ContractFacts()
    layout, label, (x0, y0, x1, y1), threshold = found
    box = (max(0.0, x0), y0, min(layout.page.width, x1), min(layout.page.height, y1))
    share = _ink_share(picture, box, layout)
    signed = share > threshold
    # Far from the threshold either way is a sure call; near it is not.
    margin = abs(share - threshold) / threshold
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
