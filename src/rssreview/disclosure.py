"""The NHS small-number rules for published figures, written once for every count we derive.

NHS England suppresses and rounds sub-national figures before publishing them (MHSDS
main file, restrictive interventions and LDA files): a count under 5 is shown as `*`,
any other count is rounded to the nearest 5; a proportion or rate is shown as `*` when
its numerator or denominator is under 5, otherwise it is rounded to a whole number.
Anything we derive from sub-national figures must obey the same rules (the book publishes
national figures only today, so no chapter calls this yet), or a table of
ours could reveal a number the NHS chose to hide.

Which rows the rules apply to is the caller's decision: England rows of the MHSDS main
file are published unrounded, while the restrictive-interventions and LDA files round
their England rows too.

Ties: halves round up (away from zero), as SQL `ROUND` does in the NHS code, so a
count of 12.5 becomes 15 and 17.5 becomes 20, and a rate of 12.5 becomes 13. Whole-number
counts can never fall on a tie. The scalar and pandas versions do the same floating-point
arithmetic, so they agree exactly.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

#: Counts (and rate numerators and denominators) below this are never shown.
THRESHOLD = 5
#: Shown counts are multiples of this.
BASE = 5
#: What a suppressed figure looks like in a published table.
SUPPRESSED_MARK = "*"
#: Default multiplier for `suppress_rate`: a percentage.
PERCENT = 100


@dataclass(frozen=True)
class Disclosed:
    """A figure after disclosure control: the value that may be shown, or a suppression."""

    value: int | float | None
    suppressed: bool

    def display(self) -> str:
        """The figure as a published table shows it: `*`, or the number with thousands separators."""
        return SUPPRESSED_MARK if self.suppressed else f"{self.value:,}"


SUPPRESSED = Disclosed(None, True)


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _checked(value: object, what: str) -> float | None:
    """The value as a float, None when missing; ValueError for anything that is not a count."""
    if _missing(value):
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{what}: expected a number of 0 or more, found {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{what}: expected a number of 0 or more, found {value!r}")
    return number


def _round_half_up(x: float) -> int:
    whole = math.floor(x)
    return int(whole + 1 if x - whole >= 0.5 else whole)


def suppress_count(value: object) -> Disclosed:
    """A sub-national count: `*` when missing or under 5, otherwise rounded to the nearest 5."""
    number = _checked(value, "count")
    if number is None or number < THRESHOLD:
        return SUPPRESSED
    return Disclosed(_round_half_up(number / BASE) * BASE, False)


def suppress_rate(numerator: object, denominator: object, *, per: float = PERCENT) -> Disclosed:
    """numerator / denominator × `per`, as a whole number; `*` when either part is missing or under 5.

    `per` is 100 for a percentage, 1,000 for a rate per 1,000 bed days, and so on.
    """
    num = _checked(numerator, "numerator")
    den = _checked(denominator, "denominator")
    if num is None or den is None or num < THRESHOLD or den < THRESHOLD:
        return SUPPRESSED
    return Disclosed(_round_half_up(num * per / den), False)


def _numeric(series: pd.Series, what: str) -> np.ndarray:
    """The series as float64 (NaN where missing); one ValueError line per entry that is not a count."""
    if is_numeric_dtype(series.dtype) and not is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isnan(values) & ~((values >= 0) & np.isfinite(values))
        if not bad.any():
            return values
    values = np.full(len(series), np.nan)
    lines = []
    for position, (label, value) in enumerate(zip(series.index, series.astype(object))):
        try:
            number = _checked(value, f"{what} at index {label!r}")
        except ValueError as err:
            lines.append(str(err))
            continue
        if number is not None:
            values[position] = number
    if lines:
        raise ValueError("\n".join(lines))
    return values


def _frame(values: np.ndarray, suppressed: np.ndarray, index: pd.Index) -> pd.DataFrame:
    shown = pd.array(np.where(suppressed, 0, values).astype("int64"), dtype="Int64")
    shown[suppressed] = pd.NA
    return pd.DataFrame({"value": shown, "suppressed": suppressed}, index=index)


def _round_half_up_array(x: np.ndarray) -> np.ndarray:
    whole = np.floor(x)
    return np.where(x - whole >= 0.5, whole + 1, whole)


def apply_count_rules(series: pd.Series) -> pd.DataFrame:
    """`suppress_count` for a whole column: columns `value` (Int64, NA when suppressed) and `suppressed`."""
    counts = _numeric(series, "count")
    suppressed = ~(counts >= THRESHOLD)  # NaN compares false, so missing counts are suppressed too
    safe = np.where(suppressed, 0.0, counts)
    return _frame(_round_half_up_array(safe / BASE) * BASE, suppressed, series.index)


def apply_rate_rules(numerator: pd.Series, denominator: pd.Series, *, per: float = PERCENT) -> pd.DataFrame:
    """`suppress_rate` row by row for two aligned columns; same output shape as `apply_count_rules`."""
    if not numerator.index.equals(denominator.index):
        raise ValueError("numerator and denominator: expected the same index, found different ones")
    num = _numeric(numerator, "numerator")
    den = _numeric(denominator, "denominator")
    suppressed = ~((num >= THRESHOLD) & (den >= THRESHOLD))  # NaN compares false: missing parts suppress
    rate = np.where(suppressed, 0.0, num) * per / np.where(suppressed, 1.0, den)
    return _frame(_round_half_up_array(rate), suppressed, numerator.index)
