"""Reading one evidence CSV as text, with problems reported instead of raised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from rssreview import limits
from rssreview.evidence.problems import Problem
from rssreview.evidence.schemas import TableSpec

BOM = b"\xef\xbb\xbf"


def _decode(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    raw = path.read_bytes()
    if raw.startswith(BOM):
        return None, [Problem(label, 1, None, "starts with a byte-order mark; save the file as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(label, line, None, f"is not UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8")]
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        return None, [
            Problem(
                label,
                line,
                None,
                "holds a NUL byte (0x00), which no text table has; the file is "
                "damaged or not text: restore it from git",
            )
        ]
    if not text.strip():
        return None, [Problem(label, None, None, "is empty; expected a header row and data rows")]
    return text, []


def _header_problems(header: list[str], spec: TableSpec, label: str) -> list[Problem]:
    expected = spec.columns
    if header == expected:
        return []
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        return [Problem(label, 1, None, "is not comma-separated; expected columns " + ",".join(expected))]
    problems = [Problem(label, 1, name, "missing column") for name in expected if name not in header]
    problems += [
        Problem(label, 1, name, f"unexpected column; expected only {','.join(expected)}")
        for name in header
        if name not in expected
    ]
    if not problems:
        problems.append(Problem(label, 1, None, "columns are in the wrong order; expected " + ",".join(expected)))
    return problems


def _row_problems(rows: list[tuple[int, list[str]]], width: int, label: str) -> list[Problem]:
    return [
        Problem(label, line, None, f"has {len(row)} fields; expected {width} (check quoting of commas)")
        for line, row in rows
        if len(row) != width
    ]


def _schema_problems(frame: pd.DataFrame, spec: TableSpec, label: str) -> list[Problem]:
    try:
        spec.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        for case in err.failure_cases.itertuples(index=False):
            line = None if pd.isna(case.index) else int(case.index) + 2
            problems.append(Problem(label, line, case.column, f"expected {case.check}; found {case.failure_case!r}"))
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
            f"duplicate key {tuple(row[k] for k in key)!r}; each {'/'.join(key)} may appear once",
        )
        for index, row in dupes.iterrows()
    ]


def _long_cells(header: list[str], body: list[tuple[int, list[str]]], path: Path, label: str) -> list[Problem]:
    return [
        Problem(label, cell.row, cell.column, cell.message())
        for cell in limits.long_cells(header, body, limits.limit_for(path))
    ]


def read_table(path: Path, spec: TableSpec, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check one table; return the frame (text columns) only if it has no problems."""
    if not path.exists() and not path.is_symlink():
        return None, [Problem(label, None, None, "is missing; expected columns " + ",".join(spec.columns))]
    refused = limits.file_problem(path)
    if refused:
        return None, [Problem(label, None, None, refused)]
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
        return None, [Problem(label, reader.line_num, None, f"is not valid CSV ({err})")]
    header, body = [h.strip() for h in numbered[0][1]], numbered[1:]
    problems = _header_problems(header, spec, label)
    if problems:
        return None, problems
    if not body:
        return None, [Problem(label, None, None, "has a header but no data rows")]
    problems = _row_problems(body, len(header), label) + _long_cells(header, body, path, label)
    if problems:
        return None, problems
    frame = pd.DataFrame([row for _, row in body], columns=header, dtype=object).astype(str)
    frame.index = pd.Index([line - 2 for line, _ in body])
    problems = _schema_problems(frame, spec, label) + _duplicate_problems(frame, spec, label)
    return (None if problems else frame), problems
