"""`aes calibrate`: fits the confidence tables of extractor/facts/calibration.py on a labelled set, or
refits them on the values reviewers confirmed or corrected."""

from collections import defaultdict
from pathlib import Path

import numpy as np

from extractor.facts.calibration import CalibrationTable, CalibrationTables, isotonic
from pipelines.evaluation.evaluate import confidence_points
from pipelines.store.atomic import write_text

MIN_SAMPLES = 20
"""Fewer values than this of a field say too little: that field keeps its raw confidence."""
REFIT_PRIOR_WEIGHT = float(MIN_SAMPLES)
"""In a refit from reviews, each confidence as served counts as this many values already seen: the table
in use was fitted on hundreds, so a handful of reviewed values at one confidence moves it a little, not
all the way (MIN_SAMPLES being what this module takes as enough to say something)."""


def fit_tables(set_dir: Path, pred_dir: Path, fitted_on: str) -> CalibrationTables:
    """`pred_dir` must hold predictions made with raw confidences (AES_RAW_CONFIDENCE=1)."""
    by_field: dict[str, tuple[list[float], list[bool]]] = defaultdict(lambda: ([], []))
    for field, confidence, right in confidence_points(set_dir, pred_dir):
        by_field[field][0].append(confidence)
        by_field[field][1].append(right)
    tables = {}
    for field, (raw, right) in sorted(by_field.items()):
        if len(raw) >= MIN_SAMPLES:
            xs, ys = isotonic(raw, right)
            tables[field] = CalibrationTable(raw=xs, calibrated=ys, samples=len(raw))
    return CalibrationTables(fitted_on=fitted_on, tables=tables)


def write_tables(tables: CalibrationTables, path: Path) -> None:
    write_text(path, tables.model_dump_json(indent=1) + "\n")


def refit_tables(
    current: CalibrationTables | None, points: list[tuple[str, float, bool]], fitted_on: str
) -> CalibrationTables:
    """The tables corrected by what reviewers judged: `points` are (field, confidence as served, right).

    The confidences reviewers saw already went through `current`; the correction learnt on them is
    applied after it (a non-decreasing map after a non-decreasing map), so the raw confidence still
    enters the table in use. A field with fewer than MIN_SAMPLES judged values keeps its table.
    """
    by_field: dict[str, tuple[list[float], list[bool]]] = defaultdict(lambda: ([], []))
    for field, confidence, right in points:
        by_field[field][0].append(confidence)
        by_field[field][1].append(right)
    tables = dict(current.tables) if current else {}
    for field, (served, right) in sorted(by_field.items()):
        if len(served) < MIN_SAMPLES:
            continue
        xs, ys = isotonic(served, right, REFIT_PRIOR_WEIGHT)
        before = tables.get(field)
        if before is None:  # served as read: the correction is the table
            tables[field] = CalibrationTable(raw=xs, calibrated=ys, samples=len(served))
            continue
        corrected = tuple(round(float(np.interp(c, xs, ys)), 4) for c in before.calibrated)
        tables[field] = CalibrationTable(raw=before.raw, calibrated=corrected, samples=before.samples + len(served))
    origin = f"{current.fitted_on} + " if current else ""
    return CalibrationTables(fitted_on=f"{origin}{fitted_on}", tables=tables)
