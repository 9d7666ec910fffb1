import hashlib
import shutil

import pandas as pd
import pytest

from rssreview.national import INDICATOR_COLUMNS, NationalDataError, build_indicators
from rssreview.national.indicators import figures_source
from rssreview.national.manifest import MANIFEST_COLUMNS

V1, V2 = "MHSDS Data_AprPrf_2023.csv", "MHSDS Data_AprPrf_2023 v2.csv"


def raw_dir(tmp_path, fixtures, rows):
    folder = tmp_path / "raw"
    folder.mkdir()
    for row in rows:
        shutil.copy(fixtures / row[0], folder / row[0])
    lines = [",".join(MANIFEST_COLUMNS)] + [",".join(f'"{c}"' if "," in c else c for c in row) for row in rows]
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def row(file, dataset, period="", supersedes="", sha=""):
    return [file, dataset, period, "https://example.org/" + file.replace(" ", "%20"), "", sha, "", supersedes, ""]


def test_embedded_table_when_no_raw_files(tmp_path):
    df = build_indicators(tmp_path / "empty")
    assert list(df.columns) == INDICATOR_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(df["period_end"])
    first = df[(df["measure"] == "inpatients_total") & (df["period_end"] == "2015-03-31")]
    assert first["value"].tolist() == [2395.0] and first["series"].iloc[0].startswith("AT first published")
    revised = df[df["measure"] == "inpatients_total_revised"]
    assert set(revised["series"].astype(str)).isdisjoint(set(first["series"].astype(str)))


def test_v2_supersedes_and_provenance(tmp_path, fixtures):
    folder = raw_dir(
        tmp_path,
        fixtures,
        [
            row(V1, "MHSDS", "2023-04"),
            row(V2, "MHSDS", "2023-04", supersedes=V1),
            row("LDA_Published_Feb_2022.csv", "MHSDS-LDA", "2022-02"),
        ],
    )
    df = build_indicators(folder)
    raw = df[df["source_file"] != figures_source()]
    assert set(raw["source_file"].astype(str)) == {V2, "LDA_Published_Feb_2022.csv"}
    england = df[(df["measure"] == "MHS01") & (df["level"] == "England")]
    assert england["value"].tolist() == [13710.0]
    assert england["source_sha256"].iloc[0] == hashlib.sha256((fixtures / V2).read_bytes()).hexdigest()
    assert raw.loc[raw["dataset"] == "MHSDS-LDA", "series"].astype(str).unique().tolist() == ["MHSDS-LDA: MHSDS v5"]
    assert build_indicators(folder).equals(df)


def test_v2_must_be_declared(tmp_path, fixtures):
    folder = raw_dir(tmp_path, fixtures, [row(V1, "MHSDS", "2023-04"), row(V2, "MHSDS", "2023-04")])
    with pytest.raises(NationalDataError, match=r"row 3, column supersedes: expected 'MHSDS Data_AprPrf_2023.csv'"):
        build_indicators(folder)


def test_unlisted_file_wrong_dataset_and_checksum_are_reported_together(tmp_path, fixtures):
    folder = raw_dir(tmp_path, fixtures, [row(V1, "AT", "2023-04"), row("AT_England_2022.csv", "AT", sha="0" * 64)])
    shutil.copy(fixtures / "LDA_Published_Feb_2022.csv", folder / "LDA_Published_Feb_2022.csv")
    with pytest.raises(NationalDataError) as err:
        build_indicators(folder)
    lines = str(err.value).splitlines()
    assert len(lines) == 3
    assert any("LDA_Published_Feb_2022.csv" in line and "manifest.csv" in line for line in lines)
    assert any(line.startswith(V1) and "the MHSDS layout" in line for line in lines)
    assert any(line.startswith("AT_England_2022.csv") and "SHA-256" in line for line in lines)


def test_series_break_marks_first_month_after_a_break(tmp_path, fixtures):
    folder = raw_dir(tmp_path, fixtures, [row("MHSDS Data_Rstr_Jun2022_Prf.csv", "MHSDS-RI", "2022-06")])
    text = (
        (fixtures / "MHSDS Data_Rstr_Jun2022_Prf.csv").read_text().replace("/06/22", "/07/22").replace("30/07", "31/07")
    )
    (folder / "RI_Jul2022.csv").write_text(text)
    with open(folder / "manifest.csv", "a") as f:
        f.write("RI_Jul2022.csv,MHSDS-RI,2022-07,,,,,,\n")
    df = build_indicators(folder)
    breaks = df[df["series_break"]]
    assert set(breaks["period_end"].dt.strftime("%Y-%m")) == {"2022-07"}
    assert set(breaks["measure"]) == {"MHS76", "MHS77"}
    assert df.loc[df["period_end"] == "2022-07-31", "series"].astype(str).unique().tolist() == [
        "MHSDS-RI: new RI method"
    ]


LDA, AT = "LDA_Published_Feb_2022.csv", "AT_England_2022.csv"
KEY = ["dataset", "measure", "period_end"]


def national(df, dataset, measure):
    rows = df[
        (df["dataset"] == dataset)
        & (df["measure"] == measure)
        & (df["breakdown"] == "England")
        & (df["level"] == "England")
    ]
    return rows.assign(source_file=rows["source_file"].astype(str)).set_index("period_end").sort_index()


def test_raw_figures_replace_embedded_ones_month_by_month(tmp_path, fixtures):
    folder = raw_dir(tmp_path, fixtures, [row(LDA, "MHSDS-LDA", "2022-02"), row(AT, "AT")])
    df = build_indicators(folder)
    embedded = build_indicators(tmp_path / "empty")
    inpatients = national(df, "MHSDS-LDA", "inpatients_total")
    assert inpatients.loc["2022-02-28", "source_file"] == LDA and len(inpatients) == 1
    at = national(df, "AT", "inpatients_total")
    assert at.loc["2022-04-30", "source_file"] == AT and at.loc["2022-05-31", "value"] == 2010
    assert at.loc["2015-03-31", "source_file"] == figures_source() and at.loc["2015-03-31", "value"] == 2395
    national_keys = df[(df["breakdown"] == "England") & (df["level"] == "England")]
    assert not national_keys.duplicated(KEY).any()
    from_embedded = df[df["source_file"] == figures_source()]
    # replaced: LDA Feb 2022 inpatients, under-18s and people restrained; AT Apr 2022 inpatients and admissions,
    # and May 2022 inpatients
    assert len(from_embedded) == len(embedded) - 6
    assert set(embedded["dataset"].astype(str)) == set(df["dataset"].astype(str))


def test_raw_figure_starts_a_segment_after_embedded_months(tmp_path, fixtures):
    df = build_indicators(raw_dir(tmp_path, fixtures, [row(LDA, "MHSDS-LDA", "2022-02")]))
    restraints = national(df, "MHSDS-LDA", "restrictive_interventions")
    assert restraints.loc["2022-02-28", "source_file"] == LDA
    assert restraints["series_break"].tolist() == [False] * (len(restraints) - 1) + [True]
    assert restraints.loc["2021-07-31", "series"] == "MHSDS-LDA: MHSDS v4.1"


def test_sub_national_lda_rows_keep_published_names(tmp_path, fixtures):
    df = build_indicators(raw_dir(tmp_path, fixtures, [row(LDA, "MHSDS-LDA", "2022-02")]))
    provider = df[df["breakdown"] == "Provider; Total"]
    assert set(provider["measure"].astype(str)) == {
        "Restraints_Count_of_people",
        "Restraints_Count_of_restraints",
        "LDA45_Hospital_spells_open_at_the_end_of_the_RP",
    }
    mapped = {
        "restrictive_interventions",
        "people_restrained",
        "inpatients_total",
        "restrictive_interventions_under_18",
        "under_18",
    }
    lda = df[(df["dataset"] == "MHSDS-LDA") & df["measure"].isin(mapped)]
    assert set(lda["breakdown"].astype(str)) == set(lda["level"].astype(str)) == {"England"}


def test_same_national_month_in_two_raw_files_is_reported(tmp_path, fixtures):
    folder = raw_dir(tmp_path, fixtures, [row(AT, "AT")])
    (folder / "AT_May_2022.csv").write_text("Period_End,Geography,Inpatients\n2022-05-31,England,2015\n")
    with open(folder / "manifest.csv", "a") as f:
        f.write("AT_May_2022.csv,AT,,,,,,,\n")
    with pytest.raises(NationalDataError) as err:
        build_indicators(folder)
    assert str(err.value) == (
        "manifest.csv, file, column file: expected one file giving the national AT "
        "inpatients_total for 2022-05; found AT_England_2022.csv and AT_May_2022.csv"
    )
