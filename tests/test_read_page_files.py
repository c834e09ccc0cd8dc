"""A reader killed mid-page (a worker past its timeout, a power cut) leaves no picture of the
applicant's paper on disk: the page handed to Tesseract lives in memory only."""

import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from sample_paths import ROOT

READ_FOREVER = """
from PIL import Image, ImageDraw
from extractor.tesseract import ocr_words
page = Image.new("L", (4960, 7016), 255)
draw = ImageDraw.Draw(page)
for row in range(0, 7000, 40):
    draw.text((100, row), "Bulletin de paie du 01/03/2021 au 31/03/2021 " * 8, fill=0)
print("reading", flush=True)
ocr_words(page, 600, 600)
"""


def _reading(pid: int) -> list[psutil.Process]:
    """The Tesseract reading the page (not the one asked for its version first)."""
    children = psutil.Process(pid).children()
    return [p for p in children if p.name().startswith("tesseract") and "stdout" in p.cmdline()]


def test_a_reader_killed_mid_page_leaves_no_page_file(tmp_path: Path) -> None:
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("aes-page-*"))
    reader = subprocess.Popen([sys.executable, "-c", READ_FOREVER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "reading"
    deadline = time.monotonic() + 60
    while not (tesseracts := _reading(reader.pid)):
        assert time.monotonic() < deadline and reader.poll() is None, "Tesseract never started reading"
        time.sleep(0.05)
    reader.send_signal(signal.SIGKILL)
    reader.wait()
    for tesseract in tesseracts:
        tesseract.kill()
    assert set(temp.glob("aes-page-*")) == before
