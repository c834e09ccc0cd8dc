from datetime import date

from dossier_factory import doc, dossier

from criteria import load_parameters
from criteria.facts import add_months, months_between
from criteria.presence import evaluate

PARAMS = load_parameters()


def receipts(first: str, last: str, step_months: int = 6, confidence: float = 0.95):
    """Rent receipts from `first` to `last` (both included), every `step_months` months."""
    day, end, docs = date.fromisoformat(first), date.fromisoformat(last), []
    while day <= end:
        docs.append(doc(f"quittance_{day.isoformat()}.pdf", "rent_receipt", issue=day, confidence=confidence))
        day = add_months(day, step_months)
    return docs


def test_calendar_months_clamp_to_the_end_of_the_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 15), -36) == date(2022, 3, 15)
    assert months_between(date(2018, 6, 2), date(2025, 6, 2)) == 84
    assert months_between(date(2018, 6, 3), date(2025, 6, 2)) == 83


def test_exactly_seven_years_is_favourable():
    result = evaluate(dossier("2025-06-02", *receipts("2018-06-02", "2025-06-02")), PARAMS)
    assert result.status == "favourable"
    assert result.details["start"] == "2018-06-02"
    assert result.details["duration"] == "7 ans"
    assert "02/06/2018" in result.summary and "7 ans" in result.summary
    assert result.details["parameters"]["presence.min_years"]["value"] == 7


def test_one_day_short_of_seven_years_is_unfavourable():
    result = evaluate(dossier("2025-06-02", *receipts("2018-06-03", "2025-06-02")), PARAMS)
    assert result.status == "unfavourable"
    assert result.details["duration"] == "6 ans et 11 mois"


def test_gap_of_exactly_twelve_months_keeps_presence_continuous():
    docs = [doc("old.pdf", "tax_notice", issue="2016-03-15")] + receipts("2017-03-15", "2025-03-15")
    result = evaluate(dossier("2025-03-15", *docs), PARAMS)
    assert result.details["start"] == "2016-03-15"
    assert result.details["gaps"] == []
    assert "old.pdf#issue_date" in result.evidence


def test_gap_of_twelve_months_and_one_day_breaks_it():
    docs = [doc("old.pdf", "tax_notice", issue="2016-03-15")] + receipts("2017-03-16", "2025-03-16")
    result = evaluate(dossier("2025-03-16", *docs), PARAMS)
    assert result.details["start"] == "2017-03-16"
    assert result.details["gaps"] == [{"from": "2016-03-15", "to": "2017-03-16"}]
    assert result.status == "favourable"  # still 8 years from 2017-03-16
    assert "old.pdf#issue_date" not in result.evidence


def test_the_break_is_measured_up_to_the_application_date():
    # Proofs stop 12 months and a day before the application: nothing reaches it.
    result = evaluate(dossier("2025-06-02", *receipts("2010-01-01", "2024-06-01", step_months=1)), PARAMS)
    assert result.status == "unfavourable"
    assert result.details["latest_proof"] == "2024-06-01"
    assert "01/06/2024" in result.summary
    result = evaluate(dossier("2025-06-01", *receipts("2010-01-01", "2024-06-01", step_months=1)), PARAMS)
    assert result.details["start"] == "2010-01-01"  # the chain reaches the application
    assert result.status == "to_check"  # though the second half of 2024 has no proof
    assert result.details["semesters_without_proof"] == ["2024-S2"]


def test_period_of_a_proof_covers_its_whole_stretch():
    # One AME attestation valid for a year bridges what would otherwise be a gap.
    docs = [
        doc("bill_2016.pdf", "utility_bill", issue="2016-01-10"),
        doc("ame.pdf", "ame_attestation", issue="2016-12-01", start="2016-12-01", end="2017-11-30"),
        *receipts("2018-11-01", "2025-06-02"),
    ]
    result = evaluate(dossier("2025-06-02", *docs), PARAMS)
    assert result.details["start"] == "2016-01-10"
    assert "ame.pdf#period_end" in result.evidence
    without = evaluate(dossier("2025-06-02", *(d for d in docs if d.file != "ame.pdf")), PARAMS)
    assert without.details["start"] == "2018-11-01"


def test_documents_that_prove_nothing_about_presence_are_ignored():
    docs = [
        doc("passeport.pdf", "identity", issue="2010-01-01"),
        doc("contrat.pdf", "republican_contract", issue="2025-05-01", signed=True),
        doc("irtf.pdf", "return_ban", issue="2012-01-01", ban_months=24),
        doc("notes.pdf", "other", issue="2011-01-01"),
    ]
    result = evaluate(dossier("2025-06-02", *docs), PARAMS)
    assert result.status == "unfavourable"
    assert "Aucune pièce datée" in result.summary
    assert result.evidence == ()


def test_more_than_ten_years_flags_the_commission():
    result = evaluate(dossier("2025-06-02", *receipts("2015-06-01", "2025-06-01")), PARAMS)
    assert result.details["over_commission_threshold"] is True
    assert "commission du titre de séjour" in result.summary
    result = evaluate(dossier("2025-06-02", *receipts("2015-06-02", "2025-06-02")), PARAMS)
    assert result.details["over_commission_threshold"] is False  # exactly ten years is not "more than"


def test_proofs_per_year_and_semesters_without_proof():
    docs = [
        doc("a.pdf", "payslip", issue="2023-02-28"),
        doc("b.pdf", "payslip", issue="2023-11-30"),
        doc("c.pdf", "payslip", issue="2024-09-30"),
        doc("d.pdf", "payslip", issue="2025-03-31"),
    ]
    result = evaluate(dossier("2025-06-30", *docs), PARAMS)
    assert result.details["proofs_per_year"] == {"2023": 2, "2024": 1, "2025": 1}
    assert result.details["semesters_without_proof"] == ["2024-S1"]


def test_confidence_is_the_weakest_link_of_the_chain():
    docs = receipts("2018-01-01", "2025-06-01")
    weak = doc("weak.pdf", "rent_receipt", issue="2017-10-01", confidence=0.5)
    result = evaluate(dossier("2025-06-02", weak, *docs), PARAMS)
    assert result.details["start"] == "2017-10-01"
    assert result.confidence == round(0.98 * 0.5, 4)
    # Without the weak proof the chain rests on proofs read at 0.95.
    assert evaluate(dossier("2025-06-02", *docs), PARAMS).confidence == round(0.98 * 0.95, 4)


def test_proofs_dated_after_the_application_do_not_count():
    docs = [*receipts("2019-01-01", "2024-12-01"), doc("late.pdf", "payslip", issue="2025-09-30")]
    result = evaluate(dossier("2025-06-02", *docs), PARAMS)
    assert all("late.pdf" not in e for e in result.evidence)
    assert result.details["proofs"] == len(docs) - 1


def test_another_copy_of_a_paper_counts_once_and_its_misread_date_proves_nothing():
    docs = [
        doc("a.pdf", "payslip", issue="2023-02-28"),
        doc("b.pdf", "payslip", issue="2023-11-30"),
        doc("d.pdf", "payslip", issue="2025-03-31"),
    ]
    # A second scan of b.pdf whose date OCR misread into the gap of 2024.
    copy = doc("b_scan.jpg", "payslip", issue="2024-09-30").model_copy(update={"duplicate_of": "b.pdf"})
    result = evaluate(dossier("2025-06-30", *docs, copy), PARAMS)
    assert result.details["proofs"] == 3
    assert result.details["start"] == "2025-03-31"  # the gap breaks the chain
    assert result.details["gaps"] == [{"from": "2023-11-30", "to": "2025-03-31"}]
    assert all("b_scan.jpg" not in e for e in result.evidence)
