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
        lib.pixCreate.restype = ctypes.c_void_p
        lib.pixCreate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.pixGetData.restype = ctypes.c_void_p
        lib.pixGetData.argtypes = [ctypes.c_void_p]
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
    pix = ctypes.c_void_p(lib.pixCreate(width, height, 1))
    if not pix.value:
        return None
    try:
        # Leptonica keeps 1-bit rows in 32-bit words, most significant bit first, in native byte order.
        words = -(-width // 32)
        rows = np.zeros((height, words * 4), dtype=np.uint8)
        rows[:, : -(-width // 8)] = np.packbits(ink, axis=1)
        data = rows.view(">u4").astype("=u4").tobytes()
        ctypes.memmove(lib.pixGetData(pix), data, len(data))
        confidence = ctypes.c_float(0.0)
        if lib.pixUpDownDetect(pix, ctypes.byref(confidence), MIN_COUNT, 0, 0) != 0:
            return None
        return float(confidence.value)
    finally:
        lib.pixDestroy(ctypes.byref(pix))
