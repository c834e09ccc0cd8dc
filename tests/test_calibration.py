"""Confidence tables: isotonic, shrunk towards the raw confidence, and applied to every fact."""

from hypothesis import given
from hypothesis import strategies as st

from extractor.facts.calibration import isotonic


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=200))
def test_tables_are_non_decreasing_probabilities(points: list[tuple[float, bool]]) -> None:
    xs, ys = isotonic([p[0] for p in points], [p[1] for p in points])
    assert list(xs) == sorted(xs)
    assert list(ys) == sorted(ys)
    assert all(0 <= y <= 1 for y in ys)


def test_a_method_right_half_the_time_gets_about_one_half() -> None:
    raw = [0.9] * 200
    right = [i % 2 == 0 for i in range(200)]
    _, ys = isotonic(raw, right)
    assert abs(ys[0] - 0.5) < 0.01


def test_few_observations_do_not_make_certainties() -> None:
    _, ys = isotonic([0.5], [False])
    assert ys[0] > 0.2
