"""Reading one evidence CSV as text, with problems reported instead of raised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rssreview import hygiene, limits
from rssreview.evidence.schemas import TableSpec
from rssreview.problems import Problem

BOM = b"\xef\xbb\xbf"


def _decode(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    raw = path.read_bytes()
    if raw.startswith(BOM):
        return None, [
            Problem(label, 1, None, "UTF-8 text without a byte-order mark", "a byte-order mark (save it without BOM)")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        return None, [Problem(label, row, None, "UTF-8 text", f"the byte 0x{raw[err.start]:02x} (save it as UTF-8)")]
    if "\0" in text:
        row = text.count("\n", 0, text.index("\0")) + 1
        return None, [
            Problem(
                label,
                row,
                None,
                "text",
                "a NUL byte (0x00): the file is damaged or not text; restore it from git",
            )
        ]
    if not text.strip():
        return None, [Problem(label, None, None, "a header row and data rows", "an empty file")]
    return text, []


def _header_problems(header: list[str], spec: TableSpec, label: str) -> list[Problem]:
    expected = spec.columns
    if header == expected:
        return []
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        return [Problem(label, 1, None, "comma-separated columns " + ",".join(expected), "no comma in the header")]
    problems = [
        Problem(label, 1, name, f"a column named {name}", "no such column") for name in expected if name not in header
    ]
    problems += [
        Problem(label, 1, name, f"only the columns {','.join(expected)}", f"an unexpected column {name!r}")
        for name in header
        if name not in expected
    ]
    if not problems:
        problems.append(Problem(label, 1, None, "the columns in the order " + ",".join(expected), ",".join(header)))
    return problems


def _row_problems(rows: list[tuple[int, list[str]]], width: int, label: str) -> list[Problem]:
    return [
        Problem(
            label, number, None, f"{width} fields (as in the header)", f"{len(row)} field(s) (check quoting of commas)"
        )
        for number, row in rows
        if len(row) != width
    ]


def _schema_problems(frame: pd.DataFrame, spec: TableSpec, label: str) -> list[Problem]:
    try:
        spec.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        for case in err.failure_cases.itertuples(index=False):
            row = None if pd.isna(case.index) else int(case.index) + 2
            problems.append(Problem(label, row, case.column, str(case.check), repr(case.failure_case)))
        return problems
    return []


def _duplicate_problems(frame: pd.DataFrame, spec: TableSpec, label: str) -> list[Problem]:
    key = list(spec.key)
    dupes = frame[frame.duplicated(key, keep="first")]
    return [
        Problem(
            label,
            int(index) + 2,
            ",".join(key),
            f"each {'/'.join(key)} once",
            f"the duplicate key {tuple(row[k] for k in key)!r}",
        )
        for index, row in dupes.iterrows()
    ]


def read_table(path: Path, spec: TableSpec, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check one table; return the frame (text columns) only if it has no problems."""
    if not path.exists() and not path.is_symlink():
        return None, [Problem(label, None, None, "a table with the columns " + ",".join(spec.columns), "no such file")]
    refused = limits.refusal(label, path)
    if refused:
        return None, [refused]
    text, problems = _decode(path, label)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    numbered: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if row:
                numbered.append((reader.line_num, row))
    except csv.Error as err:
        return None, [Problem(label, reader.line_num, None, "a readable CSV row", str(err))]
    header, body = [h.strip() for h in numbered[0][1]], numbered[1:]
    problems = _header_problems(header, spec, label)
    if problems:
        return None, problems
    if not body:
        return None, [Problem(label, None, None, "at least one data row", "only the header")]
    problems = (
        _row_problems(body, len(header), label)
        + list(limits.long_cells(label, header, body, limits.limit_for(path)))
        + list(hygiene.cell_problems(label, header, body))
    )
    if problems:
        return None, problems
    frame = pd.DataFrame([row for _, row in body], columns=header, dtype=object).astype(str)
    frame.index = pd.Index([line - 2 for line, _ in body])
    problems = _schema_problems(frame, spec, label) + _duplicate_problems(frame, spec, label)
    return (None if problems else frame), problems
