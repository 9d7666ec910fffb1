import math

import pytest

from rssreview.national import (
    Layout,
    NationalDataError,
    detect_layout,
    load_at,
    load_lda,
    load_mhsds_main,
    load_restrictive_new,
    load_restrictive_old,
)
from rssreview.national.layouts import MHSDS_MAIN_COLUMNS

MAIN = "MHSDS Data_AprPrf_2023.csv"
LAYOUT_FILES = {
    MAIN: Layout.MHSDS_MAIN,
    "MHSDS Data_Rstr_Jun2022_Prf.csv": Layout.RI_OLD,
    "RI_Jun2022_metric_form.csv": Layout.RI_OLD,
    "MHSDS Data_Rstr_Jul2022_Prf.csv": Layout.RI_NEW,
    "LDA_Published_Feb_2022.csv": Layout.LDA,
    "AT_England_2022.csv": Layout.AT,
}
LOADERS = {
    Layout.MHSDS_MAIN: load_mhsds_main,
    Layout.RI_OLD: load_restrictive_old,
    Layout.RI_NEW: load_restrictive_new,
    Layout.LDA: load_lda,
    Layout.AT: load_at,
}
HEADER = ",".join(MHSDS_MAIN_COLUMNS)
ROW = "01/04/2023,30/04/2023,Performance,England,England,England,NONE,NONE,MHS01,People,{}"


@pytest.mark.parametrize("name,layout", LAYOUT_FILES.items())
def test_detects_each_layout(fixtures, name, layout):
    assert detect_layout(fixtures / name) is layout


@pytest.mark.parametrize("name,layout", LAYOUT_FILES.items())
def test_each_loader_rejects_other_layouts(fixtures, name, layout):
    for other, loader in LOADERS.items():
        if other is layout:
            assert len(loader(fixtures / name)) > 0
            continue
        with pytest.raises(NationalDataError) as err:
            loader(fixtures / name)
        assert name in str(err.value) and "header" in str(err.value)


def test_main_file_bom_status_quotes_and_suppression(fixtures):
    df = load_mhsds_main(fixtures / MAIN)
    assert set(df["status"]) == {"Performance"}
    assert str(df["period_end"].iloc[0].date()) == "2023-04-30"
    star = df[df["suppressed"]]
    assert len(star) == 2 and star["value"].isna().all()
    assert not (df["value"] == 0).any()
    assert "NOTTINGHAMSHIRE HEALTHCARE NHS FOUNDATION TRUST, SECURE SERVICES" in set(df["level"])
    assert math.isclose(df.loc[df["measure"] == "MHS07a", "value"].dropna().iloc[0], 8.375894)
    assert len(df) == 5  # the '-' (not applicable) cell is left out


def test_old_ri_accepts_metric_form_and_two_digit_years(fixtures):
    df = load_restrictive_old(fixtures / "MHSDS Data_Rstr_Jun2022_Prf.csv")
    assert str(df["period_end"].iloc[0].date()) == "2022-06-30"
    assert "England; Physical restraint - Prone" in set(df["level"])
    metric = load_restrictive_old(fixtures / "RI_Jun2022_metric_form.csv")
    assert list(metric["measure"]) == ["MHS76", "MHS76"] and metric["suppressed"].tolist() == [False, True]


def test_lda_melts_and_takes_month_from_name(fixtures):
    df = load_lda(fixtures / "LDA_Published_Feb_2022.csv")
    assert set(df["period_end"].dt.strftime("%Y-%m-%d")) == {"2022-02-28"}
    total = df[(df["level"] == "Total data as submitted; Total") & (df["measure"] == "Restraints_Count_of_restraints")]
    assert total["value"].tolist() == [4070.0]
    assert len(df) == 10  # 4 rows x 3 measures, less two '-' cells
    assert load_lda(fixtures / "LDA_Published_Feb_2022.csv", period="2022-01")["period_end"].dt.month.unique() == [1]


def test_at_maps_columns_through_the_map(fixtures):
    df = load_at(fixtures / "AT_England_2022.csv")
    got = {(str(r.period_end.date()), r.measure): r.value for r in df.itertuples()}
    assert got[("2022-04-30", "inpatients_total")] == 2000 and got[("2022-05-31", "admissions")] == 1005
    assert math.isnan(got[("2022-04-30", "under_18")])


def test_at_unknown_column_is_reported_not_guessed(write):
    path = write("at.csv", "Period_End,Inpatients,Mystery_Count,Other\n30/04/2022,2000,5,1\n")
    with pytest.raises(NationalDataError) as err:
        load_at(path)
    lines = str(err.value).splitlines()
    assert any("'Mystery_Count'" in line for line in lines) and any("'Other'" in line for line in lines)


def test_unknown_layout_is_one_clear_error(write):
    path = write("x.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(NationalDataError) as err:
        detect_layout(path)
    message = str(err.value)
    assert len(message.splitlines()) == 1 and "x.csv" in message and "'a,b,c'" in message and "LDA" in message


@pytest.mark.parametrize(
    "content,needle",
    [
        (HEADER.replace(",", ";") + "\n", "semicolons"),
        (b"", "empty file"),
        (HEADER + "\n", "only the header"),
        (b"PK\x03\x04rest", "ZIP"),
        ("<!DOCTYPE html><html></html>", "HTML"),
        (HEADER.replace(",MEASURE_NAME", "") + "\n" + ROW.format(1).replace(",People", ""), "MEASURE_NAME"),
        (HEADER.replace("MEASURE_NAME", "MEASURE_LABEL") + "\n" + ROW.format(1), "MEASURE_LABEL"),
    ],
)
def test_structural_problems(write, content, needle):
    with pytest.raises(NationalDataError) as err:
        load_mhsds_main(write("bad.csv", content))
    assert needle in str(err.value)


def test_every_cell_problem_listed_with_row_and_column(write):
    rows = [ROW.format(v).replace("MHS01", f"MHS0{i}") for i, v in enumerate(["12", "abc", "-5", "7"])]
    rows[3] = rows[3].replace("30/04/2023", "31/02/2023", 1)
    with pytest.raises(NationalDataError) as err:
        load_mhsds_main(write("bad.csv", HEADER + "\n" + "\n".join(rows) + "\n"))
    lines = str(err.value).splitlines()
    assert (
        "bad.csv, row 3, column MEASURE_VALUE: expected a number, '*' (suppressed) or '-' (not applicable); found 'abc'"
    ) in lines
    assert any(line.startswith("bad.csv, row 4, column MEASURE_VALUE") and "'-5'" in line for line in lines)
    assert any(line.startswith("bad.csv, row 5, column REPORTING_PERIOD_END") for line in lines)
    assert len(lines) == 3


def test_truncated_row_and_not_utf8(write):
    text = HEADER + "\n" + ROW.format(1) + "\n01/04/2023,30/04/2023,Perf\n"
    with pytest.raises(NationalDataError) as err:
        load_mhsds_main(write("cut.csv", text))
    assert "cut.csv, row 3, column BREAKDOWN: expected 11 fields" in str(err.value)
    with pytest.raises(NationalDataError) as err:
        load_mhsds_main(
            write(
                "latin.csv",
                (HEADER + "\n" + ROW.format(1) + "\n").encode()
                + ROW.format(2).replace("People", "Caf\udce9").encode("utf-8", "surrogateescape"),
            )
        )
    assert "latin.csv, row 3, column MEASURE_NAME: expected UTF-8 text" in str(err.value)
