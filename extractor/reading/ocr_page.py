"""One page image in, its words out: resolution, orientation and skew fixed before Tesseract reads it,
so that Tesseract reads each page once (again only when the reading is poor: turned over, then with a
local threshold, or when it leaves most of the page's ink unread)."""

from dataclasses import dataclass

import numpy as np
from PIL import Image

from extractor.reading.prepare import (
    Askew,
    Orientation,
    guess_dpi,
    ink_map,
    normalise_resolution,
    orientation,
    straighten,
    turn,
    without_surround,
)
from extractor.reading.sheet import flatten
from extractor.reading.tesseract import OcrWord, ocr_words
from models.text import PageText, Word

UP_DOWN_SURE = 8.0
"""Leptonica's up/down confidence beyond which a page is turned over only if it then reads well. On
generated scans every answer beyond 3 was right, but papers of other hands fooled it near 5 (Courier
capitals at -5.3, a photographed passport at -5.0); a faint photo read the right way was at +10.8."""
INK_READ_SHARE = 0.3
"""Below this share of its ink inside the words read, a page is read again with the local threshold
(and the better reading kept): on 36 photos and scans of two sets, clean pages had 0.45 to 0.99, the
photos whose table had swallowed a column of text 0.10 to 0.12."""
FLIP_MARGIN = 1.0
"""The other way up must read better by at least one sure word: a faint photo read as nothing either way
(0 against 0.3) is not turned over on its noise."""


@dataclass(frozen=True)
class OcrPage:
    page: PageText
    upright: Image.Image
    dpi: float
    askew: Askew | None = None


def _wordlike(words: list[OcrWord]) -> list[OcrWord]:
    return [w for w in words if len(w.text) >= 3 and w.text.isalpha()]


def _quality(words: list[OcrWord]) -> float:
    """Confidence mass of word-like tokens: upside-down or sideways text scores near zero."""
    return sum(w.confidence for w in _wordlike(words))


def _reads_poorly(words: list[OcrWord]) -> bool:
    wordlike = _wordlike(words)
    return len(wordlike) < 5 or sum(w.confidence for w in wordlike) / len(wordlike) < 0.6


def _ink_read_share(image: Image.Image, dpi: float, words: list[OcrWord]) -> float:
    """Share of the page's ink that lies in the boxes of the words read."""
    ink = ink_map(image, dpi)
    if not ink.any():
        return 1.0
    read = np.zeros_like(ink)
    margin = max(1, round(dpi / 100))
    for w in words:
        read[max(0, w.top - margin) : w.top + w.height + margin, max(0, w.left - margin) : w.left + w.width + margin] = True
    return float((ink & read).sum() / ink.sum())


@dataclass(frozen=True)
class _Reading:
    upright: Image.Image
    read: Image.Image
    words: list[OcrWord]
    rotation: int


def _read(upright: Image.Image, rotation: int, dpi: float, timeout_s: float) -> _Reading:
    """Tesseract, Otsu's threshold, on the page with its surround painted (the picture keeps it)."""
    read = without_surround(upright, dpi)
    return _Reading(upright, read, ocr_words(read, dpi, timeout_s), rotation)


def _locally(reading: _Reading, dpi: float, timeout_s: float, first_poor: bool) -> _Reading:
    """A page that read poorly at first (faint, shadowed, upside down), or whose reading leaves most of its
    ink unread (a dark wedge of table beside a sheet photographed askew swallows the text next to it), is
    read again with the local threshold, and the better reading kept. Not before the page is the right way
    up: the local threshold loses white letters on a dark band, which the better reading then keeps."""
    words = reading.words
    if not (first_poor or _reads_poorly(words)) and _ink_read_share(reading.read, dpi, words) >= INK_READ_SHARE:
        return reading
    local_words = ocr_words(reading.read, dpi, timeout_s, local_threshold=True)
    if _quality(local_words) > _quality(words):
        return _Reading(reading.upright, reading.read, local_words, reading.rotation)
    return reading


def _turned_over(reading: _Reading, dpi: float, timeout_s: float) -> _Reading:
    read = reading.read.transpose(Image.Transpose.ROTATE_180)
    upright = reading.upright.transpose(Image.Transpose.ROTATE_180)
    return _Reading(upright, read, ocr_words(read, dpi, timeout_s), (reading.rotation + 180) % 360)


def _better(current: _Reading, other: _Reading, sure: bool) -> _Reading:
    """The other reading when it reads clearly better; when Leptonica was sure of the current
    orientation (it can be sure and wrong: capitals in a monospaced font have few ascenders and
    descenders), only if it then reads well."""
    clearly_better = _quality(other.words) > _quality(current.words) + FLIP_MARGIN
    return other if clearly_better and not (sure and _reads_poorly(other.words)) else current


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


def _first_reading(grey: Image.Image, dpi: float, timeout_s: float) -> tuple[Orientation, Image.Image, _Reading | None]:
    """The page's orientation, the page turned upright, and Tesseract's first reading (None when blank)."""
    found = orientation(grey, dpi)
    if found.blank:
        return found, grey, None
    turned = turn(grey, found.rotation)
    return found, turned, _read(straighten(turned, found.skew), found.rotation, dpi, timeout_s)


def ocr_page(
    image: Image.Image, number: int, timeout_s: float, dpi: float | None = None, resample: bool = True,
    camera: bool = False,
) -> OcrPage:
    """`resample` False: the caller rendered the page at the resolution it wants read. `camera`: a photo's
    file (not a scanner's PDF or TIFF), which may have been taken mirrored."""
    grey = image if image.mode == "L" else image.convert("L")
    dpi = dpi or guess_dpi(image)
    if resample:
        grey, dpi = normalise_resolution(grey, dpi)
    grey = flatten(grey, dpi)  # a sheet photographed at an angle
    found, turned, first = _first_reading(grey, dpi, timeout_s)
    if first is None:
        blank = PageText(number=number, width=grey.width * 72 / dpi, height=grey.height * 72 / dpi, reading="blank")
        return OcrPage(blank, grey, dpi)
    poor = _reads_poorly(first.words)
    sure = found.up_down is not None and abs(found.up_down) >= UP_DOWN_SURE
    best = _better(first, _turned_over(first, dpi, timeout_s), sure) if poor else first
    if camera and poor and _reads_poorly(best.words):
        # A camera's picture may be mirrored (a front camera, a webcam: real-dev's identity card), and then
        # reads poorly whichever way up it is turned. Flipped top to bottom it is an ordinary page, upright
        # or upside down, which the up/down test turns: one more reading, kept only if it reads well and
        # clearly better.
        mirror_found, mirror_turned, mirror = _first_reading(grey.transpose(Image.Transpose.FLIP_TOP_BOTTOM), dpi, timeout_s)
        if mirror is not None and not _reads_poorly(mirror.words) and _quality(mirror.words) > _quality(best.words) + FLIP_MARGIN:
            found, turned, best = mirror_found, mirror_turned, mirror
            poor = False  # the mirrored reading reads well: no forced second look with a local threshold
    best = _locally(best, dpi, timeout_s, first_poor=poor)
    askew = Askew(turned, found.skew, turned_over=best.rotation != found.rotation)
    return OcrPage(_to_page(best.words, number, best.upright, dpi, best.rotation), best.upright, dpi, askew)
