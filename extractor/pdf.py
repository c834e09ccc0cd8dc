"""PDF pages: triage of each page between its text layer and OCR of the rendered page.

pypdfium2 opens and renders (fast, tolerant of damaged files); pdfplumber gives the text layer's
words with their boxes.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image

from extractor.errors import CorruptFile, EncryptedPdf, TooLarge
from models.text import PageText, Word

# A real French text layer: enough words, few unmapped glyphs, and common short words present.
MIN_TEXT_LAYER_WORDS = 20
_STOPWORDS = frozenset(
    ["le", "la", "les", "de", "des", "du", "et", "à", "au", "en", "un", "une", "pour", "par", "sur", "est", "que", "qui"]
)
_WORDLIKE = re.compile(r"^[\w'’.,:;()/%€°-]+$")


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
            raise EncryptedPdf("the PDF is protected by a password; ask for an unprotected copy") from error
        if "success" in message or "password" in message:  # no error of its own: no page tree
            raise CorruptFile("the PDF has no pages") from error
        raise CorruptFile(f"the PDF is damaged and cannot be opened ({error})") from error
    count = len(document)
    if count == 0:
        document.close()
        raise CorruptFile("the PDF has no pages")
    if count > max_pages:
        document.close()
        raise TooLarge(f"the PDF has {count} pages, over the limit of {max_pages}")
    return document


def text_layer_is_real(words: list[Word]) -> bool:
    """False for no text, unmapped glyphs (cid:…), or an OCR layer of gibberish."""
    if not words:
        return False
    texts = [w.text for w in words]
    if sum("(cid:" in t or "\ufffd" in t for t in texts) > len(texts) * 0.05:
        return False
    wordlike = sum(bool(_WORDLIKE.match(t)) for t in texts) / len(texts)
    if len(words) < MIN_TEXT_LAYER_WORDS:
        return wordlike > 0.8
    stopwords = sum(t.lower() in _STOPWORDS for t in texts) / len(texts)
    return wordlike > 0.8 and stopwords > 0.03


def text_layer_words(plumber_page: pdfplumber.page.Page) -> list[Word]:
    raw = plumber_page.extract_words(keep_blank_chars=False, use_text_flow=False)
    words: list[Word] = []
    line, last_top = -1, None
    for w in sorted(raw, key=lambda w: (round(w["top"] / 3), w["x0"])):
        if last_top is None or abs(w["top"] - last_top) > 3:
            line += 1
            last_top = w["top"]
        words.append(Word(text=w["text"], bbox=(w["x0"], w["top"], w["x1"], w["bottom"]), confidence=1.0, line=line))
    return words


MAX_RENDER_PIXELS = 40_000_000
"""A4 at 300 dpi is 8.7 Mpx; huge media boxes are rendered at a lower resolution instead."""


def _render(document: pdfium.PdfDocument, index: int, dpi: float) -> Image.Image:
    page = document[index]
    width, height = page.get_size()
    if width < 1 or height < 1:
        raise pdfium.PdfiumError(f"the page has an impossible size ({width:.0f}×{height:.0f} pt)")
    dpi = min(dpi, 72 * (MAX_RENDER_PIXELS / (width * height)) ** 0.5)
    if width * dpi / 72 < 50 or height * dpi / 72 < 50:
        raise pdfium.PdfiumError(f"the page has an impossible size ({width:.0f}×{height:.0f} pt)")
    return page.render(scale=dpi / 72, grayscale=True).to_pil()


def pdf_pages(
    path: Path,
    max_pages: int,
    ocr_dpi: int,
    picture_dpi: float | None,
    on_page_error: Callable[[int, str], None],
) -> Iterator[PdfPage]:
    """Each page with its text layer when it is real, else rendered for OCR."""
    document = open_pdf(path, max_pages)
    plumber, plumber_pages = None, []
    try:
        plumber = pdfplumber.open(path, password="")
        plumber_pages = plumber.pages
    except Exception as error:  # noqa: BLE001 - pdfminer raises many types on damaged files; OCR still works
        on_page_error(0, f"the text layer could not be read ({type(error).__name__}); pages are OCR'd")
    try:
        for index in range(len(document)):
            number = index + 1
            if index < len(plumber_pages):
                try:
                    page = plumber_pages[index]
                    words = text_layer_words(page)
                except Exception as error:  # noqa: BLE001 - same reason, per page
                    on_page_error(number, f"text layer unreadable ({type(error).__name__})")
                    words = []
                if text_layer_is_real(words):
                    text = PageText(
                        number=number, width=float(page.width), height=float(page.height),
                        reading="text_layer", words=tuple(words),
                    )
                    picture = _render(document, index, picture_dpi) if picture_dpi else None
                    yield PdfPage(number, text, picture, picture_dpi or 0.0)
                    continue
            try:
                image = _render(document, index, ocr_dpi)
                dpi = image.width * 72 / document[index].get_width()
            except pdfium.PdfiumError as error:
                on_page_error(number, f"the page could not be rendered ({error})")
                continue
            yield PdfPage(number, None, image, dpi)
    finally:
        document.close()
        if plumber is not None:
            _close_quietly(plumber)


def _close_quietly(plumber: pdfplumber.PDF) -> None:
    try:
        plumber.close()
    except Exception:  # noqa: BLE001 - closing re-walks a page tree that already failed once
        plumber.stream.close()
