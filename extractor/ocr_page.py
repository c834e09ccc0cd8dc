"""One page image in, its words out: resolution, orientation and skew fixed before Tesseract reads it."""

from dataclasses import dataclass

import numpy as np
from PIL import Image

from extractor.prepare import guess_dpi, is_sideways, normalise_resolution, straighten
from extractor.tesseract import OcrWord, detect_rotation, ocr_words
from models.text import PageText, Word

# Below this share of dark pixels a page holds no text (a blank back, a faint bleed-through).
BLANK_INK_SHARE = 0.0002
# Tesseract's orientation detector is unreliable below this confidence.
OSD_MIN_CONFIDENCE = 1.0


@dataclass(frozen=True)
class OcrPage:
    page: PageText
    upright: Image.Image
    dpi: float


def _is_blank(grey: Image.Image) -> bool:
    # Full resolution: thin strokes of a single short line vanish in any downsampled copy.
    pixels = np.asarray(grey, dtype=np.int16)
    background = int(np.median(pixels))
    if background < 128:  # light text on a dark ground
        pixels, background = 255 - pixels, 255 - background
    dark = pixels < background - 70
    return float(dark.mean()) < BLANK_INK_SHARE


def _quality(words: list[OcrWord]) -> float:
    """Confidence mass of word-like tokens: upside-down or sideways text scores near zero."""
    return sum(w.confidence for w in words if len(w.text) >= 3 and w.text.isalpha())


def _needs_orientation_check(words: list[OcrWord]) -> bool:
    wordlike = [w for w in words if len(w.text) >= 3 and w.text.isalpha()]
    return len(wordlike) < 5 or sum(w.confidence for w in wordlike) / len(wordlike) < 0.6


def _to_page(words: list[OcrWord], number: int, image: Image.Image, dpi: float, rotation: int) -> PageText:
    scale = 72.0 / dpi
    line_index: dict[tuple[int, int, int], int] = {}
    page_words = []
    for w in words:
        line = line_index.setdefault(w.line_key, len(line_index))
        bbox = (w.left * scale, w.top * scale, (w.left + w.width) * scale, (w.top + w.height) * scale)
        page_words.append(Word(text=w.text, bbox=bbox, confidence=w.confidence, line=line))
    return PageText(
        number=number,
        width=image.width * scale,
        height=image.height * scale,
        reading="ocr",
        rotation=rotation,
        words=tuple(page_words),
    )


def ocr_page(image: Image.Image, number: int, timeout_s: float, dpi: float | None = None) -> OcrPage:
    grey = image.convert("L")
    grey, dpi = normalise_resolution(grey, dpi or guess_dpi(image))
    if _is_blank(grey):
        blank = PageText(
            number=number, width=grey.width * 72 / dpi, height=grey.height * 72 / dpi, reading="blank"
        )
        return OcrPage(blank, grey, dpi)
    rotation = 0
    if is_sideways(grey):
        detected, confidence = detect_rotation(grey, timeout_s)
        # The profile test is fooled by dark margins of phone photos: Tesseract's orientation decides.
        if detected in (90, 270) and confidence >= OSD_MIN_CONFIDENCE:
            rotation = detected
            grey = grey.rotate(-rotation, expand=True)
    grey, _ = straighten(grey)
    words = ocr_words(grey, dpi, timeout_s)
    if _needs_orientation_check(words):
        detected, confidence = detect_rotation(grey, timeout_s)
        if detected and confidence >= OSD_MIN_CONFIDENCE:
            turned = grey.rotate(-detected, expand=True)
            turned_words = ocr_words(turned, dpi, timeout_s)
            if _quality(turned_words) > _quality(words):
                grey, words, rotation = turned, turned_words, (rotation + detected) % 360
    return OcrPage(_to_page(words, number, grey, dpi, rotation), grey, dpi)
