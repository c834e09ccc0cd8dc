"""Document boundaries: are the documents of a scanned pile split where the labels split them?

A document of a file is the segment (file, first page, last page). Only files that the labels split
(keys FILE#pA-B) or that the prediction splits are scored: a file both sides leave whole has no
boundary to find. A labelled segment is found when a predicted one has the same file and the same
first and last pages; precision, recall and F1 count segments, so one wrong cut costs a missed
document on each side of it and an extra one.
"""

import re
from collections.abc import Iterable

from pydantic import Field

from models.base import AesModel
from models.dossier import Dossier
from models.truth import TruthDossier

_PART = re.compile(r"^(.*)#p(\d+)-(\d+)$")

Span = tuple[int, int] | None
"""First and last page of a document; None for a whole file (a plain key)."""


class FileBoundaries(AesModel):
    """A file whose segments do not all agree, for engineers to look at."""

    dossier_id: str
    file: str
    labelled: tuple[Span, ...]
    predicted: tuple[Span, ...]


class BoundaryScore(AesModel):
    files: int = Field(description="Files split by the labels or by the prediction.")
    labelled: int = Field(description="Labelled segments of those files.")
    predicted: int = Field(description="Predicted segments of those files.")
    matched: int = Field(description="Predicted segments with the same file, first and last page as a labelled one.")
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    disagreements: tuple[FileBoundaries, ...] = ()


def _split(key: str) -> tuple[str, Span]:
    part = _PART.match(key)
    return (part[1], (int(part[2]), int(part[3]))) if part else (key, None)


def _segments(keys: Iterable[tuple[str, Span]]) -> dict[str, set[Span]]:
    files: dict[str, set[Span]] = {}
    for file, span in keys:
        files.setdefault(file, set()).add(span)
    return files


def _order(spans: set[Span]) -> tuple[Span, ...]:
    return tuple(sorted(spans, key=lambda span: span or (0, 0)))


def boundaries(pairs: Iterable[tuple[TruthDossier, Dossier | None]]) -> BoundaryScore:
    """Score the predicted segments of every (labels, prediction or None) pair of dossiers."""
    files = labelled = predicted = matched = 0
    disagreements: list[FileBoundaries] = []
    for truth, pred in pairs:
        labels = _segments(_split(key) for key in truth.documents)
        found: dict[str, set[Span]] = {}
        for record in pred.documents if pred is not None else ():
            file, span = _split(record.file)
            # A file read as one document still has a span: the pages its record names.
            found.setdefault(file, set()).add(span or tuple(record.pages))
        for file in sorted(labels.keys() | found.keys()):
            truth_spans, pred_spans = labels.get(file, set()), found.get(file, set())
            split = any(span is not None for span in truth_spans) or len(pred_spans) > 1
            if not split or not truth_spans:
                continue  # whole on both sides, or a file the labels do not know (scored as extra elsewhere)
            files += 1
            labelled += len(truth_spans)
            predicted += len(pred_spans)
            matched += len(truth_spans & pred_spans)
            if truth_spans != pred_spans:
                disagreements.append(FileBoundaries(
                    dossier_id=truth.dossier_id, file=file, labelled=_order(truth_spans), predicted=_order(pred_spans),
                ))
    return BoundaryScore(
        files=files, labelled=labelled, predicted=predicted, matched=matched,
        precision=matched / predicted if predicted else None,
        recall=matched / labelled if labelled else None,
        f1=2 * matched / (labelled + predicted) if labelled + predicted else None,
        disagreements=tuple(disagreements),
    )
