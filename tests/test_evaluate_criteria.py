"""Criterion agreement between the assessment of the true facts and the predicted one."""

from criteria import assess
from models.dossier import Assessment, CriterionResult
from models.truth import TruthDossier
from pipelines.evaluation.agreement import MISSING, agreement
from pipelines.evaluation.evaluate import dossier_from_truth, evaluate_set


def assessment(**statuses: str) -> Assessment:
    return Assessment(criteria=tuple(
        CriterionResult(id=criterion, status=status, confidence=0.9, summary="…")
        for criterion, status in statuses.items()
    ))


def test_identical_assessments_agree_everywhere():
    truth = assessment(presence_duration="favourable", oqtf="unfavourable", language="to_check")
    result = agreement([("A1", truth, truth), ("A2", truth, truth)])
    assert (result.dossiers, result.total, result.agreed, result.rate) == (2, 6, 6, 1.0)
    assert list(result.criteria) == ["presence_duration", "language", "oqtf"]
    assert result.disagreements == ()


def test_a_different_status_is_a_disagreement_of_that_criterion_only():
    truth = assessment(presence_duration="favourable", oqtf="favourable")
    predicted = assessment(presence_duration="uncertain", oqtf="favourable")
    result = agreement([("A1", truth, predicted), ("A2", truth, truth)])
    assert result.criteria["presence_duration"].rate == 0.5
    assert result.criteria["presence_duration"].statuses == {"favourable": {"favourable": 1, "uncertain": 1}}
    assert result.criteria["oqtf"].rate == 1.0
    assert result.rate == 3 / 4
    [disagreement] = result.disagreements
    assert (disagreement.dossier_id, disagreement.criterion, disagreement.truth, disagreement.predicted) == (
        "A1", "presence_duration", "favourable", "uncertain")


def test_missing_assessment_or_criterion_disagrees():
    truth = assessment(presence_duration="favourable", polygamy="to_check")
    other = assessment(polygamy="to_check", language="favourable")
    result = agreement([("A1", truth, None), ("A2", truth, other)])
    assert result.criteria["presence_duration"].statuses == {"favourable": {MISSING: 2}}
    assert result.criteria["language"].statuses == {MISSING: {"favourable": 1}}
    assert result.criteria["polygamy"].agreed == 1
    assert (result.total, result.agreed) == (5, 1)


def test_evaluate_set_compares_predicted_statuses_with_those_of_the_true_facts(tmp_path):
    truth = TruthDossier.model_validate({
        "dossier_id": "A1", "application_date": "2025-06-02",
        "documents": {
            "contrat.pdf": {"doc_type": "republican_contract", "issue_date": "2025-05-20",
                            "contract": {"signed": True}},
            "fiche.pdf": {"doc_type": "payslip", "issue_date": "2019-03-31",
                          "period_start": "2019-03-01", "period_end": "2019-03-31"},
        },
    })
    (tmp_path / "set" / "truth").mkdir(parents=True)
    (tmp_path / "set" / "truth" / "A1.json").write_text(truth.model_dump_json())
    true_assessment = assess(dossier_from_truth(truth))
    first, *rest = true_assessment.criteria
    flipped = "uncertain" if first.status != "uncertain" else "favourable"
    predicted = dossier_from_truth(truth).model_copy(update={"assessment": Assessment(
        criteria=(first.model_copy(update={"status": flipped}), *rest))})
    (tmp_path / "pred" / "A1").mkdir(parents=True)
    (tmp_path / "pred" / "A1" / "dossier.json").write_text(predicted.to_json())

    result = evaluate_set(tmp_path / "set", tmp_path / "pred").criteria
    assert result is not None and result.total == len(true_assessment.criteria)
    assert result.agreed == result.total - 1
    [d] = result.disagreements
    assert (d.criterion, d.truth, d.predicted) == (first.id, first.status, flipped)
