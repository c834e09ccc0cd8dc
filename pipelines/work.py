"""One document's work, run inside a worker: read, extract, keep the page pictures, cache the result.

Failure is data: a document that cannot be read comes back as an outcome with a sentence, not as
an exception that would stop the batch.
"""

import io
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from extractor.errors import DocumentError
from extractor.extract import extract
from extractor.read import ReadOptions, read_document, sha256_of
from models.base import AesModel
from models.document import DocumentRecord
from pipelines.atomic import write_bytes, write_text

PIPELINE_VERSION = "1"
"""Part of the cache key: bump it when a change to reading or extraction changes results."""


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
    pages_dir: Path
    cache_dir: Path
    options: ReadOptions


def picture_path(pages_dir: Path, sha256: str, page: int) -> Path:
    return pages_dir / f"{sha256[:16]}-p{page}.jpg"


def _cache_file(job: DocumentJob, sha256: str) -> Path:
    return job.cache_dir / f"{sha256}-v{PIPELINE_VERSION}.json"


def _cached(job: DocumentJob, sha256: str) -> DocumentRecord | None:
    path = _cache_file(job, sha256)
    if not path.is_file():
        return None
    try:
        record = DocumentRecord.model_validate_json(path.read_bytes())
    except ValueError:
        return None  # a cache entry from an older model: read the document again
    pages_there = all(picture_path(job.pages_dir, sha256, n).is_file() for n in range(record.pages[0], record.pages[1] + 1))
    return record.model_copy(update={"file": job.name}) if pages_there else None


def run_document(job: DocumentJob) -> DocumentOutcome:
    started = time.perf_counter()
    try:
        sha256 = sha256_of(job.path)
    except OSError as error:
        return DocumentOutcome(file=job.name, sha256=None, error=f"the file cannot be opened ({error.strerror})")
    record = _cached(job, sha256)
    if record is not None:
        return DocumentOutcome(
            file=job.name, sha256=sha256, record=record, cached=True,
            seconds=time.perf_counter() - started, pages=record.pages[1] - record.pages[0] + 1,
        )
    def keep_picture(number: int, picture: Image.Image) -> None:
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=70)
        write_bytes(picture_path(job.pages_dir, sha256, number), buffer.getvalue())

    def picture(number: int) -> Image.Image | None:
        path = picture_path(job.pages_dir, sha256, number)
        return Image.open(path) if path.is_file() else None

    try:
        text = read_document(job.path, job.name, job.options, keep_picture)
        record = extract(text, picture)
    except DocumentError as error:
        return DocumentOutcome(file=job.name, sha256=sha256, error=error.message, seconds=time.perf_counter() - started)
    write_text(_cache_file(job, sha256), record.model_dump_json())
    return DocumentOutcome(
        file=job.name, sha256=sha256, record=record, seconds=time.perf_counter() - started, pages=len(text.pages)
    )
