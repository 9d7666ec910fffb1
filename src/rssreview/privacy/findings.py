"""What the guard reports: a finding names the place and the kind, never the datum in full."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Finding:
    """One suspected item of personal data and where it is.

    For a table, `row` is the spreadsheet row (the header is row 1, the first data row is
    row 2) and `column` the column name; for plain text, `row` is the line number and
    `column` is None. `snippet` is masked and safe to print.
    """

    file: str
    row: int
    column: str | None
    kind: str
    snippet: str

    def __str__(self) -> str:
        where = f"line {self.row}" if self.column is None else f"row {self.row}, column {self.column}"
        return f"{self.file}, {where}: possible {self.kind} {self.snippet}"


class PersonalDataError(ValueError):
    """Raised by `guard` when anything that looks like personal data would be published."""


def guard(findings: Iterable[Finding]) -> None:
    """Raise `PersonalDataError`, one line per finding, unless there are none."""
    lines = [str(finding) for finding in findings]
    if lines:
        raise PersonalDataError("\n".join(lines))


@dataclass(frozen=True)
class Hit:
    """A detector's finding in the normalised text: where it is, its kind and its masked snippet."""

    start: int
    end: int
    kind: str
    snippet: str


def mask(text: str, keep: int = 1) -> str:
    """Keep the first `keep` characters; replace every other letter or digit with `*`."""
    return text[:keep] + re.sub(r"[^\W_]", "*", text[keep:])


class Allows(Protocol):
    """What a detector asks of the allowed list (`allowed.Allowed`), without importing it: the list needs the
    detectors' own keys for contact details."""

    def allows(self, title: str, name: str) -> bool: ...

    def allows_contact(self, kind: str, text: str) -> bool: ...
