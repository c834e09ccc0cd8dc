"""The contract's signature is ink in the signer's box of the page picture, whatever OCR made of it."""

import math

import pytest
from PIL import Image, ImageDraw

from extractor.facts.extract import extract
from models.text import DocumentText, PageText, Word

SCALE = 100 / 72  # page pictures are 100 dpi
LINES = (
    "Contrat d'engagement à respecter les principes de la République",
    "Je m'engage à respecter la liberté, l'égalité entre les femmes et les hommes et la laïcité.",
    "Fait à Melun, le 3 juin 2025",
)


def _contract(signed: bool, label: tuple[str, ...] = ("Signature", "de", "l'étranger"),
              frame_tilt: float = 0.0) -> tuple[DocumentText, Image.Image]:
    words, y = [], 80.0
    for number, line in enumerate(LINES):
        x = 60.0
        for token in line.split():
            words.append(Word(text=token, bbox=(x, y, x + 5.5 * len(token), y + 10), confidence=0.95, line=number))
            x += 5.5 * len(token) + 4
        y += 20
    label_y = 500.0
    for n, token in enumerate(label):
        x = 340.0 + 60 * n
        words.append(Word(text=token, bbox=(x, label_y, x + 50, label_y + 9), confidence=0.96, line=len(LINES)))
    # What Tesseract makes of a pen stroke, or of a smudge on an unsigned box: a « word » it doubts.
    words.append(Word(text="RANNV", bbox=(360.0, 515.0, 510.0, 550.0), confidence=0.05, line=len(LINES) + 1))
    page = PageText(number=1, width=595, height=842, reading="ocr", words=tuple(words))
    picture = Image.new("L", (round(595 * SCALE), round(842 * SCALE)), 250)
    draw = ImageDraw.Draw(picture)
    for word in words[:-1]:  # the printed words, as grey bars where they stand
        draw.rectangle([round(v * SCALE) for v in word.bbox], fill=40)
    # The box's frame, tilted as a photographed sheet's perspective leaves it where the page was straightened.
    slope = math.tan(math.radians(frame_tilt))
    corners = [(330, 490), (590, 490 + 260 * slope), (590 - 110 * slope, 600 + 260 * slope), (330 - 110 * slope, 600)]
    draw.polygon([(round(x * SCALE), round(y * SCALE)) for x, y in corners], outline=30, width=2)
    if signed:
        points = [(round((365 + t) * SCALE), round((532 + 12 * math.sin(t / 9)) * SCALE)) for t in range(0, 140, 2)]
        draw.line(points, fill=20, width=3)
    else:
        draw.point([(round(400 * SCALE), round(530 * SCALE))], fill=20)  # a speck of dust
    return DocumentText(file="contrat.png", sha256="0" * 64, kind="image", pages=(page,)), picture


def test_a_signature_read_by_ocr_as_a_word_is_still_ink() -> None:
    document, picture = _contract(signed=True)
    record = extract(document, lambda number: picture)
    assert record.contract.signed.value is True


def test_an_empty_signature_box_is_unsigned_despite_a_doubtful_word_in_it() -> None:
    document, picture = _contract(signed=False)
    record = extract(document, lambda number: picture)
    assert record.contract.signed.value is False


def test_a_label_the_signature_ran_over_is_found_though_misread_word_by_word() -> None:
    document, picture = _contract(signed=True, label=("Sigrature", "de", "l'étrangesière)"))
    record = extract(document, lambda number: picture)
    assert record.contract.signed.value is True
    # « l'agent » is no signer: the box read is then the one under the line that dates the paper, empty here.
    not_a_signer, picture = _contract(signed=True, label=("Sigrature", "de", "l'agent"))
    signed = extract(not_a_signer, lambda number: picture).contract.signed
    assert signed.value is False and signed.provenance.text.startswith("Fait à Melun")


@pytest.mark.parametrize("closing", ["Fait à Bobigny le 11/11/2025", "Fait le 11.11.2025 à Bobigny"])
def test_without_a_readable_label_the_signature_is_looked_for_under_the_dated_line(closing: str) -> None:
    """Ink over the whole label: OCR made « Fe FRET e de dem ndeur » of « Signature du demandeur »."""
    lines = [(LINES[0], 60.0, 80.0, 0.95), (LINES[1], 60.0, 100.0, 0.95),
             (closing, 340.0, 470.0, 0.95), ("Fe FRET e de dem ndeur", 340.0, 490.0, 0.3)]
    words = []
    for number, (line, x, y, confidence) in enumerate(lines):
        for token in line.split():
            words.append(Word(text=token, bbox=(x, y, x + 5.5 * len(token), y + 10), confidence=confidence, line=number))
            x += 5.5 * len(token) + 4
    document = DocumentText(file="contrat.jpg", sha256="0" * 64, kind="image",
                            pages=(PageText(number=1, width=595, height=842, reading="ocr", words=tuple(words)),))
    for signed in (True, False):
        picture = Image.new("L", (round(595 * SCALE), round(842 * SCALE)), 250)
        draw = ImageDraw.Draw(picture)
        for word in words[:-6]:  # the printed words (not the label the ink ran over), as grey bars
            draw.rectangle([round(v * SCALE) for v in word.bbox], fill=40)
        if signed:
            points = [(round((345 + t) * SCALE), round((500 + 12 * math.sin(t / 9)) * SCALE)) for t in range(0, 140, 2)]
            draw.line(points, fill=20, width=3)
        result = extract(document, lambda number, page=picture: page).contract.signed
        assert result.value is signed and result.provenance.text == closing


def test_a_frame_tilted_by_a_photos_perspective_is_no_signature() -> None:
    for tilt in (-3.0, 2.0, 3.5):
        document, picture = _contract(signed=False, frame_tilt=tilt)
        assert extract(document, lambda number, picture=picture: picture).contract.signed.value is False, tilt
        document, picture = _contract(signed=True, frame_tilt=tilt)
        assert extract(document, lambda number, picture=picture: picture).contract.signed.value is True, tilt

