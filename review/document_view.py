"""The document view's data: one dossier as the reviewer's desk shows it, one document at a time.

Every value with its box in page points, its French label and its confidence; every page picture
with its size; the values a criterion rests on; whether the dossier is « relu ». The page and its
script ask for it as JSON and draw it; every action answers with it again, so nothing reloads.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.document import DocumentRecord
from models.text import DocumentText
from models.vocabulary import CRITERION_LABELS, DESK_KEY_LABELS, DOC_TYPE_LABELS, SOURCE_LABELS
from review.fields import FIELDS, get_fact, json_value
from review.queue import queue_entry
from review.render import STATUS_LABELS, percent, show
from review.store import PageImage, Store, Stored

SURE = 0.9
"""A value read at this confidence or more is « sûre »: one key confirms all such values of a document
once the reviewer has looked at them; values below it come first in the document's order."""
POINTS_PER_PIXEL = 72 / 100  # the pipeline's page pictures are 100 dpi


@dataclass(frozen=True)
class DeskState:
    """Who asks, so the view can say whether the last action is theirs to undo."""

    user: str
    last_action_by: str | None
    last_action_undoable: bool


def _fact(doc: DocumentRecord, name: str) -> dict[str, Any] | None:
    fact = get_fact(doc, name)
    if fact is None:
        return None
    spec = FIELDS[name]
    return {
        "field": name,
        "label": spec.label,
        "kind": spec.kind,
        "value": json_value(fact.value),
        "shown": show(fact.value, name),
        "confidence": fact.confidence,
        "percent": percent(fact.confidence),
        "reviewed": fact.reviewed,
        "page": fact.provenance.page,
        "bbox": fact.provenance.bbox,
        "text": fact.provenance.text,
        "source": SOURCE_LABELS.get(fact.provenance.source, fact.provenance.source),
    }


def _order(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Values not yet reviewed first, the least sure first: the reviewer's eyes go where doubt is."""
    return sorted(facts, key=lambda f: (f["reviewed"], f["confidence"] >= SURE, f["confidence"]))


def _pictures(doc: DocumentRecord, images: dict[tuple[str, int], PageImage]) -> list[dict[str, Any]]:
    pictures = []
    for number in range(doc.pages[0], doc.pages[1] + 1):
        image = images.get((doc.sha256[:16], number))
        if image is None:
            pictures.append({"page": number, "token": None})
            continue
        pictures.append({
            "page": number,
            "token": image.token,
            "width_px": image.width_px,
            "height_px": image.height_px,
            "width_pt": round(image.width_px * POINTS_PER_PIXEL, 2),
            "height_pt": round(image.height_px * POINTS_PER_PIXEL, 2),
        })
    return pictures


def document_json(index: int, doc: DocumentRecord, images: dict[tuple[str, int], PageImage]) -> dict[str, Any]:
    facts = _order([f for name in FIELDS if (f := _fact(doc, name)) is not None])
    doc_type = get_fact(doc, "doc_type")
    return {
        "index": index,
        "file": doc.file,
        "pages": list(doc.pages),
        "type_label": show(doc_type.value, "doc_type") if doc_type else "—",
        "reading": SOURCE_LABELS.get(doc.reading, doc.reading),
        "warnings": list(doc.warnings),
        "duplicate_of": doc.duplicate_of,
        "facts": facts,
        "missing": [{"field": s.name, "label": s.label, "kind": s.kind, "choices": s.choices}
                    for s in FIELDS.values() if get_fact(doc, s.name) is None],
        "unreviewed": sum(not f["reviewed"] for f in facts),
        "doubtful": sum(not f["reviewed"] and f["confidence"] < SURE for f in facts),
        "pictures": _pictures(doc, images),
    }


def view_json(stored: Stored, images: dict[tuple[str, int], PageImage], state: DeskState) -> dict[str, Any]:
    dossier = stored.dossier
    criteria = dossier.assessment.criteria if dossier.assessment else ()
    return {
        "dossier_id": dossier.dossier_id,
        "version": stored.version,
        "relu": queue_entry(dossier, stored.version).relu,
        "criteria": [
            {"id": c.id, "label": CRITERION_LABELS.get(c.id, c.id), "status": c.status, "status_label": STATUS_LABELS[c.status]}
            for c in criteria
        ],
        "documents": [document_json(i, doc, images) for i, doc in enumerate(dossier.documents)],
        "doc_types": list(DOC_TYPE_LABELS.items()),
        "sure": SURE,
        "keys": DESK_KEY_LABELS,
        "undo": {"by": state.last_action_by, "possible": state.last_action_undoable and state.last_action_by == state.user},
    }


def kept_words(store: Store, dossier_id: str, doc: DocumentRecord) -> DocumentText | None:
    """The words the pipeline read in a document's file: kept beside the pictures for a file of several
    pages, in OUT/.cache (by the file's hash) for any file; None where neither is left."""
    path = store.words_path(dossier_id, doc.sha256[:16])
    if path is None:
        return None
    candidates = [path] if path.is_file() else []
    cache = path.parents[2] / ".cache"  # OUT/<dossier>/pages/x -> OUT/.cache
    candidates += sorted(cache.glob(f"{doc.sha256}-*/words.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in candidates:
        try:
            return DocumentText.model_validate_json(candidate.read_bytes())
        except (OSError, ValueError):
            continue
    return None


def page_words(words: DocumentText | None, page: int) -> list[dict[str, Any]]:
    """The words of one page with their boxes in points, for the pointer and the drawn box."""
    if words is None:
        return []
    for text in words.pages:
        if text.number == page:
            return [{"t": w.text, "b": [round(v, 1) for v in w.bbox], "l": w.line} for w in text.words]
    return []


def source_of(sources: Path | None, manifest_path: Path, sha16: str) -> Path | None:
    """The input file whose hash starts with `sha16` under `sources` (the folder `aes process` read),
    by the manifest of its output; None where it is not there (or `sources` was not given)."""
    if sources is None or not manifest_path.is_file():
        return None
    for line in manifest_path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if str(entry.get("sha256", "")).startswith(sha16) and isinstance(entry.get("path"), str):
            path = (sources / entry["path"]).resolve()
            # Only under the folder given: a manifest line never leads elsewhere.
            return path if path.is_relative_to(sources.resolve()) and path.is_file() else None
    return None
