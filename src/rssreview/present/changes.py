"""What changed since the last report in the national data: key indicators at each report's data month."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from rssreview.evidence.load import EvidenceTables
from rssreview.national import measures
from rssreview.present import tidy, words
from rssreview.present.display import DataFile, show_table
from rssreview.present.tidy import KEY_INDICATORS, latest, with_certainty


def _figure(row: pd.Series | None) -> str:
    if row is None:
        return "not in our data"
    return f"{row['value']:,.0f} ({row['period_end']:%B %Y}; {row['confidence']})"


def indicator_changes_frame(tables: EvidenceTables, cycle_id: str, indicators: pd.DataFrame) -> pd.DataFrame:
    """For each key indicator: the figure each report could use, and the change between them.

    Each indicator's measure must be in the measures table, so a mistyped one stops the build instead of
    reading "not in our data".
    """
    for dataset, measure, _ in KEY_INDICATORS:
        measures.listed(dataset, [measure], "the summary compares it between reports")
    previous_id = tables.previous_cycle(cycle_id)
    indicators = with_certainty(indicators)
    now_month = tables.cycle(cycle_id)["data_month"]
    before_month = tables.cycle(previous_id)["data_month"] if previous_id else None
    rows = []
    for dataset, measure, label in KEY_INDICATORS:
        now = latest(indicators, dataset, measure, now_month)
        before = latest(indicators, dataset, measure, before_month) if before_month else None
        if now is None or before is None:
            change = "not comparable"
        elif now["period_end"] == before["period_end"]:
            change = "no newer figure in our data"
        else:
            change = f"{now['value'] - before['value']:+,.0f}"
        rows.append(
            {"Indicator": label, "Previous report": _figure(before), "This report": _figure(now), "Change": change}
        )
    return pd.DataFrame(rows)


def indicator_changes_table(tables: EvidenceTables, cycle_id: str, indicators: pd.DataFrame) -> Markdown:
    """The indicator changes as a table, with its CSV."""
    frame = indicator_changes_frame(tables, cycle_id, indicators)
    download = DataFile("indicator-changes", tidy.indicator_changes(tables, cycle_id, indicators))
    return show_table(frame, download=download, cycle_id=cycle_id)


def indicator_changes_text(tables: EvidenceTables, cycle_id: str, indicators: pd.DataFrame) -> Markdown:
    """The indicator changes in words, each figure with its period."""
    frame = indicator_changes_frame(tables, cycle_id, indicators)
    same = frame["Change"].isin(["no newer figure in our data", "not comparable"])
    if tables.previous_cycle(cycle_id) is None:
        text = "This is the first report in the series, so there are no earlier national figures to compare."
    elif same.all():
        month = words.long_date(tables.cycle(cycle_id)["data_month"])
        text = (
            f"Our data hold no newer national figure for this report than for the previous one: for both, the "
            f"latest figures held describe {month}. That gap is in our data, not in what was published: "
            f"Assuring Transformation figures come out every month, so newer figures existed when the report "
            f"was written, but they are not in our data. The table shows the figures held for each report, "
            f"with how sure we are of each."
        )
    else:
        moved = frame[~same]
        text = (
            "Since the previous report: "
            + "; ".join(
                f"{row['Indicator'].split(' (')[0].lower()} went from {row['Previous report']} to {row['This report']}"
                for _, row in moved.iterrows()
            )
            + "."
        )
    return Markdown(text)
