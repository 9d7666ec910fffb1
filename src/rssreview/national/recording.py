"""Recording a raw file in its manifest row: SHA-256, size and reporting period, read from the file itself.

`fetch` records each download this way; `rssreview manifest update <file>` does it on
purpose for a file placed by hand or re-issued, after checking that the file loads. No
check is ever bypassed silently: a file that differs from its row is refused until one
of the two is run (see verify.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as with_fields
from pathlib import Path

from rssreview.national.errors import NationalDataError
from rssreview.national.indicators import hashed_read
from rssreview.national.manifest import MANIFEST_NAME, Entry, first_issue_name, read_manifest, write_manifest
from rssreview.national.verify import file_period
from rssreview.paths import display_path
from rssreview.problems import Problem


@dataclass(frozen=True)
class Recorded:
    """A manifest row before (None for a new row) and after it was updated."""

    before: Entry | None
    after: Entry

    def changes(self) -> list[str]:
        """What changed, as 'column: old -> new' (every filled column for a new row)."""
        if self.before is None:
            return [
                f"{c}: {getattr(self.after, c)}"
                for c in ("dataset", "period", "sha256", "size")
                if getattr(self.after, c)
            ]
        return [
            f"{c}: {getattr(self.before, c) or '(blank)'} -> {getattr(self.after, c)}"
            for c in ("dataset", "period", "sha256", "size")
            if getattr(self.before, c) != getattr(self.after, c)
        ]


def observe(path: Path, period: str | None = None) -> tuple[Entry, list[Problem]]:
    """The facts a manifest row records, read from the file (dataset from its layout), and any problems
    reading it. `period` is needed only for a file that carries no month of its own."""
    sha, result = hashed_read(path, period or None)
    size = str(path.stat().st_size)
    if isinstance(result, list):
        return Entry(path.name, "", period or "", "", "", sha, size, "", ""), result
    layout, records = result
    found = file_period(path.name, layout, records) or period or ""
    return Entry(path.name, layout.dataset, found, "", "", sha, size, "", ""), []


def update_manifest(raw_dir: Path, file: str) -> Recorded:
    """Record `file` (in raw_dir) in the manifest as it is now, adding a row if it has none.

    Refused (NationalDataError, nothing written) if the file is missing or does not load.
    """
    manifest = raw_dir / MANIFEST_NAME
    entries = read_manifest(manifest)
    path = raw_dir / Path(file).name
    if not path.is_file():
        raise NationalDataError(
            [Problem(Path(file).name, None, None, f"a file in {display_path(raw_dir)}/", "no such file")]
        )
    before = next((e for e in entries if e.file == path.name), None)
    seen, problems = observe(path, before.period if before else None)
    if problems:
        raise NationalDataError(problems)
    if before is None:
        earlier = first_issue_name(path.name)
        after = with_fields(
            seen,
            supersedes=earlier if earlier and any(e.file == earlier for e in entries) else "",
            note="recorded with rssreview manifest update",
        )
        entries.append(after)
    else:
        if before.dataset != seen.dataset:
            raise NationalDataError(
                [
                    Problem(
                        MANIFEST_NAME,
                        before.row,
                        "dataset",
                        f"{seen.dataset} (the layout of {path.name})",
                        f"{before.dataset}; correct the row by hand",
                    )
                ]
            )
        after = with_fields(before, period=seen.period, sha256=seen.sha256, size=seen.size)
        entries = [after if e.file == path.name else e for e in entries]
    write_manifest(manifest, entries)
    return Recorded(before, after)
