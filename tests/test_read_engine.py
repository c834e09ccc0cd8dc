"""Tesseract's engine, kept in the reading process: it reads a page the same whatever it read before,
stops at the page's deadline, and neither writes the page to disk nor starts a program, so a reader
killed mid-page (a worker past its timeout, a power cut) leaves no picture of the applicant's paper
and nothing running."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pypdfium2 as pdfium
import pytest
from PIL import Image
from sample_paths import ROOT, SAMPLE

from extractor.reading.tesseract import ocr_words
from models.errors import OcrTimeout

DPI = 200


@pytest.fixture(scope="module")
def pages() -> list[Image.Image]:
    """Two text pages of the sample, rendered as grey scans."""
    rendered = []
    for path in sorted((SAMPLE / "dossiers").rglob("*.pdf")):
        document = pdfium.PdfDocument(path)
        try:
            if len(document[0].get_textpage().get_text_range()) > 500:
                rendered.append(document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
        finally:
            document.close()
        if len(rendered) == 2:
            return rendered
    raise AssertionError("fewer than two text PDFs in the sample")


def test_a_page_reads_the_same_after_other_pages_and_thresholds(pages: list[Image.Image]) -> None:
    first, other = pages
    before = ocr_words(first, DPI, 120)
    ocr_words(other, DPI * 2, 120, local_threshold=True)
    assert len(before) > 20
    assert ocr_words(first, DPI, 120) == before


def test_a_page_past_its_deadline_is_a_timeout(pages: list[Image.Image]) -> None:
    crowded = Image.new("L", (pages[0].width * 2, pages[0].height * 2), 255)
    for corner in ((0, 0), (pages[0].width, 0), (0, pages[0].height), pages[0].size):
        crowded.paste(pages[0], corner)
    with pytest.raises(OcrTimeout, match="longer than"):
        ocr_words(crowded, DPI, 0.05)


READ_FOREVER = """
import pypdfium2 as pdfium
from PIL import Image
from extractor.reading.tesseract import ocr_words
page = pdfium.PdfDocument({path!r})[0].render(scale=4).to_pil().convert("L")
crowded = Image.new("L", (page.width * 3, page.height * 3), 255)
for x in range(3):
    for y in range(3):
        crowded.paste(page, (x * page.width, y * page.height))
print("reading", flush=True)
ocr_words(crowded, 288, 600)
"""


def test_a_reader_killed_mid_page_leaves_no_file_and_no_process(tmp_path: Path) -> None:
    path = next(p for p in sorted((SAMPLE / "dossiers").rglob("*.pdf")))
    environment = {**os.environ, "TMPDIR": str(tmp_path)}
    reader = subprocess.Popen([sys.executable, "-c", READ_FOREVER.format(path=str(path))], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True, env=environment)
    assert reader.stdout.readline().strip() == "reading"
    time.sleep(1.0)  # well into the page
    assert reader.poll() is None, "the page was read too fast to be killed mid-page"
    children = psutil.Process(reader.pid).children(recursive=True)
    reader.send_signal(signal.SIGKILL)
    reader.wait()
    assert children == []
    assert list(tmp_path.iterdir()) == []
