"""The error for bad national data, carrying every `Problem` found (rssreview.problems), one line each.

A reader fixing a file wants the whole list at once, not one problem per run, so
loaders collect `Problem`s and raise them together.
"""

from __future__ import annotations

from pathlib import Path

from rssreview.problems import Problem

#: Most rows listed for one kind of problem in one column; the rest are counted.
MAX_ROWS_PER_PROBLEM = 20


class NationalDataError(ValueError):
    """Raised with every problem found in one or more national data files."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        """Made again from its problems, so it crosses a process boundary whole (book/forked.py)."""
        return (type(self), (self.problems,))


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
