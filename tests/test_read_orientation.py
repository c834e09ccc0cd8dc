"""A rendered page turned a quarter, a half and three quarters, and skewed a few degrees, reads as the
upright page does: same text, the turn recorded, boxes and picture in the upright frame."""

import difflib
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sample_paths import SAMPLE

from extractor.reading.read import ReadOptions, read_document

DPI = 200


@pytest.fixture(scope="module")
def upright(tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    """A real page: the sample's first text-layer PDF with plenty of text, rendered as a grey scan."""
    for path in sorted((SAMPLE / "dossiers").rglob("*.pdf")):
        document = pdfium.PdfDocument(path)
        try:
            page = document[0]
            if len(page.get_textpage().get_text_range()) > 800:
                return page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        finally:
            document.close()
    raise AssertionError("no text PDF in the sample")


def _read(image: Image.Image, folder: Path, name: str) -> tuple[str, int, tuple[float, float], Image.Image]:
    path = folder / f"{name}.png"
    image.save(path, dpi=(DPI, DPI))
    pictures: dict[int, Image.Image] = {}
    document = read_document(path, path.name, ReadOptions(), lambda n, picture: pictures.update({n: picture}))
    (page,) = document.pages
    return page.text, page.rotation, (page.width, page.height), pictures[1]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split()), autojunk=False).ratio()


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_and_skewed_page_reads_like_the_upright_one(upright: Image.Image, tmp_path: Path, turn: int) -> None:
    reference, rotation, (width, height), _ = _read(upright, tmp_path, "upright")
    assert rotation == 0 and height > width and len(reference) > 500
    # Turned as the fixture generator turns a scan (counter-clockwise), then leaning 2.5°.
    turned = upright.rotate(turn, expand=True).rotate(2.5, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR)
    text, rotation, (width, height), picture = _read(turned, tmp_path, f"turned{turn}")
    assert rotation == turn
    assert _similarity(text, reference) > 0.97
    assert height > width  # boxes in the upright frame
    assert abs(picture.width - width * 100 / 72) <= 2 and abs(picture.height - height * 100 / 72) <= 2


def _courier_payslip() -> Image.Image:
    """A payslip in Courier capitals, as old payroll printers made them: few ascenders and descenders, so
    Leptonica's up/down test takes it for upside down, and sure of it."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.setFont("Courier-Bold", 11)
    sheet.drawString(200, 780, "B U L L E T I N   D E   P A I E")
    sheet.setFont("Courier", 9)
    lines = ["PERIODE DU 01/04/25 AU 30/04/25", "PAYE LE : 05/05/25", "MATRICULE : 09567   EMPLOI : EQUIPIER"]
    lines += [f"{name:<34}{base:>10}{rate:>8}{amount:>10}" for name, base, rate, amount in [
        ("SALAIRE DE BASE", "120,00", "11,9573", "1 434,88"), ("SECURITE SOCIALE PLAFONNEE", "1 434,88", "6,900", "99,01"),
        ("SECURITE SOCIALE DEPLAFONNEE", "1 434,88", "0,400", "5,74"), ("COMPLEMENTAIRE TRANCHE 1", "1 434,88", "3,150", "45,20"),
        ("CSG DEDUCTIBLE", "1 409,77", "6,800", "95,86"), ("CSG/CRDS NON DEDUCTIBLE", "1 409,77", "2,900", "40,88"),
    ] * 3]
    lines += ["NET A PAYER AVANT IMPOT                      1 158,74", "CONSERVEZ CE BULLETIN SANS LIMITATION DE DUREE"]
    for number, line in enumerate(lines):
        sheet.drawString(60, 740 - 14 * number, line)
    sheet.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    try:
        return document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def test_capitals_in_a_monospaced_font_are_read_the_right_way_up(tmp_path: Path) -> None:
    text, rotation, _, _ = _read(_courier_payslip(), tmp_path, "courier")
    assert rotation == 0
    assert "BULLETIN" in text.replace(" ", "") and "SALAIRE DE BASE" in text


@pytest.mark.parametrize("mirror", [Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM])
def test_a_mirrored_picture_reads_like_the_page(upright: Image.Image, tmp_path: Path, mirror: Image.Transpose) -> None:
    """A front camera or a webcam mirrors what it takes (real-dev's identity card, upside down too)."""
    reference, _, _, _ = _read(upright, tmp_path, "upright")
    text, _, (width, height), _ = _read(upright.transpose(mirror), tmp_path, "mirrored")
    assert _similarity(text, reference) > 0.97
    assert height > width
