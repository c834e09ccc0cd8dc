"""A photographed sheet made flat: the four edges of the paper against what lies around it, and the
perspective that makes them a rectangle, applied to the whole photo.

A sheet photographed at an angle is a trapezium: its lines lean by different angles across the page
and Tesseract loses whole columns (a payslip's table, read at 35 % CER, came back at 2 % once
flattened). The transform is the plane's, so everything on the paper is straightened with it: an
edge found a little inside the sheet (a dark heading band taken for the table under it) costs
nothing. A sheet that runs off the photo on any side, or whose opposite edges are parallel already
(a flatbed scan, skewed or not), is left as it is.
"""

from dataclasses import dataclass

import numpy as np
from PIL import Image

from extractor.reading.prepare import SURROUND_CONTRAST, paper_levels

MIN_TILT_GAP = np.tan(np.radians(0.5))
"""Opposite edges leaning apart by less than this are parallel: a skew, which `straighten` handles."""
EDGE_SEEN = 0.8
"""Share of its length along which an edge must be seen against the surround to be trusted."""
RUN = 3
"""Paper blocks in a row that mark the sheet's edge; a lone bright speck of the table does not."""
MAX_GROWTH = 1.3
"""The flattened photo is at most this many times the sheet's size in each direction."""
MIN_SHEET = 0.3
"""A sheet narrower or shorter than this share of the photo is something else on the table."""


@dataclass(frozen=True)
class _Line:
    """`across = slope × along + offset`: x from y for the side edges, y from x for the top and bottom."""

    slope: float
    offset: float


def _first_runs(bright: np.ndarray) -> np.ndarray:
    """Per row, the first column starting RUN paper blocks (-1 where none)."""
    runs = bright.copy()
    for shift in range(1, RUN):
        runs[:, :-shift] &= bright[:, shift:]
    runs[:, bright.shape[1] - RUN + 1 :] = False
    return np.where(runs.any(axis=1), runs.argmax(axis=1), -1)


def _edge(first: np.ndarray, block: int, far: bool, size: int) -> _Line | None:
    """The edge from each row's first paper block (`far`: counted from the other side, of `size` blocks)."""
    rows = np.flatnonzero(first >= 0)
    if len(rows) < 10:
        return None
    middle = rows[(rows >= np.percentile(rows, 10)) & (rows <= np.percentile(rows, 90))]
    seen = middle[first[middle] > 0]  # a run from the photo's border: the sheet runs off the photo there
    if len(seen) < EDGE_SEEN * len(middle):
        return None
    along = (seen + 0.5) * block
    across = (size - first[seen]) * block if far else first[seen] * block
    slope, offset = np.polyfit(along, across, 1)
    close = np.abs(across - (slope * along + offset)) <= 1.5 * block  # clutter against the edge left out
    if close.sum() < 0.5 * len(seen):
        return None
    slope, offset = np.polyfit(along[close], across[close], 1)
    return _Line(float(slope), float(offset))


def _corner(side: _Line, flat: _Line) -> tuple[float, float]:
    """Where a side edge (x = a·y + b) meets a top or bottom edge (y = c·x + d)."""
    y = (flat.slope * side.offset + flat.offset) / (1 - flat.slope * side.slope)
    return side.slope * y + side.offset, y


def _coefficients(to: list[tuple[float, float]], source: list[tuple[float, float]]) -> tuple[float, ...]:
    """PIL's perspective coefficients: each output point `to` read from the photo's point `source`."""
    rows, values = [], []
    for (x, y), (u, v) in zip(to, source, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        values += [u, v]
    return tuple(np.linalg.solve(np.array(rows, dtype=np.float64), np.array(values, dtype=np.float64)))


def _apply(coefficients: tuple[float, ...], point: tuple[float, float]) -> tuple[float, float]:
    a, b, c, d, e, f, g, h = coefficients
    x, y = point
    w = g * x + h * y + 1
    return (a * x + b * y + c) / w, (d * x + e * y + f) / w


def flatten(grey: Image.Image, dpi: float) -> Image.Image:
    block, paper = paper_levels(grey, dpi)
    if min(paper.shape, default=0) < 4 * RUN:
        return grey
    level = int(np.median(paper))
    bright = paper > level - SURROUND_CONTRAST
    rows, cols = paper.shape
    left = _edge(_first_runs(bright), block, False, cols)
    right = _edge(_first_runs(bright[:, ::-1]), block, True, cols)
    top = _edge(_first_runs(bright.T), block, False, rows)
    bottom = _edge(_first_runs(bright.T[:, ::-1]), block, True, rows)
    if None in (left, right, top, bottom):
        return grey
    assert left and right and top and bottom
    if abs(left.slope - right.slope) < MIN_TILT_GAP and abs(top.slope - bottom.slope) < MIN_TILT_GAP:
        return grey
    corners = [_corner(left, top), _corner(right, top), _corner(right, bottom), _corner(left, bottom)]
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    width = (np.hypot(x1 - x0, y1 - y0) + np.hypot(x2 - x3, y2 - y3)) / 2
    height = (np.hypot(x3 - x0, y3 - y0) + np.hypot(x2 - x1, y2 - y1)) / 2
    inside = all(-block <= x <= grey.width + block and -block <= y <= grey.height + block for x, y in corners)
    if not inside or width < MIN_SHEET * grey.width or height < MIN_SHEET * grey.height:
        return grey  # edges that do not make a sheet of this photo
    sheet = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
    # Where the photo's own corners land, so that nothing on the paper beyond the edges found is lost.
    try:
        forward = _coefficients(corners, sheet)
    except np.linalg.LinAlgError:
        return grey
    landed = [_apply(forward, p) for p in ((0, 0), (grey.width, 0), (grey.width, grey.height), (0, grey.height))]
    margin_x, margin_y = (MAX_GROWTH - 1) * width / 2, (MAX_GROWTH - 1) * height / 2
    low_x = max(min(x for x, _ in landed), -margin_x)
    low_y = max(min(y for _, y in landed), -margin_y)
    high_x = min(max(x for x, _ in landed), width + margin_x)
    high_y = min(max(y for _, y in landed), height + margin_y)
    placed = [(x - low_x, y - low_y) for x, y in sheet]
    surround = int(np.median(paper[~bright])) if (~bright).any() else level
    size = (max(1, round(high_x - low_x)), max(1, round(high_y - low_y)))
    return grey.transform(size, Image.Transform.PERSPECTIVE, _coefficients(placed, corners),
                          Image.Resampling.BICUBIC, fillcolor=surround)
