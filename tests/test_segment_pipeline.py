"""A pile in a batch: one file gives several documents, the manifest still one line per file."""

import json
import shutil

import pytest
from pile_support import drawn_dossier, text_pile
from sample_paths import SAMPLE

from models.dossier import Dossier
from models.text import DocumentText
from pipelines.batch.executors import SerialExecutor
from pipelines.batch.process import BatchOptions, process_batch


def _provenance_pages(value) -> list[int]:
    if isinstance(value, dict):
        own = [value["provenance"]["page"]] if "provenance" in value else []
        return own + [page for item in value.values() for page in _provenance_pages(item)]
    return []


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("batch")
    documents, _ = drawn_dossier(8)  # a three-page decision with its notification, then papers of one page
    spans = text_pile(root / "in" / "A0001" / "lot scanné.pdf", documents[:6])
    shutil.copy(SAMPLE / "dossiers" / "D0001" / "facture box.pdf", root / "in" / "A0001" / "facture box.pdf")
    (root / "in" / "A0001" / "meta.json").write_text(json.dumps({"application_date": "2025-06-02"}))
    result = process_batch(root / "in", root / "out", BatchOptions(jobs=1), executor=SerialExecutor())
    return root, spans, result


def test_the_manifest_has_one_line_per_input_file(batch):
    root, spans, result = batch
    lines = (root / "out" / "manifest.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["path"] for line in lines) == ["A0001/facture box.pdf", "A0001/lot scanné.pdf"]
    pile = next(json.loads(line) for line in lines if "lot" in line)
    assert pile["status"] == "ok" and pile["pages"] == spans[-1][1]


def test_each_document_of_the_pile_is_named_by_its_pages_and_its_facts_point_at_the_file_pages(batch):
    root, spans, _ = batch
    dossier = Dossier.model_validate_json((root / "out" / "A0001" / "dossier.json").read_bytes())
    files = [d.file for d in dossier.documents]
    assert files == ["facture box.pdf"] + [f"lot scanné.pdf#p{a}-{b}" for a, b in spans]
    raw = json.loads((root / "out" / "A0001" / "dossier.json").read_text())
    for document, record in zip(raw["documents"][1:], dossier.documents[1:], strict=True):
        first, last = record.pages
        assert all(first <= page <= last for page in _provenance_pages(document))
    decision = dossier.documents[1]
    assert decision.doc_type.value == "oqtf_decision" and decision.pages == spans[0] and decision.oqtf.decision_date


def test_the_words_of_the_pile_are_kept_beside_its_pictures_for_reviewers(batch):
    root, spans, _ = batch
    dossier = Dossier.model_validate_json((root / "out" / "A0001" / "dossier.json").read_bytes())
    pile = dossier.documents[1].sha256[:16]
    pages = root / "out" / "A0001" / "pages"
    words = DocumentText.model_validate_json((pages / f"{pile}-words.json").read_bytes())
    assert len(words.pages) == spans[-1][1] == len(list(pages.glob(f"{pile}-p*.jpg")))
    assert not list(pages.glob(f"{dossier.documents[0].sha256[:16]}-words.json"))  # one page: nothing to split


def test_a_pile_renamed_is_taken_from_the_cache_with_its_parts_renamed(batch):
    root, spans, first = batch
    (root / "in" / "A0001" / "lot scanné.pdf").rename(root / "in" / "A0001" / "pile.pdf")
    again = process_batch(root / "in", root / "out", BatchOptions(jobs=1), executor=SerialExecutor())
    assert again.read == 0
    [dossier] = again.dossiers
    assert [d.file for d in dossier.documents][1:] == [f"pile.pdf#p{a}-{b}" for a, b in spans]
    assert len(again.manifest) == 2
