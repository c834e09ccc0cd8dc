"""The document-boundary figure of `aes evaluate`, on hand-made labels and predictions."""

from pathlib import Path

from dossier_factory import doc, dossier
from rich.console import Console
from test_evaluate import write_predictions, write_set

from models.truth import TruthDossier
from pipelines.evaluation.boundaries import boundaries
from pipelines.evaluation.evaluate import evaluate_set
from pipelines.evaluation.results import print_evaluation, render_evaluation_html


def _truth(*keys: str) -> TruthDossier:
    return TruthDossier.model_validate({
        "dossier_id": "A0001", "application_date": "2025-06-02",
        "documents": {key: {"doc_type": "payslip", "issue_date": "2024-01-31"} for key in keys},
    })


def _pred(*parts: tuple[str, tuple[int, int]]):
    records = [doc(file, "payslip", issue="2024-01-31").model_copy(update={"pages": pages}) for file, pages in parts]
    return dossier("2025-06-02", *records, dossier_id="A0001")


def test_a_pile_cut_right_scores_one():
    truth = _truth("pile.pdf#p1-2", "pile.pdf#p4-4", "seul.pdf")
    score = boundaries([(truth, _pred(("pile.pdf#p1-2", (1, 2)), ("pile.pdf#p4-4", (4, 4)), ("seul.pdf", (1, 1))))])
    assert (score.files, score.labelled, score.predicted, score.matched) == (1, 2, 2, 2)
    assert score.f1 == 1.0 and score.disagreements == ()


def test_one_wrong_cut_costs_a_document_on_each_side():
    truth = _truth("pile.pdf#p1-3", "pile.pdf#p4-4")
    score = boundaries([(truth, _pred(("pile.pdf#p1-1", (1, 1)), ("pile.pdf#p2-3", (2, 3)), ("pile.pdf#p4-4", (4, 4))))])
    assert (score.labelled, score.predicted, score.matched) == (2, 3, 1)
    assert score.precision == 1 / 3 and score.recall == 1 / 2 and score.f1 == 2 / 5
    assert score.disagreements[0].labelled == ((1, 3), (4, 4))


def test_a_pile_read_whole_is_one_wrong_document():
    score = boundaries([(_truth("pile.pdf#p1-1", "pile.pdf#p2-2"), _pred(("pile.pdf", (1, 2))))])
    assert (score.files, score.labelled, score.predicted, score.matched) == (1, 2, 1, 0)
    assert score.f1 == 0.0 and score.disagreements[0].predicted == ((1, 2),)


def test_a_single_document_split_by_the_prediction_counts_and_files_left_whole_do_not():
    truth = _truth("arrete.pdf", "facture.pdf")
    score = boundaries([(truth, _pred(("arrete.pdf#p1-2", (1, 2)), ("arrete.pdf#p3-3", (3, 3)), ("facture.pdf", (1, 1))))])
    assert (score.files, score.labelled, score.predicted, score.matched) == (1, 1, 2, 0)
    assert score.disagreements[0].labelled == (None,)


def test_a_dossier_without_prediction_misses_its_pile():
    score = boundaries([(_truth("pile.pdf#p1-1", "pile.pdf#p2-2", "seul.pdf"), None)])
    assert (score.files, score.labelled, score.predicted, score.matched) == (1, 2, 0, 0)
    assert score.precision is None and score.recall == 0.0


def test_nothing_split_gives_no_figure(tmp_path: Path):
    score = boundaries([(_truth("seul.pdf"), _pred(("seul.pdf", (1, 1))))])
    assert score.files == 0 and score.f1 is None


def test_evaluate_set_reports_boundaries_in_json_and_html(tmp_path: Path):
    truth = _truth("pile.pdf#p1-1", "pile.pdf#p3-4")
    set_dir = write_set(tmp_path, [truth], renderings=None)
    pred_dir = write_predictions(tmp_path, [_pred(("pile.pdf#p1-1", (1, 1)), ("pile.pdf#p3-3", (3, 3)))])
    result = evaluate_set(set_dir, pred_dir)
    assert (result.boundaries.matched, result.boundaries.labelled, result.boundaries.predicted) == (1, 2, 2)
    assert result.boundaries.f1 == 0.5
    assert '"boundaries"' in result.model_dump_json()
    html = render_evaluation_html(result)
    assert "Document boundaries" in html and "3-4" in html and "3-3" in html
    console = Console(record=True, width=100, color_system=None)
    print_evaluation(result, console)
    assert "Document boundaries over 1 split files: P 0.500, R 0.500, F1 0.500" in console.export_text()
