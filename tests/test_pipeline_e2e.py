"""The bundled sample goes end to end: every file in the manifest once, a valid dossier.json with an
assessment and a report per dossier, and the CLI's contract (schema, exit codes, clear errors)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
from sample_paths import ROOT, SAMPLE

from models.dossier import Dossier
from pipelines.batch.process import BatchResult

AES = [sys.executable, "-m", "pipelines"]


def _sample_files() -> list[str]:
    root = SAMPLE / "dossiers"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "meta.json")


def test_every_sample_file_is_in_the_manifest_exactly_once(sample_run: BatchResult) -> None:
    lines = (sample_run.out_dir / "manifest.jsonl").read_text().splitlines()
    paths = [json.loads(line)["path"] for line in lines]
    assert sorted(paths) == _sample_files()
    assert all(json.loads(line)["status"] == "ok" for line in lines), lines


def test_each_dossier_validates_against_the_printed_schema_and_has_an_assessment(sample_run: BatchResult) -> None:
    schema = json.loads(subprocess.run([*AES, "schema"], capture_output=True, text=True, check=True).stdout)
    folders = sorted(p.name for p in (SAMPLE / "dossiers").iterdir() if p.is_dir())
    assert sorted(d.dossier_id for d in sample_run.dossiers) == folders
    for dossier_id in folders:
        raw = json.loads((sample_run.out_dir / dossier_id / "dossier.json").read_text())
        jsonschema.validate(raw, schema)
        dossier = Dossier.model_validate(raw)
        assert dossier.assessment and len(dossier.assessment.criteria) == 7
        assert Dossier.model_validate_json(dossier.to_json()) == dossier
        report = (sample_run.out_dir / dossier_id / "report.html").read_text()
        assert dossier_id in report and "<svg" in report


def test_the_summary_lists_every_dossier(sample_run: BatchResult) -> None:
    rows = (sample_run.out_dir / "summary.csv").read_text().splitlines()
    assert rows[0].startswith("dossier_id,application_date,republican_contract_status")
    assert len(rows) == 1 + len(sample_run.dossiers)


def test_every_value_has_a_box_on_its_page_holding_its_text(sample_run: BatchResult) -> None:
    for dossier in sample_run.dossiers:
        for document in dossier.documents:
            for name in ("issue_date", "period_start", "period_end"):
                value = getattr(document, name)
                if value is None or value.provenance.bbox is None:
                    continue
                x0, y0, x1, y1 = value.provenance.bbox
                assert 0 <= x0 < x1 and 0 <= y0 < y1 and value.provenance.text
                assert document.pages[0] <= value.provenance.page <= document.pages[1]


def test_extract_prints_one_documents_json() -> None:
    pdf = next(p for p in (SAMPLE / "dossiers").rglob("*") if p.suffix.lower() == ".pdf")
    done = subprocess.run([*AES, "extract", str(pdf)], capture_output=True, text=True, check=True)
    record = json.loads(done.stdout)
    assert record["file"] == pdf.name and record["doc_type"]["value"]


def test_a_missing_tesseract_is_a_clear_error_with_how_to_install_it(tmp_path: Path) -> None:
    python_only = tmp_path / "bin"
    python_only.mkdir()
    os.symlink(sys.executable, python_only / "python")
    env = {**os.environ, "PATH": str(python_only)}
    folder = tmp_path / "in" / "A1"
    folder.mkdir(parents=True)
    shutil.copy(next((SAMPLE / "dossiers").rglob("*.pdf")), folder / "doc.pdf")
    done = subprocess.run([*AES, "process", str(tmp_path / "in"), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 3
    assert "apt-get install tesseract-ocr tesseract-ocr-fra" in done.stderr
    assert "Traceback" not in done.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    done = subprocess.run([*AES, "process", str(tmp_path / "missing"), "--out", str(tmp_path)], capture_output=True)
    assert done.returncode == 2
