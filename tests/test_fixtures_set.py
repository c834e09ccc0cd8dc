"""A generated set: files and truth match one to one, scans are images, same seed same bytes."""

import hashlib
import json
import re
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from test_fixtures_templates import shows_date, shows_period

from fixtures.check import check_set, describe_set
from fixtures.generate import generate_dossier, generate_set
from models.document import DocType
from models.truth import TruthDossier

SEED = 11
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def set_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("set")
    generate_set(out, seed=SEED, dossiers=3, stacks=True)
    return out


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _entries(set_dir: Path):
    renderings = json.loads((set_dir / "renderings.json").read_text(encoding="utf-8"))
    for truth_path in sorted((set_dir / "truth").glob("*.json")):
        truth = TruthDossier.model_validate_json(truth_path.read_text(encoding="utf-8"))
        texts = json.loads((set_dir / "page_text" / truth_path.name).read_text(encoding="utf-8"))
        for key, doc in truth.documents.items():
            path = set_dir / "dossiers" / truth.dossier_id / key.split("#p")[0]
            yield path, doc, renderings[truth.dossier_id][key], texts[key]


def test_check_set_finds_no_problem(set_dir):
    assert check_set(set_dir) == []
    figures = describe_set(set_dir)
    assert figures[0].startswith("3 dossiers") and any(line.startswith("scans: ") for line in figures)


def test_check_set_notices_a_stray_file_and_a_lost_one(set_dir, tmp_path):
    copy = tmp_path / "copy"
    for path in set_dir.rglob("*"):
        if path.is_file():
            (copy / path.relative_to(set_dir)).parent.mkdir(parents=True, exist_ok=True)
            (copy / path.relative_to(set_dir)).write_bytes(path.read_bytes())
    (copy / "dossiers" / "D0001" / "stray.pdf").write_bytes(b"%PDF-1.4")
    lost = next(p for p in (copy / "dossiers" / "D0002").rglob("*") if p.is_file() and p.name != "meta.json")
    lost.unlink()
    (copy / "page_text" / "D0003.json").write_text("{}", encoding="utf-8")
    found = check_set(copy)
    assert any("stray.pdf has no truth entry" in line for line in found)
    assert any(line.startswith("D0002: truth entry") and "has no file" in line for line in found)
    assert any(line.startswith("D0003: ") and "missing from page_text" in line for line in found)


def test_every_file_has_one_truth_entry_and_iso_dates(set_dir):
    for truth_path in sorted((set_dir / "truth").glob("*.json")):
        raw = json.loads(truth_path.read_text(encoding="utf-8"))
        assert raw["format"] == "aes-truth/1"
        folder = set_dir / "dossiers" / raw["dossier_id"]
        files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"meta.json"}
        assert files == {key.split("#p")[0] for key in raw["documents"]}
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        assert meta["application_date"] == raw["application_date"] and meta["applicant"]
        for doc in raw["documents"].values():
            assert doc["doc_type"] in {t.value for t in DocType}
            for field in ("issue_date", "period_start", "period_end"):
                assert doc.get(field) is None or ISO.match(doc[field])
            for value in (doc.get("oqtf") or {}).values():
                assert value is None or ISO.match(value)


def test_scans_are_images_without_text(set_dir):
    scans = stacked = 0
    for path, _, rendering, texts in _entries(set_dir):
        if rendering["rendering"] != "scan":
            continue
        scans += 1
        stacked += len(rendering["degradation"]["pages"]) != _pages(path)
        assert len(rendering["degradation"]["pages"]) == len(texts)
        if rendering["format"] == "pdf":
            with pdfplumber.open(path) as pdf:
                assert all(not page.chars and page.images for page in pdf.pages)
        else:
            with Image.open(path) as im:
                assert im.format.lower() == rendering["format"]
    assert scans > 0 and stacked > 0


def _pages(path: Path) -> int:
    if path.suffix.lower() == ".pdf":
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


def test_text_layer_pdfs_show_their_labelled_dates(set_dir):
    checked = 0
    for path, doc, rendering, texts in _entries(set_dir):
        if rendering["rendering"] != "text_layer":
            continue
        if doc.two_d_doc is not None and doc.two_d_doc.altered == "print":
            continue  # altered after signing on purpose: the label is the genuine date, the print another
        with pdfplumber.open(path) as pdf:
            layer = "\n".join(page.extract_text() or "" for page in pdf.pages)
            assert len(pdf.pages) == len(texts)
        if doc.issue_date:
            assert shows_date(layer, doc.issue_date), path
        if doc.period_start:
            assert shows_period(layer, doc.period_start, doc.period_end), path
        checked += 1
    assert checked > 0


def test_oqtf_decisions_have_two_to_five_pages(set_dir):
    decisions = [texts for _, doc, _, texts in _entries(set_dir) if doc.doc_type == DocType.oqtf_decision]
    assert decisions  # the third scenario holds one
    assert all(2 <= len(texts) <= 5 for texts in decisions)


def test_same_seed_same_bytes(set_dir, tmp_path):
    for sub in ("dossiers", "truth", "page_text"):
        (tmp_path / sub).mkdir()
    generate_dossier(tmp_path, SEED, 1, stacks=True)
    assert _files(tmp_path / "dossiers" / "D0002") == _files(set_dir / "dossiers" / "D0002")
    assert (tmp_path / "truth" / "D0002.json").read_bytes() == (set_dir / "truth" / "D0002.json").read_bytes()
    assert (tmp_path / "page_text" / "D0002.json").read_bytes() == (set_dir / "page_text" / "D0002.json").read_bytes()
