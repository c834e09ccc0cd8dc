"""The one module that talks to Tesseract: availability, and OCR with word boxes.

The page goes to Tesseract as an uncompressed PGM file (a header and the pixels: nothing to encode,
where pytesseract writes a PNG or BMP) and the words come back as TSV on its standard output. Not
on standard input: subprocess feeds a pipe under a timeout 512 bytes at a time, which cost 50 ms a
page (measured), more than writing the file. On Linux the file lives in memory only (memfd), so a
worker killed mid-page leaves no picture of an applicant's paper on disk. Each call has a timeout,
and Tesseract's known failures become typed errors.
"""

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import pytesseract
from PIL import Image

from extractor.errors import MissingDependency, OcrFailed, OcrTimeout

LANG = "fra"
INSTALL_HINT = "Install it with: apt-get install tesseract-ocr tesseract-ocr-fra"

# Tesseract's own threads fight the worker processes for cores; one thread each is fastest overall.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line_key: tuple[int, int, int]


@cache
def tesseract_version() -> str:
    """Fails with a clear message when Tesseract or its French data is missing."""
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = pytesseract.get_languages(config="")
    except pytesseract.TesseractNotFoundError as error:
        raise MissingDependency(f"Tesseract OCR is not installed. {INSTALL_HINT}") from error
    if LANG not in languages:
        raise MissingDependency(f"Tesseract's French language data (fra) is not installed. {INSTALL_HINT}")
    return version


@contextmanager
def _page_file(grey: Image.Image) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The PGM's path for Tesseract, and the descriptors it must inherit to open it."""
    pgm = b"P5 %d %d 255\n" % grey.size + grey.tobytes()
    if hasattr(os, "memfd_create"):
        descriptor = os.memfd_create("aes-page")
        try:
            with os.fdopen(os.dup(descriptor), "wb") as page:
                page.write(pgm)
            yield f"/dev/fd/{descriptor}", (descriptor,)
        finally:
            os.close(descriptor)
        return
    with tempfile.NamedTemporaryFile(prefix="aes-page-", suffix=".pgm") as page:
        page.write(pgm)
        page.flush()
        yield page.name, ()


def _run(image: Image.Image, args: list[str], timeout_s: float) -> str:
    grey = image if image.mode == "L" else image.convert("L")
    with _page_file(grey) as (path, inherited):
        command = [pytesseract.pytesseract.tesseract_cmd, path, "stdout", *args]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False, pass_fds=inherited)
        except subprocess.TimeoutExpired as error:
            raise OcrTimeout(f"OCR took longer than {timeout_s:.0f} s on one page") from error
        except OSError as error:
            raise MissingDependency(f"Tesseract OCR could not be started ({error.strerror}). {INSTALL_HINT}") from error
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrFailed(f"Tesseract could not read the page ({(detail[-1] if detail else 'no message')[:200]})")
        return done.stdout.decode("utf-8", "replace")


def ocr_words(image: Image.Image, dpi: float, timeout_s: float, local_threshold: bool = False) -> list[OcrWord]:
    """Words with pixel boxes and a confidence in [0, 1], read with automatic page segmentation.

    `local_threshold`: Sauvola's binarisation, each pixel against its neighbourhood, instead of one
    Otsu threshold for the page, which a dim, noisy scan can put on the wrong side of all its ink.
    """
    tesseract_version()
    threshold = ["-c", "thresholding_method=2"] if local_threshold else []
    tsv = _run(image, ["-l", LANG, "--psm", "3", "--dpi", str(round(dpi)), *threshold, "tsv"], timeout_s)
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        # level page block par line word left top width height conf text
        if len(cells) != 12 or cells[0] != "5":
            continue
        text, conf = cells[11].strip(), float(cells[10])
        if not text or conf < 0:
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        words.append(
            OcrWord(
                text=text, left=left, top=top, width=width, height=height,
                confidence=max(0.0, min(1.0, conf / 100.0)),
                line_key=(int(cells[2]), int(cells[3]), int(cells[4])),
            )
        )
    return words
