"""The document view's edits beyond one fact: confirm a document's sure values, retype it, undo.

Pure functions from Dossier to Dossier and its audit lines, as review/corrections.py; the store
commits them under the version check like any other change.
"""

from collections.abc import Callable
from typing import Any

from PIL import Image

from extractor.facts.extract import extract
from extractor.facts.segment import part_text
from models.document import DocType, DocumentRecord
from models.dossier import Dossier
from models.text import DocumentText
from review.corrections import ChangeError, Edit, _confirmed, _document_index, _replace, restructured
from review.fields import FIELDS, get_fact, with_fact
from review.store import AuditEntry

PagePicture = Callable[[int], Image.Image | None]


def confirm_sure(dossier: Dossier, document: str, sure: float) -> tuple[Dossier, list[Edit]]:
    """Confirms every unreviewed value of a document read at `sure` or more; the rest wait for a person."""
    index = _document_index(dossier, document)
    doc = dossier.documents[index]
    edits = []
    for field in FIELDS:
        old = get_fact(doc, field)
        if old is not None and not old.reviewed and old.confidence >= sure:
            new = _confirmed(old)
            doc = with_fact(doc, field, new)
            edits.append(Edit(document, field, "confirm", old, new))
    if not edits:
        raise ChangeError("Ce document n'a pas de valeur sûre non relue à confirmer.")
    return _replace(dossier, index, doc), edits


def as_type(doc: DocumentRecord, doc_type: str, words: DocumentText | None, picture: PagePicture) -> DocumentRecord:
    """The document's facts extracted again from its kept words, as the type a reviewer gives."""
    try:
        kind = DocType(doc_type)
    except ValueError as exc:
        raise ChangeError("Type de document inconnu.") from exc
    if words is None:
        raise ChangeError(
            f"Les mots lus dans « {doc.file} » n'ont pas été conservés : relancez « aes process » sur ce dossier "
            "pour pouvoir changer son type."
        )
    read = extract(part_text(words, doc.pages[0], doc.pages[1], doc.file), picture, doc_type=kind)
    # What the pipeline knew of the paper beyond its facts stays: its copies, its fingerprint.
    return read.model_copy(update={
        "sha256": doc.sha256, "pages": doc.pages, "fingerprint": doc.fingerprint, "duplicate_of": doc.duplicate_of,
    })


def retype(dossier: Dossier, document: str, retyped: DocumentRecord) -> tuple[Dossier, list[Edit]]:
    """Replaces a document by itself read again as another type: one audit line with both records."""
    old = dossier.documents[_document_index(dossier, document)]
    if get_fact(old, "doc_type") is not None and get_fact(old, "doc_type").value == get_fact(retyped, "doc_type").value:
        raise ChangeError("Le document a déjà ce type.")
    edit = Edit(document, "doc_type", "retype", None, None, (old,), (retyped,))
    return restructured(dossier, edit), [edit]


def last_action(audit: list[AuditEntry]) -> list[AuditEntry]:
    """The lines of the dossier's last change (one version), newest first; `audit` as the store lists it."""
    return [line for line in audit if line.version == audit[0].version] if audit else []


def undoable(lines: list[AuditEntry], user: str) -> bool:
    return bool(lines) and lines[0].user == user and all(line.action != "undo" for line in lines)


def undo(dossier: Dossier, lines: list[AuditEntry], user: str) -> tuple[Dossier, list[Edit]]:
    """Puts back what the last change replaced; each line undone is itself an audit line « Annulé »."""
    if not lines:
        raise ChangeError("Il n'y a aucune action à annuler dans ce dossier.")
    if not undoable(lines, user):
        raise ChangeError("Seule votre dernière action sur ce dossier peut être annulée, et une seule fois.")
    edits = []
    for line in lines:
        if line.before or line.after:
            edit = Edit(line.document, line.field, "undo", None, None, line.after, line.before)
            dossier = restructured(dossier, edit)
        else:
            index = _document_index(dossier, line.document)
            current: Any = get_fact(dossier.documents[index], line.field)
            edit = Edit(line.document, line.field, "undo", current, line.old)
            dossier = _replace(dossier, index, with_fact(dossier.documents[index], line.field, line.old))
        edits.append(edit)
    return dossier, edits
