"""A long document's pages are read on the cores no other document needs (the end of a batch, a single
big pile), with the same words and pictures as when read one page after another."""

import threading
from pathlib import Path

from test_bulk_support import long_scan

from extractor.reading.read import ReadOptions, read_document
from pipelines.batch.executors import Limits
from pipelines.batch.pool import ProcessExecutor
from pipelines.batch.work import DocumentJob, LentCores
from pipelines.store.file_hashes import sha256_of


def test_pages_read_on_a_lent_core_are_the_pages_read_in_order(tmp_path: Path) -> None:
    scan = long_scan(tmp_path / "pile.tif", pages=4)
    alone: dict[int, object] = {}
    helped: dict[int, object] = {}
    one_after_another = read_document(scan, scan.name, ReadOptions(), alone.__setitem__)
    lent = LentCores(threading.Semaphore(1))
    with_help = read_document(scan, scan.name, ReadOptions(), helped.__setitem__, lent)
    assert lent.pages >= 1  # the one spare core read some of the pages
    assert with_help == one_after_another
    assert [page.number for page in with_help.pages] == [1, 2, 3, 4]
    assert sorted(helped) == sorted(alone) == [1, 2, 3, 4]
    assert all(helped[n].tobytes() == alone[n].tobytes() for n in alone)


def test_a_single_long_document_borrows_the_idle_worker_s_core(tmp_path: Path) -> None:
    scan = long_scan(tmp_path / "pile.tif", pages=4)
    executor = ProcessExecutor(2, Limits())
    lent = []
    try:
        for _ in range(2):  # the cores lent in one run are taken back, and lent again in the next (aes watch)
            ((_, result),) = list(executor.run([DocumentJob(scan, scan.name, sha256_of(scan))]))
            assert result.outcome.error is None and result.outcome.pages == 4
            lent.append(executor.stats.pages_on_lent_cores)
    finally:
        executor.close()
    assert 1 <= lent[0] < lent[1]
