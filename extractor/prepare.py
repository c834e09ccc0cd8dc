"""Makes a page image what Tesseract reads best: grey, about 300 dpi, straight and upright."""

import numpy as np
from PIL import Image, ImageOps

TARGET_DPI = 300
MAX_SKEW = 6.0
"""Scans and phone photos lean a few degrees; more than this is a page turned, not skewed."""
A4_WIDTH_IN = 8.27
A4_HEIGHT_IN = 11.69


def guess_dpi(image: Image.Image) -> float:
    """The image's own dpi when plausible, else the dpi that makes it an A4 page (phone photos)."""
    info = image.info.get("dpi")
    if info and 70 <= float(info[0]) <= 1200:
        return float(info[0])
    short, long = sorted(image.size)
    return max(short / A4_WIDTH_IN, long / A4_HEIGHT_IN)


MAX_OCR_PIXELS = 40_000_000
"""An A4 page at 300 dpi is 8.7 Mpx; a larger page is read at a lower resolution rather than not at all."""


def normalise_resolution(image: Image.Image, dpi: float) -> tuple[Image.Image, float]:
    """Upsamples faint low-resolution photos and downsamples huge scans towards 300 dpi."""
    if 240 <= dpi <= 400 and image.width * image.height <= MAX_OCR_PIXELS:
        return image, dpi
    scale = min(TARGET_DPI / dpi, (MAX_OCR_PIXELS / (image.width * image.height)) ** 0.5)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    resample = Image.Resampling.LANCZOS if scale > 1 else Image.Resampling.BOX
    return image.resize(size, resample), dpi * scale


def _ink(image: Image.Image, width: int) -> np.ndarray:
    small = image.convert("L")
    small = small.resize((width, max(1, round(small.height * width / small.width))), Image.Resampling.BOX)
    pixels = np.asarray(ImageOps.autocontrast(small), dtype=np.float32)
    return (pixels < 128).astype(np.float32)


def _profile_sharpness(ink: np.ndarray, axis: int) -> float:
    profile = ink.sum(axis=axis)
    return float(np.var(np.diff(profile)))


def _best_angle(ink: Image.Image, angles: np.ndarray) -> tuple[float, float]:
    """The angle whose rotation gives the sharpest row profile (text lines level), and that sharpness."""
    best_angle, best_score = 0.0, -1.0
    for angle in angles:
        turned = np.asarray(ink.rotate(float(angle), resample=Image.Resampling.NEAREST), dtype=np.float32)
        score = _profile_sharpness(turned, axis=1)
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle, best_score


def _ink_image(image: Image.Image, width: int) -> Image.Image:
    return Image.fromarray((_ink(image, width) * 255).astype(np.uint8))


def is_sideways(image: Image.Image) -> bool:
    """Level text lines give a sharp row profile: compare the page with itself turned 90°, skew allowed."""
    ink = _ink_image(image, 500)
    if np.asarray(ink).mean() < 0.5:
        return False
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 0.1, 1.0)
    _, upright = _best_angle(ink, coarse)
    _, turned = _best_angle(ink.rotate(90, expand=True), coarse)
    return turned > 1.3 * upright


def skew_angle(image: Image.Image, step: float = 0.25) -> float:
    """Angle in degrees (counter-clockwise) that makes text lines horizontal, by projection profiles."""
    ink = _ink_image(image, 800)
    if np.asarray(ink).mean() < 0.5:
        return 0.0
    coarse, _ = _best_angle(ink, np.arange(-MAX_SKEW, MAX_SKEW + 0.1, 1.0))
    fine, _ = _best_angle(ink, np.arange(coarse - 1, coarse + 1 + step / 2, step))
    return fine


def straighten(image: Image.Image) -> tuple[Image.Image, float]:
    angle = skew_angle(image)
    if abs(angle) < 0.3:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255), angle
