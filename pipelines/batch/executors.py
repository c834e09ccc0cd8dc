"""Where documents are read: in this process (tests), in local worker processes (the default), or on a
Dask cluster. One interface: jobs in, (job, result) pairs out as they finish, failures included."""

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from pipelines.batch.work import DocumentJob, WorkResult


@dataclass(frozen=True)
class Limits:
    document_timeout_s: float = 600.0
    """A document still being read after this is stopped and recorded as failed (its worker is killed)."""
    max_worker_rss: int = 1536 * 1024 * 1024
    """A worker whose memory grows past this after a document is replaced by a fresh one."""


@dataclass
class ExecutorStats:
    workers_started: int = 0
    workers_replaced: int = 0
    pages_on_lent_cores: int = 0
    """Pages of a document read on a core no other document needed (local workers only)."""


class Executor(Protocol):
    stats: ExecutorStats

    def run(self, jobs: Iterable[DocumentJob]) -> Iterator[tuple[DocumentJob, WorkResult]]:
        """Every job comes back exactly once, in the order jobs finish."""
        ...

    def close(self) -> None: ...


class SerialExecutor:
    """In this process, one document after another: for tests and debugging. No timeout can be enforced."""

    def __init__(self) -> None:
        self.stats = ExecutorStats()

    def run(self, jobs: Iterable[DocumentJob]) -> Iterator[tuple[DocumentJob, WorkResult]]:
        from pipelines.batch.work import run_guarded

        for job in jobs:
            yield job, run_guarded(job)

    def close(self) -> None:
        pass


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
