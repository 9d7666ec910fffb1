"""The MHSDS learning disability and autism file (`LDA_Published`, wide; data/raw/README.md, "Published layouts").

One column per measure, so it is melted to one row per value. The schema has no
period column: the month comes from the caller or from the file name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from rssreview.national import cells
from rssreview.national.cells import Coded
from rssreview.national.csvfile import read_text_table
from rssreview.national.errors import NationalDataError, file_label, raise_if_any
from rssreview.national.layouts import LDA_ID_COLUMNS, Layout, column_problems, read_header, require_layout
from rssreview.national.periods import month_from_name, parse_month
from rssreview.national.records import records, to_frame
from rssreview.problems import Problem

#: Measure columns published in LDA_Published (data/raw/README.md, "Published layouts"); later releases may add LDAnn_ columns.
LDA_MEASURES = [
    "Restraints_Count_of_people",
    "Restraints_Count_of_restraints",
    "LDA43_Hospital_spells_open_at_start_of_RP",
    "LDA27_Hospital_admissions_in_the_RP",
    "LDA28_Hospital_discharges_in_the_RP",
    "LDA44_Hospital_admissions_and_discharges_in_the_RP",
    "LDA45_Hospital_spells_open_at_the_end_of_the_RP",
    "LDA46_Ward_stays_open_at_start_of_the_RP",
    "LDA47_Ward_stays_starting_in_the_RP",
    "LDA48_Ward_stays_ending_in_the_RP",
    "LDA49_Ward_stays_starting_and_ending_in_the_RP",
    "LDA21_Ward_stays_open_at_the_end_of_the_RP",
    "LDA50_Referrals_open_at_the_start_of_the_RP",
    "LDA32_Referrals_starting_in_the_RP",
    "LDA51_Referrals_ending_in_the_RP",
    "LDA52_Referrals_starting_and_ending_in_the_RP",
    "LDA23_Referrals_open_at_the_end_of_the_RP",
    "Community_Care_and_Treatment_Review_Pre_admission",
    "Post_admission_Care_and_Treatment_Review",
    "Inpatient_Care_and_Treatment_Review_More_than_two_weeks_post_admission",
]
LATER_MEASURE = re.compile(r"^LDA\d+_\w+$")
KEY = "Geography, OrgName (or OrgCode), PrimaryMeasure, PrimarySplit, SecondaryMeasure and SecondarySplit"


def tile(col: Coded, times: int) -> Coded:
    """The same labels once per melted measure column."""
    return Coded(np.tile(col.codes, times), col.values)


def measure_columns(header: list[str]) -> list[str]:
    return [c for c in header if c in LDA_MEASURES or LATER_MEASURE.match(c)]


def read_lda(path: Path, period: str | dt.date | None = None, data: pa.Buffer | None = None) -> pa.Table:
    """Records from one LDA_Published file; `period` overrides the month in the file name."""
    name = file_label(path)
    header = read_header(path)
    require_layout(path, header, Layout.LDA)
    month = parse_month(period) if period is not None else month_from_name(name)
    if month is None:
        raise NationalDataError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "a month in the file name (e.g. LDA_Published_Feb_2022) or a period argument",
                    "neither",
                )
            ]
        )
    measures = measure_columns(header)
    problems = column_problems(path, header, LDA_ID_COLUMNS, frozenset(measures))
    if not measures:
        problems.append(
            Problem(name, 1, None, "at least one measure column (e.g. Restraints_Count_of_restraints)", "none")
        )
    raise_if_any(problems)
    table = read_text_table(path, header, data)
    rows = np.arange(2, table.num_rows + 2)
    parsed = []
    for column in measures:
        nums, found = cells.numbers(Coded.of(table[column]), name, column, rows)
        problems += found
        parsed.append(nums)
    label = {c: cells.label(Coded.of(table[c])) for c in LDA_ID_COLUMNS}
    breakdown = cells.join([label["Geography"], label["PrimaryMeasure"], label["SecondaryMeasure"]])
    level = cells.join(
        [cells.first_filled([label["OrgName"], label["OrgCode"]]), label["PrimarySplit"], label["SecondarySplit"]]
    )
    raise_if_any(problems + cells.duplicate_problems(name, rows, KEY, [breakdown, level]))
    n, k = table.num_rows, len(measures)
    return records(
        np.full(n * k, np.datetime64(month, "D")),
        Coded.constant("", n * k),
        tile(breakdown, k),
        tile(level, k),
        Coded(np.repeat(np.arange(k, dtype=np.int32), n), np.asarray(measures, dtype=object)),
        cells.stack(parsed),
    )


def load_lda(path: Path, period: str | dt.date | None = None) -> pd.DataFrame:
    """One row per published value of an LDA_Published file (not-applicable cells left out)."""
    return to_frame(read_lda(path, period))
