"""Pages of papers made by other hands (../shared/foreign-1, an independent generator's scans and phone
photos), each the case of a class of reading failure: read the whole way, the right way up."""

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from sample_paths import FOREIGN, SAMPLE

from extractor.facts.layout import PageLayout
from extractor.reading.ocr_page import ocr_page
from extractor.reading.read import ReadOptions, read_document

needs_foreign = pytest.mark.skipif(not FOREIGN.is_dir(), reason="../shared/foreign-1 is not beside the checkout")


def _text(image: Image.Image, **options) -> tuple[str, int]:
    read = ocr_page(image, 1, 120, **options)
    return " ".join(PageLayout.of(read.page).text.split()), read.page.rotation


def test_a_phone_photo_marked_72_dpi_is_sized_as_the_sheet_it_shows(tmp_path: Path) -> None:
    """Phones write 72 dpi, meaning none: believed, a 1654 × 2339 photo would be 23 inches wide."""
    pdf = next(p for p in sorted((SAMPLE / "dossiers").rglob("*.pdf")))
    page = pdfium.PdfDocument(pdf)[0].render(scale=200 / 72, grayscale=True).to_pil()
    buffer = io.BytesIO()
    page.convert("RGB").save(buffer, "JPEG", dpi=(72, 72), quality=90)
    (tmp_path / "photo.jpg").write_bytes(buffer.getvalue())
    (read,) = read_document(tmp_path / "photo.jpg", "photo.jpg", ReadOptions()).pages
    assert abs(read.width - 595) < 30 and read.words  # an A4 sheet, 595 points wide


@needs_foreign
def test_a_sheet_photographed_askew_and_cut_by_the_frame_is_read_beside_its_wedge_of_table() -> None:
    text, rotation = _text(Image.open(FOREIGN / "H11" / "IMG_8290.jpg"))
    assert rotation == 0
    assert "Bénéficiaire" in text and "Nous certifions que M." in text  # the left column Otsu lost


@needs_foreign
def test_a_faint_photo_that_otsu_empties_is_read_the_right_way_up() -> None:
    text, rotation = _text(Image.open(FOREIGN / "H11" / "IMG_20260806_125222.jpg"))
    assert rotation == 0 and "AVIS D'IMPÔT" in text


@needs_foreign
def test_an_upside_down_pile_page_keeps_the_white_letters_of_its_dark_title_band() -> None:
    document = pdfium.PdfDocument(FOREIGN / "H13" / "20250718122307_024.pdf")
    page = document[21].render(scale=200 / 72, grayscale=True).to_pil()
    text, rotation = _text(page, dpi=200, resample=False)
    assert rotation == 0 and "BULLETIN DE SALAIRE" in text and "Du 01/02/2022 au 28/02/2022" in text


@needs_foreign
def test_capitals_in_courier_are_not_left_upside_down_though_leptonica_is_sure() -> None:
    pdf = FOREIGN / "H01" / "fiches de paie" / "Bulletin de paie - Avril 2025.pdf"
    page = pdfium.PdfDocument(pdf)[0].render(scale=300 / 72, grayscale=True).to_pil()
    text, rotation = _text(page, dpi=300, resample=False)
    assert rotation == 0 and "BULLETIN DE PAIE" in text


@needs_foreign
def test_a_shadowed_statement_photographed_upside_down_keeps_its_heading() -> None:
    pdf = FOREIGN / "H03" / "dossier prefecture" / "Scan 16 Apr 2025.pdf"
    (text,) = [p.text for p in read_document(pdf, pdf.name, ReadOptions()).pages]
    assert "RELEVÉ DE COMPTE" in text and "Édité le 02/05/2019" in text
