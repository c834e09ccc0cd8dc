from datetime import date

from dossier_factory import doc, dossier, payslip

from criteria import load_parameters
from criteria.common_law import evaluate
from criteria.facts import add_months
from criteria.person_checks import polygamy, public_order

PARAMS = load_parameters()


def payslips(first_month: str, count: int):
    month = date.fromisoformat(f"{first_month}-01")
    return [payslip(add_months(month, i).strftime("%Y-%m")) for i in range(count)]


def presence_since(day: str):
    """A proof every six months from `day` to 2025: residence without a gap longer than L.435-4 allows."""
    first = date.fromisoformat(day)
    days = [add_months(first, 6 * i) for i in range(12) if add_months(first, 6 * i).year < 2026]
    return [doc(f"preuve_{d.isoformat()}.pdf", "utility_bill", issue=d) for d in days]


def test_twelve_payslip_months_in_24_and_three_years_suggest_l435_4():
    docs = presence_since("2021-09-01") + payslips("2024-06", 12)
    result = evaluate(dossier("2025-06-02", *docs), PARAMS)
    assert result.status == "to_check"
    assert result.details["routes"][0]["payslip_months"] == 12
    assert result.details["routes"][0]["open"] is True
    assert "L.435-4" in result.summary and "L.414-13" in result.summary
    assert len(result.evidence) == 12


def test_eleven_months_is_not_enough():
    docs = presence_since("2021-09-01") + payslips("2024-07", 11)
    result = evaluate(dossier("2025-06-02", *docs), PARAMS)
    assert result.status == "not_applicable"
    assert result.details["routes"][0]["payslip_months"] == 11


def test_months_before_the_24_month_lookback_do_not_count():
    # 2023-05 ends before 2023-06-02, the start of the 24 months before 2025-06-02; 2023-06 overlaps it.
    docs = presence_since("2021-09-01") + payslips("2023-05", 2) + payslips("2024-08", 10)
    result = evaluate(dossier("2025-06-02", *docs), PARAMS)
    assert result.details["routes"][0]["payslip_months"] == 11
    docs = presence_since("2021-09-01") + payslips("2023-06", 2) + payslips("2024-08", 10)
    assert evaluate(dossier("2025-06-02", *docs), PARAMS).status == "to_check"


def test_duplicate_payslips_for_a_month_count_once():
    docs = presence_since("2021-09-01") + payslips("2024-06", 11) + [payslip("2024-06")]
    result = evaluate(dossier("2025-06-02", *docs), PARAMS)
    assert result.details["routes"][0]["payslip_months"] == 11


def test_three_years_of_residence_are_needed():
    docs = presence_since("2022-06-03") + payslips("2024-06", 12)
    assert evaluate(dossier("2025-06-02", *docs), PARAMS).status == "not_applicable"
    docs = presence_since("2022-06-02") + payslips("2024-06", 12)
    assert evaluate(dossier("2025-06-02", *docs), PARAMS).status == "to_check"


def test_the_experimental_route_ends_after_2026():
    docs = presence_since("2021-09-01") + payslips("2026-01", 12)
    result = evaluate(dossier("2027-01-05", *docs), PARAMS)
    assert result.status == "not_applicable"
    assert "n'est plus en vigueur" in result.summary


def test_person_checks_always_go_to_a_person():
    d = dossier("2025-06-02", doc("bulletin.pdf", "payslip", issue="2025-01-31"))
    order, family = public_order(d, PARAMS), polygamy(d, PARAMS)
    assert (order.status, family.status) == ("to_check", "to_check")
    assert "FAED" in order.summary and "TAJ" in order.summary and "FPR" in order.summary
    assert "non-polygamie" in family.summary
