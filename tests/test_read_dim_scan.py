"""A dim, noisy, leaning scan, on which Tesseract's single Otsu threshold loses the text, is read again
with a local threshold, rather than coming back as a page without words."""

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from sample_paths import SAMPLE

from extractor.reading.prepare import orientation, straighten, turn
from extractor.reading.read import ReadOptions, read_document
from extractor.reading.tesseract import ocr_words

DPI = 150


@pytest.fixture(scope="module")
def dim_scan() -> Image.Image:
    """The sample's first text-layer page with plenty of text, as a faded, grainy 150-dpi scan."""
    for path in sorted((SAMPLE / "dossiers").rglob("*.pdf")):
        document = pdfium.PdfDocument(path)
        try:
            page = document[0]
            if len(page.get_textpage().get_text_range()) > 800:
                clean = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
                break
        finally:
            document.close()
    else:
        raise AssertionError("no text PDF in the sample")
    leaning = clean.rotate(4.5, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR)
    # Ink faded to a third of the paper's contrast, a darker scanner lid around the page, grain.
    pixels = 120 + np.asarray(leaning, dtype=np.float64) * 0.32
    framed = np.full((pixels.shape[0] + 60, pixels.shape[1] + 60), 185.0)
    framed[30:-30, 30:-30] = pixels
    grain = np.random.default_rng(7).normal(0, 12, framed.shape)
    return Image.fromarray(np.clip(framed + grain, 0, 255).astype(np.uint8))


def test_a_dim_noisy_scan_is_read_with_a_local_threshold(dim_scan: Image.Image, tmp_path: Path) -> None:
    found = orientation(dim_scan, DPI)
    upright = straighten(turn(dim_scan, found.rotation), found.skew)
    # The local threshold reads what Otsu's one threshold loses. How much Otsu loses depends on
    # Tesseract's version (none of it with Debian 12's 5.3.0); that the local one reads far more does not.
    otsu, local = ocr_words(upright, DPI, 120), ocr_words(upright, DPI, 120, local_threshold=True)
    assert len(local) > max(20, 2 * len(otsu)), (len(otsu), len(local))
    path = tmp_path / "dim.png"
    dim_scan.save(path, dpi=(DPI, DPI))
    (page,) = read_document(path, path.name, ReadOptions()).pages
    assert len(page.words) > 20
