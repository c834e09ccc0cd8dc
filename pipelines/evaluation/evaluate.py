"""`aes evaluate`: score predicted dossiers against a labelled set (truth-format.md, "Scoring").

A field is right when it equals the label exactly. Per field of a document:

- TP: predicted == label, both non-null;
- FP: predicted non-null and the label null, absent or different;
- FN: label non-null and the prediction null, absent or different;
- TN: label null where the field applies and nothing predicted (a correct abstention). Top-level
  fields (`issue_date`, `period`) apply to every labelled document; a nested one applies when the
  label has its group (`oqtf.notification_date` applies to a labelled `oqtf`). TNs are reported
  but are in neither precision nor recall.

So a wrong value counts once as an FP and once as an FN, the usual convention for extraction.
`period` is one field, (period_start, period_end): right only when both ends equal the label.
A labelled document with no predicted document of the same key is missed: its labelled fields are
FNs (no TNs: nothing abstained). A predicted document with no label is extra: its fields are FPs.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from criteria import assess
from models.base import AesModel
from models.document import DocumentRecord
from models.dossier import Dossier
from models.fields import GROUPS, SCORED_FIELDS, TOP_LEVEL
from models.truth import TruthDocument, TruthDossier
from pipelines.evaluation.agreement import CriterionAgreement, agreement
from pipelines.evaluation.boundaries import BoundaryScore, boundaries
from pipelines.evaluation.reliability import Calibration, calibrate
from pipelines.evaluation.sets import EvaluationError, Renderings, load_prediction, load_renderings, load_truths
from pipelines.evaluation.two_d_docs import TwoDDocScore, two_d_doc_score

FIELDS = SCORED_FIELDS
NONE = "(none)"
"""Confusion-matrix label for a document without a labelled or predicted type."""


class Score(AesModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = Field(0, description="Correct abstentions; in neither precision nor recall.")
    precision: float | None = Field(None, description="None when nothing was predicted.")
    recall: float | None = Field(None, description="None when nothing was labelled.")
    f1: float | None = None


class FieldTable(AesModel):
    fields: dict[str, Score] = Field(description="Per field, in the order of FIELDS.")
    overall: Score = Field(description="Micro average: the sum of every field's counts.")


class SetCounts(AesModel):
    dossiers: int = Field(description="Labelled dossiers.")
    dossiers_predicted: int = Field(description="Labelled dossiers with a readable dossier.json.")
    documents_labelled: int
    documents_predicted: int = Field(description="Predicted documents in labelled dossiers.")
    documents_matched: int
    documents_missed: int
    documents_extra: int


class DocumentRef(AesModel):
    dossier_id: str
    file: str
    doc_type: str | None = Field(None, description="Labelled type of a missed one, predicted of an extra.")


class FieldError(AesModel):
    """A field of a matched document that was not right, for engineers to look at."""

    dossier_id: str
    file: str
    field: str
    rendering: str
    kind: Literal["wrong", "spurious", "missed"] = Field(
        description="wrong: FP and FN; spurious: FP where the label is null; missed: FN."
    )
    label: str | None
    predicted: str | None
    confidence: float | None


class EvaluationResult(AesModel):
    format: Literal["aes-evaluation/1"] = "aes-evaluation/1"
    set_dir: str
    pred_dir: str
    counts: SetCounts
    scores: FieldTable
    rendering_source: Literal["renderings.json", "prediction reading"]
    by_rendering: dict[str, FieldTable] = Field(description="text_layer, scan, and unknown if any.")
    confusion: dict[str, dict[str, int]] = Field(description="Labelled type -> predicted type -> documents.")
    criteria: CriterionAgreement = Field(description="Predicted statuses against those of the true facts.")
    boundaries: BoundaryScore = Field(description="Documents of split files (scanned piles) cut where the labels cut.")
    two_d_docs: TwoDDocScore | None = Field(None, description="2D-DOCs decoded and checked, when the set labels any.")
    calibration: Calibration
    missed_dossiers: tuple[str, ...] = ()
    unlabelled_dossiers: tuple[str, ...] = Field((), description="Predicted dossiers the set does not label.")
    missed_documents: tuple[DocumentRef, ...] = ()
    extra_documents: tuple[DocumentRef, ...] = ()
    errors: tuple[FieldError, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Outcome:
    """One field of one document, labelled and predicted."""

    dossier_id: str
    file: str
    field: str
    rendering: str
    label: Any
    predicted: Any
    confidence: float | None
    applies: bool
    matched: bool

    @property
    def right(self) -> bool:
        return self.predicted is not None and self.label is not None and self.predicted == self.label

    @property
    def fp(self) -> bool:
        return self.predicted is not None and not self.right

    @property
    def fn(self) -> bool:
        return self.label is not None and not self.right

    @property
    def tn(self) -> bool:
        return self.applies and self.label is None and self.predicted is None


@dataclass
class _Comparison:
    outcomes: list[_Outcome] = field(default_factory=list)
    matched: int = 0
    missed: list[DocumentRef] = field(default_factory=list)
    extra: list[DocumentRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)



_PART = re.compile(r"#p(\d+)-(\d+)$")


def _fact(value: Any, page: int) -> dict[str, Any]:
    provenance = {"page": page, "source": "derived", "method": "truth"}
    return {"value": value, "confidence": 1.0, "provenance": provenance}


def dossier_from_truth(truth: TruthDossier) -> Dossier:
    """The dossier the pipeline would build if it read every labelled fact right, with certainty.

    Each fact is an Extracted with confidence 1.0 and provenance source "derived", method "truth",
    on the first page of the document (page A of a stack part FILE#pA-B, else page 1). The reading
    is "text_layer" so that nothing downstream treats the documents as unreadable.
    """
    documents = []
    for key, doc in truth.documents.items():
        part = _PART.search(key)
        pages = (int(part[1]), int(part[2])) if part else (1, 1)
        record: dict[str, Any] = {"file": key, "pages": pages, "sha256": "", "reading": "text_layer"}
        for name in TOP_LEVEL:
            if getattr(doc, name) is not None:
                record[name] = _fact(getattr(doc, name), pages[0])
        for group in GROUPS:
            if (facts := getattr(doc, group)) is not None:
                record[group] = {name: _fact(value, pages[0]) for name, value in facts if value is not None}
        documents.append(DocumentRecord.model_validate(record))
    return Dossier(
        dossier_id=truth.dossier_id,
        application_date=truth.application_date,
        application_date_source="meta",
        documents=tuple(documents),
    )


def _label(doc: TruthDocument, name: str) -> tuple[Any, bool]:
    """The labelled value of a field and whether the field applies to the document."""
    if name == "period":
        ends = (doc.period_start, doc.period_end)
        return (ends if ends != (None, None) else None), True
    group, _, leaf = name.rpartition(".")
    holder = getattr(doc, group) if group else doc
    return (getattr(holder, leaf), True) if holder is not None else (None, False)


def _prediction(record: DocumentRecord, name: str) -> tuple[Any, float | None]:
    """The predicted value of a field and its confidence; (None, None) when it is not predicted."""
    if name == "period":
        ends = (record.period_start, record.period_end)
        present = [end for end in ends if end is not None]
        if not present:
            return None, None
        # Both ends must be right; the weaker end bounds the chance of that.
        return tuple(end.value if end else None for end in ends), min(end.confidence for end in present)
    group, _, leaf = name.rpartition(".")
    holder = getattr(record, group) if group else record
    extracted = getattr(holder, leaf) if holder is not None else None
    return (extracted.value, extracted.confidence) if extracted is not None else (None, None)


def _rendering(
    renderings: Renderings | None, dossier_id: str, key: str, record: DocumentRecord | None
) -> str:
    """How the document's pages were made: from the set's renderings.json, else from the reading."""
    if renderings is not None:
        files = renderings.get(dossier_id, {})
        entry = files.get(key) or files.get(key.split("#", 1)[0])
        return str(entry["rendering"]) if entry and "rendering" in entry else "unknown"
    if record is None or record.reading == "none":
        return "unknown"
    return "text_layer" if record.reading == "text_layer" else "scan"


def _type(record: DocumentRecord) -> str | None:
    return record.doc_type.value.value if record.doc_type is not None else None


def _outcomes(
    dossier_id: str, key: str, rendering: str, doc: TruthDocument | None, record: DocumentRecord | None
) -> list[_Outcome]:
    outcomes = []
    for name in FIELDS:
        label, applies = _label(doc, name) if doc is not None else (None, False)
        value, confidence = _prediction(record, name) if record is not None else (None, None)
        outcomes.append(_Outcome(
            dossier_id=dossier_id, file=key, field=name, rendering=rendering, label=label, predicted=value,
            confidence=confidence, applies=applies and record is not None,
            matched=doc is not None and record is not None,
        ))
    return outcomes


def _compare(truth: TruthDossier, pred: Dossier | None, renderings: Renderings | None) -> _Comparison:
    result = _Comparison()
    dossier_id = truth.dossier_id
    records: dict[str, DocumentRecord] = {}
    for record in pred.documents if pred is not None else ():
        if record.file in records:
            result.warnings.append(f"{dossier_id}: {record.file} is predicted twice; the second is extra.")
        if record.file in records or record.file not in truth.documents:
            result.extra.append(DocumentRef(dossier_id=dossier_id, file=record.file, doc_type=_type(record)))
            rendering = _rendering(renderings, dossier_id, record.file, record)
            result.outcomes += _outcomes(dossier_id, record.file, rendering, None, record)
        else:
            records[record.file] = record
    for key, doc in truth.documents.items():
        record = records.get(key)
        if record is None:
            result.missed.append(DocumentRef(dossier_id=dossier_id, file=key, doc_type=doc.doc_type.value))
        rendering = _rendering(renderings, dossier_id, key, record)
        result.outcomes += _outcomes(dossier_id, key, rendering, doc, record)
    result.matched = len(records)
    return result


def _score(tp: int, fp: int, fn: int, tn: int) -> Score:
    return Score(
        tp=tp, fp=fp, fn=fn, tn=tn,
        precision=tp / (tp + fp) if tp + fp else None,
        recall=tp / (tp + fn) if tp + fn else None,
        f1=2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None,
    )


def _table(outcomes: Iterable[_Outcome]) -> FieldTable:
    counts = {name: Counter[str]() for name in FIELDS}
    for outcome in outcomes:
        count = counts[outcome.field]
        count.update(tp=outcome.right, fp=outcome.fp, fn=outcome.fn, tn=outcome.tn)
    total = sum(counts.values(), Counter[str]())
    return FieldTable(
        fields={name: _score(c["tp"], c["fp"], c["fn"], c["tn"]) for name, c in counts.items()},
        overall=_score(total["tp"], total["fp"], total["fn"], total["tn"]),
    )


def _show(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return " → ".join(_show(end) or "?" for end in value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, date) else str(value)


def _field_error(outcome: _Outcome) -> FieldError:
    kind = "wrong" if outcome.fp and outcome.fn else "spurious" if outcome.fp else "missed"
    return FieldError(
        dossier_id=outcome.dossier_id, file=outcome.file, field=outcome.field, rendering=outcome.rendering,
        kind=kind, label=_show(outcome.label), predicted=_show(outcome.predicted),
        confidence=outcome.confidence,
    )


def _confusion(outcomes: Iterable[_Outcome]) -> dict[str, dict[str, int]]:
    matrix: dict[str, Counter[str]] = {}
    for outcome in outcomes:
        if outcome.field == "doc_type":
            row = matrix.setdefault(_show(outcome.label) or NONE, Counter())
            row[_show(outcome.predicted) or NONE] += 1
    return {label: dict(row) for label, row in sorted(matrix.items())}


def evaluate_set(set_dir: Path, pred_dir: Path) -> EvaluationResult:
    """Score the predictions in pred_dir (`aes process` output) against the labelled set in set_dir."""
    if not pred_dir.is_dir():
        raise EvaluationError(f"There are no predictions to evaluate: {pred_dir} is not a folder.")
    truths = load_truths(set_dir)
    renderings = load_renderings(set_dir)
    warnings: list[str] = []
    comparisons: list[_Comparison] = []
    pairs: list[tuple[TruthDossier, Dossier | None]] = []
    for truth in truths:
        pred = load_prediction(pred_dir, truth.dossier_id, warnings)
        pairs.append((truth, pred))
        comparisons.append(_compare(truth, pred, renderings))
    outcomes = [outcome for comparison in comparisons for outcome in comparison.outcomes]
    labelled_ids = {truth.dossier_id for truth in truths}
    by_rendering: dict[str, list[_Outcome]] = {"text_layer": [], "scan": []}
    for outcome in outcomes:
        by_rendering.setdefault(outcome.rendering, []).append(outcome)
    documents_predicted = sum(len(pred.documents) for _, pred in pairs if pred is not None)
    return EvaluationResult(
        set_dir=str(set_dir),
        pred_dir=str(pred_dir),
        counts=SetCounts(
            dossiers=len(truths),
            dossiers_predicted=sum(pred is not None for _, pred in pairs),
            documents_labelled=sum(len(truth.documents) for truth in truths),
            documents_predicted=documents_predicted,
            documents_matched=sum(c.matched for c in comparisons),
            documents_missed=sum(len(c.missed) for c in comparisons),
            documents_extra=sum(len(c.extra) for c in comparisons),
        ),
        scores=_table(outcomes),
        rendering_source="renderings.json" if renderings is not None else "prediction reading",
        by_rendering={name: _table(group) for name, group in by_rendering.items()},
        confusion=_confusion(outcomes),
        criteria=agreement(
            (truth.dossier_id, assess(dossier_from_truth(truth)), pred.assessment if pred is not None else None)
            for truth, pred in pairs
        ),
        boundaries=boundaries(pairs),
        two_d_docs=two_d_docs if (two_d_docs := two_d_doc_score(pairs, renderings)).labelled else None,
        calibration=calibrate(
            ((o.field, o.confidence, o.right) for o in outcomes if o.confidence is not None), FIELDS
        ),
        missed_dossiers=tuple(truth.dossier_id for truth, pred in pairs if pred is None),
        unlabelled_dossiers=tuple(sorted(
            p.parent.name for p in pred_dir.glob("*/dossier.json") if p.parent.name not in labelled_ids
        )),
        missed_documents=tuple(ref for c in comparisons for ref in c.missed),
        extra_documents=tuple(ref for c in comparisons for ref in c.extra),
        errors=tuple(_field_error(o) for o in outcomes if o.matched and (o.fp or o.fn)),
        warnings=tuple(warnings + [w for c in comparisons for w in c.warnings]),
    )


def confidence_points(set_dir: Path, pred_dir: Path) -> list[tuple[str, float, bool]]:
    """(field, confidence, right) for every predicted value of matched documents: what calibration fits."""
    renderings = load_renderings(set_dir)
    warnings: list[str] = []
    points = []
    for truth in load_truths(set_dir):
        comparison = _compare(truth, load_prediction(pred_dir, truth.dossier_id, warnings), renderings)
        points += [(o.field, o.confidence, o.right) for o in comparison.outcomes if o.confidence is not None]
    return points
