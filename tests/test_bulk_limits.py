"""Limits of the local worker pool on real documents: a document past its timeout is stopped (its
worker killed, Tesseract with it: it reads inside the worker) and the batch goes on; a worker killed
under a document is replaced and the document retried once, then recorded as failed; a worker grown
past its memory limit is recycled."""

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from test_bulk_support import long_scan, sample_documents

from extractor.reading.read import ReadOptions
from pipelines.batch.executors import Limits
from pipelines.batch.pool import ProcessExecutor
from pipelines.batch.process import CACHE_DIR, BatchOptions, process_batch
from pipelines.store.cache import DocumentCache
from pipelines.store.file_hashes import sha256_of
from pipelines.store.versions import reading_version, words_version

pytestmark = pytest.mark.slow


def test_a_document_past_its_timeout_is_stopped_and_the_batch_goes_on(tmp_path: Path) -> None:
    texts, _ = sample_documents()
    folder = tmp_path / "in" / "A1"
    folder.mkdir(parents=True)
    for n, text in enumerate(texts[:2]):
        (folder / f"texte{n}.pdf").write_bytes(text.read_bytes())
    slow = long_scan(folder / "pile.tif", pages=30)  # well past 5 s, even with a lent core
    # 1 MiB: every worker is over the memory limit after its first document, and is recycled.
    limits = Limits(document_timeout_s=5, max_worker_rss=1024 * 1024)
    result = process_batch(tmp_path / "in", tmp_path / "out", BatchOptions(jobs=2, limits=limits))
    status = {Path(e.path).name: (e.status, e.error) for e in result.manifest}
    assert status["texte0.pdf"] == ("ok", None) and status["texte1.pdf"] == ("ok", None)
    assert status["pile.tif"][0] == "failed" and "limit of 5 s" in status["pile.tif"][1]
    assert result.stats.workers_replaced >= 3  # two recycled, one killed
    # Kept: the next run under the same limit does not pay for it again; a run allowing more time does.
    cache = DocumentCache(tmp_path / "out" / CACHE_DIR, reading_version(ReadOptions()), words_version(ReadOptions()))
    same, more = {"document_timeout_s": 5.0}, {"document_timeout_s": 600.0}
    assert cache.lookup(sha256_of(slow), "pile.tif", same).outcome.error == status["pile.tif"][1]
    assert cache.lookup(sha256_of(slow), "pile.tif", more) is None
    assert cache.lookup(sha256_of(folder / "texte0.pdf"), "texte0.pdf", more) is not None


def test_a_worker_killed_under_a_document_is_replaced_and_the_document_retried_once(tmp_path: Path) -> None:
    texts, scan = sample_documents()
    folder = tmp_path / "in" / "A1"
    folder.mkdir(parents=True)
    (folder / "a_relu.png").write_bytes(scan.read_bytes())
    long_scan(folder / "b_perdu.tif", pages=1)
    (folder / "c_texte.pdf").write_bytes(texts[0].read_bytes())
    executor = ProcessExecutor(1, Limits())
    plan = {"a_relu.png": 1, "b_perdu.tif": 2}  # how many times to kill the worker under each document
    killed: list[int] = []
    stop = threading.Event()

    def killer() -> None:
        seen: dict[int, float] = {}
        while not stop.is_set():
            for pid, name in executor.running().items():
                seen.setdefault(pid, time.monotonic())
                if plan.get(name, 0) > 0 and pid not in killed and time.monotonic() - seen[pid] > 0.3:
                    plan[name] -= 1
                    killed.append(pid)
                    os.kill(pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
            time.sleep(0.05)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    try:
        result = process_batch(tmp_path / "in", tmp_path / "out", BatchOptions(jobs=1), executor=executor)
    finally:
        stop.set()
        executor.close()
    thread.join(5)
    status = {Path(e.path).name: (e.status, e.error) for e in result.manifest}
    assert len(killed) == 3 and plan == {"a_relu.png": 0, "b_perdu.tif": 0}
    assert status["a_relu.png"] == ("ok", None)
    assert status["c_texte.pdf"] == ("ok", None)
    assert status["b_perdu.tif"][0] == "failed"
    assert "SIGKILL" in status["b_perdu.tif"][1] and "2 tries" in status["b_perdu.tif"][1]
    assert result.stats.workers_replaced == 3
