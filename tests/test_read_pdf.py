"""PDF triage page by page: a real text layer is read with its boxes, a scanned page is OCR'd, and
limits, blank pages and empty PDFs give clear answers."""

import json
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image
from sample_paths import SAMPLE

from extractor.reading.pdf import text_layer_words
from extractor.reading.read import ReadOptions, read_document
from models.errors import CorruptFile, TooLarge, UnsupportedFile

RENDERINGS = json.loads((SAMPLE / "renderings.json").read_text(encoding="utf-8"))


def _sample(rendering: str, fmt: str = "pdf") -> Path:
    for dossier, files in sorted(RENDERINGS.items()):
        for name, info in sorted(files.items()):
            if info["rendering"] == rendering and info["format"] == fmt:
                return SAMPLE / "dossiers" / dossier / name
    raise AssertionError(f"no {rendering} {fmt} in the sample")


def test_text_layer_words_and_boxes_agree_with_pdfplumber() -> None:
    path = _sample("text_layer")
    document = pdfium.PdfDocument(path)
    ours = text_layer_words(document[0])
    with pdfplumber.open(path) as pdf:
        theirs = pdf.pages[0].extract_words()
    assert Counter(w.text for w in ours) == Counter(w["text"] for w in theirs)
    boxes: dict[str, list[tuple[float, ...]]] = {}
    for w in theirs:
        boxes.setdefault(w["text"], []).append((w["x0"], w["top"], w["x1"], w["bottom"]))
    # PDFium's loose boxes follow the font's ascent and descent as pdfminer's do: within a couple of points.
    close = [w for w in ours if any(all(abs(a - b) < 2.5 for a, b in zip(w.bbox, box, strict=True)) for box in boxes[w.text])]
    assert len(close) > 0.9 * len(ours)


def test_a_mixed_pdf_is_decided_page_by_page(tmp_path: Path) -> None:
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(_sample("text_layer")), pages=[0])
    mixed.import_pages(pdfium.PdfDocument(_sample("scan")), pages=[0])
    mixed.save(tmp_path / "mixed.pdf")
    pictures: dict[int, Image.Image] = {}
    document = read_document(tmp_path / "mixed.pdf", "mixed.pdf", ReadOptions(), lambda n, p: pictures.update({n: p}))
    assert [page.reading for page in document.pages] == ["text_layer", "ocr"]
    assert document.reading == "mixed"
    assert all(len(page.words) > 20 for page in document.pages)
    assert sorted(pictures) == [1, 2]


def test_a_blank_page_is_named_and_not_read(tmp_path: Path) -> None:
    Image.new("L", (1654, 2339), 247).save(tmp_path / "blank.png", dpi=(200, 200))
    document = read_document(tmp_path / "blank.png", "blank.png", ReadOptions())
    assert document.pages[0].reading == "blank"
    assert any("page blanche" in warning for warning in document.warnings)


def test_a_pdf_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    source = pdfium.PdfDocument(_sample("text_layer"))
    big = pdfium.PdfDocument.new()
    for _ in range(12):
        big.import_pages(source, pages=[0])
    big.save(tmp_path / "big.pdf")
    with pytest.raises(TooLarge, match="12 pages"):
        read_document(tmp_path / "big.pdf", "big.pdf", ReadOptions(max_pages=10))


def test_a_pdf_of_no_page_made_here_is_refused(tmp_path: Path) -> None:
    pdfium.PdfDocument.new().save(tmp_path / "zero.pdf")
    with pytest.raises(CorruptFile, match="aucune page"):
        read_document(tmp_path / "zero.pdf", "zero.pdf", ReadOptions())


def test_a_renamed_program_is_not_taken_for_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(Path("/bin/true").read_bytes()[:4096])
    with pytest.raises(UnsupportedFile, match="ni un PDF"):
        read_document(tmp_path / "scan.pdf", "scan.pdf", ReadOptions())


def test_an_image_over_the_pixel_limit_is_refused(tmp_path: Path) -> None:
    Image.new("1", (5000, 5000), 1).save(tmp_path / "huge.png")
    with pytest.raises(TooLarge, match="pixels"):
        read_document(tmp_path / "huge.png", "huge.png", ReadOptions(max_pixels=10_000_000))
