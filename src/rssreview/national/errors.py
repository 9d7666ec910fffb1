"""One error type for bad national data, carrying every problem found, one line each.

A reader fixing a file wants the whole list at once, not one problem per run, so
loaders collect `Problem`s and raise them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Most rows listed for one kind of problem in one column; the rest are counted.
MAX_ROWS_PER_PROBLEM = 20


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (file, row, column), what was expected and what was found.

    `row` is the spreadsheet row: the header is row 1, the first data row is row 2;
    None means the problem concerns the file or header as a whole.
    """

    file: str
    row: int | None
    column: str | None
    expected: str
    found: str

    def line(self) -> str:
        where = [self.file, "header" if self.row == 1 else f"row {self.row}" if self.row else "file"]
        if self.column:
            where.append(f"column {self.column}")
        return one_line(f"{', '.join(where)}: expected {self.expected}; found {self.found}")


def one_line(text: str) -> str:
    """Text with line breaks and other unprintable characters (from a damaged file) written as escapes."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class NationalDataError(ValueError):
    """Raised with every problem found in one or more national data files."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.line() for p in self.problems))


def file_label(path: Path) -> str:
    """The name a problem line uses for a file (its name, which is unique in data/raw/)."""
    return Path(path).name


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise NationalDataError(problems)


def more_rows(file: str, total: int, column: str | None, expected: str) -> list[Problem]:
    """The line counting the rows of one fault beyond the MAX_ROWS_PER_PROBLEM listed (none if all were)."""
    extra = total - MAX_ROWS_PER_PROBLEM
    if extra <= 0:
        return []
    return [Problem(file, None, column, expected, f"the same fault in {extra:,} more rows (not listed)")]


def row_problems(file: str, rows: list[int], column: str | None, expected: str, found: list[str]) -> list[Problem]:
    """Problems for many rows with the same fault, listing the first few and counting the rest."""
    listed = [
        Problem(file, r, column, expected, f) for r, f in zip(rows[:MAX_ROWS_PER_PROBLEM], found[:MAX_ROWS_PER_PROBLEM])
    ]
    return listed + more_rows(file, len(rows), column, expected)
