"""`aes evaluate`'s scorer on hand-made labelled sets and predictions written with the models."""

import json
import tempfile
from datetime import date
from pathlib import Path

import pytest

from models.document import DocumentRecord
from models.dossier import Dossier
from models.truth import TruthDossier
from pipelines.evaluation.evaluate import FIELDS, EvaluationError, dossier_from_truth, evaluate_set

TRUTH = TruthDossier.model_validate({
    "dossier_id": "A0001",
    "application_date": "2025-06-02",
    "documents": {
        "scans/bulletin_2019_03.pdf": {
            "doc_type": "payslip", "issue_date": "2019-03-31",
            "period_start": "2019-03-01", "period_end": "2019-03-31",
        },
        "arrete.pdf": {
            "doc_type": "oqtf_decision", "issue_date": "2021-03-12",
            "oqtf": {"decision_date": "2021-03-12", "notification_date": None},
            "return_ban": {"duration_months": 24},
        },
        "scans/oqtf_2023.jpg": {
            "doc_type": "oqtf_decision", "issue_date": "2023-05-02",
            "oqtf": {"decision_date": "2023-05-02", "notification_date": "2023-05-09"},
        },
        "pile.pdf#p2-3": {"doc_type": "language_certificate", "issue_date": "2024-01-29",
                          "language": {"kind": "TCF", "level": "B1"}},
        "contrat.pdf": {"doc_type": "republican_contract", "issue_date": None, "contract": {"signed": True}},
    },
})
RENDERINGS = {"A0001": {
    "scans/bulletin_2019_03.pdf": {"rendering": "scan"},
    "arrete.pdf": {"rendering": "text_layer"},
    "scans/oqtf_2023.jpg": {"rendering": "scan"},
    "pile.pdf": {"rendering": "scan"},
    "contrat.pdf": {"rendering": "text_layer"},
}}


def write_set(root: Path, truths: list[TruthDossier], renderings: dict | None = RENDERINGS) -> Path:
    set_dir = root / "set"
    (set_dir / "truth").mkdir(parents=True)
    for truth in truths:
        (set_dir / "dossiers" / truth.dossier_id).mkdir(parents=True)
        (set_dir / "truth" / f"{truth.dossier_id}.json").write_text(truth.model_dump_json(indent=2))
    if renderings is not None:
        (set_dir / "renderings.json").write_text(json.dumps(renderings))
    return set_dir


def write_predictions(root: Path, dossiers: list[Dossier]) -> Path:
    pred_dir = root / "pred"
    pred_dir.mkdir()
    for dossier in dossiers:
        (pred_dir / dossier.dossier_id).mkdir()
        (pred_dir / dossier.dossier_id / "dossier.json").write_text(dossier.to_json())
    return pred_dir


def edit(dossier: Dossier, file: str, **changes) -> Dossier:
    """The dossier with one document's fields replaced (a value is a date/int/... or None)."""
    documents = []
    for record in dossier.documents:
        if record.file == file:
            data = record.model_dump()
            for path, value in changes.items():
                group, _, leaf = path.rpartition("__")
                holder = data.setdefault(group, {}) if group else data
                holder[leaf] = None if value is None else {
                    "value": value, "confidence": 0.8, "provenance": {"page": 1, "source": "ocr"}}
            record = DocumentRecord.model_validate(data)
        documents.append(record)
    return dossier.model_copy(update={"documents": tuple(documents)})


def score(tmp_path: Path, predictions: list[Dossier], renderings: dict | None = RENDERINGS):
    """Evaluate the predictions against TRUTH, in a fresh folder so a test may score several."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    return evaluate_set(write_set(root, [TRUTH], renderings), write_predictions(root, predictions))


def test_perfect_prediction_scores_one_on_every_field(tmp_path):
    result = score(tmp_path, [dossier_from_truth(TRUTH)])
    for name in FIELDS:
        field = result.scores.fields[name]
        assert (field.precision, field.recall, field.f1) == (1.0, 1.0, 1.0), name
        assert field.fp == field.fn == 0
    # doc_type 5, issue_date 4 (one is null), decision and notification 2 and 1, one of each other
    assert result.scores.overall.tp == 17
    assert result.counts.documents_matched == 5 and not result.missed_documents and not result.extra_documents
    assert result.errors == ()
    assert result.confusion["payslip"] == {"payslip": 1}
    # the text-layer/scan split comes from renderings.json, stack parts looked up by their file
    assert result.rendering_source == "renderings.json"
    assert result.by_rendering["scan"].fields["language.kind"].tp == 1
    assert result.by_rendering["text_layer"].fields["contract.signed"].tp == 1
    assert (result.by_rendering["scan"].overall.tp, result.by_rendering["text_layer"].overall.tp) == (11, 6)


def test_missed_document_counts_its_labelled_fields_as_false_negatives(tmp_path):
    truth_dossier = dossier_from_truth(TRUTH)
    kept = tuple(d for d in truth_dossier.documents if d.file != "arrete.pdf")
    result = score(tmp_path, [truth_dossier.model_copy(update={"documents": kept})])
    fields = result.scores.fields
    assert [(r.file, r.doc_type) for r in result.missed_documents] == [("arrete.pdf", "oqtf_decision")]
    assert (fields["oqtf.decision_date"].tp, fields["oqtf.decision_date"].fn) == (1, 1)
    assert fields["return_ban.duration_months"].recall == 0.0
    assert (fields["doc_type"].tp, fields["doc_type"].fn) == (4, 1)
    # the labelled null notification date of a document nobody read is not a correct abstention
    assert fields["oqtf.notification_date"].tn == 0
    assert result.confusion["oqtf_decision"] == {"oqtf_decision": 1, "(none)": 1}


def test_dossier_without_prediction_misses_every_labelled_field(tmp_path):
    result = score(tmp_path, [])
    assert result.missed_dossiers == ("A0001",)
    assert result.scores.overall.tp == 0 and result.scores.overall.fn == 17
    assert result.scores.overall.recall == 0.0 and result.scores.overall.precision is None


def test_value_the_label_lacks_is_a_false_positive(tmp_path):
    # the label of the OQTF decision has no period; a predicted one is a false positive only
    pred = edit(dossier_from_truth(TRUTH), "arrete.pdf",
                period_start=date(2021, 3, 1), period_end=date(2021, 3, 31))
    result = score(tmp_path, [pred])
    period = result.scores.fields["period"]
    assert (period.tp, period.fp, period.fn) == (1, 1, 0)
    assert period.precision == 0.5 and period.recall == 1.0
    [error] = result.errors
    assert (error.kind, error.field, error.label, error.predicted) == (
        "spurious", "period", None, "2021-03-01 → 2021-03-31")


def test_wrong_date_is_a_false_positive_and_a_false_negative(tmp_path):
    pred = edit(dossier_from_truth(TRUTH), "scans/bulletin_2019_03.pdf", issue_date=date(2019, 3, 30))
    result = score(tmp_path, [pred])
    issue = result.scores.fields["issue_date"]
    assert (issue.tp, issue.fp, issue.fn) == (3, 1, 1)
    assert result.by_rendering["scan"].fields["issue_date"].fp == 1
    assert result.by_rendering["text_layer"].fields["issue_date"].fp == 0
    assert [(e.kind, e.label, e.predicted) for e in result.errors] == [("wrong", "2019-03-31", "2019-03-30")]


def test_null_label_not_predicted_is_a_true_negative(tmp_path):
    result = score(tmp_path, [dossier_from_truth(TRUTH)])
    notification = result.scores.fields["oqtf.notification_date"]
    assert (notification.tp, notification.fp, notification.fn, notification.tn) == (1, 0, 0, 1)
    # contrat.pdf: issue_date null; four documents have no period; nothing applies to the rest
    assert result.scores.fields["issue_date"].tn == 1
    assert result.scores.fields["period"].tn == 4
    assert result.scores.fields["language.level"].tn == 0

    pred = edit(dossier_from_truth(TRUTH), "arrete.pdf", oqtf__notification_date=date(2021, 3, 15))
    notification = score(tmp_path, [pred]).scores.fields["oqtf.notification_date"]
    assert (notification.tp, notification.fp, notification.tn) == (1, 1, 0)


def test_period_needs_both_ends(tmp_path):
    pred = edit(dossier_from_truth(TRUTH), "scans/bulletin_2019_03.pdf", period_end=None)
    period = score(tmp_path, [pred]).scores.fields["period"]
    assert (period.tp, period.fp, period.fn) == (0, 1, 1)

    wrong_end = edit(dossier_from_truth(TRUTH), "scans/bulletin_2019_03.pdf", period_end=date(2019, 3, 30))
    period = score(tmp_path, [wrong_end]).scores.fields["period"]
    assert (period.tp, period.fp, period.fn) == (0, 1, 1)


def test_extra_documents_are_false_positives_and_split_by_reading_without_renderings(tmp_path):
    truth_dossier = dossier_from_truth(TRUTH)
    stray = DocumentRecord.model_validate({
        "file": "notes.jpg", "pages": (1, 1), "sha256": "x", "reading": "ocr",
        "doc_type": {"value": "medical", "confidence": 0.6, "provenance": {"page": 1, "source": "ocr"}},
    })
    pred = truth_dossier.model_copy(update={"documents": (*truth_dossier.documents, stray)})
    result = score(tmp_path, [pred], renderings=None)
    assert [(r.file, r.doc_type) for r in result.extra_documents] == [("notes.jpg", "medical")]
    assert result.scores.fields["doc_type"].fp == 1
    assert result.confusion["(none)"] == {"medical": 1}
    # without renderings.json the split follows each prediction's reading: ocr is a scan
    assert result.rendering_source == "prediction reading"
    assert result.by_rendering["scan"].fields["doc_type"].fp == 1
    assert result.by_rendering["text_layer"].overall.tp == 17


def test_invalid_prediction_is_missing_and_warned(tmp_path):
    set_dir = write_set(tmp_path, [TRUTH])
    (tmp_path / "pred" / "A0001").mkdir(parents=True)
    (tmp_path / "pred" / "A0001" / "dossier.json").write_text('{"schema": "aes-dossier/1"}')
    result = evaluate_set(set_dir, tmp_path / "pred")
    assert result.missed_dossiers == ("A0001",)
    assert any("not a valid aes-dossier/1" in warning for warning in result.warnings)


def test_a_folder_without_labels_is_refused(tmp_path):
    (tmp_path / "pred").mkdir()
    with pytest.raises(EvaluationError, match="no truth/ folder"):
        evaluate_set(tmp_path, tmp_path / "pred")


def test_dossier_from_truth_keeps_every_fact_with_certainty():
    dossier = dossier_from_truth(TRUTH)
    assert dossier.application_date == date(2025, 6, 2)
    records = {record.file: record for record in dossier.documents}
    assert records["pile.pdf#p2-3"].pages == (2, 3)
    assert records["pile.pdf#p2-3"].language.level.provenance.page == 2
    assert records["arrete.pdf"].oqtf.notification_date is None
    assert records["arrete.pdf"].return_ban.duration_months.value == 24
    fact = records["scans/bulletin_2019_03.pdf"].period_end
    assert (fact.value, fact.confidence, fact.provenance.source, fact.provenance.method) == (
        date(2019, 3, 31), 1.0, "derived", "truth")
    # round-trips through the dossier JSON contract
    assert Dossier.model_validate_json(dossier.to_json()) == dossier
