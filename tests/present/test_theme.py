"""The one chart theme: a month axis gives the drawn (560 px) chart only labels it can show."""

from __future__ import annotations

import pandas as pd
import pytest

from rssreview.present import theme


@pytest.mark.parametrize(
    ("start", "end"),
    [("2018-12-31", "2021-09-30"), ("2021-04-30", "2022-01-31"), ("2015-03-31", "2016-09-30")],
)
def test_month_axis_labels_fit_the_drawn_width(start: str, end: str) -> None:
    """Labels Vega drops stay in the SVG as invisible text that a PDF's text layer prints over the shown ones."""
    axis = theme.time_axis(pd.Timestamp(start), pd.Timestamp(end), "Month end")
    assert 2 <= len(axis.values) <= theme.MONTH_LABELS_AT_WIDTH
    months = [(v.year, v.month) for v in axis.values]
    assert months == sorted(set(months))


def test_year_axis_keeps_every_year() -> None:
    axis = theme.time_axis(pd.Timestamp("2015-03-31"), pd.Timestamp("2021-09-30"), "Month end")
    assert [v.year for v in axis.values] == list(range(2016, 2022))
