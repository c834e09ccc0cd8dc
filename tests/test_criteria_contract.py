from dossier_factory import doc, dossier

from criteria import load_parameters
from criteria.contract import evaluate

PARAMS = load_parameters()


def test_signed_contract_is_favourable():
    contract = doc("contrat.pdf", "republican_contract", issue="2025-05-20", signed=True, confidence=0.9)
    result = evaluate(dossier("2025-06-02", contract), PARAMS)
    assert result.status == "favourable"
    assert result.evidence == ("contrat.pdf#doc_type", "contrat.pdf#contract.signed")
    assert result.confidence == round(0.98 * 0.9, 4)
    assert "CESEDA L.412-7" in result.legal_refs


def test_unsigned_contract_makes_the_application_incomplete():
    contract = doc("contrat.pdf", "republican_contract", issue="2025-05-20", signed=False)
    result = evaluate(dossier("2025-06-02", contract), PARAMS)
    assert result.status == "unfavourable"
    assert "n'est pas signé" in result.summary and "irrecevable" in result.summary


def test_missing_contract_makes_the_application_incomplete():
    result = evaluate(dossier("2025-06-02", doc("bulletin.pdf", "payslip", issue="2025-01-31")), PARAMS)
    assert result.status == "unfavourable"
    assert "Aucun contrat" in result.summary and "irrecevable" in result.summary
    assert result.confidence == 0.98


def test_a_signed_copy_wins_over_an_unsigned_one():
    unsigned = doc("brouillon.pdf", "republican_contract", signed=False)
    signed = doc("contrat.pdf", "republican_contract", signed=True)
    assert evaluate(dossier("2025-06-02", unsigned, signed), PARAMS).status == "favourable"


def test_unreadable_signature_is_uncertain():
    contract = doc("contrat.pdf", "republican_contract", issue="2025-05-20")
    result = evaluate(dossier("2025-06-02", contract), PARAMS)
    assert result.status == "uncertain"
    assert "signé" in result.summary
