"""The measures table: data/national/measures.csv, one row per national measure, validated on load.

Each measure is named once, here, and everything that names it reads this table: the embedded
figures and the column maps accept only the measures listed for their dataset, the workbook
gives each figure its full `name`, and the charts name their series with `chart_label` and say
what each count covers (`coverage`) in their tables and CSV files. Adding a measure starts with a
row here (data/README.md, "every measure, named once").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandera.pandas as pa

from rssreview.national.checked_table import check, read_checked
from rssreview.national.errors import NationalDataError, file_label
from rssreview.paths import NATIONAL
from rssreview.problems import Problem

MEASURES_CSV = NATIONAL / "measures.csv"
MEASURE_COLUMNS = ["dataset", "measure", "name", "chart_label", "coverage"]
KEY = ["dataset", "measure"]
#: The datasets national figures come from: AT = Assuring Transformation, MHSDS-LDA = MHSDS learning
#: disability and autism statistics, SEND = local area SEND inspections.
DATASETS = ("AT", "MHSDS-LDA", "SEND")
MEASURE_ID = r"^[a-z][a-z0-9_]*$"
NAME = file_label(MEASURES_CSV)


@dataclass(frozen=True)
class Measure:
    """One measure: its full name, its series name on a chart ('' if none draws it) and what the count covers."""

    dataset: str
    measure: str
    name: str
    chart_label: str
    coverage: str


def once_in_dataset(column: str):
    """A whole-table check: no two measures of one dataset share a (non-blank) value of `column`."""
    return lambda df: (df[column] == "") | ~df.duplicated(["dataset", column], keep="first")


SCHEMA = pa.DataFrameSchema(
    {
        "dataset": pa.Column(str, pa.Check.isin(list(DATASETS), error="one of " + ", ".join(DATASETS))),
        "measure": pa.Column(
            str, pa.Check.str_matches(MEASURE_ID, error="a measure id of lower-case letters, digits and underscores")
        ),
        "name": pa.Column(str, check(lambda s: s != "", "a name in plain words")),
        "chart_label": pa.Column(str),
        "coverage": pa.Column(str),
    },
    checks=[
        check(lambda df: (df["chart_label"] == "") | (df["coverage"] != ""), "a coverage for a measure with a chart"),
        check(once_in_dataset("name"), "each name once in its dataset"),
        check(once_in_dataset("chart_label"), "each chart_label once in its dataset"),
    ],
    unique=KEY,
    strict=True,
    ordered=True,
)


def load_measures(path: Path = MEASURES_CSV) -> dict[tuple[str, str], Measure]:
    """Every measure by (dataset, measure), in the table's order; read afresh so an edit is never missed."""
    table = read_checked(path, MEASURE_COLUMNS, SCHEMA, KEY)
    return {(m.dataset, m.measure): m for m in (Measure(*row) for row in table.itertuples(index=False))}


def allowed(dataset: str) -> frozenset[str]:
    """The measures a dataset may carry: a new measure is added to the table on purpose, never by accident."""
    return frozenset(m for d, m in load_measures() if d == dataset)


def listed(dataset: str, measures: Iterable[str], why: str) -> dict[str, Measure]:
    """The rows of the measures something uses, in the order given; an error lists every one not in the table."""
    table, wanted = load_measures(), list(measures)
    absent = [m for m in wanted if (dataset, m) not in table]
    if absent:
        raise NationalDataError(
            [Problem(NAME, None, None, f"a row for {dataset} measure {m!r} ({why})", "none") for m in absent]
        )
    return {m: table[(dataset, m)] for m in wanted}


def chart_labels(dataset: str, measures: Iterable[str]) -> list[str]:
    """The series names of the measures a chart draws, in its order; each must have a chart_label."""
    rows = listed(dataset, measures, "a chart draws it")
    unnamed = [m for m, row in rows.items() if not row.chart_label]
    if unnamed:
        raise NationalDataError(
            [
                Problem(NAME, None, "chart_label", f"a series name for {dataset} measure {m!r}", "a blank")
                for m in unnamed
            ]
        )
    return [row.chart_label for row in rows.values()]


def names(datasets: Iterable[str], measures: Iterable[str]) -> list[str]:
    """The full name of each (dataset, measure) pair of validated figures, as the workbook shows it."""
    table = load_measures()
    return [table[(d, m)].name for d, m in zip(datasets, measures)]
