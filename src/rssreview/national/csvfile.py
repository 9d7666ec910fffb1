"""Reading a published CSV as text, fast, with every structural problem found.

Every column is read as dictionary-encoded text: published files repeat a few
strings (breakdowns, levels, measure ids) very many times, so later steps work on
the distinct values only. The slow row-by-row checks run only when pyarrow has
already found something wrong.

Each file is parsed on one thread: build_indicators reads several files at once,
which keeps the cores busier, with less coordination, than splitting each file.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from rssreview.national.errors import NationalDataError, Problem, file_label

TEXT = pa.dictionary(pa.int32(), pa.string())
RESAVE = "(perhaps saved as Windows-1252 or Latin-1; save it as UTF-8)"


def read_text_table(path: Path, header: list[str], data: pa.Buffer | None = None,
                    columns: list[str] | None = None) -> pa.Table:
    """The given columns (default all) of a CSV as dictionary text; table row i is spreadsheet row i + 2.

    Raises NationalDataError for short or long rows, text that is not UTF-8, and a
    file with no data rows.
    """
    name = file_label(path)
    raw = pa.py_buffer(Path(path).read_bytes()) if data is None else data
    # The whole file is checked here (columns not read included), so pyarrow need not check each cell again.
    if raw.size and np.frombuffer(raw, dtype=np.uint8).max() >= 0x80:
        try:
            codecs.utf_8_decode(memoryview(raw), "strict", True)
        except UnicodeDecodeError:
            raise NationalDataError(utf8_problems(name, raw.to_pybytes(), header)) from None
    bad_rows: list[tuple[int, int]] = []
    parse = pacsv.ParseOptions(invalid_row_handler=lambda row: bad_rows.append(
        (row.expected_columns, row.actual_columns)) or "skip")
    convert = pacsv.ConvertOptions(column_types={c: TEXT for c in header}, strings_can_be_null=False,
                                   quoted_strings_can_be_null=False, include_columns=columns or header,
                                   check_utf8=False)
    try:
        table = pacsv.read_csv(pa.BufferReader(raw), parse_options=parse, convert_options=convert,
                               read_options=pacsv.ReadOptions(block_size=1 << 22, use_threads=False))
    except pa.ArrowInvalid as err:
        raise NationalDataError(utf8_problems(name, raw.to_pybytes(), header) or [
            Problem(name, None, None, "a readable CSV file", str(err))]) from None
    problems = shape_problems(name, raw.to_pybytes(), header) if bad_rows else []
    if table.num_rows == 0 and not problems:
        problems.append(Problem(name, None, None, "at least one data row", "only the header"))
    if problems:
        raise NationalDataError(problems)
    return table


def field_at(line: bytes, position: int) -> int:
    """The 0-based index of the CSV field holding the byte at `position` of one line."""
    return len(next(csv.reader([line[:position].decode("latin-1") + "x"]))) - 1


def column_at(header: list[str], line: bytes, position: int) -> str | None:
    index = field_at(line, position)
    return header[index] if index < len(header) else None


def utf8_problems(name: str, raw: bytes, header: list[str]) -> list[Problem]:
    """Rows holding bytes that are not UTF-8 (line-based, which is exact unless a quoted value spans lines)."""
    problems = []
    for number, line in enumerate(raw.splitlines(), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as err:
            problems.append(Problem(name, number, column_at(header, line, err.start), "UTF-8 text",
                                    f"the byte 0x{line[err.start]:02x} at character {err.start + 1} {RESAVE}"))
            if len(problems) >= 20:
                break
    return problems


def shape_problems(name: str, raw: bytes, header: list[str]) -> list[Problem]:
    """Rows with the wrong number of fields, located by the standard csv reader; a short row names its first
    missing column."""
    problems, width = [], len(header)
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    for number, fields in enumerate(reader, start=1):
        if fields and len(fields) != width:
            short = len(fields) < width
            problems.append(Problem(name, number, header[len(fields)] if short else None,
                                    f"{width} fields (as in the header)",
                                    f"{len(fields)} field(s){' (a truncated row?)' if short else ''}"))
    return problems
