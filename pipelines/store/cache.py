"""Documents already read, by content hash, on two levels.

The words and page pictures read from a file are kept in a folder `SHA-WORDS/` (`words.json`,
`pN.jpg`, and `index.json` written last), keyed by the reading code alone; the facts extracted from
them in `SHA-VERSION.json`, keyed by the reading and extraction code. A new extraction rule thus
re-extracts every document from its kept words without OCR. Each index is written last, atomically,
so its presence means what it lists was stored before it; an entry whose pictures have gone missing
is not taken.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from pipelines.batch.work import DocumentOutcome, WorkResult, renamed
from pipelines.store.atomic import link_or_copy, write_bytes, write_text


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
    def __init__(self, folder: Path, version: str, words_version: str):
        self.folder = folder
        self.version = version
        self.words_version = words_version

    def _entry(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self.version}.json"

    def _pictures_dir(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self.words_version}"

    def kept_words(self, sha256: str) -> Path | None:
        """The folder of the words and pictures read from these bytes by this reading code, if whole."""
        folder = self._pictures_dir(sha256)
        try:
            pages = json.loads((folder / "index.json").read_bytes())["pictures"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        whole = (folder / "words.json").is_file() and all((folder / f"p{int(n)}.jpg").is_file() for n in pages)
        return folder if whole else None

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
        if pages and self.kept_words(sha256) is None:
            return None
        return CachedDocument(renamed(outcome, name).model_copy(update={"cached": True}), pictures, _words(outcome, pictures))

    def store(self, sha256: str, result: WorkResult) -> CachedDocument:
        """Words and pictures first, each index last: a run killed in between leaves nothing to trust."""
        folder = self._pictures_dir(sha256)
        pictures = {number: folder / f"p{number}.jpg" for number in result.pictures}
        if result.words and self.kept_words(sha256) is None:
            for number, data in sorted(result.pictures.items()):
                write_bytes(pictures[number], data)
            write_text(folder / "words.json", result.words)
            write_text(folder / "index.json", json.dumps({"pictures": sorted(pictures)}))
        entry = {"outcome": result.outcome_json, "pictures": sorted(pictures), "timed_out": result.timed_out}
        write_text(self._entry(sha256), json.dumps(entry))
        outcome = result.outcome
        return CachedDocument(outcome, pictures, _words(outcome, pictures))


def _words(outcome: DocumentOutcome, pictures: dict[int, Path]) -> Path | None:
    """The words a dossier keeps for the review app: those of a file of several pages, which a reviewer
    may split or merge."""
    return next(iter(pictures.values())).with_name("words.json") if outcome.pages > 1 and pictures else None


def place_pictures(cached: CachedDocument, pages_dir: Path) -> None:
    """Puts a document's pictures in its dossier's pages folder, where they are not already."""
    sha256 = cached.outcome.sha256 or ""
    for number, source in cached.pictures.items():
        target = picture_path(pages_dir, sha256, number)
        if not target.is_file():
            link_or_copy(source, target)
    if cached.words and not words_path(pages_dir, sha256).is_file():
        link_or_copy(cached.words, words_path(pages_dir, sha256))
