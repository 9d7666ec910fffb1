"""The evidence tables load when valid and fail with every problem named when not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rssreview import evidence
from rssreview.evidence import EvidenceError


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> str:
    with pytest.raises(EvidenceError) as caught:
        evidence.load(folder)
    return str(caught.value)


def test_valid_tables_load_with_typed_keys(tables_dir):
    tables = evidence.load(tables_dir)
    assert tables.latest_cycle() == "2022-03"
    assert tables.previous_cycle("2022-03") == "2021-12"
    assert tables.ratings["rec_id"].tolist() == [1, 2, 1, 2]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("ratings", "partly achieved", "partially achieved", r"ratings\.csv, row 5, column status: expected one of"),
        (
            "evidence",
            "E002,2022-03,2,",
            "E002,2022-03,9,",
            r"evidence\.csv, row 3, column rec_id: expected a known rec_id: one of 1, 2; found the unknown rec_id '9'",
        ),
        (
            "evidence",
            "E002",
            "E001",
            r"evidence\.csv, row 3, column evidence_id: expected each evidence_id once; found the duplicate key",
        ),
        ("cycles", "2022-03-25", "2022-02-30", r"cycles\.csv, row 3, column publication_date: expected a real"),
        ("cycles", "2022-03-25", "25/03/2022", r"cycles\.csv, row 3, column publication_date: expected a date"),
        ("ratings", "No impact seen.", "", r"ratings\.csv, row 4, column reason: expected a value"),
        (
            "ratings",
            "2022-03,1,",
            "2022-04,1,",
            r"expected a known cycle_id: one of 2021-12, 2022-03; found the unknown cycle_id '2022-04'",
        ),
        (
            "evidence",
            "lived experience,Some staff were better trained.,some,2022-01-15",
            "national data,Some staff were better trained.,some,2023-01",
            r"evidence\.csv, row 3, column evidence_date: expected a date on or before .* for a national figure",
        ),
        (
            "evidence",
            "2022-01-15",
            "2023-01-15",
            r"ratings\.csv, row 5, column status: expected .*; found 'partly achieved', which contradicts",
        ),
        (
            "ratings",
            "not achieved,confirmed",
            "partly achieved,confirmed",
            r"ratings\.csv, row 4, column status: expected .*; found 'partly achieved', which contradicts the evidence",
        ),
        (
            "evidence",
            "some,2022-01-15",
            "none seen,2022-01-15",
            r"ratings\.csv, row 5, column status: expected .*; found 'partly achieved', which contradicts",
        ),
    ],
)
def test_each_kind_of_bad_cell_is_named(tables_dir, name, old, new, expected):
    _edit(tables_dir, name, old, new)
    assert re.search(expected, _problems(tables_dir)), _problems(tables_dir)


def test_override_reason_allows_a_rating_the_rule_would_not_give(tables_dir):
    _edit(
        tables_dir,
        "ratings",
        "No impact seen.,https://www.cqc.org.uk/example,,",
        "No impact seen.,https://www.cqc.org.uk/example,Impact seen after the evidence date,",
    )
    _edit(tables_dir, "ratings", "2022-03,1,not achieved", "2022-03,1,partly achieved")
    assert evidence.load(tables_dir).ratings.loc[2, "status"] == "partly achieved"


def test_missing_rating_for_a_cycle_is_reported(tables_dir):
    path = tables_dir / "ratings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    assert "expected a rating for recommendation 2 in cycle 2022-03" in _problems(tables_dir)


def test_all_problems_are_reported_together(tables_dir):
    _edit(tables_dir, "ratings", "partly achieved", "acheived")
    _edit(tables_dir, "evidence", "stakeholders", "rumour")
    message = _problems(tables_dir)
    assert message.startswith("2 problems in the evidence tables:")
    assert "ratings.csv" in message and "evidence.csv" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file: expected a header row and data rows; found an empty file"),
        (
            b"cycle_id,title,publication_date,data_month,previous_cycle,source_url\n",
            "file: expected at least one data row; found only the header",
        ),
        ("\ufeffcycle_id,title\n".encode(), "header: expected UTF-8 text without a byte-order mark"),
        ("cycle_id,title\nnaïve\n".encode("latin-1"), "row 2: expected UTF-8 text; found the byte 0xef"),
        (b"cycle_id;title;publication_date\n2022-03;x;y\n", "header: expected comma-separated columns"),
        (
            b"cycle_id,name,publication_date,data_month,previous_cycle,source_url\n",
            "column title: expected a column named title; found no such column",
        ),
        (
            b"cycle_id,title,publication_date,data_month,previous_cycle,source_url\n2022-03,a,b\n",
            "row 2: expected 6 fields (as in the header); found 3 field(s)",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "header: expected UTF-8 text; found the byte 0x89"),
    ],
)
def test_unreadable_files_get_one_clear_line(tables_dir, content, expected):
    (tables_dir / "cycles.csv").write_bytes(content)
    message = _problems(tables_dir)
    assert expected in message
    assert "data/evidence/cycles.csv" in message or "cycles.csv" in message


def test_missing_file_is_named(tables_dir):
    (tables_dir / "themes.csv").unlink()
    assert re.search(
        r"themes\.csv, file: expected a table with the columns theme_id,.*; found no such file", _problems(tables_dir)
    )
