"""Content hashes of input files, remembered by size and times so that an unchanged file is not hashed again.

The change time (ctime) cannot be set back by copying tools, so a file replaced in place with the
same size and modification time is still noticed.
"""

import json
import os
from pathlib import Path

from extractor.reading.read import sha256_of
from pipelines.store.atomic import write_text

__all__ = ["FileIndex", "sha256_of"]

INDEX_FILE = "files.json"


def _signature(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


class FileIndex:
    """Absolute path -> (signature, sha256), kept in the cache folder."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / INDEX_FILE
        self.entries: dict[str, tuple[list[int], str]] = {}
        self.changed = False
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {key: (list(value[0]), str(value[1])) for key, value in raw.items()}
        except (OSError, ValueError, TypeError, IndexError, AttributeError):
            self.entries = {}  # no index yet, or an unreadable one: hash again

    def sha256(self, path: Path) -> str:
        """Raises OSError when the file cannot be read."""
        key = str(path.resolve())
        signature = _signature(path.stat())
        known = self.entries.get(key)
        if known and known[0] == signature:
            return known[1]
        digest = sha256_of(path)
        self.entries[key] = (signature, digest)
        self.changed = True
        return digest

    def save(self) -> None:
        if self.changed:
            write_text(self.path, json.dumps(self.entries))
            self.changed = False
