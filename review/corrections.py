"""A reviewer's change to one fact of one document: pure functions from Dossier to Dossier."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from models.document import DocumentRecord
from models.dossier import Dossier
from models.evidence import BBox, Extracted, Provenance
from models.vocabulary import BBOX_NOT_FOUR_NUMBERS, REVIEW_ERRORS
from pipelines.dossier import relinked
from review.fields import FIELDS, get_fact, parse_value, with_fact

Action = Literal["confirm", "correct", "reject", "add", "split", "merge", "retype", "undo"]
STRUCTURAL = ("split", "merge")
"""Actions that change which pages form which document (review/restructure.py)."""
WHOLE_DOCUMENT = (*STRUCTURAL, "retype")
"""Actions whose audit line holds whole documents, before and after (a retype re-extracts them all)."""


@dataclass(frozen=True)
class Edit:
    """What a change did to one fact; one audit line."""

    document: str
    field: str
    action: Action
    old: Extracted[Any] | None
    new: Extracted[Any] | None
    before: tuple[DocumentRecord, ...] = ()
    """For a split or a merge: the documents it replaced, and those it put in their place."""
    after: tuple[DocumentRecord, ...] = ()


class ChangeError(ValueError):
    """A change that cannot apply; the message is French, for the reviewer."""


MAX_REASON_CHARS = 2000
MAX_VALUE_CHARS = 500
"""A reason is a sentence or two and a value a date or a word: beyond these, it is no correction but a
load on every view of the dossier, which shows them all."""


def check_reason(reason: str) -> None:
    if len(reason) > MAX_REASON_CHARS:
        raise ChangeError(REVIEW_ERRORS["text_too_long"].format(name="Raison", limit=MAX_REASON_CHARS))


@dataclass(frozen=True)
class Change:
    document: str
    field: str
    value: Any
    """The new value as a form or JSON holds it; None rejects the fact."""
    reason: str = ""
    page: int | None = None
    bbox: BBox | None = None


def _document_index(dossier: Dossier, name: str) -> int:
    for i, doc in enumerate(dossier.documents):
        if doc.file == name:
            return i
    raise ChangeError(f"Le document « {name} » n'existe pas dans ce dossier.")


def _replace(dossier: Dossier, index: int, doc: Any) -> Dossier:
    docs = list(dossier.documents)
    docs[index] = doc
    return dossier.model_copy(update={"documents": tuple(docs)})


def apply_change(dossier: Dossier, change: Change) -> tuple[Dossier, Edit]:
    """Confirm (same value), correct, add (no value before) or reject (value None) one fact."""
    if change.field not in FIELDS:
        raise ChangeError(f"Le champ « {change.field} » n'est pas modifiable.")
    index = _document_index(dossier, change.document)
    doc = dossier.documents[index]
    old = get_fact(doc, change.field)
    if change.value is None:
        if old is None:
            raise ChangeError("Cette valeur est déjà absente : il n'y a rien à rejeter.")
        action: Action = "reject"
        new = None
    else:
        if isinstance(change.value, str) and len(change.value) > MAX_VALUE_CHARS:
            raise ChangeError(REVIEW_ERRORS["text_too_long"].format(name="Valeur", limit=MAX_VALUE_CHARS))
        try:
            value = parse_value(change.field, change.value)
        except ValueError as exc:
            raise ChangeError(str(exc)) from exc
        if old is not None and old.value == value and change.bbox is None:
            action, new = "confirm", _confirmed(old)
        else:
            action = "add" if old is None else "correct"
            new = Extracted[Any](value=value, confidence=1.0, reviewed=True, provenance=_provenance(doc, old, change))
    if action != "confirm" and not change.reason.strip():
        raise ChangeError("Indiquez la raison de la modification.")
    edit = Edit(change.document, change.field, action, old, new)
    return _replace(dossier, index, with_fact(doc, change.field, new)), edit


def confirm_fact(dossier: Dossier, document: str, field: str) -> tuple[Dossier, Edit]:
    """The reviewer agrees with the value as read."""
    index = _document_index(dossier, document)
    doc = dossier.documents[index]
    old = get_fact(doc, field) if field in FIELDS else None
    if old is None:
        raise ChangeError("Il n'y a pas de valeur à confirmer.")
    new = _confirmed(old)
    return _replace(dossier, index, with_fact(doc, field, new)), Edit(document, field, "confirm", old, new)


def _confirmed(old: Extracted[Any]) -> Extracted[Any]:
    return old.model_copy(update={"reviewed": True, "confidence": 1.0})


def parse_bbox(text: str) -> BBox | None:
    """A box typed or filled by a click on the page, "x0,y0,x1,y1" in page points; "" is none."""
    if not text.strip():
        return None
    try:
        x0, y0, x1, y1 = (float(part) for part in text.split(","))
    except ValueError as exc:
        raise ChangeError(BBOX_NOT_FOUR_NUMBERS) from exc
    return (x0, y0, x1, y1)


def _provenance(doc: Any, old: Extracted[Any] | None, change: Change) -> Provenance:
    """Where the reviewer saw the value: the box they pointed at, else where it was read."""
    first, last = doc.pages
    page = change.page or (old.provenance.page if old else first)
    if not first <= page <= last:
        raise ChangeError(f"La page {page} n'appartient pas à ce document (pages {first} à {last}).")
    if change.bbox is not None:
        x0, y0, x1, y1 = change.bbox
        # float() reads « inf » and « nan »: JSON cannot hold them, and the audit line would not load again.
        if not all(math.isfinite(v) for v in change.bbox):
            raise ChangeError(BBOX_NOT_FOUR_NUMBERS)
        if not (0 <= x0 < x1 and 0 <= y0 < y1):
            raise ChangeError("Zone invalide : le coin haut-gauche doit précéder le coin bas-droit.")
        bbox, text = change.bbox, ""
    elif old is not None and change.page in (None, old.provenance.page):
        bbox, text = old.provenance.bbox, old.provenance.text
    else:
        bbox, text = None, ""
    return Provenance(page=page, bbox=bbox, text=text, source="reviewer", method="review")


def as_edit_list(result: tuple[Dossier, Edit]) -> tuple[Dossier, list[Edit]]:
    """Adapts a one-fact change to the many-edit shape the store commits."""
    return result[0], [result[1]]


def confirm_document(dossier: Dossier, document: str) -> tuple[Dossier, list[Edit]]:
    """Confirms every fact of a document that no reviewer has looked at yet."""
    index = _document_index(dossier, document)
    doc = dossier.documents[index]
    edits = []
    for field in FIELDS:
        old = get_fact(doc, field)
        if old is not None and not old.reviewed:
            new = _confirmed(old)
            doc = with_fact(doc, field, new)
            edits.append(Edit(document, field, "confirm", old, new))
    if not edits:
        raise ChangeError("Toutes les valeurs de ce document sont déjà relues.")
    return _replace(dossier, index, doc), edits


def replay(dossier: Dossier, edits: Iterable[Edit]) -> tuple[Dossier, int]:
    """Re-applies recorded edits to a freshly loaded dossier; returns it and how many could not apply.

    An edit whose document is no longer in the dossier is skipped: the reviewer's word is kept in
    the audit, and the count tells the operator.
    """
    skipped = 0
    for edit in edits:
        if edit.before or edit.after:  # a split, a merge, a retype, or the undo of one
            try:
                dossier = restructured(dossier, edit)
            except ChangeError:
                skipped += 1
            continue
        try:
            index = _document_index(dossier, edit.document)
        except ChangeError:
            skipped += 1
            continue
        dossier = _replace(dossier, index, with_fact(dossier.documents[index], edit.field, edit.new))
    return dossier, skipped


def restructured(dossier: Dossier, edit: Edit) -> Dossier:
    """The dossier with `edit.before` replaced by `edit.after`, where the first of them stood."""
    names = {d.file for d in edit.before}
    # The same name on other bytes (a file replaced since) is not the document that was cut.
    missing = {(d.file, d.sha256) for d in edit.before} - {(d.file, d.sha256) for d in dossier.documents}
    if missing:
        raise ChangeError(f"Le document « {sorted(missing)[0][0]} » n'existe plus dans ce dossier.")
    documents: list[DocumentRecord] = []
    inserted = False
    for document in dossier.documents:
        if document.file not in names:
            documents.append(document)
        elif not inserted:
            documents.extend(edit.after)
            inserted = True
    return dossier.model_copy(update={"documents": relinked(tuple(documents))})
