"""`aes evaluate` scores 2D-DOCs: decoding rate per rendering, verification accuracy, altered ones flagged (#20)."""

from datetime import date

from dossier_factory import doc, dossier

from models.truth import TruthDocument, TruthDossier, TruthTwoDDoc
from models.two_d_doc import TwoDDoc, TwoDDocEvidence, TwoDDocHeader
from models.vocabulary import TWO_D_DOC_MISMATCH
from pipelines.evaluation.two_d_docs import two_d_doc_score


def _code(status: str) -> TwoDDocEvidence:
    header = TwoDDocHeader(encoding="c40", version=4, authority="TEST", certificate="AES1", doc_type="01")
    return TwoDDocEvidence(page=1, bbox=(0, 0, 1, 1), code=TwoDDoc(header=header, status=status))  # type: ignore[arg-type]


def test_rates_accuracy_and_flags() -> None:
    labels = {
        "a.pdf": TruthTwoDDoc(status="valid"),
        "b.pdf": TruthTwoDDoc(status="valid", altered="print"),
        "c.png": TruthTwoDDoc(status="unknown_certificate"),
        "d.png": TruthTwoDDoc(status="invalid", altered="barcode"),
    }
    truth = TruthDossier(dossier_id="D1", application_date=date(2025, 6, 2), documents={
        name: TruthDocument(doc_type="utility_bill", two_d_doc=label) for name, label in labels.items()})
    a = doc("a.pdf", "utility_bill").model_copy(update={"two_d_docs": (_code("valid"),)})
    b = doc("b.pdf", "utility_bill").model_copy(update={
        "two_d_docs": (_code("valid"),), "warnings": (f"page 1 : {TWO_D_DOC_MISMATCH} (…)",)})
    c = doc("c.png", "utility_bill").model_copy(update={"two_d_docs": (_code("valid"),)})  # wrongly trusted
    d = doc("d.png", "utility_bill")  # not decoded
    renderings = {"D1": {"a.pdf": {"rendering": "text_layer"}, "b.pdf": {"rendering": "text_layer"},
                         "c.png": {"rendering": "scan", "degradation": {"level": "moderate"}},
                         "d.png": {"rendering": "scan", "degradation": {"level": "hard"}}}}
    score = two_d_doc_score([(truth, dossier("2025-06-02", a, b, c, d, dossier_id="D1"))], renderings)
    assert score.labelled == 4
    assert score.decoding["text_layer"].rate == 1.0 and score.decoding["scan"].rate == 0.5
    assert score.decoding["scan (moderate)"].decoded == 1 and score.decoding["scan (hard)"].decoded == 0
    assert score.verified_right == 2 and score.verification_accuracy == 2 / 3
    assert (score.altered, score.altered_flagged, score.genuine_flagged) == (2, 1, 0)
    assert score.unknown_called_valid == 1


def test_codes_seen_but_not_decoded_are_counted_apart() -> None:
    unreadable = TwoDDocEvidence(page=1, bbox=(0, 0, 1, 1), code=TwoDDoc(status="unreadable"))
    truth = TruthDossier(dossier_id="D1", application_date=date(2025, 6, 2), documents={
        "a.png": TruthDocument(doc_type="utility_bill", two_d_doc=TruthTwoDDoc(status="valid")),
        "b.png": TruthDocument(doc_type="payslip")})
    a = doc("a.png", "utility_bill").model_copy(update={"two_d_docs": (unreadable,)})
    b = doc("b.png", "payslip").model_copy(update={"two_d_docs": (unreadable,)})
    score = two_d_doc_score([(truth, dossier("2025-06-02", a, b, dossier_id="D1"))], None)
    assert score.decoding["unknown"].decoded == 0
    assert (score.undecoded_reported, score.unreadable_without_code) == (1, 1)
