"""One document's work, the same wherever it runs (in-process, a local worker, a Dask worker):
read it, extract its facts, and hand back the outcome with the page pictures as JPEG bytes.

Failure is data: a document that cannot be read comes back as an outcome with a sentence, not as
an exception that would stop the batch. Nothing is written here: the batch decides where results
go, and writes the cache entry only once the pictures are safely stored.
"""

import io
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from extractor.errors import DocumentError, OcrTimeout
from extractor.read import ReadOptions, read_document
from models.base import AesModel
from models.document import DocumentRecord

PICTURE_QUALITY = 70


class DocumentOutcome(AesModel):
    file: str
    sha256: str | None
    record: DocumentRecord | None = None
    error: str | None = None
    seconds: float = 0.0
    pages: int = 0
    cached: bool = False


@dataclass(frozen=True)
class DocumentJob:
    path: Path
    name: str
    """Path relative to the dossier folder: the document's name in the dossier."""
    sha256: str
    options: ReadOptions = field(default_factory=ReadOptions)
    dossier: int = 0
    """Position of the dossier in the batch: lets the batch route the result without a lookup by path."""


@dataclass(frozen=True)
class WorkResult:
    """What travels back from a worker: JSON and bytes only (pydantic's Extracted[date] does not pickle)."""

    outcome_json: str
    pictures: dict[int, bytes] = field(default_factory=dict)
    cacheable: bool = False
    """True for a success, or a failure that the same bytes would meet again (damaged, encrypted...)."""

    @property
    def outcome(self) -> DocumentOutcome:
        return DocumentOutcome.model_validate_json(self.outcome_json)


def failure(job: DocumentJob, error: str, seconds: float = 0.0) -> WorkResult:
    """A result for a document whose reading was stopped from outside (a crash, a timeout)."""
    return WorkResult(DocumentOutcome(file=job.name, sha256=job.sha256, error=error, seconds=seconds).model_dump_json())


def warm_up() -> None:
    """Loads the NLP model once per worker, not once per document."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from extractor.cues import find_cues

    find_cues("Fait à Paris, le")


def run_document(job: DocumentJob) -> WorkResult:
    # spaCy is imported here, in the worker: a batch whose documents are all cached never loads it.
    from extractor.extract import extract

    started = time.perf_counter()
    pictures: dict[int, bytes] = {}

    def keep_picture(number: int, picture: Image.Image) -> None:
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=PICTURE_QUALITY)
        pictures[number] = buffer.getvalue()

    def picture(number: int) -> Image.Image | None:
        return Image.open(io.BytesIO(pictures[number])) if number in pictures else None

    def outcome(cacheable: bool, **fields) -> WorkResult:
        done = DocumentOutcome(file=job.name, sha256=job.sha256, seconds=time.perf_counter() - started, **fields)
        return WorkResult(done.model_dump_json(), pictures if done.record else {}, cacheable)

    try:
        text = read_document(job.path, job.name, job.options, keep_picture)
        record = extract(text, picture)
    except OcrTimeout as error:
        return outcome(False, error=error.message)  # the machine was slow: worth another try next run
    except DocumentError as error:
        return outcome(True, error=error.message)
    except OSError as error:
        return outcome(False, error=f"the file cannot be opened ({error.strerror or error})")
    return outcome(True, record=record, pages=len(text.pages))


def run_guarded(job: DocumentJob) -> WorkResult:
    """The batch's boundary: whatever goes wrong inside one document becomes that document's failure."""
    try:
        return run_document(job)
    except Exception as error:  # noqa: BLE001 - a bug in one document's reading must not stop the batch
        return failure(job, f"an internal error stopped the reading ({type(error).__name__}); please report it")


def run_document_bytes(data: bytes, job: DocumentJob) -> WorkResult:
    """For a remote worker with no access to the client's disk: the document arrives as bytes."""
    with tempfile.TemporaryDirectory(prefix="aes-") as folder:
        path = Path(folder) / f"document{job.path.suffix.lower()}"
        path.write_bytes(data)
        return run_guarded(DocumentJob(path, job.name, job.sha256, job.options, job.dossier))
