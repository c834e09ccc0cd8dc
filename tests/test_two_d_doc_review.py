"""The review app shows a document's 2D-DOC, its status and fields, beside the page (#20)."""

from datetime import date

from test_review_support import logged_in, make_dossier, setup

from extractor.facts.two_d_doc import read_two_d_docs, with_two_d_docs
from extractor.facts.two_d_doc_verify import SHIPPED, TrustStore
from fixtures.two_d_doc import TRUST_FOLDER, TwoDDocPlan, signed_two_d_doc
from models.text import DocumentText, PageText
from models.two_d_doc import Barcode


def test_the_dossier_page_shows_each_code_beside_its_document(tmp_path) -> None:
    base = make_dossier()
    tcf = base.documents[0]
    content = signed_two_d_doc(TwoDDocPlan("01", "test", None, "c40", True), date(2022, 1, 10),  # type: ignore[arg-type]
                               [("10", "MME AMINA DIALLO"), ("24", "75011"), ("25", "PARIS")])
    page = PageText(number=1, width=595, height=842, reading="ocr",
                    barcodes=(Barcode(content=content.decode("latin-1"), bbox=(480, 720, 555, 795)),))
    trust = TrustStore.from_folder(SHIPPED) | TrustStore.from_folder(TRUST_FOLDER)
    document = DocumentText(file=tcf.file, sha256=tcf.sha256, kind="pdf", pages=(page,))
    coded = with_two_d_docs(tcf, document, read_two_d_docs(document, trust))
    dossier = base.model_copy(update={"documents": (coded, *base.documents[1:])})
    out, db_path = setup(tmp_path, dossier)
    client, _ = logged_in(db_path, out)
    html = client.get(f"/dossiers/{dossier.dossier_id}").text
    assert "Code 2D-DOC, page 1" in html and "signature vérifiée" in html
    assert "MME AMINA DIALLO" in html and "autorité TEST, certificat AES1" in html and "10/01/2022" in html
