"""The hot folder: files are processed as they arrive, and the dossiers they belong to rebuilt, until
the watch is stopped (Ctrl-C, SIGTERM).

The folder is polled (no dependency, and it works on network shares where change notifications do
not). A file is taken once its size and modification time have not changed for `settle` seconds:
a scanner or a copy still writing it is waited for, so each file is read once, whole.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from pipelines.batch.choice import LazyExecutor
from pipelines.batch.console import BatchView
from pipelines.batch.events import WatchRound, WatchStopped
from pipelines.batch.process import BatchOptions, process_batch
from pipelines.store.atomic import output_lock

Signature = tuple[int, int]


@dataclass
class _Seen:
    signature: Signature
    since: float


class HotFolder:
    """What the folder holds, and which of its files have settled."""

    def __init__(self, input_dir: Path, out_dir: Path, settle: float):
        self.input_dir, self.out_dir, self.settle = input_dir.absolute(), out_dir.absolute(), settle
        self.seen: dict[Path, _Seen] = {}
        self.taken: dict[Path, Signature] = {}
        """The settled files as the last round found them."""

    def _scan(self) -> dict[Path, Signature]:
        files = {}
        for path in self.input_dir.rglob("*"):
            if path == self.out_dir or self.out_dir in path.parents:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue  # gone between listing and looking
            if path.is_file():
                files[path] = (stat.st_size, stat.st_mtime_ns)
        return files

    def look(self, now: float) -> tuple[dict[Path, Signature], set[Path]]:
        """The settled files with their signatures, and the files still changing."""
        current = self._scan()
        self.seen = {
            path: seen if (seen := self.seen.get(path)) and seen.signature == signature else _Seen(signature, now)
            for path, signature in current.items()
        }
        waiting = {path for path, seen in self.seen.items() if now - seen.since < self.settle}
        settled = {path: seen.signature for path, seen in self.seen.items() if path not in waiting}
        return settled, waiting

    def changed(self, settled: dict[Path, Signature], waiting: set[Path]) -> bool:
        """A file settled, changed or left; a file that is being rewritten waits until it settles again."""
        before = {path: signature for path, signature in self.taken.items() if path not in waiting}
        return settled != before


def watch_folder(
    input_dir: Path, out: Path, options: BatchOptions, console: Console, *, interval: float, settle: float,
    quiet: bool = False, log_json: bool = False,
    clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Runs until interrupted; returns the number of rounds (batches) it ran.

    `clock` and `sleep` are the watch's time: a test drives them, so that what it copies in is seen at
    the moments it chooses, however slow the machine."""
    view = BatchView(console, quiet, log_json)
    folder = HotFolder(input_dir, out, settle)
    executor = LazyExecutor(options.jobs, options.limits, options.scheduler)
    rounds = 0
    with output_lock(out):
        try:
            while True:
                settled, waiting = folder.look(clock())
                if folder.changed(settled, waiting):
                    view(WatchRound(len(settled), len(waiting)))
                    result = process_batch(input_dir, out, options, view, executor, exclude=waiting)
                    folder.taken = settled
                    rounds += 1
                    if not quiet and not log_json:
                        console.print(
                            f"{time.strftime('%H:%M:%S')} {result.read} document(s) lu(s), "
                            f"{result.rebuilt} dossier(s) refait(s), {len(result.failed)} échec(s) au total."
                        )
                sleep(interval)
        except KeyboardInterrupt:
            pass  # the way to stop a watch: outputs are whole, workers are stopped below
        finally:
            executor.close()
            view.close()
    view(WatchStopped(rounds))
    return rounds
