"""2D-DOC: parse, verify and find (issue #20). Barcodes are real: signed with real ECDSA keys, drawn as
DataMatrix symbols and decoded from the image; the specification's public examples are parsed as printed."""

import io
import json
import random
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter
from reportlab.pdfgen import canvas

import extractor.reading.two_d_doc_search as search
from extractor.facts.extract import extract
from extractor.facts.two_d_doc import read_two_d_docs, signed_doc_type, two_d_doc_of, with_two_d_docs
from extractor.facts.two_d_doc_parse import GS, US, UnreadableTwoDDoc, c40_pack, c40_unpack, parse_two_d_doc
from extractor.facts.two_d_doc_verify import SHIPPED, TrustStore, installed_trust, verify
from extractor.reading.pdf import MAX_RENDER_PIXELS
from extractor.reading.prepare import Askew, straighten
from extractor.reading.read import ReadOptions, read_document
from extractor.reading.two_d_doc_search import _read, _square_code, find_barcodes, with_barcodes
from fixtures.degrade import scan
from fixtures.two_d_doc import MODULE_PT, TRUST_FOLDER, TwoDDocPlan, data_matrix, signed_two_d_doc
from models.document import DocType, DocumentRecord
from models.evidence import Extracted, Provenance
from models.text import DocumentText, PageText, Word
from models.two_d_doc import Barcode
from models.vocabulary import TWO_D_DOC_MISMATCH, TWO_D_DOC_STATUS_WARNINGS
from pipelines.store.versions import reading_version

# ANTS, « Spécifications techniques des codes à barres 2D-Doc » v3.3.7, examples of type 04 (avis d'impôt
# sur les revenus, p. 201) and 00 (justificatif de domicile, p. 225), as transcribed in the public repository
# betagouv/2ddoc-parser (doc/examples_final). Signed by ANTS's test authority FR00, whose certificate is not
# shipped: they must parse, and never verify.
SPEC_TAX_NOTICE = (
    "DC04FR000001FFFF1FB60401FR432,75" + GS + "44227801234567845202146RETI PATRICK" + GS + "4A310720224163198" + GS
    + "47300112345678948RETI SOPHIE" + GS + "490701987765432" + US
    + "QHA4A6QOV6AZJEBTIUNR7QOBXINNTMZTD5COQH6VN24NCZTXA7MYXB6SNSNTWAQRYK3ZFP4ZWBGLTJ6SDSPMURF7YFILKQFIAJY7NTI"
)
SPEC_ADDRESS_PROOF = (
    "DC03FR000001123F1636000126FR245700010MLLE/SAMPLE/ANGELA" + GS + "20" + GS + "21BAT 2 ETG 3" + GS
    + "227 PLACE DES SPECIMENS" + GS + "23" + GS + "25METZ" + GS + US
    + "3HJIYP3OAJ4LIZNQXCTZMNQPTT5C2XICTEF4UGJ3NDE2CWM7HJOEEK4ACIY4CZOO5ZOFG35APDZMZQFEAEBWRZTW4CBPG35JE2FJ4EY"
)
BILL_FIELDS = [("10", "M. JOSEPH FRANTZ"), ("22", "39 RUE LAURENT"), ("24", "69770"), ("25", "LYON"), ("18", "6909276226")]
ISSUE = date(2021, 4, 26)


@pytest.fixture(scope="module")
def trust() -> TrustStore:
    return TrustStore.from_folder(SHIPPED) | TrustStore.from_folder(TRUST_FOLDER)


def _content(encoding: str = "c40", base32: bool = True, signer: str = "test", altered: str | None = None,
             doc_type: str = "01", fields: list[tuple[str, str]] = BILL_FIELDS) -> str:
    plan = TwoDDocPlan(doc_type, signer, altered, encoding, base32)  # type: ignore[arg-type]
    return signed_two_d_doc(plan, ISSUE, fields).decode("latin-1")


def _page_image(content: str, module_px: int = 5, angle: float = 0.0) -> Image.Image:
    modules = data_matrix(content.encode("latin-1"))
    symbol = Image.fromarray(np.where(modules, 0, 255).astype(np.uint8)).resize(
        (modules.shape[1] * module_px, modules.shape[0] * module_px), Image.Resampling.NEAREST)
    page = Image.new("L", (1654, 2339), 255)
    page.paste(symbol.rotate(angle, expand=True, fillcolor=255), (1200, 1900))
    return page


def test_the_specifications_tax_notice_example_parses_field_by_field_and_does_not_verify(trust: TrustStore) -> None:
    parsed = parse_two_d_doc(SPEC_TAX_NOTICE)
    header = parsed.header
    assert (header.version, header.authority, header.certificate, header.doc_type, header.perimeter, header.country) == (
        4, "FR00", "0001", "04", "01", "FR")
    assert header.issue_date is None and header.signature_date == date(2022, 3, 24)
    values = {f.id: f.value for f in parsed.fields}
    assert values == {"43": "2,75", "44": "2278012345678", "45": "2021", "46": "RETI PATRICK", "4A": "31072022",
                      "41": "63198", "47": "3001123456789", "48": "RETI SOPHIE", "49": "0701987765432"}
    assert next(f for f in parsed.fields if f.id == "4A").day == date(2022, 7, 31)
    assert len(parsed.signature) == 64
    assert verify(parsed, trust) == "unknown_certificate"


def test_the_specifications_address_proof_example_version_03_parses() -> None:
    parsed = parse_two_d_doc(SPEC_ADDRESS_PROOF)
    assert parsed.header.version == 3 and parsed.header.issue_date == date(2012, 10, 15)
    assert parsed.header.signature_date == date(2015, 7, 27)
    values = {f.id: f.value for f in parsed.fields}
    assert values["26"] == "FR" and values["24"] == "57000" and values["10"] == "MLLE/SAMPLE/ANGELA"
    assert values["22"] == "7 PLACE DES SPECIMENS" and values["25"] == "METZ" and values["20"] == ""


@pytest.mark.parametrize("encoding,base32", [("c40", True), ("c40", False), ("binary", False)])
def test_each_encoding_signed_by_the_test_authority_verifies_and_keeps_every_field(
        trust: TrustStore, encoding: str, base32: bool) -> None:
    parsed = parse_two_d_doc(_content(encoding, base32))
    assert parsed.header.encoding == encoding
    assert (parsed.header.authority, parsed.header.certificate, parsed.header.issue_date) == ("TEST", "AES1", ISSUE)
    assert [(f.id, f.value) for f in parsed.fields] == BILL_FIELDS
    assert verify(parsed, trust) == "valid"


@pytest.mark.parametrize("encoding", ["c40", "binary"])
def test_a_date_changed_after_signing_is_invalid(trust: TrustStore, encoding: str) -> None:
    parsed = parse_two_d_doc(_content(encoding, altered="barcode"))
    assert parsed.header.issue_date == date(2021, 5, 3)
    assert verify(parsed, trust) == "invalid"


def test_a_signer_not_trusted_here_is_unknown_never_valid(trust: TrustStore) -> None:
    assert verify(parse_two_d_doc(_content(signer="stranger")), trust) == "unknown_certificate"
    assert verify(parse_two_d_doc(_content()), TrustStore.from_folder(SHIPPED)) == "unknown_certificate"


def test_a_known_certificate_with_someone_elses_signature_is_invalid(trust: TrustStore) -> None:
    forged = _content().replace("TESTAES1", "FR03AV01", 1)  # the real CNAM certificate, shipped
    assert ("FR03", "AV01") in installed_trust().keys
    assert verify(parse_two_d_doc(forged), trust) == "invalid"


def test_the_test_authority_is_not_trusted_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AES_2DDOC_TRUST", raising=False)
    assert ("TEST", "AES1") not in installed_trust().keys


def test_c40_packing_round_trips() -> None:
    assert c40_unpack(c40_pack("FR03AV01")) == "FR03AV01" and c40_unpack(c40_pack("FR")) == "FR"


def test_not_a_2d_doc_is_unreadable(trust: TrustStore) -> None:
    with pytest.raises(UnreadableTwoDDoc):
        parse_two_d_doc("https://example.org")
    assert two_d_doc_of(Barcode(content="DC99XXXX", bbox=(0, 0, 1, 1)), trust).status == "unreadable"


@pytest.mark.parametrize("encoding,angle", [("c40", 0.0), ("binary", 90.0), ("c40", 7.0)])
def test_a_drawn_barcode_is_found_on_the_page_and_verifies(trust: TrustStore, encoding: str, angle: float) -> None:
    content = _content(encoding)
    found = find_barcodes(_page_image(content, angle=angle), dpi=200)
    assert [b.content for b in found] == [content]
    x0, y0, x1, y1 = found[0].bbox
    assert 1200 * 72 / 200 - 5 < x0 < x1 < 1654 * 72 / 200 and y0 > 1900 * 72 / 200 - 5
    assert two_d_doc_of(found[0], trust).status == "valid"


def test_a_damaged_barcode_is_not_taken_for_a_valid_one(trust: TrustStore) -> None:
    image = _page_image(_content(), module_px=5)
    pixels = np.array(image)
    pixels[1900:2200, 1200:1290] = 255  # a third of the symbol torn off, its finder edge with it
    found = find_barcodes(Image.fromarray(pixels), dpi=200)
    assert all(two_d_doc_of(b, trust).status != "valid" for b in found)
    assert not found


def _page(text: str, barcodes: tuple[Barcode, ...] = ()) -> PageText:
    words = tuple(Word(text=w, bbox=(10.0 * i, 10.0, 10.0 * i + 9, 20.0), confidence=1.0) for i, w in enumerate(text.split()))
    return PageText(number=1, width=595, height=842, reading="text_layer", words=words, barcodes=barcodes)


def test_only_pages_where_a_barcode_is_likely_are_searched() -> None:
    image = _page_image(_content())
    assert with_barcodes(_page("Votre facture Bouygues Telecom du 26 avril 2021"), image, 200).barcodes
    assert not with_barcodes(_page("Certificat médical établi le 26 avril 2021"), image, 200).barcodes


def _record(issue: date) -> DocumentRecord:
    printed = Extracted(value=issue, confidence=0.8, provenance=Provenance(page=1, source="text_layer", text="x"))
    doc_type = Extracted(value=DocType.utility_bill, confidence=0.9, provenance=Provenance(page=1, source="text_layer"))
    return DocumentRecord(file="f.pdf", pages=(1, 1), sha256="0" * 64, reading="text_layer", doc_type=doc_type,
                          issue_date=printed)


def _document(content: str) -> DocumentText:
    text = "Facture du 26/04/2021 M. Frantz JOSEPH 39 rue Laurent 69770 LYON"
    return DocumentText(file="f.pdf", sha256="0" * 64, kind="pdf",
                        pages=(_page(text, (Barcode(content=content, bbox=(480, 720, 555, 795)),)),))


def _checked(record: DocumentRecord, document: DocumentText, trust: TrustStore) -> DocumentRecord:
    return with_two_d_docs(record, document, read_two_d_docs(document, trust))


def test_a_valid_code_gives_signed_facts_and_no_warning(trust: TrustStore) -> None:
    record = _checked(_record(ISSUE), _document(_content()), trust)
    assert record.issue_date is not None and record.issue_date.provenance.source == "2d-doc"
    assert record.issue_date.confidence > 0.95 and record.issue_date.value == ISSUE
    assert record.warnings == () and record.two_d_docs[0].code.status == "valid"


def test_a_print_that_differs_from_the_signed_code_is_a_warning(trust: TrustStore) -> None:
    record = _checked(_record(date(2021, 5, 13)), _document(_content()), trust)
    assert any(TWO_D_DOC_MISMATCH in w and "13/05/2021" in w and "26/04/2021" in w for w in record.warnings)
    assert record.issue_date is not None and record.issue_date.value == ISSUE  # the signed date stands


def test_a_name_that_is_not_the_one_printed_is_a_warning(trust: TrustStore) -> None:
    fields = [("10", "M. DURAND PAUL"), *BILL_FIELDS[1:]]
    record = _checked(_record(ISSUE), _document(_content(fields=fields)), trust)
    assert any(TWO_D_DOC_MISMATCH in w and "DURAND" in w for w in record.warnings)


def test_an_invalid_code_gives_no_fact_and_a_warning(trust: TrustStore) -> None:
    record = _checked(_record(ISSUE), _document(_content(altered="barcode")), trust)
    assert record.issue_date is not None and record.issue_date.provenance.source == "text_layer"
    assert any("signature invalide" in w for w in record.warnings)


def test_an_unknown_certificate_gives_no_fact(trust: TrustStore) -> None:
    record = _checked(_record(ISSUE), _document(_content(signer="stranger")), trust)
    assert record.issue_date is not None and record.issue_date.provenance.source == "text_layer"
    assert record.two_d_docs[0].code.status == "unknown_certificate"


def test_a_tax_notice_code_gives_the_income_year_as_period(trust: TrustStore) -> None:
    fields = [("43", "1"), ("44", "2278012345678"), ("45", "2020"), ("46", "JOSEPH FRANTZ"), ("4A", "28042021")]
    record = _checked(_record(ISSUE), _document(_content(doc_type="04", fields=fields)), trust)
    assert record.period_start is not None and record.period_end is not None
    assert (record.period_start.value, record.period_end.value) == (date(2020, 1, 1), date(2020, 12, 31))


def test_shipped_certificates_are_listed_with_where_they_came_from() -> None:
    index = json.loads((SHIPPED / "index.json").read_text(encoding="utf-8"))
    for entry in index["certificates"]:
        assert entry["source"] and (Path(SHIPPED) / entry["file"]).is_file()


def test_names_are_compared_on_text_layer_pages_only(trust: TrustStore) -> None:
    """OCR garbles names often enough to make false alarms: on a scan, only dates are compared."""
    fields = [("10", "M. DURAND PAUL"), *BILL_FIELDS[1:]]
    document = _document(_content(fields=fields))
    scanned = document.model_copy(update={"pages": tuple(p.model_copy(update={"reading": "ocr"}) for p in document.pages)})
    assert _checked(_record(ISSUE), scanned, trust).warnings == ()
    printed_otherwise = _checked(_record(date(2021, 5, 13)), scanned, trust)
    assert any(TWO_D_DOC_MISMATCH in w for w in printed_otherwise.warnings)


@pytest.mark.parametrize(("printed", "flagged"), [
    ("Date 53.04.2021", True),  # the printed issue date, misread, and not the code's
    ("Date 53 avril 2021", True),
    ("Date 86.04.2021", False),  # may be the code's 26/04/2021 misread: no day is 86
    ("Réf. 53.04.2021", False),  # not where the issue date is printed
    ("Date", False),  # the date was not read at all: nothing to compare
])
def test_a_printed_issue_date_misread_is_still_compared_with_the_codes(
        trust: TrustStore, printed: str, flagged: bool) -> None:
    """An altered printed date that OCR then misread gives the record no issue date to compare: the misread
    date beside its label is compared with the code's all the same, one wrong digit allowed."""
    document = _document(_content())
    scanned = document.model_copy(update={"pages": (_page(printed + " M. Frantz JOSEPH", document.pages[0].barcodes)
                                                    .model_copy(update={"reading": "ocr"}),)})
    record = _checked(_record(ISSUE).model_copy(update={"issue_date": None}), scanned, trust)
    mismatch = [w for w in record.warnings if TWO_D_DOC_MISMATCH in w]
    assert bool(mismatch) == flagged, mismatch
    assert not flagged or "« 53" in mismatch[0] and "26/04/2021" in mismatch[0]


def test_a_small_skewed_code_on_a_150_dpi_scan_is_found_by_a_second_look(trust: TrustStore) -> None:
    """Modules of 2 pixels, turned 3.5°: the first look misses it, the page enlarged by half finds it."""
    modules = data_matrix(_content().encode("latin-1"))
    symbol = Image.fromarray(np.where(modules, 20, 235).astype(np.uint8)).resize(
        (modules.shape[1] * 2, modules.shape[0] * 2), Image.Resampling.BILINEAR)
    page = Image.new("L", (1240, 1754), 235)
    page.paste(symbol, (900, 1400))
    page = page.rotate(3.5, resample=Image.Resampling.BICUBIC, fillcolor=235).filter(ImageFilter.GaussianBlur(0.5))
    decoded, seen = _read(page, 150, zxingcpp.Binarizer.LocalAverage)
    assert decoded == () and len(seen) == 1 and not seen[0].decoded
    [found] = find_barcodes(page, 150)
    assert two_d_doc_of(found, trust).status == "valid"
    assert 900 * 72 / 150 - 20 < found.bbox[0] < 1000 * 72 / 150


def test_facts_checked_with_other_certificates_are_not_taken_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AES_2DDOC_TRUST", raising=False)
    shipped_only = reading_version(ReadOptions())
    monkeypatch.setenv("AES_2DDOC_TRUST", str(TRUST_FOLDER))
    assert reading_version(ReadOptions()) != shipped_only


def test_a_datamatrix_that_is_not_a_2d_doc_is_left_out_and_a_damaged_one_is_unreadable(trust: TrustStore) -> None:
    stamp = Barcode(content="\x01LA POSTE 12345", bbox=(400, 700, 450, 750))
    damaged = Barcode(content=_content()[:30], bbox=(480, 720, 555, 795))
    page = _page("Facture du 26/04/2021").model_copy(update={"barcodes": (stamp, damaged)})
    document = DocumentText(file="f.pdf", sha256="0" * 64, kind="pdf", pages=(page,))
    record = _checked(_record(ISSUE), document, trust)
    assert [e.code.status for e in record.two_d_docs] == ["unreadable"]
    assert record.warnings == (TWO_D_DOC_STATUS_WARNINGS["unreadable"].format(page=1),)


def test_a_code_ink_ran_over_is_reported_unreadable_not_ignored(trust: TrustStore) -> None:
    """Its finder pattern is whole, its data are not: the desk must learn that a 2D-DOC is there unchecked."""
    modules = data_matrix(_content().encode("latin-1"))
    side = modules.shape[0]
    page = Image.new("L", (1240, 1754), 235)
    page.paste(Image.fromarray(np.where(modules, 20, 235).astype(np.uint8)).resize((side * 5, side * 5)), (900, 1400))
    ImageDraw.Draw(page).ellipse((900 + 40, 1400 + 40, 900 + 5 * (side - 8), 1400 + 5 * (side - 8)), fill=30)
    [seen] = find_barcodes(page, 200)
    assert not seen.decoded and 900 * 72 / 200 - 5 < seen.bbox[0] < 900 * 72 / 200 + 5
    page_text = _page("Facture d'électricité du 26/04/2021").model_copy(update={"barcodes": (seen,)})
    document = DocumentText(file="f.pdf", sha256="0" * 64, kind="pdf", pages=(page_text,))
    record = _checked(_record(ISSUE), document, trust)
    assert [e.code.status for e in record.two_d_docs] == ["unreadable"]
    assert record.issue_date == _record(ISSUE).issue_date  # the printed date stays, unconfirmed
    assert record.warnings == (TWO_D_DOC_STATUS_WARNINGS["unreadable"].format(page=1),)


def test_a_page_without_any_code_has_no_barcode() -> None:
    assert find_barcodes(Image.new("L", (1240, 1754), 235), 200) == ()


def test_what_the_reader_takes_for_an_undecoded_code_must_be_sized_and_shaped_like_a_2d_doc() -> None:
    """Boxes the reader reported on generated papers without any code: a table, a line of text."""
    assert not _square_code((40, 312, 555, 431)) and not _square_code((71, 205, 84, 210))
    assert _square_code((585.7, 759.6, 655.9, 830.9))  # a real code that straightening had broken


def test_a_huge_text_layer_sheet_is_searched_at_a_bounded_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modules = data_matrix(_content().encode("latin-1"))
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(5000, 5000))
    sheet.setFont("Helvetica", 40)
    sheet.drawString(100, 4800, "Votre facture d'électricité du 26/04/2021")
    for row, line in enumerate(modules):
        for col, dark in enumerate(line):
            if dark:
                sheet.rect(1000 + col * 12, 3000 - row * 12, 12, 12, stroke=0, fill=1)
    sheet.showPage()
    sheet.save()
    (tmp_path / "plan.pdf").write_bytes(buffer.getvalue())
    sizes = []
    searched = search.find_barcodes
    monkeypatch.setattr(search, "find_barcodes", lambda image, dpi: sizes.append(image.size) or searched(image, dpi))
    document = read_document(tmp_path / "plan.pdf", "plan.pdf", ReadOptions())
    assert sizes and all(w * h <= MAX_RENDER_PIXELS * 1.01 for w, h in sizes)
    [barcode] = document.pages[0].barcodes
    assert abs(barcode.bbox[0] - 1000) < 5 and abs(barcode.bbox[1] - 2000) < 20


def test_a_code_the_straightening_broke_is_read_on_the_scan_as_it_was_and_boxed_on_the_page_read() -> None:
    """A bold bilevel scan turned 4°: the integer shears that level its lines for Tesseract break the grid
    of 5-pixel modules, which the reader follows on the skewed scan itself."""
    modules = data_matrix(_content().encode("latin-1"))
    side = modules.shape[0]
    page = Image.new("L", (1654, 2339), 255)
    symbol = Image.fromarray(np.where(modules, 0, 255).astype(np.uint8))
    page.paste(symbol.resize((side * 5, side * 5), Image.Resampling.NEAREST), (1100, 1800))
    scan = page.rotate(-4.0, resample=Image.Resampling.BILINEAR, fillcolor=255).filter(ImageFilter.GaussianBlur(1.2))
    scan = scan.point(lambda v: 0 if v < 200 else 255)
    upright = straighten(scan, 4.0)
    decoded, [seen] = _read(upright, 200, zxingcpp.Binarizer.LocalAverage)
    assert decoded == () and _read(upright, 200, zxingcpp.Binarizer.FixedThreshold)[0] == ()
    [found] = find_barcodes(upright, 200, Askew(scan, 4.0))
    assert found.decoded and found.content == _content()
    assert all(abs(a - b) < 3 for a, b in zip(found.bbox, seen.bbox, strict=True))  # in the frame of the page's words


def _garbled_bill(content: str) -> DocumentText:
    """A photographed bill whose words OCR garbled into those of an AME attestation."""
    text = "Aide médicale de l'État attestation ame bénéficiaire Frantz JOSEPH 26/04/2021"
    page = _page(text, (Barcode(content=content, bbox=(480, 720, 555, 795)),)).model_copy(update={"reading": "ocr"})
    return DocumentText(file="f.jpg", sha256="0" * 64, kind="image", pages=(page,))


@pytest.mark.parametrize(("signer", "given", "expected"), [
    ("test", None, DocType.utility_bill),  # the signed code's type, and the facts sought are a bill's
    ("stranger", None, DocType.ame_attestation),  # a code that cannot be checked here tells nothing
    ("test", DocType.ame_attestation, DocType.ame_attestation),  # a person's choice stands
])
def test_a_valid_code_certifies_the_type_of_its_paper(
        monkeypatch: pytest.MonkeyPatch, signer: str, given: DocType | None, expected: DocType) -> None:
    monkeypatch.setenv("AES_2DDOC_TRUST", str(TRUST_FOLDER))
    record = extract(_garbled_bill(_content(signer=signer)), doc_type=given)
    assert record.doc_type is not None and record.doc_type.value == expected
    if signer == "test" and given is None:
        assert record.doc_type.provenance.source == "2d-doc" and record.doc_type.confidence > 0.95


def test_a_generic_address_proof_code_leaves_a_rent_receipt_a_rent_receipt(trust: TrustStore) -> None:
    """Type 00, the generic justificatif de domicile, is borne by bills and rent receipts alike."""
    codes = read_two_d_docs(_document(_content(doc_type="00")), trust)
    assert signed_doc_type(codes, DocType.rent_receipt) is None
    signed = signed_doc_type(codes, DocType.medical)
    assert signed is not None and signed.value == DocType.utility_bill


def test_a_rectangular_code_seen_but_not_decoded_gets_the_second_looks() -> None:
    """A long content makes a rectangular DataMatrix (20 × 64 modules); photographed hard at 150 dpi, the
    first look sees it and cannot decode it: it is not square, and is looked at again all the same."""
    content = b"DC04" + bytes(range(65, 91)) * 4 + b"0123456789"
    modules = data_matrix(content)
    assert modules.shape == (20, 64)
    drawn = io.BytesIO()
    sheet = canvas.Canvas(drawn, pagesize=(595, 842))
    sheet.drawString(72, 760, "Bulletin de paie")
    for row, line in enumerate(modules):
        for column in np.flatnonzero(line):
            sheet.rect(400 + column * MODULE_PT, 120 + (len(modules) - row) * MODULE_PT, MODULE_PT, MODULE_PT,
                       stroke=0, fill=1)
    sheet.save()
    pages, made = scan(drawn.getvalue(), random.Random(2), "hard", "phone", True, noise=False)
    photo = pages[0].convert("L")
    decoded, seen = _read(photo, made["dpi"], zxingcpp.Binarizer.LocalAverage)
    assert decoded == () and len(seen) == 1 and not _square_code(seen[0].bbox)
    [found] = find_barcodes(photo, made["dpi"])
    assert found.decoded and found.content.encode("latin-1") == content
