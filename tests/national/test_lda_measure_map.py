import pytest

from rssreview.national import NationalDataError
from rssreview.national.lda import read_lda
from rssreview.national.lda_measure_map import as_national, load_measure_map
from rssreview.national.records import to_frame

HEADER = "source_column,primary_measure,primary_split,measure,note\n"


def test_project_map_covers_the_chart_measures():
    mapped = {(m.source_column, m.primary_split): m.measure for m in load_measure_map()}
    assert mapped[("Restraints_Count_of_restraints", "Total")] == "restrictive_interventions"
    assert mapped[("Restraints_Count_of_people", "Total")] == "people_restrained"
    assert mapped[("LDA45_Hospital_spells_open_at_the_end_of_the_RP", "Total")] == "inpatients_total"
    assert mapped[("Restraints_Count_of_restraints", "Under 18")] == "restrictive_interventions_under_18"


def test_bad_map_lists_every_problem(write):
    path = write(
        "map.csv",
        HEADER + "Restraints_Count_of_restraints,Total,Total,restrictive_interventions,\n"
        "Restraints_Count_of_restraints,Total,Total,people_restrained,\n"
        "Restraints_count,Age,,restraints,\n"
        "LDA45_Hospital_spells_open_at_the_end_of_the_RP,Total,Total,people_restrained,\n",
    )
    with pytest.raises(NationalDataError) as err:
        load_measure_map(path)
    assert str(err.value).splitlines() == [
        "map.csv, row 3, column source_column: expected each (column, measure, split) once; "
        "found 'Restraints_Count_of_restraints, Total, Total'",
        "map.csv, row 4, column source_column: expected an LDA_Published measure column (see lda.py); "
        "found 'Restraints_count'",
        "map.csv, row 4, column primary_split: expected a PrimaryMeasure/PrimarySplit label; found a blank cell",
        "map.csv, row 4, column measure: expected a MHSDS-LDA measure listed in measures.csv; found 'restraints'",
        "map.csv, row 5, column measure: expected each measure once; found 'people_restrained'",
    ]


def test_bad_map_header(write):
    with pytest.raises(NationalDataError, match=r"^m\.csv, header: expected source_column,primary_measure"):
        load_measure_map(write("m.csv", "column,measure\n"))


def test_only_national_rows_are_relabelled(fixtures):
    df = to_frame(as_national(read_lda(fixtures / "LDA_Published_Feb_2022.csv")))
    df = df.astype({c: str for c in ("breakdown", "level", "measure")})
    england = df[(df["breakdown"] == "England") & (df["level"] == "England")].set_index("measure")["value"]
    assert england.to_dict() == {
        "people_restrained": 465,
        "restrictive_interventions": 4070,
        "restrictive_interventions_under_18": 930,
        "inpatients_total": 3505,
        "under_18": 160,
    }
    rest = df[df["breakdown"] != "England"]
    assert set(rest["breakdown"]) == {
        "Total data as submitted; Age",
        "Provider; Total",
        "Total data as submitted; Ward security",
    }
    assert rest["measure"].str.contains("_").all() and not rest["measure"].isin(england.index).any()
    assert len(df) == len(to_frame(read_lda(fixtures / "LDA_Published_Feb_2022.csv")))


def test_a_file_without_the_national_geography_has_no_national_rows(write):
    path = write(
        "LDA_Published_Mar_2022.csv",
        "Geography,OrgCode,OrgName,PrimaryMeasure,PrimarySplit,SecondaryMeasure,SecondarySplit,"
        "Restraints_Count_of_restraints\nProvider,RX1,A TRUST,Total,Total,NULL,NULL,20\n",
    )
    df = to_frame(as_national(read_lda(path)))
    assert df["measure"].astype(str).tolist() == ["Restraints_Count_of_restraints"]
    assert df["breakdown"].astype(str).tolist() == ["Provider; Total"]
