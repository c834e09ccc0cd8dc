"""Is a confidence of 0.9 right nine times in ten? Reliability bins and expected calibration error.

Bins are equal-width on [0, 1] (a confidence of exactly 1.0 falls in the last one). The expected
calibration error (ECE) is the mean, weighted by each bin's count, of |accuracy - mean confidence|.
"""

from collections.abc import Iterable, Sequence

from pydantic import Field

from models.base import AesModel

N_BINS = 10


class ReliabilityBin(AesModel):
    lower: float
    upper: float
    count: int = 0
    mean_confidence: float | None = Field(None, description="None when the bin is empty.")
    accuracy: float | None = Field(None, description="Share of the bin's values that were right.")


class CalibrationTable(AesModel):
    count: int = Field(description="Predicted values with a confidence.")
    ece: float | None = Field(description="Expected calibration error; None without any value.")
    bins: tuple[ReliabilityBin, ...]


class Calibration(AesModel):
    overall: CalibrationTable
    fields: dict[str, CalibrationTable] = Field(description="Per field, in the order of the fields scored.")


def reliability(points: Iterable[tuple[float, bool]], n_bins: int = N_BINS) -> CalibrationTable:
    """Bin (confidence, right) pairs and compute the ECE over them."""
    counts = [0] * n_bins
    confidence_sums = [0.0] * n_bins
    right_counts = [0] * n_bins
    for confidence, right in points:
        index = min(int(confidence * n_bins), n_bins - 1)
        counts[index] += 1
        confidence_sums[index] += confidence
        right_counts[index] += right
    total = sum(counts)
    bins = tuple(
        ReliabilityBin(
            lower=i / n_bins,
            upper=(i + 1) / n_bins,
            count=counts[i],
            mean_confidence=confidence_sums[i] / counts[i] if counts[i] else None,
            accuracy=right_counts[i] / counts[i] if counts[i] else None,
        )
        for i in range(n_bins)
    )
    ece = (
        sum(b.count / total * abs(b.accuracy - b.mean_confidence) for b in bins if b.count)
        if total
        else None
    )
    return CalibrationTable(count=total, ece=ece, bins=bins)


def calibrate(points: Iterable[tuple[str, float, bool]], fields: Sequence[str]) -> Calibration:
    """Reliability tables overall and per field from (field, confidence, right) triples."""
    by_field: dict[str, list[tuple[float, bool]]] = {field: [] for field in fields}
    for field, confidence, right in points:
        by_field[field].append((confidence, right))
    return Calibration(
        overall=reliability(point for field_points in by_field.values() for point in field_points),
        fields={field: reliability(field_points) for field, field_points in by_field.items()},
    )
