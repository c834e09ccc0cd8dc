"""Local worker processes that outlive what documents do to them.

A worker stuck past the document timeout is killed (Tesseract reads inside it), and the document fails; a
worker that dies (segfault, the system's out-of-memory killer, os._exit) is replaced and its
document retried once; a worker whose memory has grown past the limit after a document is recycled.
concurrent.futures cannot do this: one dead worker breaks its whole pool, and a hung task cannot be
killed.
"""

import contextlib
import ctypes
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from extractor.reading.read import SpareCores
from models.errors import MISSING, AesError
from pipelines.batch.executors import ExecutorStats, Limits
from pipelines.batch.work import DocumentJob, WorkResult, failure

# Workers are forked from a fork server, not from the batch (which may hold threads: Dask, rich), and
# the server has loaded the NLP model once (pipelines.batch.preload): replacing a worker costs milliseconds.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["pipelines.batch.preload"])
_PR_SET_PDEATHSIG = 1
ATTEMPTS = 2
"""A document whose worker dies is tried once more on a fresh worker, then recorded as failed."""
STARTUP_FAILURES = 3


def _die_with_parent() -> None:
    """Asks Linux to kill this worker when its parent dies: the fork server, which itself ends when the
    batch dies, even by SIGKILL. No orphan reads on."""
    parent = os.getppid()
    # Not Linux: an orphan stops at its next job instead, when it finds the pipe closed.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _serve(conn: Connection, spare: SpareCores) -> None:
    # Its own process group: Ctrl-C reaches the batch only, which then stops the workers, and a
    # timeout kills the worker with whatever it started.
    os.setpgrp()
    _die_with_parent()
    import psutil

    from pipelines.batch.work import borrow_spare_cores, run_guarded, warm_up

    warm_up()  # already done in the fork server; a no-op then
    lent = borrow_spare_cores(spare)
    me = psutil.Process()
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        before = lent.pages
        result = run_guarded(job)
        conn.send((result, me.memory_info().rss, lent.pages - before))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    job: DocumentJob | None = None
    deadline: float = 0.0


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        if name == "SIGKILL":
            return "a été tué (SIGKILL, souvent faute de mémoire)"
        return f"a planté ({name})"
    return f"s'est arrêté de façon inattendue (code de sortie {exitcode})"


class WorkersCannotStart(AesError):
    exit_code = 3


class ProcessExecutor:
    def __init__(self, workers: int, limits: Limits):
        self.size = max(1, workers)
        self.limits = limits
        self.workers: list[_Worker] = []
        self.stats = ExecutorStats()
        self._startup_failures = 0
        # Cores no document needs (the queue is empty, fewer documents than workers are being read) are
        # lent to the workers still reading, for their pages.
        self._spare = _CONTEXT.Semaphore(0)
        self._cores_lent = 0

    def running(self) -> dict[int, str]:
        """Worker process id -> name of the document it is reading: for an operator's (or a test's) eyes."""
        return {w.process.pid: w.job.name for w in list(self.workers) if w.job is not None and w.process.pid}

    def _spawn(self) -> None:
        mine, theirs = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(theirs, self._spare), name="aes-worker", daemon=True)
        process.start()
        theirs.close()
        self.workers.append(_Worker(process, mine))
        self.stats.workers_started += 1

    def _stop(self, worker: _Worker, kill: bool) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        if not kill:
            try:
                worker.conn.send(None)
                worker.process.join(5)
            except (OSError, ValueError):
                pass
        if worker.process.is_alive():
            # The worker leads its own group once ready; before that, kill it alone.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.process.pid, signal.SIGKILL) if worker.ready else worker.process.kill()
            worker.process.join(5)
        worker.conn.close()

    def _dispatch(self, queue: deque[DocumentJob]) -> None:
        for worker in self.workers:
            if worker.ready and worker.job is None and queue:
                worker.job = queue.popleft()
                worker.deadline = time.monotonic() + self.limits.document_timeout_s
                # A worker that has just died raises here; its sentinel tells next, and the job is retried.
                with contextlib.suppress(OSError):
                    worker.conn.send(worker.job)
        waiting = sum(1 for w in self.workers if not w.ready)
        for _ in range(min(self.size - len(self.workers), len(queue) - waiting)):
            self._spawn()
        self._lend_idle_cores(queue)

    def _lend_idle_cores(self, queue: deque[DocumentJob]) -> None:
        idle = 0 if queue else self.size - sum(1 for w in self.workers if w.job is not None)
        while self._cores_lent < idle:
            self._spare.release()
            self._cores_lent += 1
        # A core being used is taken back once its page is read (at the next call).
        while self._cores_lent > idle and self._spare.acquire(False):
            self._cores_lent -= 1

    def _collect(self, worker: _Worker, queue: deque[DocumentJob], tries: dict[DocumentJob, int]):
        """The worker's message, or its death: a result to hand back, or None."""
        try:
            message = worker.conn.recv() if worker.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message == "ready":
            worker.ready = True
            return None
        if message is not None:
            job, (result, rss, lent_pages) = worker.job, message
            worker.job = None
            self.stats.pages_on_lent_cores += lent_pages
            if rss > self.limits.max_worker_rss:
                self._stop(worker, kill=False)
                self.stats.workers_replaced += 1
            return job, result
        if worker.process.is_alive():
            return None  # woken by the other worker's message
        worker.process.join(1)
        reason = _death(worker.process.exitcode)
        job = worker.job
        self._stop(worker, kill=True)
        self.stats.workers_replaced += 1
        if job is None:
            self._startup_failures += 0 if worker.ready else 1
            if self._startup_failures >= STARTUP_FAILURES:
                raise WorkersCannotStart(
                    MISSING["workers"].format(reason=reason)
                )
            return None
        tries[job] = tries.get(job, 0) + 1
        if tries[job] < ATTEMPTS:
            queue.appendleft(job)
            return None
        return job, failure(job, "worker_crashed", reason=reason, attempts=ATTEMPTS)

    def run(self, jobs: Iterable[DocumentJob]) -> Iterator[tuple[DocumentJob, WorkResult]]:
        queue = deque(jobs)
        tries: dict[DocumentJob, int] = {}
        try:
            while queue or any(w.job for w in self.workers):
                self._dispatch(queue)
                busy = [w for w in self.workers if w.job]
                now = time.monotonic()
                timeout = max(0.0, min(w.deadline for w in busy) - now) if busy else None
                ready = set(wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers], timeout))
                finished = []
                for worker in list(self.workers):
                    if worker.conn in ready or worker.process.sentinel in ready:
                        done = self._collect(worker, queue, tries)
                        if done:
                            finished.append(done)
                    elif worker.job and time.monotonic() >= worker.deadline:
                        job, seconds = worker.job, self.limits.document_timeout_s
                        self._stop(worker, kill=True)
                        self.stats.workers_replaced += 1
                        finished.append((job, failure(job, "document_timeout", seconds, ("document_timeout_s", seconds))))
                # Idle workers get their next document before the batch stores results and writes
                # dossiers: on a machine with as many workers as cores, they would wait for it otherwise.
                self._dispatch(queue)
                yield from finished
        finally:
            for worker in [w for w in self.workers if w.job]:
                self._stop(worker, kill=True)  # nobody will wait for these results any more
            self._take_back_lent_cores()

    def _take_back_lent_cores(self) -> None:
        """With no document being read, every lent core is back: taken back now, so that one a killed
        worker was using when it died is not counted as lent for the rest of a long run (`aes watch`)."""
        while self._spare.acquire(False):
            pass
        self._cores_lent = 0

    def close(self) -> None:
        for worker in list(self.workers):
            self._stop(worker, kill=not worker.ready or worker.job is not None)
