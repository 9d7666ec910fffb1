"""Bad input for the national loaders: every kind is built from a small valid file of each layout.

Each case either loads (where the published format allows it) or raises a NationalDataError
whose message has one line per problem, each naming the file, the row (or header, or the
whole file), the column where there is one, what was expected and what was found. The
message is printed so that `pytest -rA` shows what a reader would see.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from rssreview.national import NationalDataError, load_file
from rssreview.national.layouts import MHSDS_MAIN_COLUMNS, RI_NEW_COLUMNS

NONE6 = ["NONE"] * 6
RI_OLD_COLUMNS = [
    "REPORTING_PERIOD_START",
    "REPORTING_PERIOD_END",
    "STATUS",
    "BREAKDOWN",
    "PRIMARY_LEVEL",
    "PRIMARY_LEVEL_DESCRIPTION",
    "SECONDARY_LEVEL",
    "SECONDARY_LEVEL_DESCRIPTION",
    "TERTIARY_LEVEL",
    "TERTIARY_LEVEL_DESCRIPTION",
    "QUARTERNARY_LEVEL",
    "QUARTERNARY_LEVEL_DESCRIPTION",
    "MEASURE_ID",
    "MEASURE_NAME",
    "MEASURE_VALUE",
]
LDA_COLUMNS = [
    "Geography",
    "OrgCode",
    "OrgName",
    "PrimaryMeasure",
    "PrimarySplit",
    "SecondaryMeasure",
    "SecondarySplit",
    "Restraints_Count_of_people",
    "Restraints_Count_of_restraints",
    "LDA45_Hospital_spells_open_at_the_end_of_the_RP",
]
TOTAL = "Total data as submitted"


@dataclass(frozen=True)
class Layout:
    """A small valid file of one layout, and the roles its columns play."""

    name: str
    file: str
    header: list[str]
    rows: list[list[str]]
    value: str
    text: str
    date: str | None = None
    measure: str | None = None
    required: str = ""
    signal: str = ""
    england_row: int | None = None
    england_suppressible: bool = True

    def text_bytes(self, header: list[str] | None = None, rows: list[list[str]] | None = None) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header if header is None else header)
        writer.writerows(self.rows if rows is None else rows)
        return out.getvalue().encode("utf-8")

    def with_cell(self, row: int | None, column: str | None, value: str) -> bytes:
        """The file with one cell changed; `row` is the spreadsheet row (first data row = 2).

        A row or column the layout does not have (its role is None here) means a case was not limited to
        the layouts that have it: that is a mistake in the case list, so it fails loudly."""
        if row is None or column is None:
            raise ValueError(f"layout {self.name} has no such row or column; limit the case to layouts that have it")
        rows = [list(r) for r in self.rows]
        rows[row - 2][self.header.index(column)] = value
        return self.text_bytes(rows=rows)


LAYOUTS = [
    Layout(
        "mhsds_main",
        "MHSDS Data_AprPrf_2023.csv",
        MHSDS_MAIN_COLUMNS,
        [
            [
                "01/04/2023",
                "30/04/2023",
                "Performance",
                "England",
                "England",
                "England",
                "NONE",
                "NONE",
                "MHS01",
                "People in contact with services",
                "13706",
            ],
            [
                "01/04/2023",
                "30/04/2023",
                "Performance",
                "Provider",
                "RX1",
                "TRUST A, SECURE SERVICES",
                "NONE",
                "NONE",
                "MHS01",
                "People in contact with services",
                "1235",
            ],
            [
                "01/04/2023",
                "30/04/2023",
                "Performance",
                "Provider",
                "RX2",
                "TRUST B",
                "NONE",
                "NONE",
                "MHS01",
                "People in contact with services",
                "*",
            ],
        ],
        value="MEASURE_VALUE",
        text="PRIMARY_LEVEL_DESCRIPTION",
        date="REPORTING_PERIOD_END",
        required="MEASURE_NAME",
        signal="MEASURE_VALUE",
        england_row=2,
        england_suppressible=False,
    ),
    Layout(
        "ri_old",
        "MHSDS Data_Rstr_Jun2022_Prf.csv",
        RI_OLD_COLUMNS,
        [
            [
                "01/06/2022",
                "30/06/2022",
                "Performance",
                "England",
                "England",
                "England",
                *NONE6,
                "MHS76",
                "Number of people subject to restrictive intervention",
                "2361",
            ],
            [
                "01/06/2022",
                "30/06/2022",
                "Performance",
                "England; Restrictive intervention type",
                "England",
                "England",
                "7",
                "Physical restraint - Prone",
                "NONE",
                "NONE",
                "NONE",
                "NONE",
                "MHS77",
                "Number of restrictive interventions",
                "1012",
            ],
            [
                "01/06/2022",
                "30/06/2022",
                "Performance",
                "Provider",
                "RX1",
                "TRUST A",
                *NONE6,
                "MHS77",
                "Number of restrictive interventions",
                "*",
            ],
        ],
        value="MEASURE_VALUE",
        text="PRIMARY_LEVEL_DESCRIPTION",
        date="REPORTING_PERIOD_END",
        measure="MEASURE_ID",
        required="TERTIARY_LEVEL_DESCRIPTION",
        signal="MEASURE_VALUE",
        england_row=2,
        england_suppressible=False,
    ),
    Layout(
        "ri_new",
        "MHSDS Data_Rstr_Jul2022_Prf.csv",
        RI_NEW_COLUMNS,
        [
            [
                "2022-07-01",
                "2022-07-31",
                "Performance",
                "England",
                "England",
                "England",
                *NONE6,
                *NONE6[:4],
                "MHS76",
                "2355",
            ],
            [
                "2022-07-01",
                "2022-07-31",
                "Performance",
                "England; Restrictive Intervention Type",
                "England",
                "England",
                "16",
                "Segregation",
                *NONE6,
                "NONE",
                "NONE",
                "MHS77",
                "410",
            ],
            ["2022-07-01", "2022-07-31", "Performance", "Provider", "RX1", "TRUST A", *NONE6, *NONE6[:4], "MHS96", "*"],
        ],
        value="METRIC_VALUE",
        text="LEVEL_ONE_DESCRIPTION",
        date="REPORTING_PERIOD_END",
        measure="METRIC",
        required="LEVEL_SIX_DESCRIPTION",
        signal="METRIC_VALUE",
        england_row=2,
    ),
    Layout(
        "lda",
        "LDA_Published_Feb_2022.csv",
        LDA_COLUMNS,
        [
            [TOTAL, TOTAL, TOTAL, "Total", "Total", "NULL", "NULL", "465", "4070", "3505"],
            [TOTAL, TOTAL, TOTAL, "Age", "Under 18", "NULL", "NULL", "60", "930", "160"],
            ["Provider", "RX1", "TRUST A", "Total", "Total", "NULL", "NULL", "*", "15", "45"],
        ],
        value="Restraints_Count_of_people",
        text="OrgName",
        required="OrgName",
        signal="OrgCode",
        england_row=2,
    ),
    Layout(
        "at",
        "AT_England_2022.csv",
        ["Period_End", "Geography", "Inpatients", "Under_18", "Admissions"],
        [
            ["28/02/2022", "England", "2030", "205", "75"],
            ["31/03/2022", "England", "2040", "200", "80"],
            ["30/04/2022", "England", "2000", "*", "70"],
        ],
        value="Inpatients",
        text="Geography",
        date="Period_End",
        required="Period_End",
        signal="Inpatients",
    ),
]
BY_NAME = {layout.name: layout for layout in LAYOUTS}
DATED = [layout.name for layout in LAYOUTS if layout.date]


@dataclass(frozen=True)
class Expect:
    """What the message must say: its number of lines, and for one line its place and what was found."""

    lines: int = 1
    where: str | None = None
    column: str | None = None
    found: str = ""
    expected: str = ""


@dataclass(frozen=True)
class Case:
    kind: str
    make: Callable[[Layout], bytes]
    expect: Callable[[Layout], Expect | None]  # None: the file must load
    layouts: list[str] = field(default_factory=lambda: list(BY_NAME))


def renamed(layout: Layout, old: str, new: str) -> bytes:
    return layout.text_bytes(header=[new if c == old else c for c in layout.header])


def without(layout: Layout, column: str) -> bytes:
    keep = [i for i, c in enumerate(layout.header) if c != column]
    return layout.text_bytes(header=[layout.header[i] for i in keep], rows=[[r[i] for i in keep] for r in layout.rows])


def with_extra(layout: Layout) -> bytes:
    return layout.text_bytes(header=[*layout.header, "NOTE"], rows=[[*r, "checked"] for r in layout.rows])


def delimited(layout: Layout, sep: str) -> bytes:
    return layout.text_bytes().decode().replace(",", sep).encode()


def truncated(layout: Layout) -> bytes:
    """The file cut short in the middle of its last row's third field."""
    data = layout.text_bytes().rstrip(b"\n")
    last = data.rfind(b"\n") + 1
    cut = last + [i for i, b in enumerate(data[last:]) if b == ord(",")][1] + 2
    return data[:cut]


def unclosed_quote(layout: Layout) -> bytes:
    """The last row's text cell opens a quote that is never closed (the file ends first)."""
    data = layout.with_cell(4, layout.text, "TRUST Z").rstrip(b"\n")
    return data.replace(b"TRUST Z", b'"TRUST Z, SECURE', 1)


def zipped(layout: Layout) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(layout.file, layout.text_bytes())
    return out.getvalue()


def in_cp1252_header(layout: Layout) -> bytes:
    """A header saved as Windows-1252, with an en dash (byte 0x96) in an extra column name."""
    return layout.text_bytes(header=[*layout.header[:-1], layout.header[-1] + "\u2013"]).decode().encode("cp1252")


def repeated_last(layout: Layout) -> bytes:
    return layout.text_bytes(rows=[*layout.rows, layout.rows[0]])


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
HTML = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n"
DATA_ROW = 3  # the second data row: a sub-national row in every layout but AT

CASES = [
    Case("empty file", lambda lay: b"", lambda lay: Expect(where="file", found="an empty file")),
    Case("header only", lambda lay: lay.text_bytes(rows=[]), lambda lay: Expect(where="file", found="only the header")),
    Case(
        "semicolon delimiter", lambda lay: delimited(lay, ";"), lambda lay: Expect(where="header", found="semicolons")
    ),
    Case("tab delimiter", lambda lay: delimited(lay, "\t"), lambda lay: Expect(where="header", found="tabs")),
    Case(
        "latin-1 byte in a cell",
        lambda lay: lay.with_cell(DATA_ROW, lay.text, "ENGLAND").replace(b"ENGLAND", "ENGL\u00c9ND".encode("latin-1")),
        lambda lay: Expect(where=f"row {DATA_ROW}", column=lay.text, found="0xc9", expected="UTF-8"),
    ),
    Case(
        "cp1252 byte in the header",
        in_cp1252_header,
        lambda lay: Expect(where="header", column=lay.header[-1] + "\ufffd", found="0x96", expected="UTF-8"),
    ),
    Case(
        "UTF-16 text",
        lambda lay: lay.text_bytes().decode().encode("utf-16"),
        lambda lay: Expect(where="file", found="UTF-16"),
    ),
    Case("UTF-8 byte-order mark (tolerated)", lambda lay: b"\xef\xbb\xbf" + lay.text_bytes(), lambda lay: None),
    Case("extra column", with_extra, lambda lay: Expect(where="header", column="NOTE", found="NOTE")),
    Case(
        "missing column",
        lambda lay: without(lay, lay.required),
        lambda lay: Expect(
            where="header",
            column=None if lay.name == "at" else lay.required,
            expected="period" if lay.name == "at" else lay.required,
        ),
    ),
    Case(
        "renamed column",
        lambda lay: renamed(lay, lay.signal, lay.signal + "_X"),
        lambda lay: Expect(
            lines=1 if lay.name == "at" else 2, where="header", column=lay.signal + "_X", found=lay.signal + "_X"
        ),
    ),
    Case("duplicate key", repeated_last, lambda lay: Expect(where="row 5", found="row 2", expected="one row per")),
    Case(
        "unknown measure code",
        lambda lay: lay.with_cell(DATA_ROW, lay.measure, "MHS999"),
        lambda lay: Expect(where=f"row {DATA_ROW}", column=lay.measure, found="MHS999", expected="MHS76"),
        layouts=["ri_old", "ri_new"],
    ),
    Case(
        "date in 1899",
        lambda lay: lay.with_cell(DATA_ROW, lay.date, "30/04/1899"),
        lambda lay: Expect(where=f"row {DATA_ROW}", column=lay.date, found="1899", expected="2010"),
        layouts=DATED,
    ),
    Case(
        "date in 2099",
        lambda lay: lay.with_cell(DATA_ROW, lay.date, "2099-04-30"),
        lambda lay: Expect(where=f"row {DATA_ROW}", column=lay.date, found="2099", expected="2040"),
        layouts=DATED,
    ),
    Case(
        "impossible date",
        lambda lay: lay.with_cell(DATA_ROW, lay.date, "31/02/2022"),
        lambda lay: Expect(where=f"row {DATA_ROW}", column=lay.date, found="31/02/2022"),
        layouts=DATED,
    ),
    Case(
        "negative count",
        lambda lay: lay.with_cell(DATA_ROW, lay.value, "-5"),
        lambda lay: Expect(where=f"row {DATA_ROW}", column=lay.value, found="-5", expected="zero or more"),
    ),
    Case(
        "text in a numeric column",
        lambda lay: lay.with_cell(DATA_ROW, lay.value, "n/a"),
        lambda lay: Expect(where=f"row {DATA_ROW}", column=lay.value, found="n/a", expected="a number"),
    ),
    Case(
        "suppression mark in a date column",
        lambda lay: lay.with_cell(DATA_ROW, lay.date, "*"),
        lambda lay: Expect(where=f"row {DATA_ROW}", column=lay.date, found="'*'", expected="a date"),
        layouts=DATED,
    ),
    Case(
        "suppressed England total",
        lambda lay: lay.with_cell(lay.england_row, lay.value, "*"),
        lambda lay: (
            None
            if lay.england_suppressible
            else Expect(where=f"row {lay.england_row}", column=lay.value, found="'*'", expected="England")
        ),
        layouts=["mhsds_main", "ri_old", "ri_new", "lda"],
    ),
    Case(
        "truncated last row",
        truncated,
        lambda lay: Expect(where="row 4", column=lay.header[3], found="3 field(s)", expected="fields"),
    ),
    Case("unclosed quote", unclosed_quote, lambda lay: Expect(where="row 4", expected="fields")),
    Case("PNG image", lambda lay: PNG, lambda lay: Expect(where="file", found="PNG")),
    Case("ZIP archive", zipped, lambda lay: Expect(where="file", found="ZIP")),
    Case("HTML error page", lambda lay: HTML, lambda lay: Expect(where="file", found="HTML")),
    Case(
        "unknown layout",
        lambda lay: b"region,count\nNorth,5\n",
        lambda lay: Expect(where="header", found="region,count", expected="one of"),
    ),
]
PARAMS = [pytest.param(case, BY_NAME[name], id=f"{case.kind} [{name}]") for case in CASES for name in case.layouts]


def check_message(err: NationalDataError, file: str, expect: Expect) -> None:
    """One line per problem, each naming the file and saying what was expected and found; one matching `expect`."""
    text = str(err)
    print(text)
    lines = text.splitlines()
    assert len(lines) == len(err.problems) == expect.lines
    for line in lines:
        assert line.startswith(f"{file}, ") and ": expected " in line and "; found " in line
    place = f"{file}, {expect.where}" + (f", column {expect.column}:" if expect.column else "")
    matching = [
        line
        for line in lines
        if line.startswith(place)
        and expect.found in line.split("; found ", 1)[1]
        and expect.expected in line.split("; found ", 1)[0]
    ]
    assert matching, f"no line starts {place!r} with expected ~{expect.expected!r} and found ~{expect.found!r}"


@pytest.mark.parametrize("case,layout", PARAMS)
def test_bad_input(tmp_path: Path, case: Case, layout: Layout):
    path = tmp_path / layout.file
    path.write_bytes(case.make(layout))
    expect = case.expect(layout)
    if expect is None:
        df = load_file(path)
        print(f"{layout.file}: loaded {len(df)} rows")
        assert len(df) >= len(layout.rows) and df["period_end"].notna().all()
        return
    with pytest.raises(NationalDataError) as err:
        load_file(path)
    check_message(err.value, layout.file, expect)


#: Big enough to span several of the reader's 4 MB blocks (`csvfile`), so a row number counts across blocks.
#: How fast and in how much memory a large file is read is the benchmark's business (tests/bench/), not a test's.
LARGE_BYTES = 4 << 22


def large_file(path: Path, last_value: str) -> int:
    """A main file of several reader blocks, one provider per row; returns the number of data rows."""
    layout = BY_NAME["mhsds_main"]
    start = ",".join(layout.rows[1][:4])
    line = f"{start},RX{{0}},TRUST {{0}},NONE,NONE,MHS01,People in contact with services,1235\n"
    count = LARGE_BYTES // len(line.format(100000))
    body = "".join(line.format(i) for i in range(count)).encode()
    last = line.format(count).replace(",1235", f",{last_value}").encode()
    path.write_bytes(layout.text_bytes(rows=[layout.rows[0]]) + body + last)
    return count + 2


@pytest.mark.parametrize("last_value", ["1235", "n/a"], ids=["valid", "one bad cell at the end"])
def test_a_file_of_several_blocks_loads_or_names_its_last_row(tmp_path: Path, last_value: str):
    path = tmp_path / BY_NAME["mhsds_main"].file
    rows = large_file(path, last_value)
    assert path.stat().st_size > 3 << 22, "the file spans at least four of the reader's blocks"
    try:
        df = load_file(path)
        assert last_value != "n/a" and len(df) == rows
    except NationalDataError as err:
        assert last_value == "n/a"
        check_message(err, path.name, Expect(where=f"row {rows + 1}", column="MEASURE_VALUE", found="n/a"))
