"""Documents already read, by content hash and reading version, with their page pictures.

An entry is `SHA-VERSION.json` (the outcome and the list of its pictures) beside a folder
`SHA-VERSION/` holding the pictures. The JSON is written last, atomically, so its presence means the
pictures were all stored before it; an entry whose pictures have gone missing is not taken.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from pipelines.atomic import link_or_copy, write_bytes, write_text
from pipelines.work import DocumentOutcome, WorkResult


def picture_path(pages_dir: Path, sha256: str, page: int) -> Path:
    """Where a dossier keeps a page picture: the name reports and the review app look for."""
    return pages_dir / f"{sha256[:16]}-p{page}.jpg"


@dataclass(frozen=True)
class CachedDocument:
    outcome: DocumentOutcome
    pictures: dict[int, Path]


class DocumentCache:
    def __init__(self, folder: Path, version: str):
        self.folder = folder
        self.version = version

    def _entry(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self.version}.json"

    def _pictures_dir(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self.version}"

    def lookup(self, sha256: str, name: str) -> CachedDocument | None:
        try:
            raw = json.loads(self._entry(sha256).read_bytes())
            outcome = DocumentOutcome.model_validate_json(raw["outcome"])
            pages = [int(n) for n in raw["pictures"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, or from an older model: read the document again
        pictures = {n: self._pictures_dir(sha256) / f"p{n}.jpg" for n in pages}
        if not all(path.is_file() for path in pictures.values()):
            return None
        record = outcome.record.model_copy(update={"file": name}) if outcome.record else None
        return CachedDocument(outcome.model_copy(update={"file": name, "record": record, "cached": True}), pictures)

    def store(self, sha256: str, result: WorkResult) -> CachedDocument:
        """Pictures first, the entry last: a run killed in between leaves no entry to trust."""
        pictures = {}
        for number, data in sorted(result.pictures.items()):
            pictures[number] = self._pictures_dir(sha256) / f"p{number}.jpg"
            write_bytes(pictures[number], data)
        write_text(self._entry(sha256), json.dumps({"outcome": result.outcome_json, "pictures": sorted(pictures)}))
        return CachedDocument(result.outcome, pictures)


def place_pictures(cached: CachedDocument, pages_dir: Path) -> None:
    """Puts a document's pictures in its dossier's pages folder, where they are not already."""
    sha256 = cached.outcome.sha256 or ""
    for number, source in cached.pictures.items():
        target = picture_path(pages_dir, sha256, number)
        if not target.is_file():
            link_or_copy(source, target)
