"""A changed copy of one of the extractor's lexicon files, for the tests of their strict loaders."""

import json
from collections.abc import Callable
from pathlib import Path


def changed_copy(source: Path, folder: Path, change: Callable[[dict], object]) -> Path:
    """`source` as `change` leaves it, written under `folder` with the same name."""
    data = json.loads(source.read_text(encoding="utf-8"))
    change(data)
    path = folder / source.name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
