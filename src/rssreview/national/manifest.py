"""data/raw/manifest.csv: what each raw file is, where it came from and what it replaces.

Raw files are not kept in git, so the manifest is the record that lets anyone fetch
the same bytes again (checked by SHA-256) and see which re-issue replaced which file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from rssreview.files import write_if_changed
from rssreview.national.csvfile import read_small_csv
from rssreview.national.errors import NationalDataError, file_label
from rssreview.national.layouts import Layout
from rssreview.national.periods import ISO_MONTH
from rssreview.problems import Problem
from rssreview.urls import EXPECTED, is_safe_url

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ["file", "dataset", "period", "source_url", "downloaded_on", "sha256", "size", "supersedes", "note"]
#: The columns before `size` was added; such a manifest is read (size blank) and written back in the new form.
OLD_COLUMNS = [c for c in MANIFEST_COLUMNS if c != "size"]
DATASETS = sorted(layout.dataset for layout in Layout)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: A plain file name: no folder separators, not '.' or '..' or hidden, no control characters.
SAFE_FILE_NAME = re.compile(r"(?!\.)[^/\\\x00-\x1f\x7f]+")
REISSUE = re.compile(r"[ _-]+v(\d+)(?=\.[^.]+$)", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One manifest row, as text (blank means not known)."""

    file: str
    dataset: str
    period: str
    source_url: str
    downloaded_on: str
    sha256: str
    size: str
    supersedes: str
    note: str
    #: The entry's row in the manifest (the header is row 1), for messages; 0 for an entry not read from one.
    row: int = field(default=0, compare=False)


def first_issue_name(file: str) -> str | None:
    """For a re-issue such as 'X v2.csv', the name of the file it re-issues ('X.csv')."""
    found = REISSUE.search(file)
    return file[: found.start()] + file[found.end() :] if found else None


def entry_problems(name: str, row: int, e: Entry, files: set[str]) -> list[Problem]:
    problems = []
    if not SAFE_FILE_NAME.fullmatch(e.file):
        problems.append(
            Problem(
                name,
                row,
                "file",
                "a file name in data/raw/ (no folders, '..', leading dot or control characters)",
                repr(e.file),
            )
        )
    if e.dataset not in DATASETS:
        problems.append(Problem(name, row, "dataset", "one of " + ", ".join(DATASETS), repr(e.dataset)))
    if e.period and not ISO_MONTH.match(e.period):
        problems.append(Problem(name, row, "period", "a month as YYYY-MM or blank", repr(e.period)))
    if e.source_url and not is_safe_url(e.source_url):
        problems.append(Problem(name, row, "source_url", f"{EXPECTED}, or blank", repr(e.source_url)))
    if e.downloaded_on:
        try:
            dt.date.fromisoformat(e.downloaded_on)
        except ValueError:
            problems.append(Problem(name, row, "downloaded_on", "a date as YYYY-MM-DD or blank", repr(e.downloaded_on)))
    if e.sha256 and not SHA256.match(e.sha256):
        problems.append(Problem(name, row, "sha256", "64 lower-case hex digits or blank", repr(e.sha256)))
    if e.size and not e.size.isdigit():
        problems.append(Problem(name, row, "size", "the file's size in bytes (digits only) or blank", repr(e.size)))
    if e.supersedes and e.supersedes not in files:
        problems.append(Problem(name, row, "supersedes", "a file listed in this manifest", repr(e.supersedes)))
    earlier = first_issue_name(e.file)
    if earlier in files and e.supersedes != earlier:
        problems.append(
            Problem(
                name,
                row,
                "supersedes",
                f"{earlier!r} (this file is its re-issue)",
                repr(e.supersedes) if e.supersedes else "a blank cell",
            )
        )
    return problems


def read_manifest(path: Path) -> list[Entry]:
    """The manifest rows, checked; a NationalDataError lists every problem."""
    name = file_label(path)
    header, body = read_small_csv(path, MANIFEST_COLUMNS, (OLD_COLUMNS,))
    entries = [Entry(**{c: cells.get(c, "") for c in MANIFEST_COLUMNS}, row=n) for n, cells in body]
    files, problems = {e.file for e in entries}, []
    for e in entries:
        problems += entry_problems(name, e.row, e, files)
        if [x.file for x in entries].count(e.file) > 1:
            problems.append(Problem(name, e.row, "file", "each file once", repr(e.file)))
    if problems:
        raise NationalDataError(problems)
    return entries


def manifest_text(entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    writer.writerows([getattr(e, c) for c in MANIFEST_COLUMNS] for e in entries)
    return out.getvalue()


def write_manifest(path: Path, entries: list[Entry]) -> None:
    """Rewrite the manifest (same column order, LF endings, rows in the given order), atomically."""
    write_if_changed(path, manifest_text(entries))


def current(entries: list[Entry]) -> list[Entry]:
    """The entries no later re-issue supersedes."""
    replaced = {e.supersedes for e in entries if e.supersedes}
    return [e for e in entries if e.file not in replaced]
