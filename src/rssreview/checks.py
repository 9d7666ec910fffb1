"""Checks that must pass before anything is published: personal data and unreviewed drafts."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pandas as pd

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.schemas import SPECS
from rssreview.paths import EVIDENCE, display_path

# Free-text columns a person writes, by table, as the schemas declare them: the privacy guard reads every one.
TEXT_COLUMNS = {name: spec.free_text for name, spec in SPECS.items() if spec.free_text}


class PublicationRefused(RuntimeError):
    """The build must not publish; the message says what to fix."""


def _read_with_lines(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """A table as text, with the file line each row starts on (blank lines and multi-line cells counted)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows, lines = [], []
        start = reader.line_num + 1
        for row in reader:
            if row:
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    return pd.DataFrame(rows, columns=header, dtype=object), lines


def privacy_findings(tables: EvidenceTables, folder: Path = EVIDENCE) -> list:
    """Personal data found in the evidence tables' free text (pseudonyms and public figures allowed).

    The files are scanned in their own row order, and each finding names the line an analyst
    sees in an editor, the same numbering the table validation uses.
    """
    from rssreview import privacy

    allowed = set(tables.pseudonyms["pseudonym"]) | set(tables.public_figures["name"])
    findings = []
    for table, columns in TEXT_COLUMNS.items():
        path = folder / f"{table}.csv"
        frame, lines = _read_with_lines(path)
        found = privacy.scan_frame(frame, file=display_path(path), columns=columns, pseudonyms=allowed)
        findings += [dataclasses.replace(f, row=lines[f.row - 2]) for f in found]
    return findings


def check_publishable(tables: EvidenceTables, cycle_id: str, *, draft: bool, folder: Path = EVIDENCE) -> None:
    """Refuse to publish personal data, or a cycle with unreviewed draft ratings (unless a draft build)."""
    from rssreview import privacy

    privacy.guard(privacy_findings(tables, folder))
    pending = progress.drafts(tables, cycle_id)
    if pending and not draft:
        numbers = ", ".join(str(r) for r in pending)
        raise PublicationRefused(
            f"cycle {cycle_id} still has draft ratings awaiting review (recommendations {numbers}) in "
            f"data/evidence/ratings.csv; set review_state to final after review, or build a draft with --draft")
