"""What a batch tells its watchers as it goes: for a progress bar, or one JSON line each for machines.

Events carry counts, hashes and positions, never a document's text or a file name: names of files
and folders often hold the applicant's name. The manifest links hashes back to files.
"""

import dataclasses
import json
import time
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class BatchPlanned:
    dossiers: int
    documents: int
    cached: int
    """Documents already read by an earlier run: their results are taken as they are."""
    to_read: int
    """The others: each will be told by one DocumentDone (copies of one file are read once)."""
    from_kept_words: int = 0
    """Of those, the documents whose words an earlier run kept: only their facts are extracted again."""


@dataclass(frozen=True)
class DocumentDone:
    sha256: str | None
    dossier: int
    """Position of its dossier in the batch, from 1 (as in the manifest's order)."""
    status: Literal["ok", "failed"]
    pages: int
    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class DossierDone:
    dossier: int
    documents: int
    failed: int
    rebuilt: bool
    """False when nothing it depends on changed since its outputs were written."""


@dataclass(frozen=True)
class BatchDone:
    documents: int
    read: int
    failed: int
    pages_read: int
    """Pages read from their files (text layer or OCR), kept words not counted."""
    seconds: float
    workers_started: int
    workers_replaced: int


@dataclass(frozen=True)
class WatchRound:
    settled: int
    """Files of the intake folder taken in this round."""
    waiting: int
    """Files still growing, or changed too recently: left for a later round."""


@dataclass(frozen=True)
class WatchStopped:
    rounds: int


Event = BatchPlanned | DocumentDone | DossierDone | BatchDone | WatchRound | WatchStopped

_NAMES = {
    BatchPlanned: "batch_planned", DocumentDone: "document_done", DossierDone: "dossier_done",
    BatchDone: "batch_done", WatchRound: "watch_round", WatchStopped: "watch_stopped",
}


def event_json(event: Event) -> str:
    fields = {k: round(v, 3) if isinstance(v, float) else v for k, v in dataclasses.asdict(event).items()}
    return json.dumps({"event": _NAMES[type(event)], "at": round(time.time(), 3), **fields}, ensure_ascii=False)
