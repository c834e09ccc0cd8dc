"""Corrections that teach: reviewers' judgements as calibration points, and the tables refit on them."""

from datetime import date

from test_review_support import make_dossier, setup
from typer.testing import CliRunner

from extractor.facts.calibration import CalibrationTable, CalibrationTables
from pipelines.cli import app
from pipelines.evaluation.fit_calibration import MIN_SAMPLES, refit_tables
from review.corrections import Change, apply_change, as_edit_list, confirm_fact
from review.document_edits import last_action, undo
from review.review_outcomes import reviewed_outcomes
from review.store import Store


def _judge(store: Store, version: int, edit) -> int:
    return store.commit("R0001", version, "alice", "relu", edit).version


def test_confirmed_is_right_corrected_or_rejected_is_wrong_and_an_undo_takes_a_judgement_back(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"))
    store = Store(db_path)
    store.load(out)
    v = _judge(store, 1, lambda d: as_edit_list(confirm_fact(d, "tcf.pdf", "language.level")))
    v = _judge(store, v, lambda d: as_edit_list(apply_change(d, Change("tcf.pdf", "issue_date", "2024-09-16", "r"))))
    v = _judge(store, v, lambda d: as_edit_list(apply_change(d, Change("pile.pdf#p2-3", "contract.signed", None, "r"))))
    v = _judge(store, v, lambda d: as_edit_list(confirm_fact(d, "tcf.pdf", "language.kind")))
    v = _judge(store, v, lambda d: undo(d, last_action(store.audit("R0001")), "alice"))  # the TCF kind, taken back
    # A second judgement of a reading already judged says nothing more of the reader.
    _judge(store, v, lambda d: as_edit_list(apply_change(d, Change("tcf.pdf", "issue_date", "2024-09-17", "r"))))
    assert sorted(reviewed_outcomes(db_path)) == [
        ("contract.signed", 0.95, False), ("issue_date", 0.6, False), ("language.level", 0.93, True),
    ]
    assert store.get("R0001").dossier.documents[0].issue_date.value == date(2024, 9, 17)


def test_a_refit_applies_the_reviewers_correction_after_the_table_in_use():
    current = CalibrationTables(fitted_on="s1", tables={
        "issue_date": CalibrationTable(raw=(0.2, 0.6, 1.0), calibrated=(0.3, 0.9, 0.95), samples=100),
    })
    # Served at 0.9, right only half the time; served at 0.3, never.
    points = [("issue_date", 0.9, i % 2 == 0) for i in range(40)] + [("issue_date", 0.3, False)] * 20
    points += [("period", 0.8, True)] * (MIN_SAMPLES - 1)  # too few: no table made
    tables = refit_tables(current, points, fitted_on="60 reviewed values")
    table = tables.tables["issue_date"]
    assert table.raw == (0.2, 0.6, 1.0) and table.samples == 160
    # 0.9 was half right, 0.3 never: each moved towards that, against 20 values as served.
    assert 0.6 < table.calibrated[1] < 0.65 and table.calibrated[0] <= 0.16
    assert list(table.calibrated) == sorted(table.calibrated)
    assert "period" not in tables.tables and tables.fitted_on == "s1 + 60 reviewed values"


def test_aes_calibrate_from_reviews_writes_the_tables(tmp_path):
    out, db_path = setup(tmp_path, make_dossier("R0001"))
    store = Store(db_path)
    store.load(out)
    _judge(store, 1, lambda d: as_edit_list(confirm_fact(d, "tcf.pdf", "language.level")))
    output = tmp_path / "tables.json"
    result = CliRunner().invoke(app, ["calibrate", "--from-reviews", str(out), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "1 valeur(s) relue(s)" in result.output
    assert CalibrationTables.model_validate_json(output.read_bytes()).fitted_on.endswith("1 reviewed values")
    missing = CliRunner().invoke(app, ["calibrate", "--from-reviews", str(tmp_path), "--output", str(output)])
    assert missing.exit_code == 2 and "review.db" in missing.output


def test_a_reviewed_dossier_exported_as_truth_scores_the_reading_it_corrected(tmp_path):
    """`aes review export --as-truth` feeds `aes evaluate`: the reading scored against the reviewers' word."""
    from pipelines.evaluation.evaluate import evaluate_set
    from review.cli import review_app
    from review.corrections import confirm_document

    out, db_path = setup(tmp_path, make_dossier("R0001"))
    store = Store(db_path)
    store.load(out)
    v = _judge(store, 1, lambda d: as_edit_list(apply_change(d, Change("tcf.pdf", "issue_date", "2024-09-16", "r"))))
    for doc in ("tcf.pdf", "pile.pdf#p2-3"):
        v = _judge(store, v, lambda d, doc=doc: confirm_document(d, doc))
    exported = tmp_path / "reviewed"
    result = CliRunner().invoke(review_app, ["export", str(exported), "--db", str(db_path), "--as-truth"])
    assert result.exit_code == 0, result.output
    scores = evaluate_set(exported, out).scores  # out: the reading as the pipeline wrote it
    assert scores.fields["issue_date"].f1 < 1.0  # the TCF's date the reviewer corrected
    assert scores.fields["doc_type"].f1 == 1.0
