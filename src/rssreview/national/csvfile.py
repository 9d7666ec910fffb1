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

from rssreview import hygiene, limits
from rssreview.national.errors import MAX_ROWS_PER_PROBLEM, NationalDataError, file_label, more_rows
from rssreview.problems import Problem

TEXT = pa.dictionary(pa.int32(), pa.string())
#: Bytes 0x80-0x9f that Windows-1252 leaves undefined: a file holding them is not Windows-1252.
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def seems_encoded(raw: bytes) -> str:
    """Which encoding a text that is not UTF-8 seems to be in, told by its byte-order mark or the bytes it uses
    above 0x7f."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return 'UTF-16 (Excel\'s "Unicode text")'
    high = {b for b in raw if b >= 0x80}
    if high & CP1252_UNDEFINED:
        return "Latin-1 (ISO-8859-1) or another single-byte encoding"
    if high & set(range(0x80, 0xA0)):  # curly quotes, dashes, the euro sign
        return "Windows-1252"
    return "Windows-1252 or Latin-1 (ISO-8859-1)"


def resave(raw: bytes) -> str:
    """The advice for a file that is not UTF-8, naming the encoding it seems to be in."""
    return f"(it seems to be {seems_encoded(raw)}; save it as UTF-8)"


def read_text_table(
    path: Path, header: list[str], data: pa.Buffer | None = None, columns: list[str] | None = None
) -> pa.Table:
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

    def skip_bad(row: pacsv.InvalidRow) -> str:
        """Note a short or long row (reported below with the rest) and let pyarrow skip it."""
        bad_rows.append((row.expected_columns, row.actual_columns))
        return "skip"

    parse = pacsv.ParseOptions(invalid_row_handler=skip_bad)
    convert = pacsv.ConvertOptions(
        column_types={c: TEXT for c in header},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        include_columns=columns or header,
        check_utf8=False,
    )
    try:
        table = pacsv.read_csv(
            pa.BufferReader(raw),
            parse_options=parse,
            convert_options=convert,
            read_options=pacsv.ReadOptions(block_size=1 << 22, use_threads=False),
        )
    except pa.ArrowInvalid as err:
        raise NationalDataError(
            utf8_problems(name, raw.to_pybytes(), header)
            or [Problem(name, None, None, "a readable CSV file", str(err))]
        ) from None
    problems = shape_problems(name, raw.to_pybytes(), header) if bad_rows else []
    problems = problems or ending_problems(name, raw, header)  # a short last row already says it was cut
    if table.num_rows == 0 and not problems:
        problems.append(Problem(name, None, None, "at least one data row", "only the header"))
    if problems:
        raise NationalDataError(problems)
    return table


def field_at(line: bytes, position: int) -> int:
    """The 0-based index of the CSV field holding the byte at `position` of one line (0 if it cannot tell)."""
    try:
        return len(next(csv.reader([line[:position].decode("latin-1") + "x"]))) - 1
    except csv.Error:
        return 0


def column_at(header: list[str], line: bytes, position: int) -> str | None:
    index = field_at(line, position)
    return header[index] if index < len(header) else None


def ending_problems(name: str, raw: pa.Buffer, header: list[str]) -> list[Problem]:
    """A file that does not end with a line break: published files do, and one cut short does not.

    A file cut inside its last number would otherwise load with that number shortened.
    """
    if raw.size == 0 or raw.slice(raw.size - 1).to_pybytes() in (b"\n", b"\r"):
        return []
    text = raw.to_pybytes()
    last = text.rsplit(b"\n", 1)[-1]
    return [
        Problem(
            name,
            text.count(b"\n") + 1,
            column_at(header, last, len(last) - 1),
            "a line break at the end of the file (a file cut short has none: fetch it again)",
            f"the last row ending in {last[-20:].decode('utf-8', 'replace')!r} with no line break",
        )
    ]


def utf8_problems(name: str, raw: bytes, header: list[str]) -> list[Problem]:
    """Rows holding bytes that are not UTF-8 (line-based, which is exact unless a quoted value spans lines)."""
    rows, found = [], []
    for number, line in enumerate(raw.splitlines(), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as err:
            rows.append(number)
            found.append((line, err.start))
    advice = resave(raw)
    problems = [
        Problem(
            name,
            number,
            column_at(header, line, start),
            "UTF-8 text",
            f"the byte 0x{line[start]:02x} at character {start + 1} {advice}",
        )
        for number, (line, start) in zip(rows[:MAX_ROWS_PER_PROBLEM], found)
    ]
    return problems + more_rows(name, len(rows), None, "UTF-8 text")


def shape_problems(name: str, raw: bytes, header: list[str]) -> list[Problem]:
    """Rows with the wrong number of fields, located by the standard csv reader; a short row names its first
    missing column."""
    problems, width, count = [], len(header), 0
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    try:
        for fields in reader:
            if fields and len(fields) != width:
                count += 1
                if count > MAX_ROWS_PER_PROBLEM:
                    continue
                short = len(fields) < width
                problems.append(
                    Problem(
                        name,
                        reader.line_num,
                        header[len(fields)] if short else None,
                        f"{width} fields (as in the header)",
                        f"{len(fields)} field(s){' (a truncated row?)' if short else ''}",
                    )
                )
    except csv.Error as err:
        problems.append(Problem(name, reader.line_num, None, "a readable CSV row", str(err)))
    return problems + more_rows(name, count, None, f"{width} fields (as in the header)")


def read_small_csv(
    path: Path, columns: list[str], also: tuple[list[str], ...] = ()
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and rows (each with its row number; text, stripped; blank lines skipped) of one of the
    project's own small tables (manifest, maps, figures).

    The header must be `columns` (or one of the older forms in `also`); every row must have as many fields.
    Any fault (not UTF-8, a NUL byte, broken quoting, a wrong header or row width) is a NationalDataError.
    """
    name = file_label(path)
    refused = limits.refusal(name, Path(path)) if Path(path).exists() else None
    if refused:
        raise NationalDataError([refused])
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise NationalDataError([Problem(name, None, None, "a file (see data/README.md)", "no such file")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        raise NationalDataError(
            [Problem(name, row, None, "UTF-8 text", f"the byte 0x{raw[err.start]:02x} {resave(raw)}")]
        ) from None
    if "\0" in text:
        raise NationalDataError(
            [
                Problem(
                    name,
                    text.count("\n", 0, text.index("\0")) + 1,
                    None,
                    "text",
                    "a NUL byte (0x00): the file is damaged",
                )
            ]
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [c.strip() for c in next(reader, [])]
        body = [(reader.line_num, r) for r in reader if r]
    except csv.Error as err:
        raise NationalDataError([Problem(name, reader.line_num, None, "a readable CSV row", str(err))]) from None
    if header != columns and header not in also:
        raise NationalDataError([Problem(name, 1, None, ",".join(columns), ",".join(header) or "nothing")])
    problems = [
        Problem(name, n, None, f"{len(header)} fields (as in the header)", f"{len(r)} field(s)")
        for n, r in body
        if len(r) != len(header)
    ]
    problems += limits.long_cells(name, header, body, limits.limit_for(Path(path)))
    problems += hygiene.cell_problems(name, header, body)
    if problems:
        raise NationalDataError(problems[:MAX_ROWS_PER_PROBLEM] + more_rows(name, len(problems), None, "fields"))
    return header, [(n, dict(zip(header, (v.strip() for v in r)))) for n, r in body]
