"""Reliability bins and expected calibration error on synthetic confidences."""

import random

from hypothesis import given
from hypothesis import strategies as st

from pipelines.evaluation.reliability import calibrate, reliability


def test_perfectly_calibrated_predictions_have_no_calibration_error():
    # in each bin, exactly as many values right as the confidence says
    points = [(c / 100, i < c) for c in range(5, 100, 10) for i in range(100)]
    table = reliability(points)
    assert table.count == 1000
    assert table.ece < 1e-12
    assert [b.count for b in table.bins] == [100] * 10
    assert [round(b.accuracy, 9) for b in table.bins] == [round(b.mean_confidence, 9) for b in table.bins]


def test_sampled_calibrated_predictions_have_a_small_error():
    rng = random.Random(7)
    points = []
    for _ in range(20_000):
        confidence = rng.random()
        points.append((confidence, rng.random() < confidence))
    assert reliability(points).ece < 0.02


def test_overconfident_predictions_have_a_large_error():
    # 95% sure, right 60% of the time
    points = [(0.95, i % 5 < 3) for i in range(1000)]
    table = reliability(points)
    assert abs(table.ece - 0.35) < 1e-9
    assert table.bins[9].count == 1000 and table.bins[9].accuracy == 0.6


def test_certain_values_fall_in_the_last_bin_and_empty_input_has_no_error():
    table = reliability([(1.0, True), (0.0, False), (0.1, True)])
    assert [b.count for b in table.bins] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    empty = reliability([])
    assert (empty.count, empty.ece) == (0, None)
    assert all(b.accuracy is None for b in empty.bins)


def test_calibrate_reports_every_field_and_the_overall_table():
    calibration = calibrate([("a", 0.9, True), ("a", 0.9, False), ("c", 0.3, False)], fields=("a", "b", "c"))
    assert list(calibration.fields) == ["a", "b", "c"]
    assert calibration.fields["b"].count == 0 and calibration.fields["b"].ece is None
    assert abs(calibration.fields["a"].ece - 0.4) < 1e-9
    assert calibration.overall.count == 3
    assert abs(calibration.overall.ece - (2 / 3 * 0.4 + 1 / 3 * 0.3)) < 1e-9


@given(st.lists(st.tuples(st.floats(0.0, 1.0), st.booleans()), max_size=60))
def test_error_is_a_weighted_mean_gap_between_zero_and_one(points):
    table = reliability(points)
    assert sum(b.count for b in table.bins) == len(points)
    if points:
        assert 0.0 <= table.ece <= 1.0
        gaps = sum(b.count * abs(b.accuracy - b.mean_confidence) for b in table.bins if b.count)
        assert abs(table.ece - gaps / len(points)) < 1e-9
    for b in table.bins:
        if b.count:
            assert b.lower <= b.mean_confidence <= b.upper
