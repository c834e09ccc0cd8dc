"""`aes calibrate`: fits the confidence tables of extractor/facts/calibration.py on a labelled set."""

from collections import defaultdict
from pathlib import Path

from extractor.facts.calibration import CalibrationTable, CalibrationTables, isotonic
from pipelines.evaluation.evaluate import confidence_points
from pipelines.store.atomic import write_text

MIN_SAMPLES = 20
"""Fewer values than this of a field say too little: that field keeps its raw confidence."""


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
