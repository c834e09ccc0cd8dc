"""Identity papers: the machine-readable zone (ICAO 9303), and the issue date when the printed one is lost."""

import random
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from faker import Faker
from paper_texts import laid_out

from extractor.facts.extract import extract
from extractor.facts.identity import derived_issue, identity_papers
from extractor.facts.layout import PageLayout
from extractor.facts.mrz import check_digit, read_mrz
from extractor.reading.read import ReadOptions, read_document
from fixtures.people import make_ctx
from fixtures.sheet import Sheet
from fixtures.spec import Spec
from fixtures.templates.identity import mrz_lines, passport
from models.document import DocType
from models.text import DocumentText, PageText

# ICAO Doc 9303 part 4's specimen passport (Anna Maria Eriksson, Utopia).
SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
)


def _layouts(text: str, reading: str = "ocr") -> tuple[PageLayout, ...]:
    return (PageLayout.of(laid_out(1, text, reading=reading)),)


def _document(*pages: PageText) -> DocumentText:
    return DocumentText(file="piece.png", sha256="0" * 64, kind="image", pages=pages)


def test_check_digits_are_icao_s() -> None:
    assert [check_digit(f) for f in ("L898902C3", "740812", "120415", "ZE184226B<<<<<")] == [6, 2, 9, 1]


def test_a_passport_zone_gives_its_kind_states_and_dates() -> None:
    mrz = read_mrz(_layouts("PASSEPORT\n" + SPECIMEN))
    assert mrz is not None
    assert (mrz.kind, mrz.format, mrz.issuing_state, mrz.nationality) == ("passport", "TD3", "UTO", "UTO")
    assert (mrz.birth, mrz.expiry) == (date(1974, 8, 12), date(2012, 4, 15))
    assert mrz.page == 1 and mrz.bbox is not None and "L898902C3" in mrz.text


def test_ocr_confusions_are_read_through() -> None:
    """« « » and K for the filler, O for 0 and I for 1 in digit places, 0 for O in a state's code."""
    misread = "PKUT0ERIKSSON««ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UT07408I22F12O4159ZE184226BKK<<<I0"
    mrz = read_mrz(_layouts(misread))
    assert mrz is not None
    assert (mrz.issuing_state, mrz.nationality) == ("UTO", "UTO")
    assert (mrz.birth, mrz.expiry) == (date(1974, 8, 12), date(2012, 4, 15))


def test_a_date_whose_check_digit_fails_is_not_trusted() -> None:
    # The expiry misread 120416: its check digit (9) no longer agrees; the birth still does.
    mrz = read_mrz(_layouts(SPECIMEN.replace("1204159", "1204169")))
    assert mrz is not None and mrz.birth == date(1974, 8, 12) and mrz.expiry is None
    assert read_mrz(_layouts(SPECIMEN.replace("7408122", "7408132").replace("1204159", "1204169"))) is None


def test_card_and_visa_zones() -> None:
    td1 = "IDUTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
    card = read_mrz(_layouts(td1))
    assert card is not None and (card.kind, card.format, card.issuing_state) == ("card", "TD1", "UTO")
    assert (card.birth, card.expiry) == (date(1974, 8, 12), date(2012, 4, 15))
    mrv_b = "VCFRASPECIMEN<<SPECIMEN<<<<<<<<<<<<<\nF0000000050T00311063M1401143<M300703"
    visa = read_mrz(_layouts(mrv_b))
    assert visa is not None and (visa.kind, visa.format, visa.issuing_state) == ("visa", "MRV-B", "FRA")
    assert visa.expiry == date(2014, 1, 14)


def test_no_zone_in_ordinary_text() -> None:
    assert read_mrz(_layouts("Bulletin de paie 0123456789012345678901234567890 du 01/03/2021")) is None


def _french_passport(birth: date, expiry: date, code: str = "FRA") -> str:
    line1, line2 = mrz_lines(code, "Martin", "Claire", "18AB12345", birth, True, expiry)
    return f"RÉPUBLIQUE FRANÇAISE\nPASSEPORT\n{line1}\n{line2}"


def _zone(text: str):
    mrz = read_mrz(_layouts(text))
    assert mrz is not None
    return mrz


def test_a_french_passport_s_issue_is_its_expiry_less_its_validity() -> None:
    # An adult's: ten years, the expiry being the day before the anniversary.
    assert derived_issue(_zone(_french_passport(date(1960, 4, 10), date(2018, 6, 5)))) == date(2008, 6, 6)
    # A child of ten's: five years.
    assert derived_issue(_zone(_french_passport(date(2010, 3, 1), date(2025, 1, 31)))) == date(2020, 2, 1)
    # Of age on neither reckoning (17 at ten years' issue, 22 at five's): no date.
    assert derived_issue(_zone(_french_passport(date(1991, 1, 1), date(2018, 6, 5)))) is None
    # A state whose rule is not in the data: no date.
    assert derived_issue(_zone(_french_passport(date(1960, 4, 10), date(2018, 6, 5), code="UTO"))) is None


def test_the_validity_rule_is_data_with_its_source() -> None:
    rules = identity_papers()
    french = next(r for r in rules.validity if r.issuing_state == "FRA")
    assert (french.years_adult, french.years_minor) == (10, 5) and "2005-1726" in french.source
    assert rules.driving_licence.fields["4a"] == "issue" and "2006/126/CE" in rules.driving_licence.source


def test_a_passport_with_no_printed_issue_is_dated_from_its_zone_below_a_printed_read() -> None:
    zone_only = extract(_document(laid_out(1, _french_passport(date(1960, 4, 10), date(2018, 6, 5)), "ocr")))
    printed = extract(_document(laid_out(
        1, "PASSEPORT\nDate de délivrance : 06/06/2008\n" + _french_passport(date(1960, 4, 10), date(2018, 6, 5)), "ocr"
    )))
    assert zone_only.issue_date is not None and printed.issue_date is not None
    assert zone_only.issue_date.value == printed.issue_date.value == date(2008, 6, 6)
    assert zone_only.issue_date.provenance.method == "mrz_validity"
    assert zone_only.issue_date.provenance.source == "derived"
    assert zone_only.issue_date.confidence < printed.issue_date.confidence


def test_a_visa_is_dated_by_the_earliest_of_its_own_dates() -> None:
    sticker = (
        "ETATS SCHENGEN VISA\n14-01-14\nPARIS\n13-11-13 22 F00000000\n"
        "VCFRASPECIMEN<<SPECIMEN<<<<<<<<<<<<<\nF0000000050T00311063M1401143<M300703"
    )
    record = extract(_document(laid_out(1, sticker, "ocr")), doc_type=DocType.identity)
    assert record.issue_date is not None and record.issue_date.value == date(2013, 11, 13)
    assert record.issue_date.provenance.method == "visa_dates"


def test_a_driving_licence_is_dated_by_its_field_4a() -> None:
    licence = "PERMIS DE CONDUIRE\n1. MARTIN\n3. 01.01.1950 Paris\n4a. 24.05.2013 4c. Préfecture\n4b. 01.01.2028"
    record = extract(_document(laid_out(1, licence, "ocr")))
    assert record.issue_date is not None and record.issue_date.value == date(2013, 5, 24)
    without_4a = extract(_document(laid_out(1, licence.replace("4a. 24.05.2013 ", ""), "ocr")))
    # Its birth (field 3) is never taken for its issue.
    assert without_4a.issue_date is None or without_4a.issue_date.value != date(1950, 1, 1)


@pytest.fixture(scope="module")
def passport_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Spec, object]:
    """A generated passport page, drawn by the fixture template and scanned at 200 dpi."""
    rng = random.Random(16)
    fake = Faker("fr_FR")
    fake.seed_instance(16)
    ctx = make_ctx(rng, fake, date(2025, 6, 2), date(2018, 3, 1), [])
    spec = Spec("identity", date(2021, 9, 14), variant="passport")
    sheet = Sheet(rng)
    passport(sheet, spec, ctx)
    pdf, _ = sheet.finish()
    page = pdfium.PdfDocument(pdf)[0]
    # Only the passport's data page: a photocopied A4 page is mostly blank paper.
    image = page.render(scale=200 / 72, grayscale=True).to_pil().crop((150, 300, 1520, 1170))
    path = tmp_path_factory.mktemp("passport") / "passeport.png"
    image.save(path, dpi=(200, 200))
    return path, spec, ctx


def test_a_generated_passport_scan_reads_through_tesseract(passport_scan) -> None:
    path, spec, ctx = passport_scan
    document = read_document(path, path.name, ReadOptions())
    mrz = read_mrz(tuple(PageLayout.of(p) for p in document.pages if p.words))
    assert mrz is not None and mrz.kind == "passport"
    assert (mrz.issuing_state, mrz.nationality) == (ctx.person.country_code, ctx.person.country_code)
    assert mrz.birth == ctx.person.birth
    record = extract(document)
    assert record.doc_type is not None and record.doc_type.value == DocType.identity
    assert record.issue_date is not None and record.issue_date.value == spec.issue


def test_the_generator_s_zone_is_44_characters_with_right_check_digits() -> None:
    line1, line2 = mrz_lines("UTO", "Eriksson", "Anna Maria", "L898902C3", date(1974, 8, 12), True, date(2012, 4, 15))
    assert line1 == SPECIMEN.splitlines()[0]
    assert len(line2) == 44 and line2.startswith("L898902C36UTO7408122F1204159")
    # The composite digit, by the reader's own reckoning: over number, birth and expiry with their digits.
    assert check_digit(line2[0:10] + line2[13:20] + line2[21:43]) == int(line2[43])
