"""The reading stage: a file in, its pages of words out (DocumentText), whatever the file is.

A long document's pages may be read on cores the batch lends (`SpareCores`: cores no other document
needs, at the end of a batch or for a single big pile): each page that finds a spare core is read on
a helper thread, the rest in order here. Tesseract reads outside Python's lock, one engine per thread.
"""

import hashlib
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Protocol

from PIL import Image

from extractor.reading.foreign import foreign_language
from extractor.reading.images import image_pages
from extractor.reading.ocr_page import ocr_page
from extractor.reading.pdf import pdf_pages
from extractor.reading.sniff import CAMERA_KINDS, sniff
from extractor.reading.two_d_doc_search import text_layer_barcodes, with_barcodes
from models.errors import READING, CorruptFile, EmptyFile, UnsupportedFile
from models.text import DocumentText, PageText

PICTURE_DPI = 100.0
"""Page pictures for reports and reviewers: a box in points maps to pixels by ×100/72."""

PictureSink = Callable[[int, Image.Image], None]
AHEAD = 4
"""Pages read ahead of the first unfinished one at most: their 100-dpi pictures wait in memory."""

_IMAGE_KINDS = ("jpeg", "png", "tiff", "webp", "bmp", "gif")
_UNSUPPORTED = ("heic", "zip", "unknown")


@dataclass(frozen=True)
class ReadOptions:
    max_pages: int = 200
    max_pixels: int = 80_000_000
    ocr_dpi: int = 300
    page_timeout_s: float = 120.0


class SpareCores(Protocol):
    """A semaphore counting the cores lent to this reader (multiprocessing's, between processes)."""

    def acquire(self, block: bool) -> bool: ...

    def release(self) -> None: ...


@cache
def _helpers() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="aes-page")


def _on_lent_core(spare: SpareCores, read: Callable[[], "_ReadPage"]) -> "_ReadPage":
    try:
        return read()
    finally:
        spare.release()


def _done(page: "_ReadPage") -> "Future[_ReadPage]":
    future: Future[_ReadPage] = Future()
    future.set_result(page)
    return future


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _picture(image: Image.Image, dpi: float) -> Image.Image:
    scale = PICTURE_DPI / dpi
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    grey = image.convert("L")
    # Whole blocks averaged first (several times cheaper than BOX over the full page), the rest by BOX.
    if (factor := int(dpi // PICTURE_DPI)) > 1:
        grey = grey.reduce(factor)
    return grey.resize(size, Image.Resampling.BOX)


_ReadPage = tuple[PageText, Image.Image | None]
"""A page's words and, when asked for, its picture at 100 dpi."""


def _ocr(
    image: Image.Image, number: int, dpi: float | None, resample: bool, timeout_s: float, picture: bool, camera: bool
) -> _ReadPage:
    result = ocr_page(image, number, timeout_s, dpi, resample, camera)
    page = with_barcodes(result.page, result.upright, result.dpi, result.askew)
    return page, _picture(result.upright, result.dpi) if picture else None


def _readable_kind(path: Path) -> str:
    """What the file is, or the DocumentError that says why it cannot be read."""
    kind = sniff(path)
    if kind == "empty":
        raise EmptyFile(READING["empty_file"])
    if kind in _UNSUPPORTED:
        raise UnsupportedFile(READING[kind])
    return kind


def _page_warnings(pages: list[PageText]) -> list[str]:
    """Blank pages, and pages whose text does not look French."""
    warnings = []
    for page in pages:
        if page.reading == "blank":
            warnings.append(READING["page_note"].format(number=page.number, message=READING["blank_page"]))
        elif language := foreign_language(page):
            note = READING["foreign_page"].format(language=language)
            warnings.append(READING["page_note"].format(number=page.number, message=note))
    return warnings


def read_document(
    path: Path, name: str, options: ReadOptions, picture_sink: PictureSink | None = None,
    spare: SpareCores | None = None,
) -> DocumentText:
    """Reads every page; raises a DocumentError when the file cannot be read at all.

    `picture_sink` receives each page upright at 100 dpi, in the frame its word boxes use. `spare`:
    cores lent for this document's pages.
    """
    kind = _readable_kind(path)
    warnings: list[str] = []
    pages: list[PageText] = []

    def page_error(number: int, message: str) -> None:
        warnings.append(READING["page_note"].format(number=number, message=message) if number else message)

    reading: deque[Future[_ReadPage]] = deque()  # in page order

    def take(until: int) -> None:
        """Pages read, in order, until `until` remain (and those finished already)."""
        while reading and (len(reading) > until or reading[0].done()):
            page, picture = reading.popleft().result()
            pages.append(page)
            if picture_sink and picture is not None:
                picture_sink(page.number, picture)

    def ocr(image: Image.Image, number: int, dpi: float | None, resample: bool) -> None:
        camera = kind in CAMERA_KINDS
        read = partial(_ocr, image, number, dpi, resample, options.page_timeout_s, picture_sink is not None, camera)
        if spare is not None and spare.acquire(False):
            reading.append(_helpers().submit(_on_lent_core, spare, read))
        else:
            reading.append(_done(read()))
        take(until=AHEAD)

    if kind == "pdf":
        picture_dpi = PICTURE_DPI if picture_sink else None
        for page in pdf_pages(path, options.max_pages, options.ocr_dpi, picture_dpi, page_error):
            if page.text is None:
                ocr(page.image, page.number, page.dpi, resample=False)
            else:
                reading.append(_done((page.text, page.image)))
                take(until=AHEAD)
    else:
        assert kind in _IMAGE_KINDS
        for index, image in enumerate(image_pages(path, options.max_pixels, options.max_pages)):
            ocr(image, index + 1, None, resample=True)
    take(until=0)
    if kind == "pdf":
        pages = text_layer_barcodes(path, pages)
    if not pages:
        detail = "; ".join(warnings) or READING["no_page"]
        raise CorruptFile(READING["no_page_read"].format(detail=detail))
    warnings += _page_warnings(pages)
    return DocumentText(
        file=name,
        sha256=sha256_of(path),
        kind="pdf" if kind == "pdf" else "image",
        pages=tuple(pages),
        warnings=tuple(warnings),
    )
