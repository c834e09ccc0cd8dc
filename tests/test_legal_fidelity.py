"""Issue 18, legal fidelity: each test is a small hand-built dossier read by the rules as the texts
(CESEDA, circular of 23/01/2025, accord franco-algérien, decree 2024-811) say, where they failed before."""

from datetime import date

from dossier_factory import doc, dossier, fact, payslip

from criteria import assess, load_parameters
from criteria.common_law import evaluate as common_law
from criteria.contract import evaluate as contract
from criteria.facts import add_months, proof_stretches
from criteria.language import evaluate as language
from criteria.oqtf import evaluate as oqtf
from criteria.presence import evaluate as presence
from models.document import OqtfState
from models.vocabulary import STATUS_LABELS
from pipelines.batch.discover import discover
from pipelines.outputs.report import DETAIL_LABELS, render_report
from pipelines.outputs.writer import _build

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


def test_a_tax_notice_proves_its_year_and_the_day_it_was_sent_not_the_months_between():
    notice = doc("avis.pdf", "tax_notice", issue="2023-08-01", start="2022-01-01", end="2022-12-31")
    spans = [(s.start.isoformat(), s.end.isoformat()) for s in proof_stretches((notice,), date(2025, 6, 2))]
    assert spans == [("2022-01-01", "2022-12-31"), ("2023-08-01", "2023-08-01")]


def test_a_year_with_one_proof_makes_seven_years_to_check():
    docs = [d for d in bills("2017-01-15", "2025-05-15") if not d.file.startswith("facture_2020")]
    docs.append(doc("avis_2020.pdf", "tax_notice", issue="2020-09-01"))
    result = presence(dossier("2025-06-02", *docs), PARAMS)
    assert result.status == "to_check"
    assert result.details["thin_years"] == ["2020"]
    assert result.details["administration_proofs_per_year"]["2020"] == 1  # the tax notice, a « preuve certaine »
    assert result.details["administration_proofs_per_year"]["2019"] == 0
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


# 2-5. OQTF: one decision per date, OQTFs prior to the request, events as new elements, what became of it.

def arrete(file="arrete.pdf", decision="2024-02-10", notification="2024-02-15", ban_months=None, state=None):
    record = doc(file, "oqtf_decision", issue=decision, decision=decision, notification=notification,
                 ban_months=ban_months)
    if state is not None:
        record = record.model_copy(update={"oqtf": record.oqtf.model_copy(
            update={"state": fact(OqtfState(state))})})
    return record


def test_same_day_papers_are_one_decision_with_the_longest_ban():
    papers = (arrete("arrete_a.pdf"), arrete("arrete_b.pdf"),
              doc("irtf.pdf", "return_ban", issue="2024-02-10", ban_months=48))
    result = oqtf(dossier("2027-04-15", *papers), PARAMS)  # 38 months after the notification
    assert result.details["reference_oqtf"]["ban_months"] == 48
    assert result.details["reference_oqtf"]["window_end"] == "2028-02-15"
    assert result.status == "unfavourable"
    assert "48 mois" in result.summary and "une seule décision" in result.summary


def test_an_oqtf_decided_after_the_filing_is_not_the_reference():
    refusal = arrete(decision="2025-09-01", notification="2025-09-05")
    result = oqtf(dossier("2025-06-02", refusal), PARAMS)
    assert result.status == "not_applicable"
    assert "antérieures à la demande" in result.summary
    # An earlier one stays the reference.
    earlier = arrete("arrete_2019.pdf", decision="2019-01-10", notification="2019-01-20")
    result = oqtf(dossier("2025-06-02", earlier, refusal), PARAMS)
    assert result.details["reference_oqtf"]["file"] == "arrete_2019.pdf"
    assert result.status == "favourable"


def test_an_unknown_notification_keeps_the_filing_uncertain_after_the_window_from_the_decision():
    result = oqtf(dossier("2027-06-02", arrete(notification=None)), PARAMS)  # 40 months after the decision
    assert result.status == "uncertain"
    assert "02/06/2024" in result.summary  # a notification after this date would cover the filing


def test_staying_in_france_is_not_a_new_element_a_job_is():
    bill = doc("facture.pdf", "utility_bill", issue="2024-09-01")
    bank = doc("releve.pdf", "bank_statement", issue="2024-10-01", start="2024-09-01", end="2024-09-30")
    result = oqtf(dossier("2025-06-02", arrete(), bill, bank), PARAMS)
    assert result.status == "unfavourable"
    assert result.details["new_elements"] == []
    hired = doc("contrat.pdf", "employment", issue="2024-11-04")
    result = oqtf(dossier("2025-06-02", arrete(), bill, bank, hired), PARAMS)
    assert result.status == "to_check"
    assert result.details["new_elements"] == [{"file": "contrat.pdf", "date": "2024-11-04"}]


def test_an_annulled_oqtf_is_set_aside_an_executed_one_is_not_unexecuted():
    result = oqtf(dossier("2025-06-02", arrete(state="annulled")), PARAMS)
    assert result.status == "not_applicable"
    assert "annulée" in result.summary
    result = oqtf(dossier("2025-06-02", arrete(state="executed")), PARAMS)
    assert result.status == "favourable"
    assert "exécutée" in result.summary
    result = oqtf(dossier("2025-06-02", arrete(state="executed", ban_months=24)), PARAMS)
    assert result.status == "to_check"  # the ban runs from the departure


def test_an_extension_adds_to_the_ban():
    papers = (arrete(ban_months=24), doc("prolongation.pdf", "return_ban", issue="2025-01-20", ban_months=24))
    result = oqtf(dossier("2027-04-15", *papers), PARAMS)
    assert result.details["reference_oqtf"]["ban_months"] == 48
    assert result.details["reference_oqtf"]["window_end"] == "2028-02-15"
    assert result.status == "unfavourable"
    assert "prolongation" in result.summary


def test_a_ban_beyond_the_legal_maximum_of_its_date_is_for_a_person():
    # Before law 2024-42 no return ban could exceed three years (L.612-6 to L.612-8).
    papers = (arrete(decision="2022-03-12", notification="2022-03-15", ban_months=60),)
    result = oqtf(dossier("2025-06-02", *papers), PARAMS)
    assert result.status == "uncertain"
    assert "maximum légal de 36 mois" in result.summary


# 7. Nationality regimes: Algerians under the accord of 1968; no contract from EU/EEA/Swiss citizens,
# Algerians, or requests filed before decree 2024-811 applied.

def algerian(application: str, *docs):
    return dossier(application, *docs).model_copy(update={"nationality": "DZ"})


def test_the_circulars_indicators_do_not_apply_to_an_algerian():
    docs = [*bills("2017-01-15", "2025-05-15"), doc("delf.pdf", "language_certificate", issue="2020-05-04",
                                                     language=("DELF", "B1"))]
    statuses = {c.id: c for c in assess(algerian("2025-06-02", *docs)).criteria}
    assert statuses["presence_duration"].status == "not_applicable"
    assert "accord franco-algérien" in statuses["presence_duration"].summary
    assert statuses["presence_duration"].details["start"] == "2017-01-15"  # still shown, as information
    assert statuses["language"].status == "not_applicable"
    assert statuses["republican_contract"].status == "not_applicable"
    assert statuses["common_law_route"].status == "not_applicable"
    # The same dossier without a nationality reads as before.
    statuses = {c.id: c.status for c in assess(dossier("2025-06-02", *docs)).criteria}
    assert statuses["presence_duration"] == "favourable" and statuses["republican_contract"] == "unfavourable"


def test_an_algerian_beyond_ten_years_is_pointed_to_article_6_1():
    result = presence(algerian("2025-06-02", *bills("2014-01-15", "2025-05-15")), PARAMS)
    assert result.status == "to_check"
    assert "6, 1°" in result.summary
    assert result.details["parameters"]["algeria.art6_1_years"]["value"] == 10


def test_no_contract_is_asked_of_eu_citizens_nor_before_decree_2024_811():
    italian = dossier("2025-06-02", *bills("2017-01-15", "2025-05-15")).model_copy(update={"nationality": "IT"})
    assert contract(italian, PARAMS).status == "not_applicable"
    early = contract(dossier("2024-05-02", doc("facture.pdf", "utility_bill", issue="2024-04-02")), PARAMS)
    assert early.status == "not_applicable"
    assert "17/07/2024" in early.summary
    late = contract(dossier("2024-07-17", doc("facture.pdf", "utility_bill", issue="2024-04-02")), PARAMS)
    assert late.status == "unfavourable"
    assert "Pièce manquante" in late.summary and "Nationalité non renseignée" in late.summary


def test_meta_json_gives_the_nationality_to_the_dossier(tmp_path):
    folder = tmp_path / "A0001"
    folder.mkdir()
    (folder / "meta.json").write_text('{"application_date": "2025-06-02", "nationality": "dz"}', encoding="utf-8")
    found = discover(tmp_path)[0]
    assert found.nationality == "DZ"
    built = _build(found, {}, found.application_date, "meta")
    assert built.nationality == "DZ"
    statuses = {c.id: c.status for c in built.assessment.criteria}
    assert statuses["republican_contract"] == "not_applicable"
    (folder / "meta.json").write_text('{"application_date": "2025-06-02", "nationality": "Algérie"}', encoding="utf-8")
    found = discover(tmp_path)[0]
    assert found.nationality is None and "nationalité" in found.warnings[0]


# 8. Dates in force and sources.

def test_the_three_year_window_is_the_circulars_rule_applied_by_practice_before_it():
    early = PARAMS.at("oqtf.circular_window_months", date(2024, 6, 1)).reference
    assert early.startswith("Pratique") and "circulaire INTK2435521J du 23/01/2025" in early
    assert PARAMS.at("oqtf.circular_window_months", date(2025, 6, 1)).reference.startswith("Circulaire INTK2435521J")


def test_an_expired_tcf_is_a_hint_with_its_real_scope():
    tcf = doc("tcf.pdf", "language_certificate", issue="2022-03-01", language=("TCF", "B1"))
    result = language(dossier("2025-06-02", tcf), PARAMS)
    assert result.status == "to_check"
    assert "naturalisation" in result.summary and "n'en fixe aucune" in result.summary
    assert "naturalisation" in result.details["parameters"]["language.test_validity_months"]["reference"]


def test_the_report_says_at_which_date_the_values_are_taken_and_why():
    docs = bills("2016-01-15", "2024-05-15") + [doc("contrat.pdf", "republican_contract", signed=True,
                                                     issue="2024-05-20")]
    filed = dossier("2024-06-03", *docs)
    html = render_report(filed.model_copy(update={"assessment": assess(filed)}), None)
    assert "Critères de la circulaire du 23/01/2025" not in html
    assert "Valeurs des paramètres prises à la date de la demande (03/06/2024)" in html
    assert "avant la circulaire du 23/01/2025" in html and "application immédiate" in html
    assert "<td>presence.min_years</td><td>5 ans</td><td>28/11/2012</td>" in html
    assert "10 ans" not in DETAIL_LABELS["over_commission_threshold"]


# 9. Neutral words: facts, not convictions; the commission when a refusal is envisaged; indicators, not verdicts.

def test_the_words_are_an_indicators_not_a_verdicts():
    results = {c.id: c for c in assess(dossier("2025-06-02", *bills("2013-01-15", "2025-05-15"))).criteria}
    assert "faits visés à l'article L.432-1-1" in results["public_order"].summary
    assert "condamnations" not in results["public_order"].summary
    assert "si le préfet envisage un refus" in results["presence_duration"].summary
    assert results["republican_contract"].summary.count("Pièce manquante") == 1
    assert STATUS_LABELS["unfavourable"] == "indice défavorable"
    assert STATUS_LABELS["favourable"] == "indice favorable"


# 6. L.435-4: an uninterrupted residence of three years, without the presence indicator's 12-month tolerance.

def test_an_eleven_month_hole_interrupts_the_residence_of_l435_4():
    before = bills("2020-01-10", "2022-12-10", step_months=1)
    after = [payslip(f"{y}-{m:02d}") for y, m in [(2023, 12)] + [(2024, i) for i in range(1, 13)]
             + [(2025, i) for i in range(1, 6)]]
    result = common_law(dossier("2025-06-02", *before, *after), PARAMS)
    assert result.details["routes"][0]["payslip_months"] >= 12
    assert result.details["routes"][0]["residence_start"] == "2023-12-01"
    assert result.status == "not_applicable"
    assert result.details["parameters"]["common_law.l435_4_max_gap_months"]["reference"].startswith("Pratique")
    assert "L.521-7" in result.details["excluded_periods"]
    # The presence indicator keeps its own, wider tolerance: the same hole does not break it.
    assert presence(dossier("2025-06-02", *before, *after), PARAMS).details["start"] == "2020-01-10"
