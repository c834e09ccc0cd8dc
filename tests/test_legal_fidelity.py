"""Issue 18, legal fidelity: each test is a small hand-built dossier read by the rules as the texts
(CESEDA, circular of 23/01/2025, accord franco-algérien, decree 2024-811) say, where they failed before."""

from datetime import date

from dossier_factory import doc, dossier

from criteria import assess, load_parameters
from criteria.facts import add_months
from criteria.presence import evaluate as presence

PARAMS = load_parameters()


def bills(first: str, last: str, step_months: int = 4):
    """Utility bills from `first` to `last`, every `step_months` months: at least two a year, one a semester."""
    day, end, docs = date.fromisoformat(first), date.fromisoformat(last), []
    while day <= end:
        docs.append(doc(f"facture_{day.isoformat()}.pdf", "utility_bill", issue=day))
        day = add_months(day, step_months)
    return docs


# 1. A proof's span: its period, or its issue day; thin years weigh on the status.

def test_a_retrospective_attestation_proves_its_issue_day_not_nine_years():
    attestation = doc("attestation_employeur.pdf", "employment", issue="2025-03-10", start="2016-01-04")
    result = presence(dossier("2025-06-02", attestation), PARAMS)
    assert result.status == "unfavourable"
    assert result.details["start"] == "2025-03-10"
    assert result.evidence == ("attestation_employeur.pdf#issue_date",)


def test_a_stated_period_is_proven_whole():
    ame = doc("ame.pdf", "ame_attestation", issue="2017-12-01", start="2017-12-01", end="2018-11-30")
    result = presence(dossier("2025-06-02", doc("old.pdf", "utility_bill", issue="2017-01-10"), ame,
                              *bills("2018-11-15", "2025-05-15")), PARAMS)
    assert result.details["start"] == "2017-01-10"


def test_a_year_with_one_proof_makes_seven_years_to_check():
    docs = [d for d in bills("2017-01-15", "2025-05-15") if not d.file.startswith("facture_2020")]
    docs.append(doc("avis_2020.pdf", "tax_notice", issue="2020-09-01"))
    result = presence(dossier("2025-06-02", *docs), PARAMS)
    assert result.status == "to_check"
    assert result.details["thin_years"] == ["2020"]
    assert "2020-S1" in result.details["semesters_without_proof"]
    assert "pratique" in result.summary


def test_two_proofs_every_year_and_one_every_semester_stay_favourable():
    result = presence(dossier("2025-06-02", *bills("2017-01-15", "2025-05-15")), PARAMS)
    assert result.status == "favourable"
    assert result.details["thin_years"] == [] and result.details["semesters_without_proof"] == []


def test_the_status_of_the_full_assessment_follows():
    attestation = doc("attestation_employeur.pdf", "employment", issue="2025-03-10", start="2016-01-04")
    statuses = {c.id: c.status for c in assess(dossier("2025-06-02", attestation)).criteria}
    assert statuses["presence_duration"] == "unfavourable"
