"""A reviewer cuts a scanned pile differently: splits a document at a page, or merges two neighbours.

The new documents' facts are read again from the words the pipeline kept for the file (no OCR
here); the change is one audit line holding the documents before and after, so a reload of the
pipeline's output replays it like any correction.
"""

import re
from collections.abc import Callable

from PIL import Image

from extractor.facts.extract import extract
from extractor.facts.segment import part_text
from models.document import DocumentRecord
from models.dossier import Dossier
from models.text import DocumentText
from review.corrections import Action, ChangeError, Edit, restructured
from review.store import Store

Reextract = Callable[[DocumentRecord, str, int, int], DocumentRecord]
"""(a document of the file, the new document's name, first page, last page) -> its facts read again."""

_PART = re.compile(r"#p\d+-\d+$")


def file_of(document: DocumentRecord) -> str:
    """The input file a document comes from: its name without the #pA-B of a pile's part."""
    return _PART.sub("", document.file)


def _siblings(dossier: Dossier, document: DocumentRecord) -> list[DocumentRecord]:
    """The documents of the same file, in page order."""
    same = [d for d in dossier.documents if file_of(d) == file_of(document) and d.sha256 == document.sha256]
    return sorted(same, key=lambda d: d.pages)


def _named(file: str, spans: list[tuple[int, int]]) -> list[str]:
    """A file holding one document keeps its plain name; the parts of a pile are FILE#pA-B."""
    return [file] if len(spans) == 1 else [f"{file}#p{first}-{last}" for first, last in spans]


def _find(dossier: Dossier, name: str) -> DocumentRecord:
    for document in dossier.documents:
        if document.file == name:
            return document
    raise ChangeError(f"Le document « {name} » n'existe pas dans ce dossier.")


def _rebuild(
    dossier: Dossier, replaced: list[DocumentRecord], spans: list[tuple[int, int]], reextract: Reextract, action: Action
) -> tuple[Dossier, list[Edit]]:
    """Replaces `replaced` by documents spanning `spans` (the file's other documents renamed to match)."""
    siblings = _siblings(dossier, replaced[0])
    kept = [d for d in siblings if d not in replaced]
    all_spans = sorted([tuple(d.pages) for d in kept] + spans)
    names = dict(zip(all_spans, _named(file_of(replaced[0]), all_spans), strict=True))
    after = []
    for first, last in all_spans:
        old = next((d for d in kept if tuple(d.pages) == (first, last)), None)
        if old is None:
            after.append(reextract(replaced[0], names[first, last], first, last))
        elif old.file != names[first, last]:
            after.append(old.model_copy(update={"file": names[first, last]}))
    before = [d for d in siblings if d in replaced or d.file != names[tuple(d.pages)]]
    edit = Edit(replaced[0].file, "pages", action, None, None, tuple(before), tuple(after))
    return restructured(dossier, edit), [edit]


def split_document(dossier: Dossier, name: str, page: int, reextract: Reextract) -> tuple[Dossier, list[Edit]]:
    """Cuts a document before `page`: pages A..page-1 and page..B become two documents."""
    document = _find(dossier, name)
    first, last = document.pages
    if first == last:
        raise ChangeError("Ce document n'a qu'une page : il ne peut pas être scindé.")
    if not first < page <= last:
        raise ChangeError(f"On ne peut couper ce document qu'avant l'une des pages {first + 1} à {last}.")
    return _rebuild(dossier, [document], [(first, page - 1), (page, last)], reextract, "split")


def merge_documents(dossier: Dossier, name: str, reextract: Reextract) -> tuple[Dossier, list[Edit]]:
    """Joins a document with the next document of the same file into one."""
    document = _find(dossier, name)
    after = following(dossier, document)
    if after is None:
        raise ChangeError("Ce document n'a pas de document suivant dans le même fichier : rien à fusionner.")
    return _rebuild(dossier, [document, after], [(document.pages[0], after.pages[1])], reextract, "merge")


def reextractor(store: Store, dossier_id: str) -> Reextract:
    """Reads a new document's facts from the words and pictures the pipeline kept for its file."""

    def reextract(document: DocumentRecord, name: str, first: int, last: int) -> DocumentRecord:
        path = store.words_path(dossier_id, document.sha256[:16])
        if path is None or not path.is_file():
            raise ChangeError(
                f"Les mots lus dans « {file_of(document)} » n'ont pas été conservés : relancez « aes process » "
                "sur ce dossier pour pouvoir le découper."
            )
        words = DocumentText.model_validate_json(path.read_bytes())
        images = store.pages(dossier_id)

        def picture(number: int) -> Image.Image | None:
            image = images.get((document.sha256[:16], number))
            return Image.open(store.page_path(image.token)) if image else None

        return extract(part_text(words, first, last, name), picture)

    return reextract


def following(dossier: Dossier, document: DocumentRecord) -> DocumentRecord | None:
    """The next document of the same file, the one a merge would join."""
    siblings = _siblings(dossier, document)
    position = siblings.index(document)
    return siblings[position + 1] if position + 1 < len(siblings) else None


def structure_edit(
    action: str, document: str, page: str, reason: str, reextract: Reextract
) -> Callable[[Dossier], tuple[Dossier, list[Edit]]]:
    """The split or merge a form or a JSON request asks for, applied later on the dossier as stored."""
    if not reason.strip():
        raise ChangeError("Indiquez la raison de la modification.")
    if action == "merge":
        return lambda d: merge_documents(d, document, reextract)
    try:
        number = int(page)
    except ValueError as exc:
        raise ChangeError("Numéro de page invalide.") from exc
    return lambda d: split_document(d, document, number, reextract)
