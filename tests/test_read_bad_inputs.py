"""Broken and hostile files (../shared/bad-inputs): a clear error naming what is wrong, or a best effort
read, never a crash; and broken files made here beside good ones leave the rest of a dossier processed."""

import difflib
import json
from pathlib import Path

import pytest
from PIL import Image
from sample_paths import BAD_INPUTS, SAMPLE

from extractor.reading.read import ReadOptions, read_document
from models.errors import CorruptFile, DocumentError, EmptyFile, EncryptedPdf, TooLarge, UnsupportedFile
from pipelines.batch.process import BatchOptions, process_batch

OPTIONS = ReadOptions(max_pages=50, page_timeout_s=60)

EXPECTED_ERRORS = {
    "pdfplumber__empty.pdf": EmptyFile,
    "ocrmypdf__invalid.pdf": CorruptFile,
    "qpdf__issue-335b_fragment.pdf": UnsupportedFile,
    "made_here__truncated_11-pages.pdf": CorruptFile,
    "made_here__odt_document_named.pdf": UnsupportedFile,
    "mindee__receipt.heic": UnsupportedFile,
    "pdfplumber__password-example.pdf": EncryptedPdf,
    "pypdf__r4-aes-user-password.pdf": EncryptedPdf,
    "qpdf__enc-R6-AES256-user-view.pdf": EncryptedPdf,
    "qpdf__zero-pages.pdf": CorruptFile,
    "pillow__decompression_bomb.gif": TooLarge,
    "pillow__broken.png": CorruptFile,
    "pillow__truncated_image.png": CorruptFile,
    "pillow__truncated_jpeg.jpg": CorruptFile,
    "pillow__oom-samples-per-pixel.tif": CorruptFile,
}
EXPECTED_TEXT = {
    "pypdf__r6-owner-password-only.pdf": "pdfencryptiontest",
    "pdfjs__xref_command_missing.pdf": "Reduced",
    "pdfjs__Pages-tree-refs.pdf": "Testcase",
}
needs_bad_inputs = pytest.mark.skipif(not BAD_INPUTS.is_dir(), reason="../shared/bad-inputs is not beside the checkout")
# OCR of large rendered pages is the slow part; these files are read in the slow tests below.
SLOW = {"ocrmypdf__hugemono.pdf", "ocrmypdf__enormous_page.pdf", "ocrmypdf__cardinal_rotations.pdf",
        "ocrmypdf__rotated_skew.pdf"}


@needs_bad_inputs
@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_broken_files_give_a_clear_error(name: str) -> None:
    with pytest.raises(EXPECTED_ERRORS[name]) as raised:
        read_document(BAD_INPUTS / name, name, OPTIONS)
    assert raised.value.message and "Traceback" not in raised.value.message


@needs_bad_inputs
@pytest.mark.parametrize("name", sorted(EXPECTED_TEXT))
def test_damaged_but_readable_files_are_read(name: str) -> None:
    document = read_document(BAD_INPUTS / name, name, OPTIONS)
    assert EXPECTED_TEXT[name] in " ".join(p.text for p in document.pages).replace(" ", "")


@needs_bad_inputs
def test_every_other_bad_input_is_read_or_refused_without_crashing() -> None:
    names = sorted(p.name for p in BAD_INPUTS.iterdir() if p.suffix != ".json")
    # A low page limit and resolution keep this fast; it is about not crashing, not reading well.
    quick = ReadOptions(max_pages=5, ocr_dpi=100, page_timeout_s=60)
    for name in set(names) - set(EXPECTED_ERRORS) - set(EXPECTED_TEXT) - SLOW:
        try:
            document = read_document(BAD_INPUTS / name, name, quick)
        except DocumentError as error:
            assert error.message
        else:
            assert document.pages, name


@needs_bad_inputs
def test_accents_in_a_font_pdfminer_cannot_map_are_read_from_the_text_layer() -> None:
    document = read_document(BAD_INPUTS / "pdfjs__french_diacritics.pdf", "x.pdf", OPTIONS)
    assert document.pages[0].reading == "text_layer"
    assert "àÀâÂäÄçÇéÉèÈêÊëËîÎïÏôÔùÙûÛüÜ" in document.pages[0].text.replace(" ", "")


@needs_bad_inputs
def test_a_text_layer_of_unmapped_glyphs_is_ocrd_instead() -> None:
    document = read_document(BAD_INPUTS / "ocrmypdf__truetype_font_nomapping.pdf", "x.pdf", OPTIONS)
    assert document.pages[0].reading == "ocr"
    assert '"7+%-' not in document.pages[0].text


@needs_bad_inputs
@pytest.mark.slow
def test_huge_pages_are_rendered_within_a_pixel_budget() -> None:
    for name in ("ocrmypdf__hugemono.pdf", "ocrmypdf__enormous_page.pdf"):
        document = read_document(BAD_INPUTS / name, name, OPTIONS)
        assert len(document.pages) == 1


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


@pytest.fixture(scope="module")
def cardinal():
    """Four scans of one English brochure page, the text turned 0, 90, 180 and 270 degrees inside the
    image, with no /Rotate to tell."""
    return read_document(BAD_INPUTS / "ocrmypdf__cardinal_rotations.pdf", "x.pdf", OPTIONS)


@needs_bad_inputs
@pytest.mark.slow
def test_pages_scanned_at_each_quarter_turn_are_turned_upright_and_read_alike(cardinal) -> None:
    document = cardinal
    assert [p.reading for p in document.pages] == ["ocr"] * 4
    assert [p.rotation for p in document.pages] == [0, 270, 180, 90]
    first = document.pages[0].text
    assert "LinnSequencer" in first and "MIDI" in first and len(first.split()) > 500
    for page in document.pages[1:]:
        assert _similar(first, page.text) > 0.95, page.number


@needs_bad_inputs
@pytest.mark.slow
def test_a_page_with_rotate_and_a_skew_is_read_like_the_upright_scan(cardinal) -> None:
    (page,) = read_document(BAD_INPUTS / "ocrmypdf__rotated_skew.pdf", "x.pdf", OPTIONS).pages
    upright = cardinal.pages[0]
    assert page.reading == "ocr" and "LinnSequencer" in page.text
    assert _similar(upright.text, page.text) > 0.95


def _make_broken_files(folder: Path) -> None:
    (folder / "vide.pdf").write_bytes(b"")
    good_pdf = next((SAMPLE / "dossiers").rglob("*.pdf")).read_bytes()
    (folder / "tronque.pdf").write_bytes(good_pdf[: len(good_pdf) // 3])
    (folder / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (folder / "programme.pdf").write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 100)
    (folder / "zero_pages.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    # A bomb-sized image: tiny on disk, far over the pixel limit once decoded.
    Image.new("1", (12_000, 12_000)).save(folder / "bombe.png", optimize=True)


def test_a_dossier_with_broken_files_is_processed_and_every_file_accounted_for(tmp_path: Path) -> None:
    dossier = tmp_path / "in" / "A0001"
    dossier.mkdir(parents=True)
    good = next((SAMPLE / "dossiers").rglob("*contrat*")) if list((SAMPLE / "dossiers").rglob("*contrat*")) else None
    good = good or next((SAMPLE / "dossiers").rglob("*.pdf"))
    (dossier / good.name).write_bytes(good.read_bytes())
    _make_broken_files(dossier)
    (dossier / "meta.json").write_text(json.dumps({"application_date": "2025-06-02"}))
    options = BatchOptions(jobs=1, read=ReadOptions(max_pixels=50_000_000))
    result = process_batch(tmp_path / "in", tmp_path / "out", options)
    lines = [json.loads(line) for line in (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()]
    by_name = {Path(line["path"]).name: line for line in lines}
    assert len(lines) == 7 and set(by_name) == {good.name, "vide.pdf", "tronque.pdf", "photo.pdf", "programme.pdf",
                                                "zero_pages.pdf", "bombe.png"}
    assert by_name[good.name]["status"] == "ok"
    for name in set(by_name) - {good.name}:
        assert by_name[name]["status"] == "failed" and by_name[name]["error"], name
    assert "vide" in by_name["vide.pdf"]["error"]
    assert "pixels" in by_name["bombe.png"]["error"]
    assert "PDF" in by_name["zero_pages.pdf"]["error"]
    (built,) = result.dossiers
    assert len(built.documents) == 1 and built.assessment is not None
