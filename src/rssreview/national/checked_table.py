"""Reading one of the project's own small national tables through a pandera schema.

The embedded figures and the measures table are both kept by hand, so both are checked
the same way where they enter: every failing cell, row or header becomes one `Problem`
line naming the file, the spreadsheet row and the column, all reported together.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from rssreview import inputs
from rssreview.national.csvfile import read_small_csv
from rssreview.national.errors import NationalDataError, file_label
from rssreview.problems import Problem

UNIQUE = "multiple_fields_uniqueness"
#: The audit event raised for every read of a checked table, cached or not (argument: the file's path).
READ_EVENT = "rssreview.national.read"


#: The column a whole-row check is about, by its error text (pandera reports such a failure with no column): a
#: rule linking two columns, such as "a figure that is not confirmed says why", names the cell to fix.
ROW_CHECK_COLUMN: dict[str, str] = {}


def check(fn, error: str, element_wise: bool = False, column: str | None = None) -> pa.Check:
    """A pandera check whose error text is what a problem line says was expected; `column`, for a whole-row check,
    is the cell its problem line names."""
    if column is not None:
        ROW_CHECK_COLUMN[error] = column
    return pa.Check(fn, element_wise=element_wise, error=error)


def problems_from(err: SchemaErrors, name: str, df: pd.DataFrame, key: list[str]) -> list[Problem]:
    """One problem line per failing cell, per failing row for whole-row checks, or per header fault."""
    problems = set()
    for case in err.failure_cases.itertuples(index=False):
        if pd.isna(case.index):
            problems.add(Problem(name, 1, None, f"the columns {', '.join(df.columns)}", str(case.failure_case)))
            continue
        row, check_name = int(case.index), str(case.check)
        if check_name in ROW_CHECK_COLUMN and case.schema_context == "DataFrameSchema":
            column = ROW_CHECK_COLUMN[check_name]
            problems.add(Problem(name, row + 2, column, check_name, repr(df.at[row, column])))
        elif check_name == UNIQUE or case.schema_context == "DataFrameSchema":
            expected = f"one row per ({', '.join(key)})" if check_name == UNIQUE else check_name
            found = ", ".join(f"{c}={df.at[row, c]!r}" for c in key)
            problems.add(Problem(name, row + 2, None, expected, found))
        else:
            problems.add(Problem(name, row + 2, case.column, check_name, repr(df.at[row, case.column])))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.expected))


#: Validated tables by (path, the bytes of it and of every national table, schema): a chapter asks for the
#: measures table several times, and pandera's checks cost more than the reading. The key is the files' content,
#: never their times or sizes, and covers the tables a check reads besides its own (the measures).
_checked: dict[tuple, pd.DataFrame] = {}


def read_checked(path: Path, columns: list[str], schema: pa.DataFrameSchema, key: list[str]) -> pd.DataFrame:
    """The table as text, validated; its index is the spreadsheet row minus 2 (the header is row 1).

    Raises NationalDataError listing every problem the schema finds.
    """
    # A read even when the cache answers, so a chapter's reads are recorded (book/warm.py).
    sys.audit(READ_EVENT, str(path))
    if not os.path.isfile(path):
        return _read_checked(path, columns, schema, key)  # reports the missing file as a problem
    state = (str(path), inputs.fingerprint([Path(path), *inputs.files("national")]), id(schema))
    if state not in _checked:
        if len(_checked) >= 16:
            _checked.clear()
        _checked[state] = _read_checked(path, columns, schema, key)
    return _checked[state].copy()


def _read_checked(path: Path, columns: list[str], schema: pa.DataFrameSchema, key: list[str]) -> pd.DataFrame:
    _, rows = read_small_csv(path, columns)
    df = pd.DataFrame([r for _, r in rows], columns=columns, dtype=object).astype(str)
    df.index = pd.Index([n - 2 for n, _ in rows])  # problems_from reports index + 2, the row number
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as err:
        raise NationalDataError(problems_from(err, file_label(path), df, key)) from None
