"""The embedded national figures: data/national/national_figures.csv, validated on load.

These are the published national numbers the chapters use when no raw NHS files
have been fetched. Each row keeps its source and confidence so that prose can show
how far a figure can be trusted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from rssreview import urls
from rssreview.national.csvfile import read_small_csv
from rssreview.national.errors import NationalDataError, file_label
from rssreview.paths import NATIONAL
from rssreview.problems import Problem
from rssreview.urls import is_safe_url

NATIONAL_FIGURES = NATIONAL / "national_figures.csv"
FIGURE_COLUMNS = ["dataset", "period_end", "measure", "value", "source_url", "source_kind", "confidence", "note"]

#: The measures each dataset may carry; a new measure is added here on purpose, never by accident.
MEASURES = {
    "AT": {
        "admissions",
        "admissions_feb_mar_2015",
        "delayed_discharges",
        "discharges",
        "discharges_feb_mar_2015",
        "inpatients_adults",
        "inpatients_autistic_any",
        "inpatients_autistic_only",
        "inpatients_ld_and_autistic",
        "inpatients_ld_only",
        "inpatients_none_of_above",
        "inpatients_total",
        "inpatients_total_revised",
        "los_over_10y",
        "los_over_2y",
        "secure_ward",
        "under_18",
        "under_18_autistic",
    },
    "MHSDS-LDA": {
        "admissions",
        "delayed_discharges",
        "discharges",
        "inpatients_total",
        "los_over_2y",
        "people_restrained",
        "restrictive_interventions",
        "restrictive_interventions_under_18",
        "secure_ward",
        "under_18",
    },
    "SEND": {
        "areas_inspected",
        "areas_not_inspected",
        "areas_total",
        "revisits",
        "revisits_sufficient_progress",
        "wsoa_required",
    },
}
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
#: The book's one certainty vocabulary (the same words as rssreview.evidence.vocabulary.CONFIDENCE, which a
#: test checks): confirmed = the source states the figure and its period; inferred = the period or measure is
#: worked out from context; uncertain = the source is approximate, inconsistent or indirect.
CONFIDENCE = ("confirmed", "inferred", "uncertain")
KEY = ["dataset", "period_end", "measure"]


def real_date(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").notna()


def as_number(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text, errors="coerce")


def measure_allowed(df: pd.DataFrame) -> pd.Series:
    return pd.Series([m in MEASURES.get(d, set()) for d, m in zip(df["dataset"], df["measure"])], index=df.index)


def check(fn, error: str, element_wise: bool = False) -> pa.Check:
    return pa.Check(fn, element_wise=element_wise, error=error)


SCHEMA = pa.DataFrameSchema(
    {
        "dataset": pa.Column(str, pa.Check.isin(sorted(MEASURES), error="one of " + ", ".join(sorted(MEASURES)))),
        "period_end": pa.Column(
            str,
            [pa.Check.str_matches(ISO_DATE, error="an ISO date YYYY-MM-DD"), check(real_date, "a real calendar date")],
        ),
        "measure": pa.Column(str),
        "value": pa.Column(
            str,
            [
                check(lambda s: as_number(s).notna(), "a number"),
                check(lambda s: ~(as_number(s) < 0), "a number of zero or more"),
            ],
        ),
        "source_url": pa.Column(str, check(is_safe_url, urls.EXPECTED, element_wise=True)),
        "source_kind": pa.Column(
            str, pa.Check.isin(["official", "third-party quote"], error="'official' or 'third-party quote'")
        ),
        "confidence": pa.Column(str, pa.Check.isin(list(CONFIDENCE), error="confirmed, inferred or uncertain")),
        "note": pa.Column(str),
    },
    checks=[check(measure_allowed, "a measure listed for its dataset in rssreview/national/figures.py")],
    unique=KEY,
    strict=True,
    ordered=True,
)
ROW_WIDE = {"multiple_fields_uniqueness": "one row per (dataset, period_end, measure)"}


def problems_from(err: SchemaErrors, name: str, df: pd.DataFrame) -> list[Problem]:
    """One problem line per failing cell, per failing row for whole-row checks, or per header fault."""
    problems = set()
    for case in err.failure_cases.itertuples(index=False):
        if pd.isna(case.index):
            problems.add(Problem(name, 1, None, f"the columns {', '.join(FIGURE_COLUMNS)}", str(case.failure_case)))
            continue
        row, check_name = int(case.index), str(case.check)
        if check_name in ROW_WIDE or case.schema_context == "DataFrameSchema":
            key = ", ".join(f"{c}={df.at[row, c]!r}" for c in KEY)
            problems.add(Problem(name, row + 2, None, ROW_WIDE.get(check_name, check_name), key))
        else:
            problems.add(Problem(name, row + 2, case.column, check_name, repr(df.at[row, case.column])))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.expected))


def load_national_figures(path: Path = NATIONAL_FIGURES) -> pd.DataFrame:
    """The validated figures table, period_end as datetime64, value as float."""
    _, rows = read_small_csv(path, FIGURE_COLUMNS)
    df = pd.DataFrame([r for _, r in rows], columns=FIGURE_COLUMNS, dtype=object).astype(str)
    df.index = pd.Index([n - 2 for n, _ in rows])  # problems_from reports index + 2, the row number
    try:
        valid = SCHEMA.validate(df, lazy=True)
    except SchemaErrors as err:
        raise NationalDataError(problems_from(err, file_label(path), df)) from None
    return valid.assign(
        period_end=pd.to_datetime(valid["period_end"], format="%Y-%m-%d"), value=as_number(valid["value"]).astype(float)
    )
