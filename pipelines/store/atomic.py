"""Outputs are written to a temporary file beside their target, then renamed: never half-written.

A run killed mid-write leaves only a hidden `.NAME.*.tmp` beside the target, which the next run sweeps.
"""

import contextlib
import fcntl
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from models.errors import AesError

LOCK_FILE = ".lock"

_TEMP_SUFFIX = ".tmp"


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=_TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def link_or_copy(source: Path, target: Path) -> None:
    """Puts `source`'s content at `target` atomically: a hard link when both share a disk, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.{uuid.uuid4().hex}{_TEMP_SUFFIX}"
    try:
        try:
            os.link(source, temporary)
        except OSError:  # another file system, or links not allowed there
            shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def sweep_temporaries(folder: Path, depth: int = 2) -> int:
    """Removes what killed writers left behind, down to `depth` folders; returns how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    for entry in folder.iterdir():
        if entry.is_file() and entry.name.startswith(".") and entry.name.endswith(_TEMP_SUFFIX):
            entry.unlink(missing_ok=True)
            removed += 1
        elif entry.is_dir() and depth > 0:
            removed += sweep_temporaries(entry, depth - 1)
    return removed


class OutputBusy(AesError):
    exit_code = 2


_held: set[Path] = set()


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """One run writes to an output folder at a time; the lock goes with its holder, however it ends.

    Re-entrant within a process: `aes watch` holds it while each of its batches takes it again.
    """
    folder = folder.absolute()
    if folder in _held:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise OutputBusy(f"another aes run is writing to {folder}; wait for it or stop it first") from error
        _held.add(folder)
        try:
            yield
        finally:
            _held.discard(folder)
