"""The reading stage: a file in, its pages of words out (DocumentText), whatever the file is."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from extractor.errors import CorruptFile, EmptyFile, UnsupportedFile
from extractor.images import image_pages
from extractor.ocr_page import ocr_page
from extractor.page_language import foreign_language
from extractor.pdf import pdf_pages
from extractor.sniff import sniff
from models.text import DocumentText, PageText

PICTURE_DPI = 100.0
"""Page pictures for reports and reviewers: a box in points maps to pixels by ×100/72."""

PictureSink = Callable[[int, Image.Image], None]

_IMAGE_KINDS = ("jpeg", "png", "tiff", "webp", "bmp", "gif")
_UNSUPPORTED = {
    "heic": "HEIC photos are not supported; export the photo as JPEG",
    "zip": "this is an office document or an archive (ZIP), not a PDF or an image; export it to PDF",
    "unknown": "this is not a PDF or an image file",
}


@dataclass(frozen=True)
class ReadOptions:
    max_pages: int = 200
    max_pixels: int = 80_000_000
    ocr_dpi: int = 300
    page_timeout_s: float = 120.0


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _picture(image: Image.Image, dpi: float) -> Image.Image:
    scale = PICTURE_DPI / dpi
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    grey = image.convert("L")
    # Whole blocks averaged first (several times cheaper than BOX over the full page), the rest by BOX.
    if (factor := int(dpi // PICTURE_DPI)) > 1:
        grey = grey.reduce(factor)
    return grey.resize(size, Image.Resampling.BOX)


def read_document(
    path: Path, name: str, options: ReadOptions, picture_sink: PictureSink | None = None
) -> DocumentText:
    """Reads every page; raises a DocumentError when the file cannot be read at all.

    `picture_sink` receives each page upright at 100 dpi, in the frame its word boxes use.
    """
    kind = sniff(path)
    if kind == "empty":
        raise EmptyFile("the file is empty (0 bytes)")
    if kind in _UNSUPPORTED:
        raise UnsupportedFile(_UNSUPPORTED[kind])
    warnings: list[str] = []
    pages: list[PageText] = []

    def page_error(number: int, message: str) -> None:
        warnings.append(f"page {number}: {message}" if number else message)

    def ocr(image: Image.Image, number: int, dpi: float | None, resample: bool) -> None:
        result = ocr_page(image, number, options.page_timeout_s, dpi, resample)
        pages.append(result.page)
        if picture_sink:
            picture_sink(number, _picture(result.upright, result.dpi))

    if kind == "pdf":
        picture_dpi = PICTURE_DPI if picture_sink else None
        for page in pdf_pages(path, options.max_pages, options.ocr_dpi, picture_dpi, page_error):
            if page.text is None:
                ocr(page.image, page.number, page.dpi, resample=False)
                continue
            pages.append(page.text)
            if picture_sink and page.image is not None:
                picture_sink(page.number, page.image)
    else:
        assert kind in _IMAGE_KINDS
        for index, image in enumerate(image_pages(path, options.max_pixels, options.max_pages)):
            ocr(image, index + 1, None, resample=True)
    if not pages:
        detail = "; ".join(warnings) or "the file holds no page"
        raise CorruptFile(f"no page could be read ({detail})")
    for page in pages:
        if page.reading == "blank":
            warnings.append(f"page {page.number}: blank page")
        elif language := foreign_language(page):
            warnings.append(f"page {page.number}: the text does not look French ({language}); check it or ask for a translation")
    return DocumentText(
        file=name,
        sha256=sha256_of(path),
        kind="pdf" if kind == "pdf" else "image",
        pages=tuple(pages),
        warnings=tuple(warnings),
    )
