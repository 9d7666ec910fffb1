"""The small-number rules: worked examples, bad input, and properties that must hold for any count."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rssreview.disclosure import (
    Disclosed,
    apply_count_rules,
    apply_rate_rules,
    suppress_count,
    suppress_rate,
)

counts = st.integers(min_value=0, max_value=10**12)
float_counts = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
maybe_counts = st.one_of(st.none(), counts, float_counts)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, None),
        (math.nan, None),
        (pd.NA, None),
        (0, None),
        (1, None),
        (4, None),
        (4.99, None),
        (5, 5),
        (7, 5),
        (8, 10),
        (12, 10),
        (13, 15),
        (2_083, 2_085),
        (np.int64(22), 20),
    ],
)
def test_count_examples(value, shown):
    assert suppress_count(value).value == shown
    assert suppress_count(value).suppressed is (shown is None)


@pytest.mark.parametrize(("value", "shown"), [(7.5, 10), (12.5, 15), (17.5, 20), (7.49, 5), (22.5, 25)])
def test_count_halves_round_up(value, shown):
    assert suppress_count(value).value == shown


@pytest.mark.parametrize("bad", [-1, -0.5, math.inf, "12", True])
def test_count_rejects_what_is_not_a_count(bad):
    with pytest.raises(ValueError, match=f"found {bad!r}"):
        suppress_count(bad)


@pytest.mark.parametrize(
    ("num", "den", "shown"),
    [
        (5, 40, 13),  # 12.5 % rounds half up
        (7, 9, 78),
        (50, 3_000, 2),  # 1.67 %
        (4, 100, None),
        (100, 4, None),
        (None, 10, None),
        (10, math.nan, None),
        (0, 0, None),
    ],
)
def test_rate_examples(num, den, shown):
    assert suppress_rate(num, den).value == shown


def test_rate_per_thousand():
    assert suppress_rate(50, 3_000, per=1_000) == Disclosed(17, False)


def test_display():
    assert Disclosed(None, True).display() == "*"
    assert Disclosed(2_085, False).display() == "2,085"
    assert suppress_count(1_234_567).display() == "1,234,565"


def test_vectorised_reports_every_bad_entry_with_its_index():
    with pytest.raises(ValueError) as err:
        apply_count_rules(pd.Series([3, -2, "x", 10, math.inf], index=list("abcde")))
    assert str(err.value).splitlines() == [
        "count at index 'b': expected a number of 0 or more, found -2",
        "count at index 'c': expected a number of 0 or more, found 'x'",
        "count at index 'e': expected a number of 0 or more, found inf",
    ]


def test_vectorised_keeps_the_index_and_types():
    out = apply_count_rules(pd.Series([3, 12, None], index=[10, 20, 30]))
    assert list(out.index) == [10, 20, 30]
    assert str(out["value"].dtype) == "Int64"
    assert out["suppressed"].tolist() == [True, False, True]
    assert out["value"].tolist()[1] == 10


def test_rate_rules_need_aligned_columns():
    with pytest.raises(ValueError, match="same index"):
        apply_rate_rules(pd.Series([5], index=[0]), pd.Series([5], index=[1]))


@given(maybe_counts)
def test_shown_counts_are_multiples_of_five_and_never_small(value):
    out = suppress_count(value)
    if not out.suppressed:
        assert out.value % 5 == 0
        assert out.value >= 5


@given(counts)
def test_zero_and_small_counts_are_always_suppressed(value):
    assert suppress_count(value).suppressed is (value < 5)


@given(st.one_of(counts, float_counts))
def test_rounding_error_at_most_two_and_a_half(value):
    out = suppress_count(value)
    if not out.suppressed:
        assert abs(out.value - value) <= 2.5


@given(maybe_counts)
def test_applying_twice_changes_nothing(value):
    once = suppress_count(value)
    assert suppress_count(once.value) == once


@given(counts, counts)
def test_monotone(a, b):
    low, high = suppress_count(min(a, b)), suppress_count(max(a, b))
    if not low.suppressed and not high.suppressed:
        assert low.value <= high.value
    if not low.suppressed:
        assert not high.suppressed


@given(st.lists(maybe_counts, max_size=30))
def test_vectorised_counts_match_scalar(values):
    out = apply_count_rules(pd.Series(values, dtype="float64"))
    expected = [suppress_count(v) for v in values]
    assert [
        Disclosed(None if pd.isna(v) else int(v), bool(s)) for v, s in zip(out["value"], out["suppressed"])
    ] == expected


@given(st.lists(st.tuples(maybe_counts, maybe_counts), max_size=30), st.sampled_from([100, 1_000]))
def test_vectorised_rates_match_scalar(pairs, per):
    num = pd.Series([n for n, _ in pairs], dtype="float64")
    den = pd.Series([d for _, d in pairs], dtype="float64")
    out = apply_rate_rules(num, den, per=per)
    expected = [suppress_rate(n, d, per=per) for n, d in pairs]
    assert [
        Disclosed(None if pd.isna(v) else int(v), bool(s)) for v, s in zip(out["value"], out["suppressed"])
    ] == expected


@given(maybe_counts, maybe_counts)
def test_rate_suppressed_exactly_when_a_part_is_small_or_missing(num, den):
    small = any(part is None or part < 5 for part in (num, den))
    assert suppress_rate(num, den).suppressed is small
