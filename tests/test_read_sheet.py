"""A sheet photographed at an angle is made flat before it is read; scans whose edges are parallel
already, and sheets that run off the photo, are left as they are."""

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from sample_paths import SAMPLE

from extractor.reading.ocr_page import ocr_page
from extractor.reading.sheet import flatten
from fixtures.degrade import _perspective_coeffs

DPI = 150
TABLE = 90  # the grey of the table under the sheet


@pytest.fixture(scope="module")
def sheet() -> Image.Image:
    """The sample's first text PDF page with plenty of text, rendered as a grey sheet."""
    for path in sorted((SAMPLE / "dossiers").rglob("*.pdf")):
        document = pdfium.PdfDocument(path)
        try:
            if len(document[0].get_textpage().get_text_range()) > 800:
                return document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        finally:
            document.close()
    raise AssertionError("no text PDF in the sample")


def _photo(sheet: Image.Image, corners: list[tuple[float, float]], size: tuple[int, int]) -> Image.Image:
    """The sheet lying on a table, its corners where the camera saw them."""
    w, h = sheet.size
    coefficients = _perspective_coeffs(corners, [(0, 0), (w, 0), (w, h), (0, h)])
    return sheet.transform(size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC, fillcolor=TABLE)


def _side_edges(page: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """Per row of the middle half, the first and last column of paper."""
    pixels = np.asarray(page)
    rows = pixels[pixels.shape[0] // 4 : 3 * pixels.shape[0] // 4] > (TABLE + 255) / 2
    return rows.argmax(axis=1), pixels.shape[1] - rows[:, ::-1].argmax(axis=1)


def test_a_sheet_photographed_at_an_angle_comes_out_rectangular(sheet: Image.Image) -> None:
    w, h = sheet.size
    photo = _photo(sheet, [(80, 60), (w + 40, 110), (w + 10, h + 90), (110, h + 40)], (w + 140, h + 160))
    left, right = _side_edges(photo)
    assert np.ptp(right - left) > 25  # the photo's sheet narrows from top to bottom
    flat = flatten(photo, DPI)
    left, right = _side_edges(flat)
    assert np.ptp(left) <= 4 and np.ptp(right) <= 4  # upright edges, straight down
    top, bottom = _side_edges(flat.transpose(Image.Transpose.TRANSPOSE))
    assert np.ptp(top) <= 4 and np.ptp(bottom) <= 4
    proportions = float(np.median(right - left) / np.median(bottom - top))
    assert abs(proportions - w / h) < 0.06 * w / h  # about the sheet's shape (its sides as photographed)


def test_a_photographed_sheet_is_read_as_well_as_the_sheet(sheet: Image.Image) -> None:
    w, h = sheet.size
    photo = _photo(sheet, [(60, 90), (w + 50, 40), (w + 30, h + 60), (90, h + 110)], (w + 140, h + 160))
    straight = {word.text for word in ocr_page(sheet, 1, 120, DPI).page.words}
    seen = {word.text for word in ocr_page(photo, 1, 120, DPI).page.words}
    assert len(seen & straight) >= 0.9 * len(straight)


def test_parallel_edges_and_sheets_cut_by_the_frame_are_left_alone(sheet: Image.Image) -> None:
    w, h = sheet.size
    on_table = Image.new("L", (w + 120, h + 120), TABLE)
    on_table.paste(sheet.rotate(3, expand=True, fillcolor=TABLE), (20, 20))
    assert flatten(on_table, DPI) is on_table  # a skewed scan: `straighten` handles it
    cut = _photo(sheet, [(80, -200), (w + 40, -150), (w + 10, h - 50), (110, h - 100)], (w + 140, h - 20))
    assert flatten(cut, DPI) is cut  # the top edge is out of the photo: no fourth edge to go by
