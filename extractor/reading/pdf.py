"""PDF pages: triage of each page between its text layer and OCR of the rendered page.

pypdfium2 does all of it: it opens and renders (fast, tolerant of damaged files) and its text page
gives every character with its box, several times faster than pdfplumber's words (measured in
bench/ocr_throughput.py). A scanned page is rendered at its scan's own resolution, so it is neither
blurred by a resampling nor made bigger than what it holds.
"""

import ctypes
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from extractor.reading.prepare import LOW_DPI_TARGET, MIN_OCR_DPI
from models.errors import READING, CorruptFile, EncryptedPdf, TooLarge
from models.text import PageText, Word

# A real French text layer: enough words, few unmapped glyphs, and common short words present.
MIN_TEXT_LAYER_WORDS = 20
_STOPWORDS = frozenset(
    ["le", "la", "les", "de", "des", "du", "et", "à", "au", "en", "un", "une", "pour", "par", "sur", "est", "que", "qui"]
)
_WORDLIKE = re.compile(r"^[\w'’.,:;()/%€°-]+$")
WORD_GAP_PT = 3.0
"""Characters further apart than this on a line belong to two words (pdfplumber's x_tolerance)."""
UNMAPPED = "\ufffd"
SCAN_COVER = 0.5
"""An image over this share of the page makes it a scan: a few words of text layer on it are a stamp
or a header, and the page is OCR'd."""


@dataclass(frozen=True)
class PdfPage:
    """A page read from its text layer (`text` set), or rendered for OCR (`text` None).

    `image` is the page rendered at `dpi`: for OCR at the OCR resolution, for a text-layer page
    only when a picture of it was asked for.
    """

    number: int
    text: PageText | None
    image: Image.Image | None
    dpi: float


def open_pdf(path: Path, max_pages: int) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(path, password="")
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        # PDFium's last-error code is process-wide and can be stale: trust it only for an encrypted file.
        if "password" in message and b"/Encrypt" in path.read_bytes():
            raise EncryptedPdf(READING["pdf_encrypted"]) from error
        if "success" in message or "password" in message:  # no error of its own: no page tree
            raise CorruptFile(READING["pdf_no_pages"]) from error
        raise CorruptFile(READING["pdf_damaged"].format(detail=error)) from error
    count = len(document)
    if count == 0:
        document.close()
        raise CorruptFile(READING["pdf_no_pages"])
    if count > max_pages:
        document.close()
        raise TooLarge(READING["pdf_too_many_pages"].format(count=count, limit=max_pages))
    return document


def text_layer_is_real(words: list[Word]) -> bool:
    """False for no text, unmapped glyphs, or an OCR layer of gibberish."""
    if not words:
        return False
    texts = [w.text for w in words]
    if sum(UNMAPPED in t for t in texts) > len(texts) * 0.05:
        return False
    wordlike = sum(bool(_WORDLIKE.match(t)) for t in texts) / len(texts)
    if len(words) < MIN_TEXT_LAYER_WORDS:
        return wordlike > 0.8
    stopwords = sum(t.lower() in _STOPWORDS for t in texts) / len(texts)
    return wordlike > 0.8 and stopwords > 0.03


def _char(code: int) -> str:
    """The character, or UNMAPPED for a glyph without a Unicode mapping (PDFium gives 0, a private-use
    code or a control character)."""
    if code in (0, 0xFFFD, 0xFFFE, 0xFFFF) or 0xE000 <= code <= 0xF8FF or (code < 0x20 and code not in (9, 10, 13)):
        return UNMAPPED
    return chr(code)


def _to_top_left(page: pdfium.PdfPage) -> Callable[[float, float], tuple[float, float]]:
    """Maps PDF user space (origin bottom-left, y up) to the displayed page (origin top-left),
    the /Rotate of the page applied as a viewer and the rendering apply it."""
    left, bottom, right, top = page.get_cropbox()
    width, height = right - left, top - bottom
    rotation = page.get_rotation()
    if rotation == 90:
        return lambda x, y: (y - bottom, x - left)
    if rotation == 180:
        return lambda x, y: (width - (x - left), y - bottom)
    if rotation == 270:
        return lambda x, y: (height - (y - bottom), width - (x - left))
    return lambda x, y: (x - left, height - (y - bottom))


def text_layer_words(page: pdfium.PdfPage) -> list[Word]:
    """The text layer's words with their boxes in page points, numbered by line."""
    textpage = page.get_textpage()
    try:
        handle, box = textpage.raw, pdfium_c.FS_RECTF()
        to_page = _to_top_left(page)
        raw: list[tuple[str, tuple[float, float, float, float]]] = []
        chars: list[str] = []
        x0 = y0 = x1 = y1 = 0.0

        def flush() -> None:
            if chars:
                raw.append(("".join(chars), (x0, y0, x1, y1)))
                chars.clear()

        for index in range(textpage.count_chars()):
            char = _char(pdfium_c.FPDFText_GetUnicode(handle, index))
            if char.isspace() or not pdfium_c.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(box)):
                flush()
                continue
            if not all(math.isfinite(v) for v in (box.left, box.top, box.right, box.bottom)):
                flush()  # a damaged font's matrix: no box a word could keep (boxes are finite, models/evidence.py)
                continue
            (ax, ay), (bx, by) = to_page(box.left, box.top), to_page(box.right, box.bottom)
            cx0, cx1, cy0, cy1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
            centre = (cy0 + cy1) / 2
            if chars and (cx0 - x1 > WORD_GAP_PT or cx1 < x0 or not y0 <= centre <= y1):
                flush()
            if not chars:
                x0, y0, x1, y1 = cx0, cy0, cx1, cy1
            x0, y0, x1, y1 = min(x0, cx0), min(y0, cy0), max(x1, cx1), max(y1, cy1)
            chars.append(char)
        flush()
    finally:
        textpage.close()
    words: list[Word] = []
    line, last_top = -1, None
    for text, bbox in sorted(raw, key=lambda w: (round(w[1][1] / 3), w[1][0])):
        if last_top is None or abs(bbox[1] - last_top) > 3:
            line += 1
            last_top = bbox[1]
        words.append(Word(text=text, bbox=bbox, confidence=1.0, line=line))
    return words


def scan_dpi(page: pdfium.PdfPage) -> float | None:
    """The resolution of the scan that covers the page, if an image does; None for a page of vectors."""
    width, height = page.get_size()
    best = None
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) < SCAN_COVER * width * height:
            continue
        pixels_wide, pixels_high = image.get_px_size()
        # The longer side of the image on the page against its pixels; turned images swap sides.
        dpi = max(pixels_wide, pixels_high) * 72 / max(right - left, top - bottom)
        best = max(best or 0.0, dpi)
    return best


MAX_RENDER_PIXELS = 40_000_000
"""A4 at 300 dpi is 8.7 Mpx; huge media boxes are rendered at a lower resolution instead."""


def _render(page: pdfium.PdfPage, dpi: float) -> Image.Image:
    width, height = page.get_size()
    if width < 1 or height < 1:
        raise pdfium.PdfiumError(READING["page_impossible_size"].format(width=width, height=height))
    dpi = min(dpi, 72 * (MAX_RENDER_PIXELS / (width * height)) ** 0.5)
    if width * dpi / 72 < 50 or height * dpi / 72 < 50:
        raise pdfium.PdfiumError(READING["page_impossible_size"].format(width=width, height=height))
    return page.render(scale=dpi / 72, grayscale=True).to_pil()


def _ocr_dpi(native: float | None, ocr_dpi: int) -> float:
    """A scan at its own resolution (low ones raised to what Tesseract reads), capped at `ocr_dpi`."""
    if native is None:
        return ocr_dpi
    return min(float(ocr_dpi), native if native >= MIN_OCR_DPI else LOW_DPI_TARGET)


def pdf_pages(
    path: Path,
    max_pages: int,
    ocr_dpi: int,
    picture_dpi: float | None,
    on_page_error: Callable[[int, str], None],
) -> Iterator[PdfPage]:
    """Each page with its text layer when it is real, else rendered for OCR. One page is in memory
    at a time."""
    document = open_pdf(path, max_pages)
    try:
        for index in range(len(document)):
            number = index + 1
            try:
                page = document[index]
            except pdfium.PdfiumError as error:
                on_page_error(number, READING["page_not_loaded"].format(detail=error))
                continue
            try:
                yield _triage(page, number, ocr_dpi, picture_dpi, on_page_error)
            except pdfium.PdfiumError as error:
                on_page_error(number, READING["page_not_rendered"].format(detail=error))
            finally:
                page.close()
    finally:
        document.close()


def _triage(
    page: pdfium.PdfPage, number: int, ocr_dpi: int, picture_dpi: float | None, on_page_error: Callable[[int, str], None]
) -> PdfPage:
    try:
        words = text_layer_words(page)
    except pdfium.PdfiumError as error:
        on_page_error(number, READING["text_layer_unreadable"].format(detail=error))
        words = []
    native = scan_dpi(page)
    covered = native is not None and len(words) < MIN_TEXT_LAYER_WORDS
    if text_layer_is_real(words) and not covered:
        width, height = page.get_size()
        text = PageText(number=number, width=width, height=height, reading="text_layer", words=tuple(words))
        picture = _render(page, picture_dpi) if picture_dpi else None
        return PdfPage(number, text, picture, picture_dpi or 0.0)
    image = _render(page, _ocr_dpi(native, ocr_dpi))
    return PdfPage(number, None, image, image.width * 72 / page.get_width())
