"""Shared reading of the long MHSDS layouts (main file and both restrictive-interventions files).

They differ only in their level columns and the names of the measure and value
columns, so each published layout is a `LongSpec` and one function reads them all.
A row's level is its level descriptions joined with "; " (codes and measure names are
checked as columns but not read: descriptions and measure ids identify a value).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from rssreview.national import cells
from rssreview.national.cells import Coded
from rssreview.national.csvfile import read_text_table
from rssreview.national.errors import file_label, raise_if_any, row_problems
from rssreview.national.layouts import REPORTING, Layout, column_problems, read_header, require_layout
from rssreview.national.records import records
from rssreview.problems import Problem


@dataclass(frozen=True)
class LongSpec:
    """One long layout: its level column pairs, the accepted (measure, value, extra) column sets, the measure
    ids it may hold (empty: any) and the breakdowns whose values are never suppressed."""

    layout: Layout
    levels: list[str]
    measure_forms: list[tuple[str, str, tuple[str, ...]]]
    measures: frozenset[str] = frozenset()
    never_suppressed: frozenset[str] = frozenset()

    def columns_for(self, header: list[str]) -> tuple[list[str], str, str]:
        """The required columns, measure column and value column matching this header's form."""
        for measure, value, extra in self.measure_forms:
            if measure in header or value in header:
                return [*REPORTING, *self.levels, measure, *extra, value], measure, value
        measure, value, extra = self.measure_forms[0]
        return [*REPORTING, *self.levels, measure, *extra, value], measure, value


def rows_with(col: Coded, bad: list[str]) -> np.ndarray:
    """Rows (0-based) whose value is one of `bad`."""
    if not bad:
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(np.isin(col.codes, [i for i, v in enumerate(col.values) if v in bad]))


def measure_problems(spec: LongSpec, name: str, rows: np.ndarray, column: str, measure: Coded) -> list[Problem]:
    """Rows whose measure id is not one this layout publishes (checked only where the layout lists them)."""
    unknown = [v for v in measure.values if spec.measures and v not in spec.measures]
    hit = rows_with(measure, unknown)
    return row_problems(
        name,
        rows[hit].tolist(),
        column,
        "one of " + ", ".join(sorted(spec.measures)),
        [repr(v) for v in measure.values[measure.codes[hit]]],
    )


def suppression_problems(
    spec: LongSpec, name: str, rows: np.ndarray, column: str, breakdown: Coded, nums: cells.Numbers
) -> list[Problem]:
    """Suppressed values in breakdowns that this layout never suppresses."""
    hit = rows_with(breakdown, [v for v in breakdown.values if v in spec.never_suppressed])
    hit = hit[nums.suppressed[hit]]
    return row_problems(
        name,
        rows[hit].tolist(),
        column,
        f"a published value ({' and '.join(sorted(spec.never_suppressed))} rows of this file are never suppressed)",
        ["'*'"] * len(hit),
    )


def read_long(path: Path, spec: LongSpec, data: pa.Buffer | None = None) -> pa.Table:
    """Records from one long-layout file, or a NationalDataError listing every problem in it."""
    name = file_label(path)
    header = read_header(path)
    require_layout(path, header, spec.layout)
    required, measure_col, value_col = spec.columns_for(header)
    raise_if_any(column_problems(path, header, required))
    descriptions = [f"{c}_DESCRIPTION" for c in spec.levels[::2]]
    used = [
        "REPORTING_PERIOD_START",
        "REPORTING_PERIOD_END",
        "STATUS",
        "BREAKDOWN",
        *descriptions,
        measure_col,
        value_col,
    ]
    table = read_text_table(path, header, data, used)
    rows = np.arange(2, table.num_rows + 2)
    end_text = Coded.of(table["REPORTING_PERIOD_END"])
    _, start_problems = cells.dates(Coded.of(table["REPORTING_PERIOD_START"]), name, "REPORTING_PERIOD_START", rows)
    end, end_problems = cells.dates(end_text, name, "REPORTING_PERIOD_END", rows)
    nums, value_problems = cells.numbers(Coded.of(table[value_col]), name, value_col, rows)
    breakdown, measure = cells.label(Coded.of(table["BREAKDOWN"])), cells.strip(Coded.of(table[measure_col]))
    level = cells.join([cells.label(Coded.of(table[c])) for c in descriptions])
    raise_if_any(
        start_problems
        + end_problems
        + value_problems
        + measure_problems(spec, name, rows, measure_col, measure)
        + suppression_problems(spec, name, rows, value_col, breakdown, nums)
        + cells.duplicate_problems(
            name,
            rows,
            f"REPORTING_PERIOD_END, BREAKDOWN, level and {measure_col}",
            [cells.as_dates(end_text), breakdown, measure, level],
        )
    )
    return records(end, cells.strip(Coded.of(table["STATUS"])), breakdown, level, measure, nums)
