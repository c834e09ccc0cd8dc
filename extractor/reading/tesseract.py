"""The one module that talks to Tesseract: availability, and OCR with word boxes.

Pages are read by Tesseract's C library (libtesseract, installed with the `tesseract` program), one
engine per thread, kept for the life of the process. The `tesseract` program loads the French model
every time it starts: 0.19 s of CPU a page (measured), a fifth of the reading itself. The page's
grey pixels go to the engine from memory (nothing encoded, nothing written to disk: a worker killed
mid-page leaves no picture of an applicant's paper) and the words come back as Tesseract's own TSV,
with the options the program takes on its command line (`--psm 3 --dpi N -l fra`). A deadline
stops recognition that runs too long; Tesseract's failures become typed errors. pytesseract checks
the installation: the program, its version and its languages.
"""

import atexit
import ctypes
import ctypes.util
import os
import threading
import time
from dataclasses import dataclass
from functools import cache

import pytesseract
from PIL import Image

from models.errors import MISSING, READING, MissingDependency, OcrFailed, OcrTimeout

LANG = "fra"
INSTALL_HINT = MISSING["install_tesseract"]
PSM_AUTO = 3
"""Fully automatic page segmentation, without orientation detection (orientation is fixed before)."""
THRESHOLD_OTSU, THRESHOLD_SAUVOLA = b"0", b"2"

# Tesseract's own threads fight the worker processes for cores; one thread each is fastest overall.
# Set before the library is loaded: its OpenMP runtime reads it then.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

_NAMES = ("libtesseract.so.5", "libtesseract.so", "libtesseract.5.dylib", "libtesseract.dylib")


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
        raise MissingDependency(MISSING["tesseract"].format(hint=INSTALL_HINT)) from error
    if LANG not in languages:
        raise MissingDependency(MISSING["tesseract_fra"].format(hint=INSTALL_HINT))
    return version


@cache
def _library() -> ctypes.CDLL:
    found = ctypes.util.find_library("tesseract")
    for name in (*_NAMES, *([found] if found else [])):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        handle, text = ctypes.c_void_p, ctypes.c_char_p
        for function, restype, argtypes in (
            ("TessBaseAPICreate", handle, []),
            ("TessBaseAPIInit3", ctypes.c_int, [handle, text, text]),
            ("TessBaseAPISetPageSegMode", None, [handle, ctypes.c_int]),
            ("TessBaseAPISetVariable", ctypes.c_int, [handle, text, text]),
            ("TessBaseAPISetImage", None, [handle, text] + [ctypes.c_int] * 4),
            ("TessBaseAPIRecognize", ctypes.c_int, [handle, handle]),
            ("TessBaseAPIGetTsvText", handle, [handle, ctypes.c_int]),
            ("TessBaseAPIClear", None, [handle]),
            ("TessBaseAPIDelete", None, [handle]),
            ("TessDeleteText", None, [handle]),
            ("TessMonitorCreate", handle, []),
            ("TessMonitorSetDeadlineMSecs", None, [handle, ctypes.c_int]),
            ("TessMonitorDelete", None, [handle]),
        ):
            getattr(lib, function).restype = restype
            getattr(lib, function).argtypes = argtypes
        return lib
    raise MissingDependency(MISSING["libtesseract"].format(hint=INSTALL_HINT))


_engines = threading.local()
"""One engine per thread: an engine reads one page at a time."""
_all_engines: list[int] = []


@atexit.register
def _end_engines() -> None:
    # Freed before the library's own exit handlers run, which otherwise report the model as leaked.
    while _all_engines:
        _library().TessBaseAPIDelete(_all_engines.pop())


def _engine() -> int:
    handle = getattr(_engines, "handle", None)
    if handle is None:
        tesseract_version()
        lib = _library()
        handle = lib.TessBaseAPICreate()
        if not handle or lib.TessBaseAPIInit3(handle, None, LANG.encode()) != 0:
            raise MissingDependency(MISSING["tesseract_fra_load"].format(hint=INSTALL_HINT))
        lib.TessBaseAPISetPageSegMode(handle, PSM_AUTO)
        # Tesseract's own remarks (« Detected 12 diacritics », « Empty page!! ») would reach the operator's
        # terminal between the progress lines; what matters of them is in the words' confidences.
        lib.TessBaseAPISetVariable(handle, b"debug_file", b"/dev/null")
        _engines.handle = handle
        _all_engines.append(handle)
    return handle


def warm_up() -> None:
    """Loads the French model now (a worker does it before its first page)."""
    _engine()


def _recognise(grey: Image.Image, dpi: float, threshold: bytes, timeout_s: float) -> str:
    lib, engine = _library(), _engine()
    lib.TessBaseAPISetVariable(engine, b"user_defined_dpi", str(round(dpi)).encode())
    lib.TessBaseAPISetVariable(engine, b"thresholding_method", threshold)
    lib.TessBaseAPISetImage(engine, grey.tobytes(), grey.width, grey.height, 1, grey.width)
    monitor = lib.TessMonitorCreate()
    lib.TessMonitorSetDeadlineMSecs(monitor, max(1, round(timeout_s * 1000)))
    started = time.monotonic()
    try:
        if lib.TessBaseAPIRecognize(engine, monitor) != 0:
            if time.monotonic() - started >= timeout_s:
                raise OcrTimeout(READING["ocr_timeout"].format(seconds=timeout_s))
            raise OcrFailed(READING["ocr_failed"])
        tsv = lib.TessBaseAPIGetTsvText(engine, 0)
        if not tsv:
            raise OcrFailed(READING["ocr_no_words"])
        try:
            return ctypes.string_at(tsv).decode("utf-8", "replace")
        finally:
            lib.TessDeleteText(tsv)
    finally:
        lib.TessMonitorDelete(monitor)
        lib.TessBaseAPIClear(engine)  # the page and its results; the model stays


def ocr_words(image: Image.Image, dpi: float, timeout_s: float, local_threshold: bool = False) -> list[OcrWord]:
    """Words with pixel boxes and a confidence in [0, 1], read with automatic page segmentation.

    `local_threshold`: Sauvola's binarisation, each pixel against its neighbourhood, instead of one
    Otsu threshold for the page, which a dim, noisy scan can put on the wrong side of all its ink.
    """
    grey = image if image.mode == "L" else image.convert("L")
    tsv = _recognise(grey, dpi, THRESHOLD_SAUVOLA if local_threshold else THRESHOLD_OTSU, timeout_s)
    words = []
    for row in tsv.splitlines():
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
