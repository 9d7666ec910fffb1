"""One problem in an input table, and the error that carries all of them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """Where a table is wrong and what would fix it. `line` counts the header as line 1."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class EvidenceError(ValueError):
    """Raised when the evidence tables cannot be used; lists every problem, one per line."""

    SHOWN = 50

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the evidence tables:"
        lines = [f"  {p}" for p in self.problems[: self.SHOWN]]
        if count > self.SHOWN:
            lines.append(f"  … and {count - self.SHOWN} more of the same kinds; fix these first")
        super().__init__("\n".join([head, *lines]))
