"""Makes a page image what Tesseract reads best: grey, at a resolution it reads well, upright and level.

Everything here is measured against the cost of reading the page (bench/ocr_quality.py,
bench/ocr_throughput.py): one map of the ink at the scan's own resolution serves the blank test, the
sideways test, the skew and the up/down test, each a few hundredths of a second.
"""

from dataclasses import dataclass

import numpy as np
from PIL import Image

from extractor.reading.leptonica import up_down_confidence

MIN_OCR_DPI = 150
MAX_OCR_DPI = 400
"""Tesseract reads 150-400 dpi scans as well at their own resolution as upsampled to 300 dpi, and
faster: only pages outside this range are resampled (to LOW_DPI_TARGET or HIGH_DPI_TARGET)."""
LOW_DPI_TARGET = 200
HIGH_DPI_TARGET = 300
MAX_OCR_PIXELS = 40_000_000
"""An A4 page at 300 dpi is 8.7 Mpx; a larger page is read at a lower resolution rather than not at all."""
A4_WIDTH_IN = 8.27
A4_HEIGHT_IN = 11.69
A3_HEIGHT_IN = 16.54

INK_CONTRAST = 50
"""Grey levels below the local paper that make a pixel ink (scans fade ink to about half contrast)."""
BLANK_INK_SHARE = 0.0002
"""Below this share of ink a page holds no text (a blank back, a faint bleed-through)."""
MAX_SKEW = 6.0
"""Scans and phone photos lean a few degrees; more than this is a page turned, not skewed."""
MIN_DESKEW = 1.5
"""Tesseract reads lines leaning up to 2° as well as level ones (measured); straighten beyond that."""
SIDEWAYS_RATIO = 1.3
SURROUND_CONTRAST = 40
"""Grey levels below the page's paper that make a block part of what lies around the sheet."""
BAND_MARKS = 0.03
"""Share of a row's blocks, across the sheet's width, bright as paper: white letters on a dark band of
the sheet (a test centre's heading), where the table under a photo has none."""
BAND_GAP_IN = 0.4
"""Rows without such marks bridged between two lines of a band's text, in inches."""


@dataclass(frozen=True)
class Orientation:
    rotation: int
    """Degrees to turn the image clockwise to read it upright: 0, 90, 180 or 270."""
    skew: float
    """Degrees counter-clockwise that level its lines once turned."""
    blank: bool
    up_down: float | None
    """Leptonica's up/down confidence for the chosen turn (None: not measured)."""


def guess_dpi(image: Image.Image) -> float:
    """The image's own dpi when plausible, else the dpi that makes it an A4 page (phone photos).

    Cameras and phones write 72 dpi, meaning none: 72 dpi is believed only when it makes the picture
    no larger than an A3 sheet (a 1650 × 2200 photo « at 72 dpi » would be 23 inches wide)."""
    info = image.info.get("dpi")
    if info and 70 <= float(info[0]) <= 1200 and max(image.size) / float(info[0]) <= A3_HEIGHT_IN:
        return float(info[0])
    short, long = sorted(image.size)
    return max(short / A4_WIDTH_IN, long / A4_HEIGHT_IN)


def normalise_resolution(image: Image.Image, dpi: float) -> tuple[Image.Image, float]:
    """Upsamples low-resolution photos and downsamples huge scans; leaves 150-400 dpi as it is."""
    pixels = image.width * image.height
    if MIN_OCR_DPI <= dpi <= MAX_OCR_DPI and pixels <= MAX_OCR_PIXELS:
        return image, dpi
    target = LOW_DPI_TARGET if dpi < MIN_OCR_DPI else HIGH_DPI_TARGET
    scale = min(target / dpi, (MAX_OCR_PIXELS / pixels) ** 0.5)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    resample = Image.Resampling.BICUBIC if scale > 1 else Image.Resampling.BOX
    return image.resize(size, resample), dpi * scale


def paper_levels(grey: Image.Image, dpi: float) -> tuple[int, np.ndarray]:
    """(block, levels): the brightest grey of each block of about 2.5 mm (of a 4× reduced copy, noise
    averaged out), blocks from the top left corner; the margin a whole block does not fill is left out."""
    cells = max(1, round(dpi / 40))
    block = 4 * cells
    height, width = (grey.height // block) * block, (grey.width // block) * block
    if height == 0 or width == 0:
        return block, np.zeros((height // block, width // block), dtype=np.uint8)
    small = np.asarray(grey.crop((0, 0, width, height)).reduce(4))
    return block, small.reshape(height // block, cells, width // block, cells).max(axis=(1, 3))


def _band_end(marked: np.ndarray, start: int, step: int, gap: int) -> int:
    """From block row `start` outwards by `step`, the last row holding paper-bright marks (the white
    letters of a dark heading or footer band), gaps of up to `gap` rows without any bridged."""
    end, row, empty = start, start + step, 0
    while 0 <= row < len(marked) and empty <= gap:
        end, empty = (row, 0) if marked[row] else (end, empty + 1)
        row += step
    return end


def without_surround(grey: Image.Image, dpi: float) -> Image.Image:
    """The page with what lies around the sheet (the table under a phone photo) painted paper-grey.

    Tesseract's single threshold, set between that darker surround and the paper, takes faint ink for
    paper. The sheet is the box of rows and columns mostly bright, stretched up and down over the rows
    of a dark band whose white letters mark it as the sheet's; a surround is cut on three sides at
    least, so that a band across the top edge of a scan is kept.
    """
    block, paper = paper_levels(grey, dpi)
    if paper.size == 0:
        return grey
    level = int(np.median(paper))
    bright = paper > level - SURROUND_CONTRAST
    rows, cols = np.flatnonzero(bright.mean(axis=1) > 0.5), np.flatnonzero(bright.mean(axis=0) > 0.5)
    if len(rows) == 0 or len(cols) == 0:
        return grey
    marked = bright[:, cols[0] : cols[-1] + 1].mean(axis=1) >= BAND_MARKS
    gap = max(1, round(BAND_GAP_IN * dpi / block))
    top, bottom = _band_end(marked, rows[0], -1, gap) * block, (_band_end(marked, rows[-1], 1, gap) + 1) * block
    left, right = cols[0] * block, (cols[-1] + 1) * block
    # The last partial block at the right and bottom edges counts as the edge.
    cut = [top > 0, left > 0, bottom < paper.shape[0] * block, right < paper.shape[1] * block]
    if sum(cut) < 3:
        return grey
    pixels = np.full((grey.height, grey.width), level, dtype=np.uint8)
    pixels[top:bottom, left:right] = np.asarray(grey)[top:bottom, left:right]
    return Image.fromarray(pixels)


def ink_map(grey: Image.Image, dpi: float) -> np.ndarray:
    """True where a pixel is clearly darker than the paper around it.

    The paper's level is the brightest of a coarse neighbourhood of a 4× reduced copy (noise averaged
    out), so shading, a dark table behind a phone photo or faded ink do not fool a global threshold.
    """
    block, paper = paper_levels(grey, dpi)
    height, width = paper.shape[0] * block, paper.shape[1] * block
    if height == 0 or width == 0:
        return np.zeros((grey.height, grey.width), dtype=bool)
    grey = grey.crop((0, 0, width, height))  # the margin a block does not fill holds no text
    # A block wholly inside a bold heading borrows its neighbours' paper.
    around = np.pad(paper, 1, mode="edge")
    paper = np.max([around[i : i + paper.shape[0], j : j + paper.shape[1]] for i in range(3) for j in range(3)], axis=0)
    # One threshold per block, compared in 8 bits: no wider copy of the full-size page.
    below = (np.maximum(paper.astype(np.int16) - INK_CONTRAST, 0)).astype(np.uint8)
    pixels = np.asarray(grey).reshape(height // block, block, width // block, block)
    return (pixels < below[:, None, :, None]).reshape(height, width)


def is_blank(ink: np.ndarray) -> bool:
    # Ink in diagonal pairs only: sensor noise leaves single dark pixels, strokes never do.
    return float(np.count_nonzero(ink[1:, 1:] & ink[:-1, :-1])) < BLANK_INK_SHARE * ink.size


def _reduce(ink: np.ndarray, factor: int) -> np.ndarray:
    """A smaller map where a pixel is ink when any of the `factor`² pixels it covers is."""
    if factor <= 1:
        return ink
    h, w = (ink.shape[0] // factor) * factor, (ink.shape[1] // factor) * factor
    reduced = ink[:h:factor, :w:factor].copy()
    for i in range(factor):
        for j in range(factor):
            reduced |= ink[i:h:factor, j:w:factor]
    return reduced


def _starts(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every run of ink along the rows: a text line has many, a ruled line or the
    edge of the paper one, so lines of text stand out and borders do not."""
    rows, cols = np.nonzero(ink[:, 1:] & ~ink[:, :-1])
    return rows.astype(np.float64), cols.astype(np.float64)


def _sharpest(rows: np.ndarray, cols: np.ndarray, degrees: np.ndarray) -> tuple[float, float]:
    """The angle whose sheared row profile is sharpest (text lines level), and that sharpness."""
    best_angle, best_score = 0.0, -1.0
    for angle in degrees:
        bins = np.rint(rows - cols * np.tan(np.radians(angle))).astype(np.int64)
        profile = np.bincount(bins - bins.min()).astype(np.float64)
        score = float(np.sum(np.diff(profile) ** 2)) / max(1.0, float(profile.sum()))
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle, best_score


def _level(ink: np.ndarray) -> tuple[bool, float]:
    """Whether the lines run down the page (turned 90°) and their skew, from run-start profiles."""
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 0.1, 1.0)
    rows, cols = _starts(ink)
    if len(rows) < 50:
        return False, 0.0
    across, across_score = _sharpest(rows, cols, coarse)
    down_rows, down_cols = _starts(np.rot90(ink, k=-1))  # the page turned 90° clockwise
    down, down_score = _sharpest(down_rows, down_cols, coarse)
    sideways = down_score > SIDEWAYS_RATIO * across_score
    rows, cols, angle = (down_rows, down_cols, down) if sideways else (rows, cols, across)
    fine, _ = _sharpest(rows, cols, np.arange(angle - 0.75, angle + 0.76, 0.25))
    return sideways, fine


def _text_band(ink: np.ndarray, share: float = 0.33) -> np.ndarray:
    """The horizontal band of `share` of the page's height that holds the most ink."""
    height = max(1, round(ink.shape[0] * share))
    if height >= ink.shape[0]:
        return ink
    cumulative = np.concatenate(([0], np.cumsum(ink.sum(axis=1))))
    top = int(np.argmax(cumulative[height:] - cumulative[:-height]))
    return ink[top : top + height]


def orientation(grey: Image.Image, dpi: float) -> Orientation:
    ink = ink_map(grey, dpi)
    if is_blank(ink):
        return Orientation(0, 0.0, True, None)
    sideways, skew = _level(_reduce(ink, round(dpi / 100)))
    upright = np.rot90(ink, k=-1) if sideways else ink
    # Leptonica's test is sized for 300 dpi; skew of the shear-free map is small enough for it.
    band = _text_band(upright)
    factor = max(1, round(300 / dpi))
    if factor > 1:
        band = np.repeat(np.repeat(band, factor, axis=0), factor, axis=1)
    confidence = up_down_confidence(band)
    turn = 90 if sideways else 0
    if confidence is not None and confidence < 0:
        turn += 180
    # The profile's angle was measured on the map before any half turn, which keeps it.
    return Orientation(turn, skew, False, confidence)


def turn(grey: Image.Image, degrees_clockwise: int) -> Image.Image:
    transpose = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    return grey.transpose(transpose[degrees_clockwise]) if degrees_clockwise else grey


def _column_shifts(width: int, slope: float) -> np.ndarray:
    """How far down each column slides to level the lines (the first of straighten's two shears)."""
    shifts = np.rint(-np.arange(width) * slope).astype(np.int64)
    return shifts - shifts.min()


def _row_shear(level_height: int, slope: float) -> tuple[int, int]:
    """The width the second shear adds, and its offset."""
    extra = round(abs(slope) * level_height)
    return extra, -extra if slope > 0 else 0


def straighten(grey: Image.Image, skew: float) -> Image.Image:
    """Levels the lines by two shears, a close match to a rotation at a few degrees and a few times
    cheaper than PIL's rotate (measured: 10-20 ms against 50-110 ms a page)."""
    if abs(skew) < MIN_DESKEW:
        return grey
    # The margins the shears open take the paper's grey: white ones on a dim scan make Tesseract's
    # global threshold take the whole page for ink (measured: no word read).
    paper = int(np.median(np.asarray(grey.reduce(8))))
    slope = float(np.tan(np.radians(skew)))
    pixels = np.asarray(grey)
    height, width = pixels.shape
    # Each column slides up by its distance along the line times the slope: the lines come level.
    shifts = _column_shifts(width, slope)
    level = np.full((height + int(shifts.max()), width), paper, dtype=np.uint8)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(shifts)) + 1, [width]))
    for start, end in zip(starts[:-1], starts[1:], strict=True):
        level[shifts[start] : shifts[start] + height, start:end] = pixels[:, start:end]
    # ... then each row slides sideways, so that strokes stand upright again.
    image = Image.fromarray(level)
    extra, offset = _row_shear(image.height, slope)
    return image.transform(
        (image.width + extra, image.height), Image.Transform.AFFINE, (1, -slope, offset, 0, 1, 0),
        resample=Image.Resampling.NEAREST, fillcolor=paper,
    )


def straightened_size(size: tuple[int, int], skew: float) -> tuple[int, int]:
    """The size of a page of `size` once straightened by `skew`."""
    if abs(skew) < MIN_DESKEW:
        return size
    slope = float(np.tan(np.radians(skew)))
    level_height = size[1] + int(_column_shifts(size[0], slope).max())
    return size[0] + _row_shear(level_height, slope)[0], level_height


def straightened_point(x: float, y: float, size: tuple[int, int], skew: float) -> tuple[float, float]:
    """Where the point (x, y) of a page of `size` lies once the page is straightened by `skew`."""
    if abs(skew) < MIN_DESKEW:
        return x, y
    slope = float(np.tan(np.radians(skew)))
    width, height = size
    shifts = _column_shifts(width, slope)
    level_y = y + float(shifts[min(max(int(x), 0), width - 1)])
    _, offset = _row_shear(height + int(shifts.max()), slope)
    return x + slope * level_y - offset, level_y


@dataclass(frozen=True)
class Askew:
    """A page turned the right way up but not straightened, for readers that handle skew themselves: the
    integer shears that straighten a page for Tesseract break a DataMatrix's grid of modules."""

    image: Image.Image
    skew: float
    turned_over: bool = False
    """The page read was this one straightened, then given a half turn."""

    def upright_point(self, x: float, y: float) -> tuple[float, float]:
        """Where (x, y) of this image lies on the page that was read."""
        u, v = straightened_point(x, y, self.image.size, self.skew)
        if not self.turned_over:
            return u, v
        width, height = straightened_size(self.image.size, self.skew)
        return width - u, height - v
