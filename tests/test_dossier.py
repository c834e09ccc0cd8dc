"""The dossier stage: duplicates count once, nationality regimes reach the agent, the date source is said."""

import hashlib
import json
from datetime import date

import pytest
from dossier_factory import fact
from paper_texts import EDF_BILL, laid_out

from criteria import assess
from extractor.facts.extract import extract
from extractor.facts.nationality import regime_warnings
from extractor.facts.simhash import distance, simhash
from models.document import DocType, DocumentRecord
from models.dossier import Dossier
from models.text import DocumentText
from pipelines.dossier import SAME_PAPER_BITS, build_dossier


def _record(name: str, sha: str, issued: date | None, confidence: float = 0.9, warnings=()) -> DocumentRecord:
    return DocumentRecord(
        file=name, pages=(1, 1), sha256=sha, reading="ocr",
        doc_type=fact(DocType.payslip, confidence), issue_date=fact(issued, confidence) if issued else None,
        warnings=tuple(warnings),
    )


def test_the_same_file_twice_stays_listed_and_is_named_as_a_copy() -> None:
    built = build_dossier("A", [_record("a.pdf", "s1", date(2021, 3, 31)), _record("copie/a.pdf", "s1", date(2021, 3, 31))],
                          date(2025, 6, 2), "meta", [])
    assert [d.file for d in built.documents] == ["a.pdf", "copie/a.pdf"]
    assert [w for w in built.warnings if "copie" in w] == ["copie/a.pdf est une copie identique de a.pdf : une seule pièce"]


def test_a_separate_ban_of_the_same_day_is_not_taken_for_a_copy() -> None:
    decision = _record("arrete.pdf", "s1", date(2025, 3, 31))
    ban = _record("irtf.pdf", "s2", date(2025, 3, 31))
    built = build_dossier("A", [decision, ban], date(2025, 6, 2), "meta", [])
    assert len(built.documents) == 2 and not any("copie" in w for w in built.warnings)


def test_a_nationality_regime_becomes_a_dossier_warning_once() -> None:
    warning = next(w for w in regime_warnings() if w.startswith("Ressortissant algérien"))
    records = [_record("id.pdf", "s1", date(2020, 1, 1), warnings=[warning]),
               _record("oqtf.pdf", "s2", date(2021, 1, 1), warnings=[warning])]
    built = build_dossier("A", records, date(2025, 6, 2), "meta", [])
    assert built.warnings.count(warning) == 1


def test_todays_date_is_said_when_no_application_date_is_known() -> None:
    built = build_dossier("A", [], date(2025, 6, 2), "today", [])
    assert any("date du jour" in w for w in built.warnings)


# --- the same paper read twice ------------------------------------------------------------------

PAYSLIP = """
    BULLETIN DE PAIE
    SARL Propreté Services 12 rue des Lilas 93200 Saint-Denis SIRET 812 345 678 00019
    Salarié : M. DIALLO Mamadou Emploi : Agent de propreté
    Période du 01/{month}/24 au 30/{month}/24
    Salaire de base 1 443,69
    Heures supplémentaires {extra}
    Cotisations salariales {dues}
    NET A PAYER {net} €
    Payé le : {paid}
"""
PAY = {"10": ("87,15", "-321,70", "1 209,14"), "11": ("112,40", "-327,26", "1 228,83"), "12": ("0,00", "-302,52", "1 141,17")}


def _read(file: str, text: str, reading: str = "text_layer", misread: dict[str, str] | None = None) -> DocumentRecord:
    """Extracts a record from words laid out line by line; on an OCR reading, `misread` words are
    replaced by what the scan gave, with Tesseract's low confidence."""
    page = laid_out(1, text, reading, misread)
    sha = hashlib.sha256(file.encode()).hexdigest()
    return extract(DocumentText(file=file, sha256=sha, kind="pdf", pages=(page,)))


def _payslip(file: str, month: str, paid: str, **scan) -> DocumentRecord:
    extra, dues, net = PAY[month]
    return _read(file, PAYSLIP.format(month=month, paid=paid, extra=extra, dues=dues, net=net), **scan)


@pytest.mark.parametrize("scan_name, layer_name", [("a_scan.jpg", "b_bulletin.pdf"), ("b_scan.jpg", "a_bulletin.pdf")])
def test_a_paper_scanned_again_counts_once_with_the_surer_date_and_the_misread_one_beside(
    scan_name: str, layer_name: str,
) -> None:
    layer = _payslip(layer_name, "11", "02/12/24")
    scan = _payslip(scan_name, "11", "02/12/24", reading="ocr",
                    misread={"02/12/24": "08/12/24", "PAIE": "PA1E", "Salarié": "Salari6", "€": "E"})
    assert scan.issue_date.value == date(2024, 12, 8) and scan.issue_date.confidence < layer.issue_date.confidence
    built = build_dossier("A", [scan, layer], date(2025, 6, 2), "meta", [])
    kept, copy = sorted(built.documents, key=lambda d: d.duplicate_of is not None)
    assert kept.file == min(scan_name, layer_name) and copy.duplicate_of == kept.file
    assert kept.issue_date == layer.issue_date  # the surer reading, whichever file is kept
    for name in ("period_start", "period_end"):  # read alike: the surer reading
        readings = (getattr(scan, name), getattr(layer, name))
        assert getattr(kept, name) in readings and getattr(kept, name).confidence == max(r.confidence for r in readings)
    assert kept.period_start.value == date(2024, 11, 1)
    assert [(a.field, a.value, a.file) for a in kept.alternatives] == [("issue_date", date(2024, 12, 8), scan_name)]
    assert copy.issue_date == (layer if copy.file == layer_name else scan).issue_date  # a copy keeps its own reading
    assert f"{copy.file} est une autre numérisation de {kept.file} : une seule pièce est comptée" in built.warnings
    presence = assess(built).criteria[1]
    assert presence.id == "presence_duration" and presence.details["proofs"] == 1
    assert json.loads(built.to_json())["documents"][0]["alternatives"][0]["value"] == "2024-12-08"
    assert Dossier.model_validate_json(built.to_json()) == built


def test_two_payslips_of_one_employer_are_two_papers() -> None:
    november, december = _payslip("novembre.pdf", "11", "02/12/24"), _payslip("decembre.pdf", "12", "02/01/25")
    assert distance(november.fingerprint, december.fingerprint) > SAME_PAPER_BITS
    built = build_dossier("A", [november, december], date(2025, 6, 2), "meta", [])
    assert [d.duplicate_of for d in built.documents] == [None, None] and not built.documents[0].alternatives
    assert assess(built).criteria[1].details["proofs"] == 2


def test_two_bills_of_the_same_day_from_two_suppliers_are_two_papers() -> None:
    power = _read("edf.pdf", EDF_BILL)
    phone = _read("orange.pdf", """
        Orange Facture internet et mobile
        du 17/09/2020
        Numéro client 0812 447 190
        Forfait Livebox Fibre 42,99 €
        Forfait mobile 5 Go 12,99 €
        Total à payer 55,98 € prélevé le 02/10/2020
    """)
    assert power.doc_type.value == phone.doc_type.value == DocType.utility_bill
    assert power.issue_date.value == phone.issue_date.value
    built = build_dossier("A", [power, phone], date(2025, 6, 2), "meta", [])
    assert [d.duplicate_of for d in built.documents] == [None, None]


def test_an_oqtf_and_a_return_ban_decided_the_same_day_are_two_papers() -> None:
    oqtf = _read("arrete_oqtf.pdf", """
        PRÉFECTURE DU RHÔNE
        ARRÊTÉ portant obligation de quitter le territoire français
        Considérant que M. X, né le 03/01/1990, est entré en France le 12 mai 2015
        Article 1er : M. X est obligé de quitter le territoire français dans un délai de trente jours.
        Fait à Lyon, le 2 mai 2022
    """)
    ban = _read("arrete_irtf.pdf", """
        PRÉFECTURE DU RHÔNE
        Arrêté portant interdiction de retour sur le territoire français
        Vu l'arrêté du 2 mai 2022 portant obligation de quitter le territoire français ;
        Article 1er : Il est fait interdiction à M. X de revenir sur le territoire français
        pendant trois ans à compter de l'exécution de l'obligation de quitter le territoire.
        Fait à Lyon, le 2 mai 2022
    """)
    built = build_dossier("A", [oqtf, ban], date(2025, 6, 2), "meta", [])
    assert [d.duplicate_of for d in built.documents] == [None, None]
    reference = assess(built).criteria[3].details["reference_oqtf"]
    assert reference["file"] == "arrete_oqtf.pdf" and reference["ban_months"] == 36


def test_an_exact_copy_counts_once_for_the_criteria() -> None:
    first = _payslip("bulletin.pdf", "11", "02/12/24")
    again = first.model_copy(update={"file": "copie/bulletin.pdf"})
    built = build_dossier("A", [first, again], date(2025, 6, 2), "meta", [])
    assert [d.duplicate_of for d in built.documents] == [None, "bulletin.pdf"]
    assert not built.documents[0].alternatives
    assert assess(built).criteria[1].details["proofs"] == 1


# --- the fingerprint --------------------------------------------------------------------------


def test_a_fingerprint_survives_ocr_misreadings_and_tells_papers_apart() -> None:
    clean = _payslip("a.pdf", "11", "02/12/24").fingerprint
    misread = {"PAIE": "PA1E", "Salarié": "Salari6", "propreté": "proprete", "1 443,69": "1 443.69", "NET": "NFT"}
    scanned = _payslip("b.jpg", "11", "02/12/24", reading="ocr", misread=misread).fingerprint
    other = _payslip("c.pdf", "10", "04/11/24").fingerprint
    assert len(clean) == 16 and distance(clean, clean) == 0
    assert distance(clean, scanned) <= SAME_PAPER_BITS < distance(clean, other)


def test_a_document_without_words_has_no_fingerprint() -> None:
    record = _read("blanc.pdf", "")
    assert record.fingerprint is None
    assert simhash("— ! —") is None
