from dossier_factory import doc, dossier

from criteria import load_parameters
from criteria.oqtf import evaluate

PARAMS = load_parameters()


def oqtf(decision="2022-03-12", notification="2022-03-15", ban_months=None, file="arrete.pdf", confidence=0.95):
    return doc(file, "oqtf_decision", issue=decision, decision=decision, notification=notification,
               ban_months=ban_months, confidence=confidence)


def test_no_oqtf_is_not_applicable():
    result = evaluate(dossier("2025-06-02", doc("bulletin.pdf", "payslip", issue="2025-01-31")), PARAMS)
    assert result.status == "not_applicable"


def test_last_day_inside_the_window_without_new_elements_is_unfavourable():
    result = evaluate(dossier("2025-03-14", oqtf()), PARAMS)
    assert result.status == "unfavourable"
    assert result.details["reference_oqtf"]["window_end"] == "2025-03-15"
    assert "15/03/2025" in result.summary and "préfet" in result.summary


def test_the_day_the_window_ends_is_favourable():
    result = evaluate(dossier("2025-03-15", oqtf()), PARAMS)
    assert result.status == "favourable"
    assert result.evidence == ("arrete.pdf#doc_type", "arrete.pdf#oqtf.decision_date",
                               "arrete.pdf#oqtf.notification_date")


def test_enforcement_end_is_counted_from_the_decision():
    result = evaluate(dossier("2025-03-15", oqtf()), PARAMS)
    assert result.details["reference_oqtf"]["enforcement_end"] == "2025-03-12"
    assert result.details["parameters"]["oqtf.enforcement_months"]["value"] == 36


def test_a_ban_longer_than_36_months_extends_the_window():
    # Five years is lawful only for a ban decided since law 2024-42 (L.612-6 to L.612-8).
    decided = oqtf(decision="2024-03-12", notification="2024-03-15", ban_months=60)
    result = evaluate(dossier("2027-03-15", decided), PARAMS)
    assert result.details["reference_oqtf"]["window_end"] == "2029-03-15"
    assert result.status == "unfavourable"
    assert "arrete.pdf#return_ban.duration_months" in result.evidence
    assert "60 mois" in result.summary
    assert evaluate(dossier("2029-03-15", decided), PARAMS).status == "favourable"


def test_a_ban_shorter_than_36_months_does_not_shorten_it():
    result = evaluate(dossier("2025-03-14", oqtf(ban_months=24)), PARAMS)
    assert result.details["reference_oqtf"]["window_end"] == "2025-03-15"
    assert result.details["reference_oqtf"]["ban_months"] == 24
    assert "arrete.pdf#return_ban.duration_months" not in result.evidence


def test_missing_notification_counts_from_the_decision_and_is_uncertain_inside():
    result = evaluate(dossier("2025-03-11", oqtf(notification=None)), PARAMS)
    assert result.status == "uncertain"
    assert result.details["reference_oqtf"]["window_end"] == "2025-03-12"
    assert "notification inconnue" in result.summary
    # Past the end counted from the decision, a later notification could still cover the filing.
    assert evaluate(dossier("2025-03-12", oqtf(notification=None)), PARAMS).status == "uncertain"


def test_the_latest_of_two_oqtfs_is_the_reference():
    first = oqtf("2019-01-10", "2019-01-20", file="arrete_2019.pdf")
    second = oqtf("2023-05-02", "2023-05-09", file="arrete_2023.pdf")
    result = evaluate(dossier("2025-06-02", second, first), PARAMS)
    assert result.details["reference_oqtf"]["file"] == "arrete_2023.pdf"
    assert [w["file"] for w in result.details["history"]] == ["arrete_2019.pdf", "arrete_2023.pdf"]
    assert result.status == "unfavourable"
    assert "1 OQTF antérieure" in result.summary


def test_a_separate_ban_goes_with_the_latest_oqtf_decided_before_it():
    first = oqtf("2019-01-10", "2019-01-20", file="arrete_2019.pdf")
    ban_2019 = doc("irtf_2019.pdf", "return_ban", issue="2019-02-01", ban_months=120)
    second = oqtf("2023-05-02", "2023-05-09", file="arrete_2023.pdf")
    result = evaluate(dossier("2026-06-01", first, ban_2019, second), PARAMS)
    assert result.details["history"][0]["ban_months"] == 120
    assert result.details["reference_oqtf"]["ban_months"] is None
    assert result.details["reference_oqtf"]["window_end"] == "2026-05-09"
    assert result.status == "favourable"
    # Issued after the second OQTF, the same ban joins it and extends its window.
    ban_2023 = doc("irtf_2023.pdf", "return_ban", issue="2023-06-01", ban_months=60)
    result = evaluate(dossier("2026-06-01", first, second, ban_2023), PARAMS)
    assert result.details["reference_oqtf"]["window_end"] == "2028-05-09"
    assert "irtf_2023.pdf#return_ban.duration_months" in result.evidence


def test_events_after_the_decision_are_new_elements():
    hired_after = doc("contrat_2023.pdf", "employment", issue="2023-01-31", start="2023-01-01")
    hired_before = doc("contrat_2021.pdf", "employment", issue="2021-01-31", start="2021-01-01")
    passport = doc("passeport.pdf", "identity", issue="2024-01-01")
    late = doc("contrat_2026.pdf", "employment", issue="2026-01-31")
    retrospective = doc("attestation.pdf", "employment", issue="2023-06-01", start="2022-01-01")
    result = evaluate(dossier("2025-02-02", oqtf(), hired_after, hired_before, passport, late, retrospective),
                      PARAMS)
    assert result.status == "to_check"
    assert result.details["new_elements"] == [{"file": "contrat_2023.pdf", "date": "2023-01-01"}]
    assert "contrat_2023.pdf#period_start" in result.evidence
    # The window's confidence times the chance that the one new element is real.
    window = 0.98 * 0.95 * 0.95
    assert result.confidence == round(window * (0.98 * 0.95), 4)


def test_undated_oqtf_is_uncertain():
    undated = doc("arrete.pdf", "oqtf_decision")
    result = evaluate(dossier("2025-06-02", undated), PARAMS)
    assert result.status == "uncertain"
    # An undated one next to a dated one keeps a favourable reading in doubt.
    result = evaluate(dossier("2025-06-02", oqtf(), doc("autre.pdf", "oqtf_decision")), PARAMS)
    assert result.status == "uncertain"


def test_another_copy_is_not_a_second_new_element_nor_a_later_oqtf():
    payslip_after = doc("bulletin_2023.pdf", "employment", issue="2023-01-31", start="2023-01-01")
    payslip_scan = payslip_after.model_copy(update={"file": "scan_bulletin.jpg", "duplicate_of": "bulletin_2023.pdf"})
    # A second scan of the decision, its year misread: were it counted, it would be the latest OQTF.
    oqtf_scan = oqtf("2024-03-12", "2024-03-15", file="scan_arrete.jpg").model_copy(
        update={"duplicate_of": "arrete.pdf"})
    result = evaluate(dossier("2025-02-02", oqtf(), payslip_after, payslip_scan, oqtf_scan), PARAMS)
    assert result.details["reference_oqtf"]["file"] == "arrete.pdf"
    assert [w["file"] for w in result.details["history"]] == ["arrete.pdf"]
    assert result.details["new_elements"] == [{"file": "bulletin_2023.pdf", "date": "2023-01-01"}]
    assert result.status == "to_check"
