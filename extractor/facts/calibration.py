"""Turns a method's raw confidence into a probability that the value is right.

Tables are fitted (isotonic regression) on a generated set by `aes calibrate`, and measured on
another set by `aes evaluate`. A field with no table keeps its raw confidence.
"""

import os
from functools import cache
from pathlib import Path

import numpy as np

from models.base import AesModel
from models.document import DocumentRecord
from models.evidence import Extracted
from models.fields import FACT_FIELDS

TABLES_PATH = Path(__file__).parents[1] / "data" / "calibration.json"
UNFITTED_METHODS = frozenset({"mrz_validity", "visa_dates"})
"""Dates derived from a paper's legal validity or told apart by elimination: the generated sets hold too
few of them to fit a table, so they keep their own confidence, set below a printed read's."""
RAW_ENV = "AES_RAW_CONFIDENCE"
"""Set to 1 to keep raw confidences, as `aes calibrate` needs them to fit new tables."""


class CalibrationTable(AesModel):
    raw: tuple[float, ...]
    calibrated: tuple[float, ...]
    samples: int


class CalibrationTables(AesModel):
    fitted_on: str
    tables: dict[str, CalibrationTable]


@cache
def _tables() -> CalibrationTables | None:
    if os.environ.get(RAW_ENV) == "1" or not TABLES_PATH.is_file():
        return None
    return CalibrationTables.model_validate_json(TABLES_PATH.read_bytes())


def calibrated(field: str, value: Extracted | None) -> Extracted | None:
    tables = _tables()
    if value is None or tables is None or field not in tables.tables or value.reviewed:
        return value
    if value.provenance.method in UNFITTED_METHODS:
        return value
    table = tables.tables[field]
    probability = float(np.interp(value.confidence, table.raw, table.calibrated))
    return value.model_copy(update={"confidence": round(min(max(probability, 0.01), 0.99), 4)})


def calibrate_record(record: DocumentRecord) -> DocumentRecord:
    """Every fact of a record through its field's table; field names as in the truth format."""
    for field in FACT_FIELDS:
        if (fact := field.get(record)) is not None:
            record = field.set(record, calibrated(field.scored, fact))
    return record


PRIOR_WEIGHT = 2.0
"""Pseudo-observations at the raw confidence: a bin of three values cannot say 0 % or 100 %."""


def isotonic(
    raw: list[float], right: list[bool], prior_weight: float = PRIOR_WEIGHT
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Pool-adjacent-violators on the values grouped by raw confidence, each group shrunk towards its
    raw confidence by `prior_weight` pseudo-observations: the non-decreasing step function closest to
    the outcomes."""
    groups: dict[float, list[float]] = {}
    for x, y in zip(raw, right, strict=True):
        groups.setdefault(round(x, 4), []).append(float(y))
    blocks: list[list[float]] = []  # [weighted outcome, weight, lowest raw, highest raw]
    for x in sorted(groups):
        outcomes = groups[x]
        blocks.append([sum(outcomes) + prior_weight * x, len(outcomes) + prior_weight, x, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            y2, n2, _, hi = blocks.pop()
            y1, n1, lo, _ = blocks.pop()
            blocks.append([y1 + y2, n1 + n2, lo, hi])
    xs: list[float] = []
    ys: list[float] = []
    for total, weight, lo, hi in blocks:
        for x in sorted({lo, hi}):
            xs.append(round(x, 4))
            ys.append(round(total / weight, 4))
    return tuple(xs), tuple(ys)
