"""The one module that talks to Tesseract: availability, OCR with word boxes, orientation.

Each call has a timeout, and Tesseract's known failures become typed errors.
"""

import os
import re
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


def ocr_words(image: Image.Image, dpi: int, timeout_s: float) -> list[OcrWord]:
    """Words with pixel boxes and a confidence in [0, 1]."""
    tesseract_version()
    prepared = image.convert("L")
    # An uncompressed BMP costs nothing to write; pytesseract would otherwise encode a PNG.
    prepared.format = "BMP"
    try:
        data = pytesseract.image_to_data(
            prepared,
            lang=LANG,
            config=f"--psm 3 --dpi {dpi}",
            output_type=pytesseract.Output.DICT,
            timeout=timeout_s,
        )
    except pytesseract.TesseractError as error:
        raise OcrFailed(f"Tesseract could not read the page ({error.message.strip()[:200]})") from error
    except RuntimeError as error:
        if "timeout" in str(error).lower():
            raise OcrTimeout(f"OCR took longer than {timeout_s:.0f} s on one page") from error
        raise
    words = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        words.append(
            OcrWord(
                text=text,
                left=data["left"][i],
                top=data["top"][i],
                width=data["width"][i],
                height=data["height"][i],
                confidence=max(0.0, min(1.0, conf / 100.0)),
                line_key=(data["block_num"][i], data["par_num"][i], data["line_num"][i]),
            )
        )
    return words


_ROTATE_RE = re.compile(r"Rotate:\s*(\d+)")
_CONF_RE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_rotation(image: Image.Image, timeout_s: float) -> tuple[int, float]:
    """Degrees to turn the image clockwise to read it upright, and Tesseract's confidence."""
    prepared = image.convert("L")
    prepared.format = "BMP"
    try:
        osd = pytesseract.image_to_osd(prepared, config="--psm 0", timeout=timeout_s)
    except pytesseract.TesseractError:
        return 0, 0.0  # too little text to tell: leave the page as it is
    except RuntimeError as error:
        raise OcrTimeout("Orientation detection took too long on one page") from error
    rotate = _ROTATE_RE.search(osd)
    conf = _CONF_RE.search(osd)
    return (int(rotate.group(1)) if rotate else 0), (float(conf.group(1)) if conf else 0.0)
