"""Reading on a Dask cluster: no shared disk is needed.

Each document's bytes go to a worker, which writes them to a temporary file and runs the same
per-document function as a local worker; the outcome and the page pictures' bytes come back, and
the batch writes them under OUT as it would for a local run. A worker that dies is restarted by its
nanny and Dask retries its task; a document past its timeout is cancelled and its worker restarted.
"""

import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator

from models.errors import MISSING, AesError, require_extra
from pipelines.batch.executors import ExecutorStats, Limits
from pipelines.batch.work import DocumentJob, WorkResult, failure, run_document_bytes

CONNECT_TIMEOUT_S = 10


class SchedulerUnavailable(AesError):
    exit_code = 4


class DaskExecutor:
    def __init__(self, address: str, limits: Limits):
        require_extra("cluster", ("dask", "distributed"), "« --scheduler » (lecture sur un cluster Dask)")
        from distributed import Client

        self.limits = limits
        self.stats = ExecutorStats()
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as error:
            raise SchedulerUnavailable(MISSING["dask_unreachable"].format(address=address, detail=error)) from error
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
        except TimeoutError as error:
            self.client.close()
            raise SchedulerUnavailable(MISSING["dask_no_worker"].format(address=address)) from error
        self.stats.workers_started = len(self.client.nthreads())

    def _submit(self, job: DocumentJob):
        data = job.path.read_bytes()
        key = f"aes-document-{job.sha256[:16]}-{uuid.uuid4().hex[:8]}"
        return self.client.submit(run_document_bytes, data, job, key=key, pure=False)

    def _stop(self, future) -> None:
        """Dask cannot kill a running task: restart the worker running it (its nanny starts a new one)."""
        holders = [worker for worker, keys in self.client.processing().items() if future.key in keys]
        future.cancel()
        if holders:
            try:
                self.client.restart_workers(holders, raise_for_error=False)
                self.stats.workers_replaced += len(holders)
            except (ValueError, TimeoutError, OSError):
                pass  # a worker without a nanny cannot be restarted from here; the batch goes on

    def _result(self, job: DocumentJob, future) -> WorkResult:
        from distributed import KilledWorker

        if future.status == "finished":
            return future.result()
        error = future.exception()
        if isinstance(error, KilledWorker):
            return failure(job, "cluster_crashed")
        return failure(job, "cluster_failed", kind=type(error).__name__)

    def _fill(self, queue: deque[DocumentJob], running: dict) -> list[tuple[DocumentJob, WorkResult]]:
        """As many in flight as there are worker threads: each starts at once, so its clock is fair."""
        threads = self.client.nthreads()
        self.stats.workers_started = max(self.stats.workers_started, len(threads))
        unopened = []
        while queue and len(running) < max(1, sum(threads.values())):
            job = queue.popleft()
            try:
                running[self._submit(job)] = (job, time.monotonic() + self.limits.document_timeout_s)
            except OSError as error:
                unopened.append((job, failure(job, "unreadable_file", detail=error.strerror or error)))
        return unopened

    def run(self, jobs: Iterable[DocumentJob]) -> Iterator[tuple[DocumentJob, WorkResult]]:
        from distributed import wait

        queue = deque(jobs)
        running: dict = {}
        try:
            finished = self._fill(queue, running)
            while finished or running:
                yield from finished
                if not running:
                    finished = self._fill(queue, running)
                    continue
                timeout = max(0.0, min(deadline for _, deadline in running.values()) - time.monotonic())
                try:
                    done, _ = wait(list(running), timeout=timeout, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    done = set()
                finished = [(running.pop(future)[0], future) for future in done]
                finished = [(job, self._result(job, future)) for job, future in finished]
                for future, (job, deadline) in list(running.items()):
                    if time.monotonic() >= deadline:
                        del running[future]
                        self._stop(future)
                        seconds = self.limits.document_timeout_s
                        finished.append((job, failure(job, "document_timeout", seconds, ("document_timeout_s", seconds))))
                # Freed threads get their next documents before the batch stores these results.
                finished += self._fill(queue, running)
        finally:
            for future in running:
                future.cancel()

    def close(self) -> None:
        self.client.close()
