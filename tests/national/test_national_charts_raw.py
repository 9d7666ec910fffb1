"""End to end: raw NHS files in a data/raw-like folder, through build_indicators, into the three charts."""

import shutil

import pandas as pd
import pytest

from rssreview.national import build_indicators
from rssreview.national.manifest import MANIFEST_COLUMNS
from rssreview.present import national_charts as charts

LDA, AT, MAIN = "LDA_Published_Feb_2022.csv", "AT_England_2022.csv", "MHSDS Data_AprPrf_2023.csv"
MANIFEST = [(LDA, "MHSDS-LDA", "2022-02"), (AT, "AT", ""), (MAIN, "MHSDS", "2023-04")]
URL = "https://example.org/raw/"


pytestmark = pytest.mark.usefixtures("figures_in_tmp")


def raw_table(raw, fixtures, url=URL):
    """The indicator table built from the fixture files copied into `raw` with a manifest."""
    raw.mkdir()
    lines = [",".join(MANIFEST_COLUMNS)]
    for file, dataset, period in MANIFEST:
        shutil.copy(fixtures / file, raw / file)
        lines.append(
            ",".join([file, dataset, period, url + file.replace(" ", "%20") if url else "", "", "", "", "", ""])
        )
    (raw / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build_indicators(raw_dir=raw)


@pytest.fixture
def table(tmp_path, fixtures):
    return raw_table(tmp_path / "raw", fixtures)


def by_month(data, when, value):
    return dict(zip(data.loc[data["Month end"] == when, "Series"], data.loc[data["Month end"] == when, value]))


def test_people_in_hospital_uses_raw_at_months_and_embedded_elsewhere(table):
    fig = charts.people_in_hospital("2022-03", "2022-05", table=table)
    data = fig.output.data
    assert by_month(data, "2022-05-31", "People in hospital") == {"First published": 2010}
    assert data.loc[data["Month end"] == "2022-04-30", "Source"].tolist() == [URL + AT]
    assert by_month(data, "2021-09-30", "People in hospital") == {"First published": 2080}
    assert "2,395 people in hospital at the end of March 2015" in fig.alt
    assert "2,010 at the end of May 2022" in fig.alt and "2,010 (" in fig.summary_md
    assert f"[example\\.org]({URL}{AT})" in fig.summary_md
    assert not data.duplicated(["Month end", "Series"]).any()


def test_restraint_uses_national_lda_rows_only(table):
    fig = charts.restraint("2022-03", "2022-05", table=table)
    data = fig.output.data
    value = "Restrictive interventions"
    assert by_month(data, "2022-02-28", value) == {"All ages": 4070, "Under 18": 930}
    assert set(data.loc[data["Month end"] == "2022-02-28", "Certainty"]) == {"confirmed"}
    assert {15, 45, 60}.isdisjoint(data[value])  # provider and Age-split people figures
    assert by_month(data, "2020-05-31", value) == {"All ages": 5520}
    assert "4,070 in February 2022 (930 of them on under-18s)" in fig.alt
    assert "465 people restrained in February 2022" in fig.alt and "October 2021" in fig.alt
    assert "The latest, for February 2022, is 4,070, 930 of them on under-18s" in fig.summary_md
    first_v5 = data[(data["Month end"] == "2022-02-28") & (data["Series"] == "All ages")]
    earlier = data[(data["Month end"] == "2021-07-31") & (data["Series"] == "All ages")]
    assert first_v5["Series version"].iloc[0] != earlier["Series version"].iloc[0]
    assert r"Series break:\nMHSDS v5" in str(fig.output.spec)


def test_send_is_unchanged_by_raw_files(table):
    raw = charts.send_inspections("2022-03", "2022-05", table=table)
    embedded = charts.send_inspections("2022-03", "2022-05")
    assert raw.alt == embedded.alt and raw.output.svg == embedded.output.svg
    assert "116 of 151 areas had been inspected" in raw.alt


def test_a_sub_national_row_under_a_chart_measure_is_never_plotted(table):
    regional = (
        table[(table["dataset"] == "AT") & (table["measure"] == "inpatients_total")]
        .head(1)
        .astype({"breakdown": str, "level": str})
        .assign(breakdown="Commissioning Region", level="Midlands", value=999.0, period_end=pd.Timestamp("2021-10-31"))
    )
    mixed = pd.concat([table.astype({"breakdown": str, "level": str}), regional], ignore_index=True)
    data = charts.people_in_hospital("2022-03", "2022-05", table=mixed).output.data
    assert 999 not in data["People in hospital"].tolist() and "2021-10-31" not in data["Month end"].tolist()


def test_a_raw_file_without_an_address_is_named_instead(tmp_path, fixtures):
    fig = charts.people_in_hospital("2022-03", "2022-05", table=raw_table(tmp_path / "raw", fixtures, url=""))
    assert "2,010 (AT\\_England\\_2022\\.csv; confirmed)." in fig.summary_md
