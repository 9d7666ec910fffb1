"""Bad input to the evidence tables: every kind gives clear lines (file, row, column, expected, found).

Run with `pytest -rA tests/bad_input` to read each message in the output.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from evidence_fixture import ROWS, write_tables

from rssreview import evidence
from rssreview.evidence import EvidenceError
from rssreview.evidence.schemas import SPECS

HEADER = {name: ",".join(spec.columns) for name, spec in SPECS.items()}


def _replace(table: str, old: str, new: str):
    def apply(folder: Path) -> None:
        path = folder / f"{table}.csv"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _bytes(table: str, content: bytes):
    def apply(folder: Path) -> None:
        (folder / f"{table}.csv").write_bytes(content)

    return apply


def _encode(table: str, encoding: str):
    def apply(folder: Path) -> None:
        path = folder / f"{table}.csv"
        path.write_bytes(path.read_text(encoding="utf-8").replace("rights", "rights é").encode(encoding))

    return apply


def _drop_last_line(table: str):
    def apply(folder: Path) -> None:
        path = folder / f"{table}.csv"
        path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")

    return apply


def _truncate(table: str):
    def apply(folder: Path) -> None:
        path = folder / f"{table}.csv"
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.rindex(",") + 1] + '"cut off mid-fie', encoding="utf-8")

    return apply


CASES = {
    "empty file": (
        _bytes("cycles", b""),
        r"cycles\.csv, file: expected a header row and data rows; found an empty file",
    ),
    "header only": (
        _bytes("themes", HEADER["themes"].encode() + b"\n"),
        r"themes\.csv, file: expected at least one data row; found only the header",
    ),
    "semicolon delimiter": (
        _bytes("cycles", HEADER["cycles"].replace(",", ";").encode() + b"\n2022-03;x\n"),
        r"cycles\.csv, header: expected comma-separated columns cycle_id,.*; found no comma in the header",
    ),
    "tab delimiter": (
        _bytes("cycles", HEADER["cycles"].replace(",", "\t").encode() + b"\n"),
        r"cycles\.csv, header: expected comma-separated columns cycle_id,.*; found no comma in the header",
    ),
    "latin-1 encoding": (
        _encode("themes", "latin-1"),
        r"themes\.csv, row 2: expected UTF-8 text; found the byte 0xe9 \(save it as UTF-8\)",
    ),
    "UTF-16 encoding": (
        _encode("themes", "utf-16"),
        r"themes\.csv, header: expected UTF-8 text( without a byte-order mark)?; found (the byte|a byte-order mark)",
    ),
    "byte-order mark": (
        _bytes("cycles", b"\xef\xbb\xbf" + HEADER["cycles"].encode() + b"\n"),
        r"cycles\.csv, header: expected UTF-8 text without a byte-order mark; found a byte-order mark",
    ),
    "extra column": (
        _replace("pseudonyms", "pseudonym,source_url,note", "pseudonym,source_url,note,age"),
        r"pseudonyms\.csv, header, column age: expected only the columns pseudonym,source_url,note; found an unexpected column 'age'",
    ),
    "missing column": (
        _replace("pseudonyms", "pseudonym,source_url,note", "pseudonym,source_url"),
        r"pseudonyms\.csv, header, column note: expected a column named note; found no such column",
    ),
    "renamed column": (
        _replace("ratings", "status_confidence", "confidence"),
        r"ratings\.csv, header, column status_confidence: expected a column named status_confidence; found no such column",
    ),
    "columns reordered": (
        _replace("pseudonyms", "pseudonym,source_url,note", "source_url,pseudonym,note"),
        r"pseudonyms\.csv, header: expected the columns in the order pseudonym,source_url,note; found source_url,pseudonym,note",
    ),
    "duplicate key": (
        _replace("evidence", "E002", "E001"),
        r"evidence\.csv, row 3, column evidence_id: expected each evidence_id once; found the duplicate key \('E001',\)",
    ),
    "unknown status word": (
        _replace("ratings", ",not achieved,", ",failed,"),
        r"ratings\.csv, row 4, column status: expected one of: achieved, .*found 'failed'",
    ),
    "unknown recommendation": (
        _replace("ratings", "2022-03,2,", "2022-03,99,"),
        r"ratings\.csv, row 5, column rec_id: expected a known rec_id: one of 1, 2; found the unknown rec_id '99'",
    ),
    "unknown cycle": (
        _replace("evidence", "E001,2022-03", "E001,2023-03"),
        r"evidence\.csv, row 2, column cycle_id: expected a known cycle_id: one of .*; found the unknown cycle_id '2023-03'",
    ),
    "unknown theme": (
        _replace("recommendations", ",staff,confirmed", ",workforce,confirmed"),
        r"recommendations\.csv, row 3, column theme_id: expected a known theme_id: .*; found the unknown theme_id 'workforce'",
    ),
    "unknown evidence kind": (
        _replace("evidence", "stakeholders", "rumour"),
        r"evidence\.csv, row 2, column kind: expected one of: lived experience",
    ),
    "impossible date": (
        _replace("cycles", "2022-03-25", "2022-02-30"),
        r"cycles\.csv, row 3, column publication_date: expected a real calendar date",
    ),
    "date out of range": (
        _replace("evidence", "2022-01-15", "1999-01-15"),
        r"evidence\.csv, row 3, column evidence_date: expected a date from 2018",
    ),
    "national figure after publication": (
        _replace(
            "evidence",
            "lived experience,Some staff were better trained.,some,2022-01-15",
            "national data,Some staff were better trained.,some,2022-04",
        ),
        r"evidence\.csv, row 3, column evidence_date: expected a date on or before",
    ),
    "date in the wrong format": (
        _replace("cycles", "2022-03-25", "25/03/2022"),
        r"cycles\.csv, row 3, column publication_date: expected a date written YYYY-MM-DD",
    ),
    "text in a numeric column": (
        _replace("themes", "staff,2,", "staff,two,"),
        r"themes\.csv, row 3, column order: expected a whole number from 1; found 'two'",
    ),
    "negative number": (
        _replace("themes", "staff,2,", "staff,-2,"),
        r"themes\.csv, row 3, column order: expected a whole number from 1; found '-2'",
    ),
    "suppression mark in a number": (
        _replace("ratings", "2022-03,1,", "2022-03,*,"),
        r"ratings\.csv, row 4, column rec_id: expected a recommendation number",
    ),
    "empty required field": (
        _replace("ratings", "No impact seen.", ""),
        r"ratings\.csv, row 4, column reason: expected a value",
    ),
    "missing rating for a cycle": (
        _drop_last_line("ratings"),
        r"ratings\.csv, file, column rec_id: expected a rating for recommendation 2 in cycle 2022-03 .*; found no rating",
    ),
    "truncated file": (
        _truncate("evidence"),
        r"evidence\.csv, row 3: expected (a readable CSV row|\d+ fields \(as in the header\)); found ",
    ),
    "ragged row": (
        _replace("themes", "staff,2,Skilled staff,confirmed,About staff.,", "staff,2,Skilled staff"),
        r"themes\.csv, row 3: expected 6 fields \(as in the header\); found 3 field\(s\) \(check quoting of commas\)",
    ),
    "not a CSV at all (PNG)": (
        _bytes("cycles", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        r"cycles\.csv, header: expected UTF-8 text; found the byte 0x89",
    ),
    "an HTML page saved as CSV": (
        _bytes("cycles", b"<!DOCTYPE html><html><body>Not found</body></html>\n"),
        r"cycles\.csv, header, column cycle_id: expected a column named cycle_id; found no such column",
    ),
    "not a web address": (
        _replace("pseudonyms", "https://www.cqc.org.uk/example", "www.cqc.org.uk"),
        r"pseudonyms\.csv, row 2, column source_url: expected a web address",
    ),
    "rating contradicts evidence": (
        _replace("ratings", ",not achieved,", ",partly achieved,"),
        r"ratings\.csv, row 4, column status: expected 'not achieved', the rating the rule gives .*; found 'partly achieved', which contradicts the evidence",
    ),
    "missing file": (
        lambda folder: (folder / "themes.csv").unlink(),
        r"themes\.csv, file: expected a table with the columns theme_id,.*; found no such file",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_evidence_input_gets_a_clear_message(tmp_path: Path, case: str):
    folder = write_tables(tmp_path / "evidence")
    breaker, expected = CASES[case]
    breaker(folder)
    with pytest.raises(EvidenceError) as caught:
        evidence.load(folder)
    message = str(caught.value)
    print(f"\n[{case}]\n{message}")
    assert re.search(expected, message), message
    assert all(line.startswith("  ") and ".csv" in line for line in message.splitlines()[1:])


def test_a_very_large_table_gets_a_message_that_stays_readable(tmp_path: Path):
    """4,000 bad rows: every problem is counted, only the first few are shown. (How fast is for make bench.)"""
    rows = {k: [list(r) for r in v] for k, v in ROWS.items()}
    url = "https://www.cqc.org.uk/example"
    rows["evidence"] += [
        [f"E{n:06d}", "2022-03", "1", "stakeholders", "Said the same again.", "gossip", "2022-03", url, "confirmed"]
        for n in range(3, 4_003)
    ]
    folder = write_tables(tmp_path / "evidence", rows)
    assert (folder / "evidence.csv").stat().st_size > 300_000
    with pytest.raises(EvidenceError) as caught:
        evidence.load(folder)
    message = str(caught.value)
    print("\n[large file]\n" + "\n".join(message.splitlines()[:3]) + "\n…")
    assert message.startswith("4000 problems")
    assert len(message.splitlines()) == EvidenceError.SHOWN + 2


def test_blank_lines_are_tolerated(tmp_path: Path):
    folder = write_tables(tmp_path / "evidence")
    path = folder / "themes.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nstaff", "\n\nstaff"), encoding="utf-8")
    assert len(evidence.load(folder).themes) == 2


def test_utf8_text_is_kept(tmp_path: Path):
    folder = write_tables(tmp_path / "evidence")
    _replace("themes", "About rights.", "Rights – naïve café “quotes”.")(folder)
    assert "naïve café" in evidence.load(folder).themes.loc[0, "introduction"]
    with (folder / "themes.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == 3
