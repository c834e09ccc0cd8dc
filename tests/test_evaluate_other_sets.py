"""Sets made by other hands: another generator's rendering.json, and real papers labelled file by file."""

import json
from datetime import date
from pathlib import Path

import pytest
from sample_paths import SAMPLE

from models.errors import AesError
from pipelines.batch.discover import discover
from pipelines.evaluation.labelled_files import is_labelled_files, labelled_set
from pipelines.evaluation.sets import load_renderings, load_truths


def test_another_generators_record_of_how_each_paper_was_made_splits_text_from_scans(tmp_path: Path) -> None:
    (tmp_path / "rendering.json").write_text(json.dumps({"H01": {
        "releve.pdf": {"made": "text", "template": "bank_classic"},
        "quittance.jpg": {"made": "photo", "profile": "photo"},
        "pile.pdf": {"made": "scan", "page_map": ["pile.pdf#p1-1", "blank back"]},
    }}))
    assert load_renderings(tmp_path) == {"H01": {
        "releve.pdf": {"rendering": "text_layer"}, "quittance.jpg": {"rendering": "scan"}, "pile.pdf": {"rendering": "scan"},
    }}


def test_real_papers_labelled_file_by_file_become_a_labelled_set_of_one_dossier_each(tmp_path: Path) -> None:
    papers = tmp_path / "real"
    papers.mkdir()
    pdf = next((SAMPLE / "dossiers").rglob("*.pdf"))
    (papers / "facture.pdf").write_bytes(pdf.read_bytes())
    (papers / "labels.json").write_text(json.dumps({"facture.pdf": {
        "doc_type": "utility_bill", "issue_date": "2022-03-02", "period_start": None, "period_end": None,
        "text_layer": True, "source": "somewhere", "license": "MIT", "notes": "read by a person",
    }}))
    assert is_labelled_files(papers)
    built = labelled_set(papers, tmp_path / "set", date(2026, 12, 3))
    [truth] = load_truths(built)
    assert truth.dossier_id == "facture" and truth.application_date == date(2026, 12, 3)
    assert truth.documents["facture.pdf"].issue_date == date(2022, 3, 2)
    assert (built / "dossiers" / "facture" / "facture.pdf").read_bytes() == pdf.read_bytes()
    # The batch reads the paper: a link out of the set's folder would be refused as leaving it.
    [dossier] = discover(built / "dossiers")
    assert dossier.files == ("facture.pdf",) and not dossier.skipped
    assert load_renderings(built) == {"facture": {"facture.pdf": {"rendering": "text_layer"}}}
    assert not is_labelled_files(built)


def test_a_label_for_a_file_that_is_not_there_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "labels.json").write_text(json.dumps({"absent.pdf": {"doc_type": "other", "text_layer": False}}))
    with pytest.raises(AesError, match="absent.pdf"):
        labelled_set(tmp_path, tmp_path / "set", date(2026, 12, 3))
