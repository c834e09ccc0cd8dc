"""The bulk machinery's parts on real files, no OCR: atomic writes, the output lock, content hashes
remembered by file signature, the document cache and its pictures, and the CLI's documented limits."""

import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sample_paths import ROOT

from extractor.reading.read import ReadOptions
from pipelines import cli
from pipelines.batch.events import DocumentDone, event_json
from pipelines.batch.executors import Limits
from pipelines.batch.work import DocumentOutcome, WorkResult
from pipelines.store.atomic import OutputBusy, link_or_copy, output_lock, sweep_temporaries, write_text
from pipelines.store.cache import DocumentCache
from pipelines.store.file_hashes import FileIndex, sha256_of


def test_a_killed_writer_leaves_only_a_hidden_temporary_that_the_next_run_sweeps(tmp_path: Path) -> None:
    write_text(tmp_path / "A1" / "dossier.json", "{}")
    leftover = tmp_path / "A1" / ".dossier.json.k3j2.tmp"  # what a SIGKILL between write and rename leaves
    leftover.write_text('{"half')
    assert sweep_temporaries(tmp_path) == 1 and not leftover.exists()
    assert (tmp_path / "A1" / "dossier.json").read_text() == "{}"
    link_or_copy(tmp_path / "A1" / "dossier.json", tmp_path / "B" / "copy.json")
    assert (tmp_path / "B" / "copy.json").read_text() == "{}"
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []


def test_one_run_at_a_time_writes_to_an_output_folder(tmp_path: Path) -> None:
    holder = "import sys, time; from pathlib import Path; from pipelines.store.atomic import output_lock\n" \
             "with output_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)\n"
    other = subprocess.Popen([sys.executable, "-c", holder, str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert other.stdout.readline().strip() == "held"
        with pytest.raises(OutputBusy), output_lock(tmp_path):
            pass
    finally:
        other.kill()
        other.wait()
    with output_lock(tmp_path), output_lock(tmp_path):  # free again once its holder is gone; re-entrant
        pass


def test_an_unchanged_file_is_not_hashed_again_and_a_replaced_one_is(tmp_path: Path) -> None:
    document = tmp_path / "doc.pdf"
    document.write_bytes(b"%PDF-1.4 first")
    index = FileIndex(tmp_path / "cache")
    first = index.sha256(document)
    index.save()
    again = FileIndex(tmp_path / "cache")
    assert again.sha256(document) == first and not again.changed
    stat = document.stat()
    document.write_bytes(b"%PDF-1.4 other")  # same size, and the modification time put back
    os.utime(document, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert again.sha256(document) == sha256_of(document) != first


def _result(sha256: str, pictures: dict[int, bytes]) -> WorkResult:
    outcome = DocumentOutcome(file="x.pdf", sha256=sha256, pages=len(pictures), seconds=1.5)
    return WorkResult(outcome.model_dump_json(), pictures, words='{"words": "read"}', cacheable=True)


def test_a_cache_entry_is_taken_only_with_all_its_pictures(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path, "v1", "w1")
    sha256 = "ab" * 32
    assert cache.lookup(sha256, "a.pdf") is None and cache.kept_words(sha256) is None
    stored = cache.store(sha256, _result(sha256, {1: b"jpeg-1", 2: b"jpeg-2"}))
    hit = cache.lookup(sha256, "renamed/b.pdf")
    assert hit is not None and hit.outcome.file == "renamed/b.pdf" and hit.outcome.cached
    assert hit.pictures == stored.pictures and hit.pictures[2].read_bytes() == b"jpeg-2"
    assert hit.words is not None and hit.words.read_text() == '{"words": "read"}'
    # New extraction rules, same reading code: the facts are extracted again from the kept words.
    rules_changed = DocumentCache(tmp_path, "v2", "w1")
    assert rules_changed.lookup(sha256, "a.pdf") is None and rules_changed.kept_words(sha256) == hit.pictures[1].parent
    assert DocumentCache(tmp_path, "v3", "w2").kept_words(sha256) is None, "another reading code: OCR again"
    hit.pictures[2].unlink()
    assert cache.lookup(sha256, "b.pdf") is None, "a picture is missing: read the document again"
    assert rules_changed.kept_words(sha256) is None
    (tmp_path / f"{sha256}-v1.json").write_text('{"outcome": "{\\"half')
    assert cache.lookup(sha256, "a.pdf") is None


def test_events_hold_no_names_and_stable_keys() -> None:
    line = json.loads(event_json(DocumentDone("ab" * 32, 3, "failed", 2, 1.23456, "the PDF is damaged")))
    assert line["event"] == "document_done" and line["dossier"] == 3 and line["seconds"] == 1.235
    assert set(line) == {"event", "at", "sha256", "dossier", "status", "pages", "seconds", "error"}


def test_the_cli_defaults_are_the_librarys_and_the_readme_lists_every_exit_code() -> None:
    process = inspect.signature(cli.process).parameters
    watch = inspect.signature(cli.watch).parameters
    limits, read = Limits(), ReadOptions()
    expected = {
        "doc_timeout": limits.document_timeout_s, "page_timeout": read.page_timeout_s, "max_pages": read.max_pages,
        "max_pixels": read.max_pixels, "max_worker_memory": limits.max_worker_rss // (1024 * 1024),
    }
    for name, value in expected.items():
        assert process[name].default == value and watch[name].default == value, name
    readme = (ROOT / "README.md").read_text()
    for code in re.findall(r"(\d+) [a-zA-Z]", cli.__doc__.split("exit codes here, and only here:")[1]):
        assert f" {code} " in readme.split("Exit codes:")[1].split("###")[0], code
    for option in ("--doc-timeout", "--page-timeout", "--max-pages", "--max-pixels", "--max-worker-memory",
                   "--scheduler", "--log-json", "--interval", "--settle", "dask scheduler", "dask worker"):
        assert option in readme, option


def test_the_batch_loads_no_nlp_model_until_a_document_is_read() -> None:
    """A run with nothing new must not pay for spaCy: only workers reading documents load it."""
    probe = "import sys, pipelines.batch.process, pipelines.batch.console, pipelines.batch.watch; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False", "a module imported by the batch imports spaCy (extractor.facts.cues)"
