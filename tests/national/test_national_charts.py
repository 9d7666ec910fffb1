import pandas as pd
import pytest

from rssreview.present import national_charts as charts

pytestmark = pytest.mark.usefixtures("figures_in_tmp")


def test_people_in_hospital_alt_text_uses_the_data():
    fig = charts.people_in_hospital("2022-03", "2022-02")
    assert fig.alt.startswith("Assuring Transformation: 2,395 people in hospital at the end of March 2015 "
                              "(first published) and 2,080 at the end of September 2021")
    assert "2,905" in fig.alt and "875" in fig.alt
    assert "medium confidence" in fig.summary_md and 2 <= fig.summary_md.count(". ") + 1 <= 5
    assert fig.output.data["Month end"].max() <= "2022-02-28"
    assert (fig.output.data["Month end"].str.match(r"^\d{4}-\d{2}-\d{2}$")).all()


def test_data_month_limits_the_series():
    fig = charts.people_in_hospital("2021-12", "2020-02")
    assert "2,170 at the end of February 2020" in fig.alt


def test_no_line_joins_a_gap_or_a_break():
    data = charts.people_in_hospital("2022-03", "2022-02").output.data
    for _, seg in data.groupby("Segment"):
        months = pd.to_datetime(seg["Month end"]).dt.to_period("M").astype(int).sort_values()
        assert months.diff().dropna().eq(1).all()
        assert seg["Series"].nunique() == 1


def test_restraint_marks_the_october_2021_break():
    fig = charts.restraint("2022-03", "2022-02")
    assert "5,520 in May 2020" in fig.alt and "465 people restrained in February 2022" in fig.alt
    assert "October 2021" in fig.alt
    assert "MHSDS v5 from Oct 2021" in str(fig.output.spec)


def test_send_bars_and_alt_text():
    fig = charts.send_inspections("2022-03", "2022-02")
    assert "by 31 March 2021, 116 of 151 areas had been inspected and 59 needed a written statement" in fig.alt
    assert "bar" in str(fig.output.spec["mark"])
    assert set(fig.output.data["Measure"]) == {"Areas inspected", "Needed a written statement of action"}
