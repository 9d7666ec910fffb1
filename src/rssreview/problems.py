"""One problem in an input file: where it is and what would fix it, the same for every loader.

Evidence tables, national files and the maps beside them all report faults as `Problem`s, so a
reader sees one format everywhere ("<file>, row N, column C: expected X; found Y") and a test
can treat every loader alike. Loaders collect them and raise them together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Where a file is wrong (file, row, column), what was expected there and what was found.

    `row` is the spreadsheet row: the header is row 1, the first data row is row 2; None means
    the problem concerns the file as a whole. (Tables read with the csv module, such as the
    evidence tables and the manifest, number a row by the file line it ends on, so a quoted cell
    with line breaks moves later rows down; the NHS files read by pyarrow count records.)
    `column` is None when no one column is at fault.
    """

    file: str
    row: int | None
    column: str | None
    expected: str
    found: str

    def __str__(self) -> str:
        where = [self.file, "header" if self.row == 1 else f"row {self.row}" if self.row else "file"]
        if self.column:
            where.append(f"column {self.column}")
        return one_line(f"{', '.join(where)}: expected {self.expected}; found {self.found}")

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """File, then row (the whole file first), then column: the order a reader fixes them in."""
        return (self.file, self.row or 0, self.column or "", self.expected, self.found)


def one_line(text: str) -> str:
    """Text with line breaks and other unprintable characters (from a damaged file) written as escapes."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
