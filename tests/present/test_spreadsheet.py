"""The accessible workbook: GSS layout, numbers as numbers, counts that match the package, byte-identical rebuilds."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rssreview import evidence
from rssreview.evidence import progress
from rssreview.evidence.rules import STATUS_FOR_IMPACT
from rssreview.national import load_national_figures
from rssreview.national.measures import DATASETS, load_measures
from rssreview.national.periods import parse_month
from rssreview.present import datapackage, spreadsheet

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")  # raised inside gptables 2.0.2

CYCLES = ["2021-12", "2022-03"]
TABLE_SHEETS = [r.sheet for r in datapackage.RESOURCES]
EDITION = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def real_tables():
    return evidence.load()


@pytest.fixture(scope="module")
def built(real_tables, tmp_path_factory) -> dict[str, Path]:
    """Each cycle's workbook, built once; any gptables warning (blank cell, unreferenced note) fails the build."""
    dest = tmp_path_factory.mktemp("workbooks")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        return {cycle: spreadsheet.build_workbook(real_tables, cycle, dest, EDITION) for cycle in CYCLES}


def table_rows(sheet) -> tuple[list[str], list[tuple]]:
    """The headings and data rows of the one Excel table on a sheet."""
    (table,) = sheet.tables.values()
    rows = [tuple(cell.value for cell in row) for row in sheet[table.ref]]
    return [h.split("\n")[0] for h in rows[0]], rows[1:]


def column(sheet, heading: str) -> list:
    headings, rows = table_rows(sheet)
    return [row[headings.index(heading)] for row in rows]


@pytest.mark.parametrize("cycle", CYCLES)
def test_file_is_named_for_the_cycle(built, cycle):
    assert built[cycle].name == f"rss-progress-report-tables-{cycle}.xlsx"


@pytest.mark.parametrize("cycle", CYCLES)
def test_sheets_are_cover_contents_notes_then_one_per_table(built, cycle):
    book = openpyxl.load_workbook(built[cycle])
    assert book.sheetnames == ["Cover", "Contents", "Notes", *TABLE_SHEETS]
    assert all(len(name) <= 31 and "_" not in name for name in book.sheetnames)


@pytest.mark.parametrize("cycle", CYCLES)
def test_every_table_sheet_has_a_title_a_source_and_one_full_table(built, cycle):
    book = openpyxl.load_workbook(built[cycle])
    for name in TABLE_SHEETS:
        sheet = book[name]
        assert re.match(r"Table \d+: .+, \w+ \d{4} report", sheet["A1"].value), name
        assert any(str(c.value).startswith("Source:") for c in sheet["A"][:6]), name
        assert not sheet.merged_cells.ranges, name
        headings, rows = table_rows(sheet)
        assert rows, name
        assert all(h and h[0].isupper() and "_" not in h for h in headings), (name, headings)
        blanks = [
            (name, i, headings[j])
            for i, row in enumerate(rows)
            for j, v in enumerate(row)
            if v is None or (isinstance(v, str) and not v.strip())
        ]
        assert blanks == []


@pytest.mark.parametrize("cycle", CYCLES)
def test_no_merged_cells_anywhere(built, cycle):
    book = openpyxl.load_workbook(built[cycle])
    assert [s.title for s in book if s.merged_cells.ranges] == []


@pytest.mark.parametrize("cycle", CYCLES)
def test_counts_and_numbers_are_stored_as_numbers(built, cycle):
    book = openpyxl.load_workbook(built[cycle])
    for resource in datapackage.RESOURCES:
        for spec in resource.fields:
            if spec.type == "integer":
                values = column(book[resource.sheet], spec.title)
                assert all(isinstance(v, int) for v in values), (resource.sheet, spec.title, values[:5])


@pytest.mark.parametrize("cycle", CYCLES)
def test_status_counts_match_the_package(built, real_tables, cycle):
    sheet = openpyxl.load_workbook(built[cycle])["Status counts"]
    assert sum(column(sheet, "Number of recommendations")) == len(real_tables.recommendations)
    expected = progress.status_counts(real_tables, cycle).set_index("status")["count"]
    statuses = column(sheet, "Status")
    counts = column(sheet, "Number of recommendations")
    for status, count in expected.items():
        assert sum(c for s, c in zip(statuses, counts) if s == status) == count


def test_recommendations_show_every_cycle_up_to_this_one(built, real_tables):
    sheet = openpyxl.load_workbook(built["2022-03"])["All recommendations"]
    assert sorted(set(column(sheet, "Report date"))) == [dt.datetime(2021, 12, 2), dt.datetime(2022, 3, 25)]
    december = openpyxl.load_workbook(built["2021-12"])["All recommendations"]
    assert set(column(december, "Report date")) == {dt.datetime(2021, 12, 2)}


@pytest.mark.parametrize("cycle", CYCLES)
def test_dates_are_date_cells_shown_the_uk_way(built, cycle):
    """ISO text stays in the CSVs; the workbook holds real dates, shown as "25 March 2022". An evidence date known
    only to the month stays the month in words, since a date cell would have to invent its day."""
    book = openpyxl.load_workbook(built[cycle])
    dated = 0
    for resource in datapackage.RESOURCES:
        sheet = book[resource.sheet]
        headings, _ = table_rows(sheet)
        (table,) = sheet.tables.values()
        first_col, first_row, _, last_row = openpyxl.utils.range_boundaries(table.ref)
        for spec in resource.fields:
            if spec.unit != "date":
                continue
            cells = [
                sheet.cell(row=r, column=first_col + headings.index(spec.title))
                for r in range(first_row + 1, last_row + 1)
            ]
            for cell in cells:
                if isinstance(cell.value, dt.datetime):
                    assert cell.number_format == "d mmmm yyyy", (resource.sheet, spec.title)
                    dated += 1
                else:
                    assert re.fullmatch(r"[A-Z][a-z]+ \d{4}|No figure for this report", str(cell.value)), cell.value
                    assert spec.type == "string" or cell.value == "No figure for this report"
    assert dated > 100


@pytest.mark.parametrize("cycle", CYCLES)
def test_evidence_sheet_holds_the_cycles_items(built, real_tables, cycle):
    sheet = openpyxl.load_workbook(built[cycle])["Evidence"]
    items = progress.evidence_for(real_tables, cycle)
    assert column(sheet, "Recommendation") == items["rec_id"].tolist()
    assert column(sheet, "Source") == items["source_url"].tolist()


def test_source_cells_are_working_links(built):
    sheet = openpyxl.load_workbook(built["2022-03"])["Evidence"]
    (table,) = sheet.tables.values()
    headings, _ = table_rows(sheet)
    first_col, first_row = openpyxl.utils.range_boundaries(table.ref)[:2]
    cell = sheet.cell(row=first_row + 1, column=first_col + headings.index("Source"))
    assert cell.hyperlink is not None and cell.hyperlink.target == cell.value


def test_national_figures_stop_at_the_data_month(built, real_tables):
    sheet = openpyxl.load_workbook(built["2022-03"])["National figures"]
    data_month = real_tables.cycle("2022-03")["data_month"]
    periods = column(sheet, "Period end")
    assert f"{max(periods):%Y-%m}" == data_month
    assert "People in hospital, total as first published" in column(sheet, "Measure")
    assert "People in hospital, total as revised later" in column(sheet, "Measure")


def test_every_national_figure_is_named_from_the_measures_table(built, real_tables):
    figures = load_national_figures()
    held = figures[figures["period_end"] <= pd.Timestamp(parse_month(real_tables.cycle("2022-03")["data_month"]))]
    table = load_measures()
    expected = sorted(table[(d, m)].name for d, m in zip(held["dataset"], held["measure"]))
    sheet = openpyxl.load_workbook(built["2022-03"])["National figures"]
    assert sorted(column(sheet, "Measure")) == expected
    assert set(column(sheet, "Dataset")) <= set(DATASETS)


def test_the_national_figures_sheet_says_why_a_figure_is_not_confirmed(built):
    """Its "Why not confirmed" column holds each figure's plain reason (never the researcher's note), and says
    "Not applicable" for a confirmed one rather than leaving a blank cell."""
    sheet = openpyxl.load_workbook(built["2022-03"])["National figures"]
    reasons = set(load_national_figures()["reason"]) - {""}
    pairs = list(zip(column(sheet, "Certainty of the figure"), column(sheet, "Why not confirmed")))
    assert all(why == "Not applicable" for certainty, why in pairs if certainty == "confirmed")
    unconfirmed = [why for certainty, why in pairs if certainty != "confirmed"]
    assert unconfirmed and all(why in reasons for why in unconfirmed)


def test_notes_define_confidence_and_quote_the_rating_rule_from_code(built):
    book = openpyxl.load_workbook(built["2022-03"])
    notes = " ".join(column(book["Notes"], "Note text"))
    for word in ("Confirmed:", "Inferred:", "Uncertain:"):
        assert word in notes
    for word in ("High:", "Medium:", "Low:"):
        assert word not in notes  # one certainty vocabulary, national figures included
    for impact, status in STATUS_FOR_IMPACT.items():
        assert f"{impact} gives '{status}'" in notes
    assert "this project's extension" in notes
    numbers = column(book["Notes"], "Note number")
    assert numbers == list(range(1, len(numbers) + 1))
    referenced = {
        int(n)
        for name in TABLE_SHEETS
        for row in book[name].iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
        for n in re.findall(r"\[note (\d+)\]", cell)
    }
    assert referenced == set(numbers)


def test_cover_names_the_publication_date_and_the_contact(built):
    cover = [c.value for c in openpyxl.load_workbook(built["2022-03"])["Cover"]["A"] if c.value]
    text = " ".join(cover)
    assert "25 March 2022" in text
    assert spreadsheet.contact() in cover
    assert spreadsheet.LICENCE_CREDIT in cover
    assert "Notes worksheet" in text


def test_created_date_and_creator_are_this_editions(built):
    properties = openpyxl.load_workbook(built["2021-12"]).properties
    assert properties.created.date() == EDITION
    assert properties.creator == spreadsheet.settings().author


def test_two_builds_are_byte_identical(real_tables, built, tmp_path):
    again = spreadsheet.build_workbook(real_tables, "2022-03", tmp_path, EDITION)
    assert again.read_bytes() == built["2022-03"].read_bytes()


def test_an_unchanged_rebuild_leaves_the_file_untouched(real_tables, tmp_path):
    path = spreadsheet.build_workbook(real_tables, "2021-12", tmp_path, EDITION)
    before = path.stat().st_mtime_ns
    spreadsheet.build_workbook(real_tables, "2021-12", tmp_path, EDITION)
    assert path.stat().st_mtime_ns == before
