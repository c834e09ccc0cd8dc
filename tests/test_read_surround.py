"""What lies around the sheet in a phone photo is painted paper-grey before Tesseract reads the page;
a dark band printed across the top of a page is part of the page and stays."""

import numpy as np
from PIL import Image

from extractor.reading.prepare import without_surround

DPI = 150


def _page(height: int = 1500, width: int = 1100) -> np.ndarray:
    """A light sheet with lines of dark 'text' strokes."""
    pixels = np.full((height, width), 235, dtype=np.uint8)
    for top in range(200, height - 200, 40):
        pixels[top : top + 12, 150 : width - 150 : 3] = 60
    return pixels


def test_the_table_around_a_photographed_sheet_is_painted_paper_grey() -> None:
    photo = np.full((1700, 1300), 90, dtype=np.uint8)  # a dark table
    photo[100:1600, 100:1200] = _page()
    result = np.asarray(without_surround(Image.fromarray(photo), DPI))
    assert result[:60].min() > 200 and result[:, :60].min() > 200 and result[-60:].min() > 200
    # The sheet itself is untouched, its ink included.
    assert np.array_equal(result[150:1550, 150:1150], photo[150:1550, 150:1150])


def test_a_dark_heading_band_across_a_scan_is_kept() -> None:
    scan = _page()
    scan[:160] = 70  # a heading band printed edge to edge
    image = Image.fromarray(scan)
    assert without_surround(image, DPI) is image


def test_a_dark_heading_band_with_white_letters_stays_on_a_photographed_sheet() -> None:
    """The band reaches the sheet's edges, so it looks like the table there; its white letters, two lines
    of them with a gap between, tell it is printed on the sheet."""
    sheet = _page()
    sheet[:180] = 80  # a test centre's heading band
    for top in (40, 110):  # two lines of white letters
        for left in range(100, 700, 24):
            sheet[top : top + 20, left : left + 16] = 240
    photo = np.full((1700, 1300), 85, dtype=np.uint8)  # a table of about the band's grey
    photo[100:1600, 100:1200] = sheet
    result = np.asarray(without_surround(Image.fromarray(photo), DPI))
    assert np.array_equal(result[140:1600, 100:1200], photo[140:1600, 100:1200])  # both lines kept
    assert result[:60].min() > 200  # the table above the sheet is still painted
