"""Documents already read, by content hash and reading version, with their page pictures.

An entry is `SHA-VERSION.json` (the outcome and the list of its pictures) beside a folder
`SHA-VERSION/` holding the pictures and, for a file of several pages, the words read (`words.json`).
The JSON is written last, atomically, so its presence means the pictures were all stored before it;
an entry whose pictures have gone missing is not taken.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from pipelines.atomic import link_or_copy, write_bytes, write_text
from pipelines.work import DocumentOutcome, WorkResult, renamed


def picture_path(pages_dir: Path, sha256: str, page: int) -> Path:
    """Where a dossier keeps a page picture: the name reports and the review app look for."""
    return pages_dir / f"{sha256[:16]}-p{page}.jpg"


def words_path(pages_dir: Path, sha256: str) -> Path:
    """Where a dossier keeps the words read in a file of several pages, for the review app."""
    return pages_dir / f"{sha256[:16]}-words.json"


@dataclass(frozen=True)
class CachedDocument:
    outcome: DocumentOutcome
    pictures: dict[int, Path]
    words: Path | None = None


class DocumentCache:
    def __init__(self, folder: Path, version: str):
        self.folder = folder
        self.version = version

    def _entry(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self.version}.json"

    def _pictures_dir(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self.version}"

    def lookup(self, sha256: str, name: str, limits: dict[str, float] | None = None) -> CachedDocument | None:
        """`limits`: this run's timeouts by name; a document that once ran out of time under a lower
        limit is not taken from the cache, it is given its chance again."""
        try:
            raw = json.loads(self._entry(sha256).read_bytes())
            outcome = DocumentOutcome.model_validate_json(raw["outcome"])
            pages = [int(n) for n in raw["pictures"]]
            timed_out = raw.get("timed_out")
            if timed_out and limits and limits.get(timed_out[0], 0.0) > float(timed_out[1]):
                return None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None  # absent, or from an older model: read the document again
        pictures = {n: self._pictures_dir(sha256) / f"p{n}.jpg" for n in pages}
        words = self._pictures_dir(sha256) / "words.json" if raw.get("words") else None
        needed = list(pictures.values()) + ([words] if words else [])
        if not all(path.is_file() for path in needed):
            return None
        return CachedDocument(renamed(outcome, name).model_copy(update={"cached": True}), pictures, words)

    def store(self, sha256: str, result: WorkResult) -> CachedDocument:
        """Pictures first, the entry last: a run killed in between leaves no entry to trust."""
        pictures = {}
        for number, data in sorted(result.pictures.items()):
            pictures[number] = self._pictures_dir(sha256) / f"p{number}.jpg"
            write_bytes(pictures[number], data)
        words = self._pictures_dir(sha256) / "words.json" if result.words else None
        if words:
            write_text(words, result.words)
        entry = {
            "outcome": result.outcome_json, "pictures": sorted(pictures), "words": words is not None,
            "timed_out": result.timed_out,
        }
        write_text(self._entry(sha256), json.dumps(entry))
        return CachedDocument(result.outcome, pictures, words)


def place_pictures(cached: CachedDocument, pages_dir: Path) -> None:
    """Puts a document's pictures in its dossier's pages folder, where they are not already."""
    sha256 = cached.outcome.sha256 or ""
    for number, source in cached.pictures.items():
        target = picture_path(pages_dir, sha256, number)
        if not target.is_file():
            link_or_copy(source, target)
    if cached.words and not words_path(pages_dir, sha256).is_file():
        link_or_copy(cached.words, words_path(pages_dir, sha256))
