"""Issue 17, case 10: text that is not valid Unicode (a Factur-X invoice's text layer of lone
surrogates) is made valid where it is read, and no command prints a traceback for a file's content."""

import json
from pathlib import Path

from hostile_pdfs import surrogate_text_pdf
from test_bulk_support import aes

from extractor.facts.extract import extract
from extractor.reading.read import ReadOptions, read_document
from models.text import valid_unicode


def test_lone_surrogates_of_a_text_layer_become_replacement_characters(tmp_path: Path) -> None:
    document = read_document(surrogate_text_pdf(tmp_path / "facture.pdf"), "facture.pdf", ReadOptions())
    text = document.pages[0].text
    text.encode("utf-8")  # raises on a lone surrogate
    assert "\ufffd" in text and "Factur-" in text
    assert extract(document).issue_date.value.isoformat() == "2024-03-12"


def test_a_surrogate_pair_is_joined_into_its_character() -> None:
    assert valid_unicode("x\ud835\udc00y") == "x\U0001d400y"
    assert valid_unicode("\udc00\ud835") == "\ufffd\ufffd"


def test_aes_extract_on_a_factur_x_like_invoice_prints_its_facts(tmp_path: Path) -> None:
    run = aes("extract", str(surrogate_text_pdf(tmp_path / "facture.pdf")))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["issue_date"]["value"] == "2024-03-12"
    assert "Traceback" not in run.stderr


def test_aes_check_on_a_damaged_dossier_says_so_in_french_without_quoting_it(tmp_path: Path) -> None:
    (tmp_path / "dossier.json").write_text('{"dossier_id": "Mme Secret", "documents": [', encoding="utf-8")
    run = aes("check", str(tmp_path / "dossier.json"))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "Secret" not in run.stderr
    assert "n'est pas un dossier aes-dossier/1 valide" in run.stderr
