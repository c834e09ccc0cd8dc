"""One page image in, its words out: resolution, orientation and skew fixed before Tesseract reads it,
so that Tesseract reads each page once (twice only when the first reading is poor: turned over, then
with a local threshold)."""

from dataclasses import dataclass

from PIL import Image

from extractor.reading.prepare import guess_dpi, normalise_resolution, orientation, straighten, turn, without_surround
from extractor.reading.sheet import flatten
from extractor.reading.tesseract import OcrWord, ocr_words
from models.text import PageText, Word


@dataclass(frozen=True)
class OcrPage:
    page: PageText
    upright: Image.Image
    dpi: float


def _wordlike(words: list[OcrWord]) -> list[OcrWord]:
    return [w for w in words if len(w.text) >= 3 and w.text.isalpha()]


def _quality(words: list[OcrWord]) -> float:
    """Confidence mass of word-like tokens: upside-down or sideways text scores near zero."""
    return sum(w.confidence for w in _wordlike(words))


def _reads_poorly(words: list[OcrWord]) -> bool:
    wordlike = _wordlike(words)
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


def ocr_page(
    image: Image.Image, number: int, timeout_s: float, dpi: float | None = None, resample: bool = True
) -> OcrPage:
    """`resample` False: the caller rendered the page at the resolution it wants read."""
    grey = image if image.mode == "L" else image.convert("L")
    dpi = dpi or guess_dpi(image)
    if resample:
        grey, dpi = normalise_resolution(grey, dpi)
    grey = flatten(grey, dpi)  # a sheet photographed at an angle
    found = orientation(grey, dpi)
    if found.blank:
        blank = PageText(number=number, width=grey.width * 72 / dpi, height=grey.height * 72 / dpi, reading="blank")
        return OcrPage(blank, grey, dpi)
    rotation = found.rotation
    upright = straighten(turn(grey, rotation), found.skew)
    read = without_surround(upright, dpi)  # what Tesseract reads; the picture keeps the surround
    words = ocr_words(read, dpi, timeout_s)
    # Leptonica's test can be sure and wrong (capitals and digits, a monospaced font have few
    # ascenders and descenders): a poor reading is checked against the page turned over, whatever it said.
    if _reads_poorly(words):
        flipped = read.transpose(Image.Transpose.ROTATE_180)
        flipped_words = ocr_words(flipped, dpi, timeout_s)
        if _quality(flipped_words) > _quality(words):
            read, words, rotation = flipped, flipped_words, (rotation + 180) % 360
            upright = upright.transpose(Image.Transpose.ROTATE_180)
    if _reads_poorly(words):
        local_words = ocr_words(read, dpi, timeout_s, local_threshold=True)
        if _quality(local_words) > _quality(words):
            words = local_words
    return OcrPage(_to_page(words, number, upright, dpi, rotation), upright, dpi)
