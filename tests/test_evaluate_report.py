"""The evaluation's terminal tables, evaluation.json and evaluation.html."""

from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from models.document import DocumentRecord
from models.dossier import Assessment, CriterionResult
from models.truth import TruthDossier
from pipelines.evaluation.agreement import agreement
from pipelines.evaluation.evaluate import EvaluationResult, dossier_from_truth, evaluate_set
from pipelines.evaluation.results import print_evaluation, write_evaluation

TRUTH = TruthDossier.model_validate({
    "dossier_id": "B7", "application_date": "2025-06-02",
    "documents": {
        "fiche.pdf": {"doc_type": "payslip", "issue_date": "2019-03-31",
                      "period_start": "2019-03-01", "period_end": "2019-03-31"},
        "tcf.jpg": {"doc_type": "language_certificate", "issue_date": "2024-01-29",
                    "language": {"kind": "TCF", "level": "B1"}},
    },
})


def _fact(value, confidence: float) -> dict:
    return {"value": value, "confidence": confidence, "provenance": {"page": 1, "source": "ocr"}}


@pytest.fixture
def result(tmp_path: Path) -> EvaluationResult:
    """One right payslip, a certificate read as a medical paper, and a stray file with markup in its name."""
    (tmp_path / "set" / "truth").mkdir(parents=True)
    (tmp_path / "set" / "truth" / "B7.json").write_text(TRUTH.model_dump_json())
    payslip = next(d for d in dossier_from_truth(TRUTH).documents if d.file == "fiche.pdf")
    misread = DocumentRecord.model_validate({
        "file": "tcf.jpg", "pages": (1, 1), "sha256": "x", "reading": "ocr",
        "doc_type": _fact("medical", 0.55), "issue_date": _fact(date(2024, 1, 29), 0.7),
    })
    stray = DocumentRecord.model_validate({
        "file": "<script>alert(1)</script>.pdf", "pages": (1, 1), "sha256": "y", "reading": "text_layer",
        "doc_type": _fact("other", 0.3),
    })
    dossier = dossier_from_truth(TRUTH).model_copy(update={"documents": (payslip, misread, stray)})
    (tmp_path / "pred" / "B7").mkdir(parents=True)
    (tmp_path / "pred" / "B7" / "dossier.json").write_text(dossier.to_json())
    scored = evaluate_set(tmp_path / "set", tmp_path / "pred")
    compared = agreement([("B7", language("favourable"), language("to_check"))])
    return scored.model_copy(update={"criteria": compared})


def language(status: str) -> Assessment:
    return Assessment(criteria=(CriterionResult(id="language", status=status, confidence=1, summary="…"),))


def test_files_are_written_and_json_round_trips(result, tmp_path):
    out = tmp_path / "report" / "nested"
    write_evaluation(result, out)
    assert sorted(p.name for p in out.iterdir()) == ["evaluation.html", "evaluation.json"]
    assert EvaluationResult.model_validate_json((out / "evaluation.json").read_text()) == result
    write_evaluation(result, out)  # overwriting leaves no temporary file behind
    assert sorted(p.name for p in out.iterdir()) == ["evaluation.html", "evaluation.json"]


def test_html_is_self_contained_with_a_reliability_diagram_and_a_confusion_matrix(result, tmp_path):
    write_evaluation(result, tmp_path)
    html = (tmp_path / "evaluation.html").read_text()
    assert html.count("<svg") == 1 + sum(1 for t in result.calibration.fields.values() if t.count)
    assert "<rect" in html and "stroke-dasharray" in html
    assert "language_certificate" in html and "medical" in html  # the confusion matrix's row and column
    assert 'class="off">1</td>' in html and 'class="diagonal">1</td>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "language" in html and "to_check" in html


def test_terminal_tables_show_every_field_the_split_and_the_agreement(result):
    console = Console(record=True, width=220, color_system=None)
    print_evaluation(result, console)
    text = console.export_text()
    for name in result.scores.fields:
        assert name in text
    assert "overall (micro)" in text and "text_layer P / R / F1" in text and "scan P / R / F1" in text
    # the certificate (a scan) was misread: its doc_type has neither precision nor recall there
    split_line = [line for line in text.splitlines() if line.strip().startswith("doc_type")][1]
    assert "0.50/1.00/0.67" in split_line and "0.00/0.00/0.00" in split_line
    assert "Criterion agreement" in text and "0.000" in text
    # doc_type: payslip right, certificate wrong, stray extra: P 1/3, R 1/2
    doc_type_line = next(line for line in text.splitlines() if line.strip().startswith("doc_type"))
    assert "0.333" in doc_type_line and "0.500" in doc_type_line
