from datetime import date
from typing import get_args

import pytest
from dossier_factory import doc, dossier, payslip

from criteria import ParameterError, assess, recheck
from models.dossier import CriterionId, Dossier
from pipelines.outputs.report import render_report


def _full() -> Dossier:
    docs = [doc(f"avis_{y}.pdf", "tax_notice", issue=f"{y}-09-01") for y in range(2016, 2025)]
    docs += [doc(f"facture_{y}.pdf", "utility_bill", issue=f"{y}-03-01") for y in range(2017, 2026)]
    docs += [payslip(f"2024-{m:02d}") for m in range(1, 13)]
    docs += [
        doc("arrete.pdf", "oqtf_decision", issue="2021-03-12", decision="2021-03-12", notification="2021-03-15",
            ban_months=24),
        doc("tcf.pdf", "language_certificate", issue="2024-01-29", language=("TCF", "B1")),
        doc("contrat.pdf", "republican_contract", issue="2025-05-20", signed=True),
    ]
    return dossier("2025-06-02", *docs, dossier_id="A0007")


def test_assess_gives_one_result_per_criterion_in_order():
    assessment = assess(_full())
    assert tuple(c.id for c in assessment.criteria) == get_args(CriterionId)
    statuses = {c.id: c.status for c in assessment.criteria}
    assert statuses == {
        "republican_contract": "favourable", "presence_duration": "favourable", "language": "favourable",
        "oqtf": "favourable", "public_order": "to_check", "polygamy": "to_check",
        "common_law_route": "to_check",
    }
    for result in assessment.criteria:
        assert "parameters" in result.details, result.id
        assert 0.0 <= result.confidence <= 1.0


def test_recheck_reads_the_dossier_json_and_recomputes(tmp_path):
    stale = _full()
    path = tmp_path / "dossier.json"
    path.write_text(stale.to_json(), encoding="utf-8")
    fresh = recheck(path)
    assert fresh.assessment == assess(stale)
    # The result is itself a valid aes-dossier/1 document.
    assert Dossier.model_validate_json(fresh.to_json()) == fresh


def test_report_renders_an_assessed_dossier():
    d = _full()
    html = render_report(d.model_copy(update={"assessment": assess(d)}), None)
    assert "Présence continue depuis le 01/09/2016" in html
    assert 'class="oqtf-window"' in html
    assert html.count('class="proof"') == 9 + 9 + 12 + 2  # tax notices, bills, payslips, OQTF and TCF
    assert 'class="presence-start"' in html
    # The parameters each criterion used, with their value, start date and text.
    assert "<td>presence.min_years</td><td>7 ans</td><td>23/01/2025</td>" in html


def test_parameters_follow_the_application_date():
    d = _full()
    before = assess(d.model_copy(update={"application_date": date(2025, 1, 22)}))
    presence = next(c for c in before.criteria if c.id == "presence_duration")
    assert presence.details["parameters"]["presence.min_years"]["value"] == 5  # the Valls benchmark
    # The law of 26/01/2024 (L.432-1-1, L.435-4) starts the checker's range.
    with pytest.raises(ParameterError, match="no value before 2024-01-28"):
        assess(dossier(date(2024, 1, 27)))
