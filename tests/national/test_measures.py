"""The measures table: one row per measure, read by the figures check, the maps, the workbook and the charts."""

import pytest

from rssreview.national import NationalDataError, load_national_figures
from rssreview.national import measures as measure_table
from rssreview.national.at_column_map import load_column_map
from rssreview.national.figures import NATIONAL_FIGURES
from rssreview.national.lda_measure_map import load_measure_map
from rssreview.national.measures import MEASURES_CSV, load_measures

HEADER = "dataset,measure,name,chart_label,coverage\n"


def test_project_table_is_valid_and_lists_every_measure_in_use():
    table = load_measures()
    assert {d for d, _ in table} == set(measure_table.DATASETS)
    figures = load_national_figures()
    assert set(zip(figures["dataset"], figures["measure"])) <= set(table)
    assert {("MHSDS-LDA", m.measure) for m in load_measure_map()} <= set(table)
    targets = {target for role, target in load_column_map().aliases.values() if role == "measure"}
    assert {("AT", t) for t in targets} <= set(table)
    assert table[("AT", "inpatients_total")].name == "People in hospital, total as first published"
    assert table[("AT", "inpatients_total")].chart_label == "First published"


def test_bad_table_lists_every_problem(write):
    path = write(
        "measures.csv",
        HEADER + "AT,inpatients_total,People in hospital,First published,\n"
        "AT,inpatients_total,Again,,\n"
        "NHS,under 18,,,\n"
        "SEND,areas_inspected,Areas inspected,Areas,Every area\n"
        "SEND,wsoa_required,Areas inspected,Areas,Some areas\n",
    )
    with pytest.raises(NationalDataError) as err:
        load_measures(path)
    assert str(err.value).splitlines() == [
        "measures.csv, row 2: expected a coverage for a measure with a chart; "
        "found dataset='AT', measure='inpatients_total'",
        "measures.csv, row 2: expected one row per (dataset, measure); found dataset='AT', measure='inpatients_total'",
        "measures.csv, row 3: expected one row per (dataset, measure); found dataset='AT', measure='inpatients_total'",
        "measures.csv, row 4, column dataset: expected one of AT, MHSDS-LDA, SEND; found 'NHS'",
        "measures.csv, row 4, column measure: expected a measure id of lower-case letters, digits and underscores; "
        "found 'under 18'",
        "measures.csv, row 4, column name: expected a name in plain words; found ''",
        "measures.csv, row 6: expected each chart_label once in its dataset; found dataset='SEND', "
        "measure='wsoa_required'",
        "measures.csv, row 6: expected each name once in its dataset; found dataset='SEND', measure='wsoa_required'",
    ]


def test_a_figure_whose_measure_is_not_in_the_table_is_refused(write):
    lines = NATIONAL_FIGURES.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    path = write("figs.csv", "\n".join([lines[0], ",".join([*first[:2], "inpatients_unlisted", *first[3:]])]) + "\n")
    with pytest.raises(NationalDataError, match="expected a measure listed for its dataset in data/national/measures"):
        load_national_figures(path)


def without(monkeypatch, dataset: str, measure: str) -> None:
    """The project's measures table, less one row, for every reader of the table."""
    table = {key: row for key, row in load_measures().items() if key != (dataset, measure)}
    monkeypatch.setattr(measure_table, "load_measures", lambda path=MEASURES_CSV: table)


def test_listed_and_chart_labels_name_what_is_missing(monkeypatch):
    without(monkeypatch, "SEND", "areas_total")
    with pytest.raises(NationalDataError) as err:
        measure_table.listed("SEND", ["areas_inspected", "areas_total"], "a chart uses it")
    assert str(err.value) == (
        "measures.csv, file: expected a row for SEND measure 'areas_total' (a chart uses it); found none"
    )
    with pytest.raises(
        NationalDataError, match="column chart_label: expected a series name for AT measure 'admissions'"
    ):
        measure_table.chart_labels("AT", ["inpatients_total", "admissions"])
