"""Indicator changes between reports are computed at each report's data month, with periods."""

from __future__ import annotations

import pandas as pd
import pytest

from rssreview.national import NationalDataError, measures
from rssreview.present import changes


def _indicators(rows):
    frame = pd.DataFrame(rows, columns=["dataset", "measure", "period_end", "value"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    frame["suppressed"] = False
    return frame


def test_each_report_uses_the_latest_figure_up_to_its_data_month(tables):
    indicators = _indicators(
        [
            ("AT", "inpatients_total", "2021-08-31", 2040),
            ("AT", "inpatients_total", "2021-09-30", 2080),
            ("AT", "inpatients_total", "2022-02-28", 2030),
            ("AT", "inpatients_total", "2022-04-30", 2000),
        ]
    )
    frame = changes.indicator_changes_frame(tables, "2022-03", indicators).set_index("Indicator")
    row = frame.loc[changes.KEY_INDICATORS[0][2]]
    assert row["Previous report"] == "2,080 (September 2021; confirmed)"
    assert row["This report"] == "2,030 (February 2022; confirmed)"
    assert row["Change"] == "-50"
    text = changes.indicator_changes_text(tables, "2022-03", indicators).data
    assert "people in hospital went from 2,080 (September 2021; confirmed) to 2,030 (February 2022; confirmed)" in text


def test_no_newer_figure_is_said_plainly(tables):
    indicators = _indicators([("AT", "inpatients_total", "2021-09-30", 2080)])
    text = changes.indicator_changes_text(tables, "2022-03", indicators).data
    assert text.startswith("Our data hold no newer national figure")
    assert "not in our data" in text and "No newer national figure was available" not in text


def test_a_key_indicator_missing_from_the_measures_table_stops_the_table(monkeypatch, tables):
    indicators = _indicators([("AT", "inpatients_total", "2021-09-30", 2080)])
    assert all((d, m) in measures.load_measures() for d, m, _ in changes.KEY_INDICATORS)
    monkeypatch.setattr(changes, "KEY_INDICATORS", (*changes.KEY_INDICATORS, ("AT", "inpatients_totl", "Typo")))
    with pytest.raises(NationalDataError, match="a row for AT measure 'inpatients_totl'"):
        changes.indicator_changes_frame(tables, "2022-03", indicators)
