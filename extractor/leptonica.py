"""The one module that talks to Leptonica (the image library Tesseract is built on, so always installed
beside it): its up/down test of Latin text, which counts ascenders against descenders.

Tesseract's own orientation detector (OSD) costs more than reading the page; this test costs a few
hundredths of a second. Without the library, `up_down_confidence` returns None and the caller falls
back on the OCR's own confidence.
"""

import ctypes
import ctypes.util
from functools import cache

import numpy as np

_NAMES = ("liblept.so.5", "libleptonica.so.6", "liblept.so", "libleptonica.so")
MIN_COUNT = 70
"""Leptonica's default: fewer ascenders and descenders than this and it will not say (confidence 0)."""


@cache
def _library() -> ctypes.CDLL | None:
    names = [*_NAMES, *(n for n in (ctypes.util.find_library("lept"), ctypes.util.find_library("leptonica")) if n)]
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.pixReadMem.restype = ctypes.c_void_p
        lib.pixReadMem.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
        lib.pixUpDownDetect.restype = ctypes.c_int
        lib.pixUpDownDetect.argtypes = [
            ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.c_int, ctypes.c_int, ctypes.c_int,
        ]
        lib.pixDestroy.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        lib.setMsgSeverity.argtypes = [ctypes.c_int]
        lib.setMsgSeverity(6)  # L_SEVERITY_NONE: Leptonica writes nothing to stderr
        return lib
    return None


def up_down_confidence(ink: np.ndarray) -> float | None:
    """Above 0: the text is upright; below 0: upside down; near 0: cannot tell. `ink` is True for ink,
    text lines horizontal, at about 300 dpi (Leptonica's structuring elements are sized for it)."""
    lib = _library()
    if lib is None or ink.size == 0:
        return None
    height, width = ink.shape
    pbm = b"P4\n%d %d\n" % (width, height) + np.packbits(ink, axis=1).tobytes()
    pix = ctypes.c_void_p(lib.pixReadMem(pbm, len(pbm)))
    if not pix.value:
        return None
    try:
        confidence = ctypes.c_float(0.0)
        if lib.pixUpDownDetect(pix, ctypes.byref(confidence), MIN_COUNT, 0, 0) != 0:
            return None
        return float(confidence.value)
    finally:
        lib.pixDestroy(ctypes.byref(pix))
