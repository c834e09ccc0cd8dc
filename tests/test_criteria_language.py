from dossier_factory import doc, dossier

from criteria import load_parameters
from criteria.language import evaluate

PARAMS = load_parameters()


def test_tcf_exactly_24_months_old_is_favourable():
    tcf = doc("tcf.pdf", "language_certificate", issue="2023-06-02", language=("TCF", "B1"))
    result = evaluate(dossier("2025-06-02", tcf), PARAMS)
    assert result.status == "favourable"
    assert result.details["best_level"] == "B1"
    assert result.details["proofs"][0]["valid_until"] == "2025-06-02"
    assert "tcf.pdf#issue_date" in result.evidence


def test_tcf_one_day_older_is_to_check():
    tcf = doc("tcf.pdf", "language_certificate", issue="2023-06-01", language=("TCF_IRN", "B2"))
    result = evaluate(dossier("2025-06-02", tcf), PARAMS)
    assert result.status == "to_check"
    assert "01/06/2025" in result.summary  # when its validity ended


def test_tef_without_a_readable_date_is_uncertain():
    tef = doc("tef.pdf", "language_certificate", language=("TEF_IRN", "A2"))
    assert evaluate(dossier("2025-06-02", tef), PARAMS).status == "uncertain"


def test_diplomas_do_not_expire():
    delf = doc("delf.pdf", "language_certificate", issue="2009-06-30", language=("DELF", "A2"))
    result = evaluate(dossier("2025-06-02", delf), PARAMS)
    assert result.status == "favourable"
    assert "DELF A2" in result.summary


def test_french_diploma_without_language_facts_is_favourable():
    cap = doc("cap.pdf", "french_diploma", issue="2021-07-05")
    result = evaluate(dossier("2025-06-02", cap), PARAMS)
    assert result.status == "favourable"
    assert result.evidence == ("cap.pdf#doc_type",)
    assert result.confidence == 0.98


def test_a_valid_proof_wins_over_an_expired_one_and_the_best_level_is_reported():
    old = doc("tcf_2019.pdf", "language_certificate", issue="2019-03-01", language=("TCF", "C1"))
    dilf = doc("dilf.pdf", "language_certificate", issue="2015-01-01", language=("DILF", None))
    dcl = doc("dcl.pdf", "language_certificate", issue="2016-01-01", language=("DCL", "B1"))
    result = evaluate(dossier("2025-06-02", old, dilf, dcl), PARAMS)
    assert result.status == "favourable"
    assert result.details["best_level"] == "B1"  # the expired C1 does not carry the status
    assert all("tcf_2019" not in e for e in result.evidence)


def test_other_proof_is_for_the_agent_to_weigh():
    other = doc("attestation_ofii.pdf", "language_certificate", issue="2024-01-01", language=("other", None))
    result = evaluate(dossier("2025-06-02", other), PARAMS)
    assert result.status == "to_check"


def test_no_proof_is_unfavourable():
    result = evaluate(dossier("2025-06-02", doc("bulletin.pdf", "payslip", issue="2025-01-31")), PARAMS)
    assert result.status == "unfavourable"
    assert result.evidence == ()
    assert result.details["parameters"]["language.test_validity_months"]["value"] == 24


def test_confidence_is_that_of_the_most_reliable_sufficient_proof():
    weak = doc("delf.pdf", "language_certificate", issue="2020-01-01", language=("DELF", "B1"), confidence=0.6)
    strong = doc("dalf.pdf", "language_certificate", issue="2020-01-01", language=("DALF", "C1"), confidence=0.9)
    result = evaluate(dossier("2025-06-02", weak, strong), PARAMS)
    assert result.confidence == round(0.98 * 0.9, 4)
    assert result.details["best_level"] == "C1"
