"""The report shows each 2D-DOC beside its document and counts the verified proofs of presence apart (#20)."""

from datetime import date

from dossier_factory import doc, dossier

from extractor.facts.two_d_doc import read_two_d_docs, with_two_d_docs
from extractor.facts.two_d_doc_verify import SHIPPED, TrustStore
from fixtures.two_d_doc import TRUST_FOLDER, TwoDDocPlan, signed_two_d_doc
from models.text import DocumentText, PageText
from models.two_d_doc import Barcode
from models.vocabulary import TWO_D_DOC_MISMATCH, TWO_D_DOC_VERIFIED_PROOFS
from pipelines.outputs.report import render_report, verified_presence_proofs

TRUST = TrustStore.from_folder(SHIPPED) | TrustStore.from_folder(TRUST_FOLDER)
FIELDS = [("10", "M. JOSEPH FRANTZ"), ("24", "69770"), ("25", "LYON")]


def _with_code(file: str, issue: str, signer: str = "test"):
    record = doc(file, "utility_bill", issue=issue)
    content = signed_two_d_doc(TwoDDocPlan("01", signer, None, "c40", True), date(2021, 4, 26), FIELDS)  # type: ignore[arg-type]
    page = PageText(number=1, width=595, height=842, reading="text_layer",
                    barcodes=(Barcode(content=content.decode("latin-1"), bbox=(480, 720, 555, 795)),))
    document = DocumentText(file=file, sha256=record.sha256, kind="pdf", pages=(page,))
    return with_two_d_docs(record, document, read_two_d_docs(document, TRUST))


def test_verified_proofs_are_counted_apart_and_each_code_is_shown_with_its_status() -> None:
    genuine = _with_code("facture.pdf", "2021-04-26")
    printed_otherwise = _with_code("facture mai.pdf", "2021-05-13")
    stranger = _with_code("facture juin.pdf", "2021-04-26", signer="stranger")
    d = dossier("2025-06-02", genuine, printed_otherwise, stranger, doc("fiche.pdf", "medical", issue="2022-01-03"))
    assert [r.file for r in verified_presence_proofs(d)] == ["facture.pdf", "facture mai.pdf"]
    html = render_report(d, None)
    assert TWO_D_DOC_VERIFIED_PROOFS in html and "2 pièce(s)" in html
    assert html.count("signature vérifiée") == 2 and "certificat de l&#39;émetteur inconnu" in html
    assert "M. JOSEPH FRANTZ" in html and "Localité du point de service" in html
    assert TWO_D_DOC_MISMATCH in html


def test_a_dossier_without_2d_doc_has_no_such_section() -> None:
    html = render_report(dossier("2025-06-02", doc("fiche.pdf", "medical", issue="2022-01-03")), None)
    assert TWO_D_DOC_VERIFIED_PROOFS not in html
