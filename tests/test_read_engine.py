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
    with pytest.raises(OcrTimeout, match="plus de"):
        ocr_words(crowded, DPI, 0.05)


READ_FOREVER = """
import pypdfium2 as pdfium
from PIL import Image
from extractor.reading import tesseract
page = pdfium.PdfDocument({path!r})[0].render(scale=4).to_pil().convert("L")
crowded = Image.new("L", (page.width * 3, page.height * 3), 255)
for x in range(3):
    for y in range(3):
        crowded.paste(page, (x * page.width, y * page.height))
library = tesseract._library()
recognise = library.TessBaseAPIRecognize


def announced(engine, monitor):
    print("reading", flush=True)  # the next thing this process does is Tesseract reading the page
    return recognise(engine, monitor)


library.TessBaseAPIRecognize = announced
tesseract.ocr_words(crowded, 288, 600)
print("read", flush=True)
"""
# CPU time the reader spends after it said it was in Tesseract: then it is well into the page.
INTO_THE_PAGE_S = 0.5


def test_a_reader_killed_mid_page_leaves_no_file_and_no_process(tmp_path: Path) -> None:
    path = next(p for p in sorted((SAMPLE / "dossiers").rglob("*.pdf")))
    environment = {**os.environ, "TMPDIR": str(tmp_path)}
    reader = subprocess.Popen([sys.executable, "-c", READ_FOREVER.format(path=str(path))], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True, env=environment)
    assert reader.stdout.readline().strip() == "reading"
    # Waits for the reader's own work, not for time: on a loaded machine it just takes longer.
    process = psutil.Process(reader.pid)
    started = sum(process.cpu_times()[:2])
    deadline = time.monotonic() + 300  # only against a hang
    while sum(process.cpu_times()[:2]) - started < INTO_THE_PAGE_S and reader.poll() is None:
        assert time.monotonic() < deadline, "the reader used no CPU in 5 minutes"
        time.sleep(0.02)
    children = process.children(recursive=True)
    reader.send_signal(signal.SIGKILL)
    assert reader.wait() == -signal.SIGKILL and reader.stdout.read() == "", "the page was read before it was killed"
    assert children == []
    assert list(tmp_path.iterdir()) == []
