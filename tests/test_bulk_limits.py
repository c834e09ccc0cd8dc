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


def _signaller(executor: ProcessExecutor, plan: dict[str, list[int]]) -> tuple[threading.Thread, threading.Event, list[int]]:
    """A thread that signals a worker as soon as it is given a document of `plan` (document name -> the
    signals to send, one per worker given it): it is then under that document, whatever the machine's speed.
    Gives the thread, the event that stops it, and the workers signalled."""
    signalled: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for pid, name in executor.running().items():
                if plan.get(name) and pid not in signalled:
                    signalled.append(pid)
                    os.kill(pid, plan[name].pop(0))
            time.sleep(0.01)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread, stop, signalled


def test_a_document_past_its_timeout_is_stopped_and_the_batch_goes_on(tmp_path: Path) -> None:
    texts, _ = sample_documents()
    folder = tmp_path / "in" / "A1"
    folder.mkdir(parents=True)
    for n, text in enumerate(texts[:2]):
        (folder / f"texte{n}.pdf").write_bytes(text.read_bytes())
    slow = long_scan(folder / "pile.tif", pages=3)
    # 1 MiB: every worker is over the memory limit after its first document, and is recycled.
    limits = Limits(document_timeout_s=5, max_worker_rss=1024 * 1024)
    executor = ProcessExecutor(2, limits)
    # The worker given the pile is stopped (SIGSTOP) there, as a hung Tesseract would be: the pile is past
    # its timeout however fast the machine reads; the pool must kill it.
    thread, stop, stopped = _signaller(executor, {"pile.tif": [signal.SIGSTOP]})
    try:
        result = process_batch(tmp_path / "in", tmp_path / "out", BatchOptions(jobs=2, limits=limits), executor=executor)
    finally:
        stop.set()
        executor.close()
    thread.join(5)
    assert len(stopped) == 1
    status = {Path(e.path).name: (e.status, e.error) for e in result.manifest}
    assert status["texte0.pdf"] == ("ok", None) and status["texte1.pdf"] == ("ok", None)
    assert status["pile.tif"][0] == "failed" and "limite de 5 s" in status["pile.tif"][1]
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
    # Killed as the kernel's out-of-memory killer would: a_relu.png once, b_perdu.tif on both its tries.
    plan = {"a_relu.png": [signal.SIGKILL], "b_perdu.tif": [signal.SIGKILL, signal.SIGKILL]}
    thread, stop, killed = _signaller(executor, plan)
    try:
        result = process_batch(tmp_path / "in", tmp_path / "out", BatchOptions(jobs=1), executor=executor)
    finally:
        stop.set()
        executor.close()
    thread.join(5)
    status = {Path(e.path).name: (e.status, e.error) for e in result.manifest}
    assert len(killed) == 3 and plan == {"a_relu.png": [], "b_perdu.tif": []}
    assert status["a_relu.png"] == ("ok", None)
    assert status["c_texte.pdf"] == ("ok", None)
    assert status["b_perdu.tif"][0] == "failed"
    assert "SIGKILL" in status["b_perdu.tif"][1] and "2 essais" in status["b_perdu.tif"][1]
    assert result.stats.workers_replaced == 3
