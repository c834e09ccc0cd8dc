"""2D-DOC barcodes found on a page image (zxing-cpp's DataMatrix reader), only on pages where one is likely.

A page is searched when its words name a paper that carries 2D-DOCs (a tax notice, a bill, a payslip,
a certificate of address…): the search costs a fraction of a page's OCR, and most pages of a dossier
are spared it. A text-layer page is drawn again at SEARCH_DPI for the search; a scan is searched as
it was read, upright, so the barcode's box is in the frame of the page's words.
"""

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from extractor.reading.pdf import MAX_RENDER_PIXELS
from extractor.reading.prepare import Askew
from models.text import PageText
from models.two_d_doc import Barcode

UNDECODED_SIDE = (20.0, 200.0)
"""Points: a 2D-DOC is printed 1 to 4 cm wide; what the reader takes for an undecoded DataMatrix outside
this, or far from square, is a table or a line of text (seen on generated bank statements and notices)."""
SEARCH_DPI = 200.0
"""Modules of 0.5 mm are 4 pixels at 200 dpi: what the reader needs, at half the pixels of 300 dpi."""
LIKELY = re.compile(
    r"\b(impots?|impot sur le revenu|finances publiques|avis d.imposition|facture|electricite|energie|"
    r"gaz|eau|telephon\w*|internet|mobile|box|bulletin de (?:paie|salaire)|salaire|justificatif de domicile|"
    r"taxe d.habitation|releve de compte|contrat de travail|2d-?doc)\b"
)
"""Words of the papers the 2D-DOC specification's perimeter 01 covers (folded: lower case, no accents)."""


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def likely_two_d_doc(page: PageText) -> bool:
    return page.reading in ("text_layer", "ocr") and bool(LIKELY.search(_folded(page.text)))


PointMap = Callable[[float, float], tuple[float, float]]


def _same_point(x: float, y: float) -> tuple[float, float]:
    return x, y


def _box(code: zxingcpp.Barcode, scale: float, to_page: PointMap) -> tuple[float, float, float, float]:
    corners = [to_page(p.x, p.y) for p in
               (code.position.top_left, code.position.top_right, code.position.bottom_right, code.position.bottom_left)]
    xs, ys = [x * scale for x, _ in corners], [y * scale for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _read(image: Image.Image, dpi: float, binarizer: zxingcpp.Binarizer,
          to_page: PointMap = _same_point) -> tuple[tuple[Barcode, ...], tuple[Barcode, ...]]:
    """The codes decoded, and the boxes of those seen that could not be decoded; `to_page` maps the
    image's pixels to those of the page read.

    Dark on light, as issuers print them, at the page's own scale: the reader's inverted and downscaled
    passes cost three times the search for no code more on generated scans (20 of 22 either way).
    """
    seen = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.DataMatrix, binarizer=binarizer,
                                  try_invert=False, try_downscale=False, return_errors=True)
    scale = 72.0 / dpi
    decoded = tuple(Barcode(content=code.bytes.decode("latin-1"), bbox=_box(code, scale, to_page))
                    for code in seen if code.valid)
    undecoded = tuple(Barcode(content="", bbox=_box(code, scale, to_page), decoded=False)
                      for code in seen if not code.valid)
    return decoded, undecoded


def _square_code(bbox: tuple[float, float, float, float]) -> bool:
    width, height = bbox[2] - bbox[0], bbox[3] - bbox[1]
    low, high = UNDECODED_SIDE
    return low <= min(width, height) and max(width, height) <= high and max(width, height) <= 1.25 * min(width, height)


def find_barcodes(image: Image.Image, dpi: float, askew: Askew | None = None) -> tuple[Barcode, ...]:
    """Every DataMatrix on the image; boxes in page points. `askew`: the scan before it was straightened.

    When the first look sees a DataMatrix it cannot decode, of any shape (a long content makes a
    rectangular one, 20 × 64 modules), a second with a fixed threshold (a faint or
    grey scan), then the scan as it was before straightening (the reader follows a skewed grid itself,
    and the integer shears that level a page's lines for Tesseract break a grid of modules of 4 pixels:
    measured on a hard 200-dpi scan at 3.25°), then, below SEARCH_DPI, the page enlarged by half (modules
    of 2 or 3 pixels blurred by straightening): on generated moderate scans this recovered the codes the
    first look missed, and pages without a code pay for one look only. A code none of the looks decodes
    is kept, undecoded, when sized and shaped like a 2D-DOC (`_square_code`: the reader also takes tables
    and lines of text for codes), so that the desk learns a 2D-DOC is there to be rescanned or checked.
    """
    found, undecoded = _read(image, dpi, zxingcpp.Binarizer.LocalAverage)
    if found or not undecoded:
        return found
    found, _ = _read(image, dpi, zxingcpp.Binarizer.FixedThreshold)
    if not found and askew is not None and askew.image is not image:
        found, _ = _read(askew.image, dpi, zxingcpp.Binarizer.LocalAverage, askew.upright_point)
    if not found and dpi < SEARCH_DPI:
        larger = image.resize((round(image.width * 1.5), round(image.height * 1.5)), Image.Resampling.BICUBIC)
        found, _ = _read(larger, dpi * 1.5, zxingcpp.Binarizer.LocalAverage)
    return found or tuple(code for code in undecoded if _square_code(code.bbox))


def with_barcodes(page: PageText, image: Image.Image, dpi: float, askew: Askew | None = None) -> PageText:
    """The page with the barcodes of its image, when one is likely."""
    if not likely_two_d_doc(page):
        return page
    return page.model_copy(update={"barcodes": find_barcodes(image, dpi, askew)})


def text_layer_barcodes(path: Path, pages: list[PageText]) -> list[PageText]:
    """Text-layer pages of a PDF searched at SEARCH_DPI, those where a barcode is likely."""
    likely = {page.number for page in pages if page.reading == "text_layer" and likely_two_d_doc(page)}
    if not likely:
        return pages
    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for page in pages:
            if page.number in likely:
                drawn = pdf[page.number - 1]
                width, height = drawn.get_size()
                dpi = min(SEARCH_DPI, 72 * (MAX_RENDER_PIXELS / max(width * height, 1.0)) ** 0.5)  # a huge sheet, smaller
                image = drawn.render(scale=dpi / 72, grayscale=True).to_pil()
                page = page.model_copy(update={"barcodes": find_barcodes(image, dpi)})
            out.append(page)
        return out
    finally:
        pdf.close()
