"""Segmentation: a scanned pile cut into its documents, on generated papers read for real."""

import io
import random
from datetime import date
from pathlib import Path

import pytest
from paper_texts import EDF_BILL, laid_out
from PIL import Image
from pile_support import drawn_dossier, text_pile

from extractor.facts.segment import segment
from extractor.reading.read import ReadOptions, read_document
from fixtures.files import Namer
from fixtures.pile import write_pile
from fixtures.scenarios import SCENARIOS
from models.text import DocumentText, PageText, Word

OPTIONS = ReadOptions(page_timeout_s=120)


@pytest.fixture(scope="module")
def scanned_pile(tmp_path_factory: pytest.TempPathFactory):
    """Two rent receipts and a two-page return ban, scanned duplex with separator sheets, read by OCR."""
    documents, _ = drawn_dossier(17)  # scenario 5 (a ban of its own), with two rent receipts
    receipts = [d for d in documents if d.printed.doc_type == "rent_receipt"][:2]
    ban = [d for d in documents if d.printed.doc_type == "return_ban"]
    rng = random.Random(4)  # a moderate scan, two separator sheets, the ban's blank back inside it
    folder = tmp_path_factory.mktemp("pile")
    when = date(2025, 6, 2)
    written = write_pile(receipts + ban, folder, Namer(rng, when), rng, when, duplex=True, separated=True)
    layout = written[0].rendering["degradation"]
    assert layout["level"] != "hard" and layout["pile"] == {"blank_pages": 6, "separators": 2}
    name = written[0].key.split("#")[0]
    pictures: dict[int, bytes] = {}

    def keep(number: int, picture: Image.Image) -> None:
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=70)
        pictures[number] = buffer.getvalue()

    text = read_document(folder / name, name, OPTIONS, keep)
    parts = segment(text, lambda n: Image.open(io.BytesIO(pictures[n])) if n in pictures else None)
    return text, parts, [w.key for w in written]


def test_a_scanned_pile_is_cut_where_its_papers_are(scanned_pile):
    text, parts, keys = scanned_pile
    assert [p.text.file for p in parts] == keys
    assert [(p.first, p.last) for p in parts] == [tuple(map(int, k.split("#p")[1].split("-"))) for k in keys]
    for part in parts:  # each part holds the file's page numbers, so provenance stays the file's
        assert {p.number for p in part.text.pages} <= set(range(part.first, part.last + 1))
        assert part.text.sha256 == text.sha256


def test_blank_backs_and_separator_sheets_are_left_out_with_a_note(scanned_pile):
    text, parts, _ = scanned_pile
    blanks = {p.number for p in text.pages if p.reading == "blank"}
    inside = {n for part in parts for n in range(part.first, part.last + 1)}
    assert len(blanks) == 6
    assert len(blanks - inside) == 5 and len(blanks & inside) == 1  # the ban's blank back lies inside it
    for part in parts:  # every page a part starts or ends on has words
        numbers = {p.number: p for p in part.text.pages}
        assert numbers[part.first].words and numbers[part.last].words
    notes = [note for part in parts for note in part.text.warnings]
    assert sum("feuille de séparation, écartée" in note for note in notes) == 2
    assert {int(n.split()[1].rstrip(":")) for n in notes if "page blanche" in n} == blanks


@pytest.mark.parametrize("index", range(len(SCENARIOS)))
def test_a_text_layer_pile_of_a_whole_dossier_is_cut_where_its_papers_are(tmp_path: Path, index: int):
    documents, _ = drawn_dossier(index, seed="text-layer piles")
    spans = text_pile(tmp_path / "pile.pdf", documents)
    parts = segment(read_document(tmp_path / "pile.pdf", "pile.pdf", OPTIONS))
    assert [(p.first, p.last) for p in parts] == spans


def test_a_file_holding_one_document_keeps_its_plain_name_and_every_page(tmp_path: Path):
    documents, _ = drawn_dossier(8)  # a decision of three or more pages, notified on a separate record
    decision = next(d for d in documents if d.printed.doc_type == "oqtf_decision")
    assert len(decision.texts) >= 3
    text_pile(tmp_path / "arrete.pdf", [decision])
    text = read_document(tmp_path / "arrete.pdf", "docs/arrete.pdf", OPTIONS)
    [part] = segment(text)
    assert part.text == text and part.text.file == "docs/arrete.pdf"
    assert (part.first, part.last) == (1, len(decision.texts))


def _page(number: int, *lines: str, height: float = 842.0) -> PageText:
    """A page whose lines sit one under the other from the top, 20 points apart."""
    words = []
    for row, line in enumerate(lines):
        top = 40.0 + 20 * row
        for column, text in enumerate(line.split()):
            words.append(Word(text=text, bbox=(50 + 60 * column, top, 100 + 60 * column, top + 10), confidence=0.9, line=row))
    return PageText(number=number, width=595.0, height=height, reading="ocr", words=tuple(words))


def _document(*pages: PageText) -> DocumentText:
    return DocumentText(file="lot.pdf", sha256="0" * 64, kind="pdf", pages=pages)


def test_page_counters_decide_before_titles():
    # A statement repeats its title on every page; its counter says which page starts it.
    statement = [_page(n, "RELEVÉ DE COMPTE", f"Page {n}/2", *["ligne d'opération au débit"] * 30) for n in (1, 2)]
    other = _page(3, "RELEVÉ DE COMPTE", "Page 1/1", *["ligne d'opération au crédit"] * 30)
    parts = segment(_document(*statement, other))
    assert [(p.first, p.last) for p in parts] == [(1, 2), (3, 3)]
    assert [p.text.file for p in parts] == ["lot.pdf#p1-2", "lot.pdf#p3-3"]


def test_a_photo_whose_margin_pushes_the_page_counter_down_still_continues():
    # A phone photo of page 2: the margin above the sheet puts its running header at 15% of the picture.
    first = _page(1, "PRÉFECTURE DU NORD", "Arrêté portant obligation de quitter le territoire français",
                  *["Considérant que l'intéressé ne justifie d'aucune insertion professionnelle en France"] * 30)
    margin = ["·"] * 5
    last = _page(2, *margin, "Arrêté n° 59-2024-17 - page 2", "Fait à Lille, le 3 mai 2024", "Le préfet")
    assert [(p.first, p.last) for p in segment(_document(first, last))] == [(1, 2)]


def test_a_signed_closing_ends_a_paper_and_a_paragraph_continues_one():
    body = "que l'intéressé ne justifie pas d'une présence habituelle en France depuis plus de dix ans"
    letter = _page(1, "ATTESTATION D'HÉBERGEMENT", *[body] * 34)
    follow = _page(2, *[body] * 20, *["texte"] * 8, "Fait à Lyon, le 3 mars 2024", "Signature")
    letter_two = _page(3, "Madame, Monsieur,", *[body] * 34)
    parts = segment(_document(letter, follow, letter_two))
    assert [(p.first, p.last) for p in parts] == [(1, 2), (3, 3)]


def test_a_page_opening_with_a_paragraph_runs_on_whatever_papers_it_names():
    # A decision's second page weighs a work promise the person produced: still the decision.
    considering = "Considérant que l'intéressée ne justifie pas d'une présence habituelle en France depuis dix ans"
    promise = "Considérant que l'intéressée produit une promesse d'embauche établie le 29 septembre 2020 pour un emploi"
    decision = _page(1, "PRÉFECTURE DE L'ESSONNE", "ARRÊTÉ portant obligation de quitter le territoire français",
                     *[considering] * 34)
    following = _page(2, promise, promise, *[considering] * 20, "Fait à Évry, le 3 mars 2021", "Le préfet")
    parts = segment(_document(decision, following))
    assert [(p.first, p.last) for p in parts] == [(1, 2)] and parts[0].text.file == "lot.pdf"


def test_the_record_of_a_decision_s_notification_stays_with_it():
    # Its last page signed, a decision is followed by the record of its notification to the person.
    considering = "Considérant que l'intéressé ne justifie pas d'une présence habituelle en France depuis dix ans"
    decision = _page(1, "PRÉFECTURE DU VAL-DE-MARNE", "ARRÊTÉ portant obligation de quitter le territoire français",
                     *[considering] * 34)
    signed = _page(2, "Article 2", "M. Chen Jun est obligé de quitter le territoire français", "Fait à Créteil, le 3 mars 2025",
                   "Pour le préfet et par délégation")
    record = _page(3, "Notifié à M. Chen Jun, né le 12/04/1990", "ainsi que de la possibilité de former un recours",
                   "Signature de l'intéressé")
    assert [(p.first, p.last) for p in segment(_document(decision, signed, record))] == [(1, 3)]


def _ocr_pile(*pages: PageText) -> DocumentText:
    return DocumentText(file="pile.tif", sha256="0" * 64, kind="image", pages=pages)


def test_a_page_with_nothing_legible_is_a_blank_back_and_a_named_separator_sheet_is_left_out():
    bill = laid_out(1, EDF_BILL, "ocr")
    bleed_through = laid_out(2, "CRT TMEITE | MO LR KV LION DE à 2006", "ocr",
                             misread={t: t for t in ["CRT", "TMEITE", "MO", "LR", "KV", "LION", "DE"]})
    separator = laid_out(3, """
        L'H21Vd
        FEUILLE DE SÉPARATION - NE PAS RETIRER
        Préfecture de la Seine-Saint-Denis - guichet admission exceptionnelle au séjour - Bobigny
    """, "ocr")
    second_bill = laid_out(4, EDF_BILL, "ocr")
    parts = segment(_ocr_pile(bill, bleed_through, separator, second_bill))
    assert [(p.first, p.last) for p in parts] == [(1, 1), (4, 4)]
    notes = [note for part in parts for note in part.text.warnings]
    assert "page 2 : rien de lisible, écartée comme verso blanc" in notes
    assert "page 3 : feuille de séparation, écartée" in notes


def test_a_lone_page_with_nothing_legible_stays_a_document():
    photo = laid_out(1, "xx ||", "ocr")
    [part] = segment(_ocr_pile(photo))
    assert (part.first, part.last) == (1, 1) and not part.text.warnings
