"""The contract's signature is ink in the signer's box of the page picture, whatever OCR made of it."""

import math

from PIL import Image, ImageDraw

from extractor.facts.extract import extract
from models.text import DocumentText, PageText, Word

SCALE = 100 / 72  # page pictures are 100 dpi
LINES = (
    "Contrat d'engagement à respecter les principes de la République",
    "Je m'engage à respecter la liberté, l'égalité entre les femmes et les hommes et la laïcité.",
    "Fait à Melun, le 3 juin 2025",
)


def _contract(signed: bool) -> tuple[DocumentText, Image.Image]:
    words, y = [], 80.0
    for number, line in enumerate(LINES):
        x = 60.0
        for token in line.split():
            words.append(Word(text=token, bbox=(x, y, x + 5.5 * len(token), y + 10), confidence=0.95, line=number))
            x += 5.5 * len(token) + 4
        y += 20
    label_y = 500.0
    for n, token in enumerate(("Signature", "de", "l'étranger")):
        x = 340.0 + 60 * n
        words.append(Word(text=token, bbox=(x, label_y, x + 50, label_y + 9), confidence=0.96, line=len(LINES)))
    # What Tesseract makes of a pen stroke, or of a smudge on an unsigned box: a « word » it doubts.
    words.append(Word(text="RANNV", bbox=(360.0, 515.0, 510.0, 550.0), confidence=0.05, line=len(LINES) + 1))
    page = PageText(number=1, width=595, height=842, reading="ocr", words=tuple(words))
    picture = Image.new("L", (round(595 * SCALE), round(842 * SCALE)), 250)
    draw = ImageDraw.Draw(picture)
    for word in words[:-1]:  # the printed words, as grey bars where they stand
        draw.rectangle([round(v * SCALE) for v in word.bbox], fill=40)
    draw.rectangle([round(v * SCALE) for v in (330, 490, 590, 600)], outline=30, width=2)  # the box's frame
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
