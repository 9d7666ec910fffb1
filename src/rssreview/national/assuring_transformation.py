"""The Assuring Transformation England CSV, whose header is read at run time.

Each column is looked up in data/national/at_column_map.csv (see at_column_map.py);
the file is taken to be wide, one column per measure, one row per month. Columns
not in the map are reported so that someone checks their meaning against the AT
metadata file before they are used.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from rssreview.national import cells
from rssreview.national.at_column_map import AT_COLUMN_MAP, load_column_map
from rssreview.national.cells import Coded
from rssreview.national.csvfile import read_text_table
from rssreview.national.errors import file_label, raise_if_any
from rssreview.national.layouts import Layout, read_header, require_layout
from rssreview.national.periods import parse_month
from rssreview.national.records import records, to_frame
from rssreview.problems import Problem

ENGLAND = "England"


def map_header(path: Path, header: list[str]) -> tuple[dict[str, list[str]], dict[str, str], list[Problem]]:
    """Header columns grouped by role, the measure each measure column holds, and a problem for each unknown or
    repeated column."""
    name, column_map = file_label(path), load_column_map()
    roles: dict[str, list[str]] = {"period_end": [], "geography": [], "measure": []}
    targets: dict[str, str] = {}
    measure_of: dict[str, str] = {}
    problems = []
    for column in header:
        found = column_map.lookup(column)
        if found is None:
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    f"a column listed in {AT_COLUMN_MAP.name}",
                    f"an unknown column {column!r} (check its meaning in the AT metadata file and add it to the map)",
                )
            )
            continue
        role, target = found
        key = target or role
        if key in targets:
            problems.append(Problem(name, 1, column, f"one column for {key}", f"{targets[key]} and {column}"))
        targets[key] = column
        roles[role].append(column)
        if role == "measure":
            measure_of[column] = target
    return roles, measure_of, problems


def read_at(path: Path, period: str | dt.date | None = None, data: pa.Buffer | None = None) -> pa.Table:
    """Records from an AT England CSV; `period` is needed only when the file has no period column."""
    name = file_label(path)
    header = read_header(path)
    require_layout(path, header, Layout.AT)
    roles, measure_of, problems = map_header(path, header)
    fixed_month = None if roles["period_end"] or period is None else parse_month(period)
    if not roles["period_end"] and fixed_month is None:
        problems.append(Problem(name, 1, None, "a period column (see the column map) or a period argument", "neither"))
    if not roles["measure"]:
        problems.append(Problem(name, 1, None, "at least one measure column from the column map", "none"))
    raise_if_any(problems)
    table = read_text_table(path, header, data)
    n, rows = table.num_rows, np.arange(2, table.num_rows + 2)
    if fixed_month is None:
        month = Coded.of(table[roles["period_end"][0]])
        end, problems = cells.dates(month, name, roles["period_end"][0], rows)
        problems += cells.duplicate_problems(name, rows, roles["period_end"][0], [cells.as_dates(month)])
    else:
        end = np.full(n, np.datetime64(fixed_month, "D"))
        problems += cells.duplicate_problems(name, rows, "month (the file has one month only)", [Coded.constant("", n)])
    if roles["geography"]:
        geo = cells.label(Coded.of(table[roles["geography"][0]]))
        off = np.flatnonzero(geo.rows() != ENGLAND)
        problems += [Problem(name, int(rows[i]), roles["geography"][0], "England", repr(geo.rows()[i])) for i in off]
    parsed = []
    for column in roles["measure"]:
        nums, found = cells.numbers(Coded.of(table[column]), name, column, rows)
        problems += found
        parsed.append(nums)
    raise_if_any(problems)
    k = len(parsed)
    measures = np.asarray([measure_of[c] for c in roles["measure"]], dtype=np.object_)
    return records(
        np.tile(end, k),
        Coded.constant("", n * k),
        Coded.constant(ENGLAND, n * k),
        Coded.constant(ENGLAND, n * k),
        Coded(np.repeat(np.arange(k, dtype=np.int32), n), measures),
        cells.stack(parsed),
    )


def load_at(path: Path, period: str | dt.date | None = None) -> pd.DataFrame:
    """One row per month and measure of an Assuring Transformation England CSV."""
    return to_frame(read_at(path, period))
