"""Downloads that cannot execute: no formula or unexpected link in the workbook, no formula cell in a CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from attacks import ATTACKS
from evidence_fixture import ROWS, URL, write_tables

from rssreview import evidence
from rssreview.national import load_national_figures
from rssreview.present.display import data_csv
from rssreview.present.spreadsheet import build_workbook
from rssreview.present.text import FORMULA_STARTS, spreadsheet_safe
from rssreview.published_text import workbook_cells

TEXT_ATTACKS = [attack for _, attack in ATTACKS]
#: Attacks a CSV table can hold (a bare carriage return ends a row there; the reader reports that itself).
TABLE_ATTACKS = [(name, attack) for name, attack in ATTACKS if "\r" not in attack]


EDITION = dt.date(2026, 12, 7)


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet would run: a cell starting with a formula character that is not just a number."""
    return cell.lstrip(" ").startswith(FORMULA_STARTS) and not re.fullmatch(r"[+-]?[\d,]+(\.\d+)?%?", cell.strip())


def test_csv_text_cells_are_neutralised_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {"Text": TEXT_ATTACKS, "Number": [-5] * len(TEXT_ATTACKS), "Change": ["+35"] * len(TEXT_ATTACKS)}
    )
    rows = list(csv.reader(io.StringIO(data_csv(frame))))
    assert rows[0] == ["Text", "Number", "Change"]
    for (name, attack), row in zip(ATTACKS, rows[1:]):
        assert not runs_as_formula(row[0]), f"{name}: {row[0]!r} would run in a spreadsheet"
        written = attack.replace("\r", "\n")
        assert row[0] in (written, "'" + written), name
        assert row[1:] == ["-5", "+35"]


@pytest.mark.parametrize("cell", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "＝1+1", "  =1"])
def test_each_formula_start_gets_a_quote(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-5", "+35", "1,234", "-0.5", "12%", "text", "", 3, -2.5])
def test_numbers_and_plain_text_are_unchanged(cell):
    assert spreadsheet_safe(cell) == cell


def hostile_tables(folder: Path):
    rows = {name: [list(row) for row in body] for name, body in ROWS.items()}
    rows["cycles"][1][1] = "$$rating_rule$$ [Title](file:///etc/passwd) =cmd|' /C calc'!A0"
    rows["themes"][0][2] = '=HYPERLINK("http://evil.example","Rights")'
    rows["recommendations"][0][1] = "+label\nwith | a line | break"
    rows["ratings"][2][4] = "@SUM(1,2) [\u00e9tude](https://example.org/\u00e9tude)"
    rows["evidence"] += [
        [f"E{100 + n}", "2022-03", "1", "stakeholders", attack, "none seen", "2022-03", URL, "confirmed"]
        for n, (_, attack) in enumerate(TABLE_ATTACKS)
    ]
    return evidence.load(write_tables(folder, rows))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("workbook")
    return build_workbook(hostile_tables(folder / "evidence"), "2022-03", folder, EDITION)


def test_the_workbook_holds_no_formula(workbook):
    with zipfile.ZipFile(workbook) as book:
        for name in book.namelist():
            if name.endswith(".xml"):
                xml = book.read(name).decode("utf-8")
                assert not re.search(r"<f[ >]", xml), f"{name} holds a formula"


def test_hyperlinks_are_only_the_sources(workbook):
    expected = {URL} | set(load_national_figures()["source_url"])
    with zipfile.ZipFile(workbook) as book:
        relationships = [
            rel
            for name in book.namelist()
            if name.endswith(".rels")
            for rel in re.findall(r"<Relationship [^>]*>", book.read(name).decode("utf-8"))
        ]
        targets = [
            re.search(r'Target="([^"]+)"', rel).group(1) for rel in relationships if 'TargetMode="External"' in rel
        ]
        sheets = {
            name: book.read(name).decode("utf-8") for name in book.namelist() if name.startswith("xl/worksheets/sheet")
        }
    assert targets, "no hyperlinks at all: the source columns should link"
    assert set(targets) <= expected, set(targets) - expected
    assert all(t.startswith(("http://", "https://")) for t in targets)
    # Every other hyperlink is the contents sheet's link to a worksheet of this workbook.
    for name, xml in sheets.items():
        for link in re.findall(r"<hyperlink [^>]*>", xml):
            assert "r:id=" in link or re.search(r'location="[^"]+!A1"', link), f"{name}: {link}"


def test_every_hostile_cell_is_shown_as_written(workbook):
    cells = {text.replace("\u2060", "") for _, text in workbook_cells(workbook)}
    for name, attack in TABLE_ATTACKS:
        assert attack in cells, f"{name}: not written as text"
    assert any("$$rating_rule$$ [Title](file:///etc/passwd)" in c for c in cells)
    assert "@SUM(1,2) [\u00e9tude](https://example.org/\u00e9tude)" in cells
