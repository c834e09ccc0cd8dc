"""Which executor reads a batch: local worker processes, or the Dask cluster at `--scheduler`.

Apart from `executors.py` (the interface) so that the pool and the cluster, which implement it,
are imported by nothing they import.
"""

from collections.abc import Iterable, Iterator

from pipelines.batch.executors import Executor, ExecutorStats, Limits
from pipelines.batch.work import DocumentJob, WorkResult


def make_executor(jobs: int, limits: Limits, scheduler: str | None = None) -> Executor:
    """Local worker processes, or the Dask cluster at `scheduler`. Imported late: each pulls in its own world."""
    if scheduler:
        from pipelines.batch.cluster import DaskExecutor

        return DaskExecutor(scheduler, limits)
    from pipelines.batch.pool import ProcessExecutor

    return ProcessExecutor(jobs, limits)


class LazyExecutor:
    """Makes its executor on first use and keeps it: `aes watch` keeps workers warm between rounds,
    and starts none while there is nothing to read."""

    def __init__(self, jobs: int, limits: Limits, scheduler: str | None = None):
        self.settings = (jobs, limits, scheduler)
        self.executor: Executor | None = None
        self.stats = ExecutorStats()

    def run(self, jobs: Iterable[DocumentJob]) -> Iterator[tuple[DocumentJob, WorkResult]]:
        if self.executor is None:
            self.executor = make_executor(*self.settings)
            self.stats = self.executor.stats
        return self.executor.run(jobs)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.close()
            self.executor = None
