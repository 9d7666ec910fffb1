"""The embedded national figures: data/national/national_figures.csv, validated on load.

These are the published national numbers the chapters use when no raw NHS files
have been fetched. Each row keeps its source and confidence so that prose can show
how far a figure can be trusted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rssreview import urls
from rssreview.national import measures
from rssreview.national.checked_table import check, read_checked
from rssreview.paths import NATIONAL
from rssreview.urls import is_safe_url

NATIONAL_FIGURES = NATIONAL / "national_figures.csv"
FIGURE_COLUMNS = [
    "dataset",
    "period_end",
    "measure",
    "value",
    "source_url",
    "source_kind",
    "confidence",
    "note",
    "reason",
]

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


def reason_given(df: pd.DataFrame) -> pd.Series:
    """An inferred or uncertain figure says why in plain words (`reason`): the chapters print it under the chart
    that draws it, and the downloads carry it. `note` is the researcher's shorthand and never reaches a reader."""
    return (df["confidence"] == "confirmed") | (df["reason"].str.strip() != "")


def no_reason_if_confirmed(df: pd.DataFrame) -> pd.Series:
    """A confirmed figure has nothing to explain: a reason there would tell the reader a doubt the table denies."""
    return (df["confidence"] != "confirmed") | (df["reason"].str.strip() == "")


def measure_allowed(df: pd.DataFrame) -> pd.Series:
    listed = measures.load_measures()
    return pd.Series([(d, m) in listed for d, m in zip(df["dataset"], df["measure"])], index=df.index)


SCHEMA = pa.DataFrameSchema(
    {
        "dataset": pa.Column(
            str, pa.Check.isin(list(measures.DATASETS), error="one of " + ", ".join(measures.DATASETS))
        ),
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
        "reason": pa.Column(str),
    },
    checks=[
        check(measure_allowed, "a measure listed for its dataset in data/national/measures.csv"),
        check(reason_given, "a reason in plain words, for a figure that is not confirmed", column="reason"),
        check(no_reason_if_confirmed, "no reason, for a confirmed figure", column="reason"),
    ],
    unique=KEY,
    strict=True,
    ordered=True,
)


def load_national_figures(path: Path = NATIONAL_FIGURES) -> pd.DataFrame:
    """The validated figures table, period_end as datetime64, value as float.

    The measures table is read first, so its own problems are reported as they are rather than as a failed check
    of this one.
    """
    measures.load_measures()
    valid = read_checked(path, FIGURE_COLUMNS, SCHEMA, KEY)
    return valid.assign(
        period_end=pd.to_datetime(valid["period_end"], format="%Y-%m-%d"), value=as_number(valid["value"]).astype(float)
    )
