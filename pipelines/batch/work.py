"""One document's work, the same wherever it runs (in-process, a local worker, a Dask worker):
read it, split it into the documents it holds (a scanned pile holds several), extract each one's
facts, and hand back the outcome with the page pictures as JPEG bytes.

Failure is data: a document that cannot be read comes back as an outcome with a sentence, not as
an exception that would stop the batch. Nothing is written here: the batch decides where results
go, and writes the cache entry only once the pictures are safely stored.
"""

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from extractor.reading.read import ReadOptions, SpareCores, read_document
from models.base import AesModel
from models.document import DocumentRecord
from models.errors import BATCH_FAILURES, DocumentError, OcrTimeout
from models.text import DocumentText
from pipelines.outputs.pictures import decode_picture, encode_picture


class DocumentOutcome(AesModel):
    file: str
    sha256: str | None
    records: tuple[DocumentRecord, ...] = ()
    """One per document the file holds, in page order; none when it could not be read."""
    error: str | None = None
    error_code: str | None = None
    """Why, for machines (models/errors.py): the error's class code, or one of BATCH_FAILURES."""
    seconds: float = 0.0
    pages: int = 0
    cached: bool = False


def renamed(outcome: DocumentOutcome, name: str) -> DocumentOutcome:
    """The same bytes found under another name: in another dossier, or copied twice in one."""
    # A part of a pile keeps its #pA-B after the file's new name.
    records = tuple(r.model_copy(update={"file": name + r.file[len(outcome.file):]}) for r in outcome.records)
    return outcome.model_copy(update={"file": name, "records": records})


@dataclass(frozen=True)
class DocumentJob:
    path: Path
    name: str
    """Path relative to the dossier folder: the document's name in the dossier."""
    sha256: str
    options: ReadOptions = field(default_factory=ReadOptions)
    dossier: int = 0
    """Position of the dossier in the batch: lets the batch route the result without a lookup by path."""
    kept_words: Path | None = None
    """A folder where an earlier run kept the words and pictures of these bytes (words.json, pN.jpg):
    only the facts are extracted again. Ignored where it cannot be read (a remote worker's disk)."""


@dataclass(frozen=True)
class WorkResult:
    """What travels back from a worker: JSON and bytes only (pydantic's Extracted[date] does not pickle)."""

    outcome_json: str
    pictures: dict[int, bytes] = field(default_factory=dict)
    words: str = ""
    """The words read, as DocumentText JSON: kept so that new extraction rules need no OCR, and what a
    reviewer's split or merge extracts facts from again (review/restructure.py)."""
    cacheable: bool = False
    """True for a success, or a failure that the same bytes would meet again (damaged, encrypted, too slow)."""
    timed_out: tuple[str, float] | None = None
    """The limit that stopped it, (name, seconds): a later run reads it again only under a higher limit."""

    @property
    def outcome(self) -> DocumentOutcome:
        return DocumentOutcome.model_validate_json(self.outcome_json)


def failure(
    job: DocumentJob, code: str, seconds: float = 0.0, timed_out: tuple[str, float] | None = None, **details: object
) -> WorkResult:
    """A result for a document whose reading was stopped from outside: a crash (tried again next run),
    or a timeout (kept, unless a later run allows more time). `code` names its sentence in BATCH_FAILURES."""
    error = BATCH_FAILURES[code].format(seconds=seconds, **details)
    outcome = DocumentOutcome(file=job.name, sha256=job.sha256, error=error, error_code=code, seconds=seconds)
    return WorkResult(outcome.model_dump_json(), cacheable=timed_out is not None, timed_out=timed_out)


class LentCores:
    """The batch's spare cores, as one worker borrows them for its document's pages (counted)."""

    def __init__(self, semaphore: SpareCores):
        self.semaphore = semaphore
        self.pages = 0

    def acquire(self, block: bool) -> bool:
        if not self.semaphore.acquire(block):
            return False
        self.pages += 1
        return True

    def release(self) -> None:
        self.semaphore.release()


_lent: LentCores | None = None
"""Set once in a pool worker (`borrow_spare_cores`); documents read elsewhere (tests, Dask) use no lent core."""


def borrow_spare_cores(semaphore: SpareCores) -> LentCores:
    global _lent
    _lent = LentCores(semaphore)
    return _lent


def warm_up() -> None:
    """Loads the NLP model and Tesseract's French model once per worker, not once per document."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from extractor.facts.cues import find_cues
    from extractor.reading import tesseract

    tesseract.warm_up()
    find_cues("Fait à Paris, le")


def _kept_reading(folder: Path | None) -> tuple[DocumentText, dict[int, bytes]] | None:
    if folder is None:
        return None
    try:
        text = DocumentText.model_validate_json((folder / "words.json").read_bytes())
        return text, {int(path.stem[1:]): path.read_bytes() for path in folder.glob("p*.jpg")}
    except (OSError, ValueError):
        return None  # not on this machine's disk, or damaged: read the file again


def run_document(job: DocumentJob) -> WorkResult:
    # spaCy is imported here, in the worker: a batch whose documents are all cached never loads it.
    from extractor.facts.extract import extract
    from extractor.facts.segment import segment

    started = time.perf_counter()
    pictures: dict[int, bytes] = {}

    def keep_picture(number: int, picture: Image.Image) -> None:
        pictures[number] = encode_picture(picture)

    def picture(number: int) -> Image.Image | None:
        return decode_picture(pictures[number]) if number in pictures else None

    def outcome(cacheable: bool, words: str = "", timed_out: tuple[str, float] | None = None, **fields) -> WorkResult:
        done = DocumentOutcome(file=job.name, sha256=job.sha256, seconds=time.perf_counter() - started, **fields)
        return WorkResult(done.model_dump_json(), pictures if done.records else {}, words, cacheable, timed_out)

    try:
        kept = _kept_reading(job.kept_words)
        if kept:
            text, pictures = kept
        else:
            text = read_document(job.path, job.name, job.options, keep_picture, _lent)
        records = tuple(extract(part.text, picture) for part in segment(text, picture))
    except OcrTimeout as error:
        # Retried by a run that allows more time; retrying under the same limit would cost the same again.
        return outcome(
            True, error=error.message, error_code=error.code, timed_out=("page_timeout_s", job.options.page_timeout_s)
        )
    except DocumentError as error:
        return outcome(True, error=error.message, error_code=error.code)
    except OSError as error:
        detail = error.strerror or error
        return outcome(False, error=BATCH_FAILURES["unreadable_file"].format(detail=detail), error_code="unreadable_file")
    return outcome(True, text.model_dump_json(), records=records, pages=len(text.pages))


def run_guarded(job: DocumentJob) -> WorkResult:
    """The batch's boundary: whatever goes wrong inside one document becomes that document's failure."""
    try:
        return run_document(job)
    except Exception as error:  # noqa: BLE001 - a bug in one document's reading must not stop the batch
        return failure(job, "internal_error", kind=type(error).__name__)


def run_document_bytes(data: bytes, job: DocumentJob) -> WorkResult:
    """For a remote worker with no access to the client's disk: the document arrives as bytes."""
    with tempfile.TemporaryDirectory(prefix="aes-") as folder:
        path = Path(folder) / f"document{job.path.suffix.lower()}"
        path.write_bytes(data)
        return run_guarded(DocumentJob(path, job.name, job.sha256, job.options, job.dossier))
