"""Checks that must pass before anything is published: personal data and unreviewed drafts."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import pandas as pd

from rssreview import inputs
from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.paths import CACHE, EVIDENCE, FIGURES, ROOT, display_path


def text_columns() -> dict[str, tuple[str, ...]]:
    """The reader-text columns of every registered table, by its project path, as the register of inputs declares
    them (rssreview.inputs): the privacy guard reads every one, so a new table's text is scanned once registered."""
    return {
        item.pattern: item.reader_text
        for item in inputs.REGISTER
        if item.pattern.endswith(".csv") and "*" not in item.pattern and item.reader_text
    }


TEXT_COLUMNS = text_columns()


#: The groups of inputs `rssreview validate` reads with their own loaders (the evidence tables load together).
VALIDATED_GROUPS = ("national", "raw", "privacy", "settings")


def registered_problems(root: Path = ROOT) -> list[str]:
    """Every registered table and setting outside data/evidence/, read and checked by the loader the register of
    inputs names for it; one message per file that fails (each lists its own problems), all together."""
    import importlib

    problems = []
    for item in inputs.REGISTER:
        if item.group not in VALIDATED_GROUPS or not item.loader or "*" in item.pattern:
            continue
        path = root / item.pattern
        if not item.required and not path.exists():
            continue
        module, _, name = item.loader.partition(":")
        try:
            getattr(importlib.import_module(module), name)(path)
        except (ValueError, OSError) as err:  # each loader's own error lists the file, row and column
            problems.append(str(err))
    return problems


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


def allowed(tables: EvidenceTables):
    """What the privacy guard allows: pseudonyms, public figures, published contacts and programmes."""
    from rssreview import privacy

    return privacy.allowed_list(tables.pseudonyms["pseudonym"], list(tables.public_figures["name"]))


def privacy_findings(tables: EvidenceTables, folder: Path = EVIDENCE, root: Path = ROOT) -> list:
    """Personal data found in the reader text of every registered table (pseudonyms and public figures allowed);
    the evidence tables are read from `folder`, the others from the project at `root`.

    The files are scanned in their own row order, and each finding names the line an analyst
    sees in an editor, the same numbering the table validation uses.
    """
    from rssreview import privacy

    allow = allowed(tables)
    findings = []
    for pattern, columns in text_columns().items():
        evidence_table = pattern.startswith("data/evidence/")
        path = folder / PurePosixPath(pattern).name if evidence_table else root / pattern
        if not path.exists():  # an optional table a folder leaves out (validated by its loader)
            continue
        frame, lines = _read_with_lines(path)
        found = privacy.scan_frame(frame, file=display_path(path), columns=columns, allowed=allow)
        findings += [dataclasses.replace(f, row=lines[f.row - 2]) for f in found]
    return findings


def published_findings(
    tables: EvidenceTables, notebooks: Iterable[Path], *, outputs: bool = True, downloads: Iterable[Path] = ()
) -> list:
    """Personal data in what is published: the notebooks' Markdown cells (every chapter is a notebook: the
    register of inputs lists no other kind) and, with `outputs`, every output they show; and the CSV and
    workbook downloads given."""

    allow = allowed(tables)
    context = _scan_context(allow, outputs)
    findings = []
    for path in [*notebooks, *(p for p in downloads if p.suffix in (".csv", ".xlsx"))]:
        marker = CACHE / "privacy" / "clean" / _digest([path], context)
        if marker.exists():  # this exact file passed this exact scan before
            continue
        found = _file_findings(path, allow, outputs)
        if not found:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        findings += found
    return findings


def _file_findings(path: Path, allow, outputs: bool) -> list:
    """Personal data in one published file: a notebook (with or without its outputs), a CSV or the workbook."""
    from rssreview import privacy, published_text

    if path.suffix == ".csv":
        return privacy.scan_cells(published_text.csv_cells(path), file=display_path(path), allowed=allow)
    texts = (
        published_text.workbook_cells(path)
        if path.suffix == ".xlsx"
        else published_text.notebook_texts(path, outputs=outputs)
    )
    return [finding for place, text in texts for finding in privacy.scan_text(text, where=place, allowed=allow)]


def _scan_context(allow, outputs: bool) -> str:
    """What a file's scan depends on besides the file: the guard's code, what it allows, and the outputs flag."""
    code = b"".join((Path(__file__).parent / name).read_bytes() for name in GUARD_CODE)
    allowed_words = json.dumps(
        [
            sorted(map(list, allow.names)),
            sorted(sorted(t) for t in allow.tokens),
            sorted(map(list, allow.contacts)),
            sorted(map(list, allow.exact)),
        ]
    )
    return hashlib.sha256(code + allowed_words.encode()).hexdigest() + f"|outputs={outputs}"


def downloads(cycle_id: str | None = None) -> list[Path]:
    """The CSV and workbook downloads the site publishes from figures/ (one cycle's, or all)."""
    folder = FIGURES / cycle_id if cycle_id else FIGURES
    return sorted(p for p in folder.rglob("*") if p.suffix in (".csv", ".xlsx") and p.is_file())


def check_private(
    tables: EvidenceTables,
    notebooks: Iterable[Path],
    *,
    outputs: bool = True,
    downloads: Iterable[Path] = (),
    include_tables: bool = True,
) -> None:
    """Refuse to go on if the evidence tables or anything published holds what looks like personal data.

    A scan that passed is remembered by a hash of every file it read and of the guard's own code, so
    a rebuild with nothing changed does not scan again.
    """
    from rssreview import privacy

    notebooks, downloads = list(notebooks), list(downloads)
    inputs = [
        *notebooks,
        *downloads,
        *EVIDENCE.glob("*.csv"),
        privacy.PUBLISHED_CONTACTS_CSV,
        *(Path(__file__).parent / n for n in GUARD_CODE),
    ]
    marker = CACHE / "privacy" / _digest(inputs, f"{outputs}|{include_tables}")
    if marker.exists():
        return
    findings = privacy_findings(tables) if include_tables else []
    privacy.guard(findings + published_findings(tables, notebooks, outputs=outputs, downloads=downloads))
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


#: The guard's own code: a change to it means every scan runs again.
GUARD_CODE = ("privacy.py", "published_text.py", "checks.py", "inputs.py")


def _digest(paths: Iterable[Path], extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(display_path(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(absent)")
    return digest.hexdigest()


def check_publishable(tables: EvidenceTables, cycle_id: str, *, draft: bool, folder: Path = EVIDENCE) -> None:
    """Refuse to publish personal data, or a cycle with unreviewed draft ratings (unless a draft build)."""
    from rssreview import privacy

    privacy.guard(privacy_findings(tables, folder))
    pending = progress.drafts(tables, cycle_id)
    if pending and not draft:
        numbers = ", ".join(str(r) for r in pending)
        raise PublicationRefused(
            f"cycle {cycle_id} still has draft ratings awaiting review (recommendations {numbers}) in "
            f"data/evidence/ratings.csv; set review_state to final after review, or build a draft with --draft"
        )
