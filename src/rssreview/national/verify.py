"""Checking a raw file against its manifest row: size, SHA-256 and reporting period.

The manifest is the record of which published bytes the book was built from. A file
that differs from its row (cut short, re-saved, or a different month) is refused,
saying how to put it right: fetch the file again, or, when the new copy is the one
meant, record it deliberately with `rssreview manifest update <file>`.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from rssreview.national.layouts import Layout
from rssreview.national.manifest import MANIFEST_NAME, Entry
from rssreview.national.periods import month_from_name
from rssreview.problems import Problem


def advice(file: str) -> str:
    return (
        f"fetch it again (rssreview fetch --replace), or record this copy deliberately with "
        f"`rssreview manifest update {file}`"
    )


def size_problems(entry: Entry, size: int) -> list[Problem]:
    """The file's size against the manifest's (checked before reading: a cut file is seen at once)."""
    if not entry.size or int(entry.size) == size:
        return []
    return [
        Problem(
            entry.file,
            None,
            None,
            f"{int(entry.size):,} bytes (the size in {MANIFEST_NAME})",
            f"{size:,} bytes; {advice(entry.file)}",
        )
    ]


def checksum_problems(entry: Entry, sha: str) -> list[Problem]:
    if not entry.sha256 or entry.sha256 == sha:
        return []
    return [
        Problem(
            entry.file,
            None,
            None,
            f"SHA-256 {entry.sha256} (from {MANIFEST_NAME})",
            f"{sha}: the file has changed; {advice(entry.file)}",
        )
    ]


def file_period(file: str, layout: Layout, records: pa.Table) -> str | None:
    """The month a file reports on, YYYY-MM, as the file itself says (its latest period end, or for the
    LDA file, whose rows carry no date, the month in its name); None if the file does not say."""
    if layout is Layout.LDA:
        month = month_from_name(file)
        return f"{month:%Y-%m}" if month else None
    if records.num_rows == 0:
        return None
    latest = pc.max(records["period_end"]).as_py()
    return None if latest is None else f"{latest:%Y-%m}"


def period_problems(entry: Entry, layout: Layout, records: pa.Table) -> list[Problem]:
    """A manifest period that contradicts the file's own."""
    found = file_period(entry.file, layout, records)
    if not entry.period or found is None or found == entry.period:
        return []
    where = "its file name" if layout is Layout.LDA else "its latest REPORTING_PERIOD_END"
    return [
        Problem(
            MANIFEST_NAME,
            entry.row or None,
            "period",
            f"the month {entry.file} reports on ({found}, from {where})",
            f"{entry.period}; correct the manifest row, or run `rssreview manifest update {entry.file}`",
        )
    ]
