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
            problems += str(err).splitlines()
    return list(dict.fromkeys(problems))  # a table others are checked against (the measures) is named once


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
    """Personal data found in what the publication is made from: the reader text of every registered table
    (the evidence tables read from `folder`, the others from the project at `root`), every value of the settings
    files, and the raw NHS files' names and manifest (both reach build-manifest.json).

    The tables are scanned in their own row order, and each finding names the line an analyst
    sees in an editor, the same numbering the table validation uses.
    """
    from rssreview import privacy

    allow = allowed(tables)
    findings = []
    for pattern, columns in text_columns().items():
        path = _table_path(pattern, folder, root)
        if not path.exists():  # an optional table a folder leaves out (validated by its loader)
            continue
        frame, lines = _read_with_lines(path)
        found = privacy.scan_frame(frame, file=display_path(path), columns=columns, allowed=allow)
        findings += [dataclasses.replace(f, row=lines[f.row - 2]) for f in found]
    return findings + settings_findings(allow, root) + raw_findings(allow, root)


def _table_path(pattern: str, folder: Path, root: Path) -> Path:
    return folder / PurePosixPath(pattern).name if pattern.startswith("data/evidence/") else root / pattern


def settings_findings(allow, root: Path = ROOT) -> list:
    """Personal data in every key and value of the settings files the register lists (data/release.yml,
    _quarto.yml): the title, status and footer are on every page and in the PDFs' metadata, and a template may
    show any other value. A file that is not valid YAML is scanned as typed (its loader reports the error)."""
    import yaml

    from rssreview import privacy, published_text
    from rssreview.settings_file import read_settings

    findings = []
    for path in inputs.files("settings", root=root):
        where = display_path(path)
        try:
            texts = [(f"{where}, {key}", text) for key, text in published_text.setting_strings(read_settings(path))]
        except (yaml.YAMLError, ValueError):
            texts = [(where, path.read_text(encoding="utf-8", errors="replace"))]
        findings += [f for place, text in texts for f in privacy.scan_text(text, where=place, allowed=allow)]
    return findings


#: The raw manifest's columns that name a file (its note is reader text, scanned with the other tables; its
#: checksum, size and dates are not text, and a checksum's digits could pass for an NHS number).
RAW_MANIFEST_NAMES = ("file", "supersedes")


def raw_findings(allow, root: Path = ROOT) -> list:
    """Personal data in the names of the raw NHS files, as they are in data/raw/ and as the manifest names them:
    both are listed in build-manifest.json."""
    from rssreview import privacy, published_text

    findings = []
    for path in inputs.files("raw", root=root):
        where = display_path(path)
        if path.name == "manifest.csv":
            cells = ((row, column, value) for row, column, value in published_text.csv_cells(path) if row > 1)
            text_cells = ((r, c, v) for r, c, v in cells if c in RAW_MANIFEST_NAMES)
            findings += privacy.scan_cells(text_cells, file=where, allowed=allow)
        else:
            findings += privacy.scan_text(path.name, where=f"{where} (file name)", allowed=allow)
    return findings


def _inputs_key(root: Path, folder: Path) -> str:
    """What `privacy_findings` reads, by content: the tables, settings, raw manifest and allowed contacts, and the
    raw files' names (never their bytes: a raw file is large, and only its name is published)."""
    from rssreview import privacy

    files = [
        *(_table_path(pattern, folder, root) for pattern in text_columns()),
        *sorted(folder.glob("*.csv")),
        *inputs.files("settings", root=root),
        privacy.PUBLISHED_CONTACTS_CSV,
    ]
    raw = inputs.files("raw", root=root)
    manifest = [p for p in raw if p.name == "manifest.csv"]
    names = "\0".join(display_path(p) for p in raw)
    return _digest([*files, *manifest], names)


def _inputs_marker(folder: Path = EVIDENCE, root: Path = ROOT) -> Path:
    """Where a clean scan of the inputs is remembered: by the content of everything scanned and the guard's code."""
    return CACHE / "privacy" / "inputs" / _digest(guard_code(), _inputs_key(root, folder))


def _passed(marker: Path) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def check_inputs_private(tables: EvidenceTables, folder: Path = EVIDENCE, root: Path = ROOT) -> None:
    """Refuse to go on if what the publication is made from holds what looks like personal data (each version
    of the inputs is scanned once)."""
    from rssreview import privacy

    marker = _inputs_marker(folder, root)
    if not marker.exists():
        privacy.guard(privacy_findings(tables, folder, root))
        _passed(marker)


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
    code = b"".join(path.read_bytes() for path in guard_code())
    allowed_words = json.dumps(allow.fingerprint())
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
    inputs_marker = _inputs_marker()
    scan_inputs = include_tables and not inputs_marker.exists()
    allow = json.dumps(allowed(tables).fingerprint())
    marker = CACHE / "privacy" / _digest([*notebooks, *downloads, *guard_code()], f"{outputs}|{allow}")
    findings = privacy_findings(tables) if scan_inputs else []
    if not marker.exists():
        findings += published_findings(tables, notebooks, outputs=outputs, downloads=downloads)
    privacy.guard(findings)  # everything found, inputs and published files, in one refusal
    for passed in (inputs_marker if scan_inputs else None, marker):
        if passed is not None:
            _passed(passed)


def guard_code() -> list[Path]:
    """The guard's own code (the privacy package, what reads published text, the register of inputs, this
    module): a change to it means every scan runs again."""
    here = Path(__file__).parent
    return [
        *sorted((here / "privacy").glob("*.py")),
        *(here / n for n in ("published_text.py", "checks.py", "inputs.py")),
    ]


def _digest(paths: Iterable[Path], extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(display_path(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(absent)")
    return digest.hexdigest()


def check_publishable(tables: EvidenceTables, cycle_id: str, *, draft: bool, folder: Path = EVIDENCE) -> None:
    """Refuse to publish personal data, or a cycle with unreviewed draft ratings (unless a draft build)."""

    check_inputs_private(tables, folder)
    pending = progress.drafts(tables, cycle_id)
    if pending and not draft:
        numbers = ", ".join(str(r) for r in pending)
        raise PublicationRefused(
            f"cycle {cycle_id} still has draft ratings awaiting review (recommendations {numbers}) in "
            f"data/evidence/ratings.csv; set review_state to final after review, or build a draft with --draft"
        )
