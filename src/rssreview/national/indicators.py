"""The tidy indicator table: every national value with its series segment and provenance.

Built from the raw NHS files listed in data/raw/manifest.csv and the embedded
national figures: a raw national figure is used for the months its files cover and
an embedded one for every other month, never both for the same dataset, measure
and month (source_file says which). National figures are the rows whose breakdown
and level are both `England` (LDA files are relabelled so, see lda_measure_map.py).

Files are read a few at a time (each hashed while it is parsed) and written straight
into the final columns in file order, the embedded figures last, text as
categoricals, so five years of monthly files fit in memory.
"""

from __future__ import annotations

import hashlib
import math
import mmap
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from rssreview import limits
from rssreview.national.cells import Coded, pair_codes
from rssreview.national.columns import Assembler, Part, fill, mapped_empty, narrow
from rssreview.national.errors import NationalDataError, file_label, raise_if_any
from rssreview.national.figures import NATIONAL_FIGURES, load_national_figures
from rssreview.national.layouts import Layout
from rssreview.national.lda_measure_map import ENGLAND, as_national
from rssreview.national.load import read_file
from rssreview.national.manifest import MANIFEST_NAME, Entry, current, read_manifest
from rssreview.national.series import series_id
from rssreview.national.verify import checksum_problems, period_problems, size_problems
from rssreview.paths import RAW, ROOT
from rssreview.problems import Problem

INDICATOR_COLUMNS = [
    "period_end",
    "dataset",
    "measure",
    "breakdown",
    "level",
    "value",
    "suppressed",
    "series_break",
    "series",
    "source_file",
    "source_sha256",
    "source_url",
]
NOT_DATA = {MANIFEST_NAME, "README.md"}
#: Files read at once: pyarrow parses one (releasing the GIL) while Python finishes another.
READERS = 2
#: Room reserved beyond the estimated row count, so that a slightly larger later file needs no regrowth.
#: (The estimate scales the rows seen so far by file size; room never written is address space, not memory.)
HEADROOM = 1.1
CATEGORIES = ["dataset", "measure", "breakdown", "level", "series", "source_file", "source_sha256", "source_url"]


def raw_files(raw_dir: Path) -> list[Path]:
    """Data files in the raw folder (not the manifest, README, hidden, partial or backup files)."""
    if not raw_dir.is_dir():
        return []
    return sorted(
        p
        for p in raw_dir.iterdir()
        if p.is_file() and p.name not in NOT_DATA and not p.name.startswith(".") and ".bak-" not in p.name
    )


def build_indicators(raw_dir: Path = RAW) -> pd.DataFrame:
    """The tidy national table (columns INDICATOR_COLUMNS) in a deterministic order."""
    if Path(raw_dir).is_dir():
        limits.check_data_tree(Path(raw_dir))
    files = raw_files(Path(raw_dir))
    table = from_raw(Path(raw_dir), files) if files else from_figures()
    return table[INDICATOR_COLUMNS]


def figures_source(path: Path = NATIONAL_FIGURES) -> str:
    """The source_file the embedded figures' rows carry (project-relative when inside the project)."""
    resolved = Path(path).resolve()
    return resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else resolved.name


def from_figures(path: Path = NATIONAL_FIGURES) -> pd.DataFrame:
    """The embedded figures in the tidy shape: England totals, never suppressed."""
    figures = load_national_figures(path)
    tidy = (
        figures.assign(
            breakdown=ENGLAND,
            level=ENGLAND,
            suppressed=False,
            series=[
                series_id(d, m, p.date())
                for d, m, p in zip(figures["dataset"], figures["measure"], figures["period_end"])
            ],
            source_file=figures_source(path),
            source_sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        )
        .sort_values(["dataset", "measure", "period_end"], kind="stable")
        .reset_index(drop=True)
    )
    tidy["series_break"] = mark_breaks(tidy)
    return tidy.astype({c: "category" for c in CATEGORIES})


def break_flags(combos: pd.DataFrame) -> np.ndarray:
    """For distinct (dataset, measure, series, period_end) rows: is this the first month of a later segment?

    Segments are consecutive in time, so a segment is a later one exactly when it starts
    after the first month of its dataset and measure.
    """
    seg_first = combos.groupby(["dataset", "measure", "series"], sort=False)["period_end"].transform("min")
    all_first = combos.groupby(["dataset", "measure"], sort=False)["period_end"].transform("min")
    return ((combos["period_end"] == seg_first) & (seg_first > all_first)).to_numpy(dtype=bool)


def mark_breaks(tidy: pd.DataFrame) -> np.ndarray:
    """series_break for a small table held in pandas (the embedded figures)."""
    keys = tidy[["dataset", "measure", "series", "period_end"]].astype({"dataset": str, "measure": str, "series": str})
    return break_flags(keys)


def repeated(value: str, n: int) -> Coded:
    """One value on every row, without storing a code per row (a read-only broadcast view of one zero)."""
    return Coded(np.broadcast_to(np.int8(0), (n,)), np.asarray([value], dtype=object))


@dataclass
class FileRows:
    """One file's rows as compact arrays (text as codes into the file's own values),
    its distinct (measure, month, series) combinations, and those of its national rows (with the file name)."""

    columns: dict[str, Part]
    combos: pd.DataFrame
    combo_of_row: np.ndarray
    rows: int
    size: int
    national: pd.DataFrame


def months_of(table: pa.Table) -> Coded:
    """The rows' month ends as codes into the distinct months (nearly always one per file)."""
    stamps = table["period_end"].to_numpy()
    if len(stamps) and stamps.min() == stamps.max():
        return Coded(np.zeros(len(stamps), dtype=np.int8), stamps[:1])
    codes, uniq = pd.factorize(stamps)
    return Coded(codes.astype(np.int32), np.asarray(uniq, dtype="datetime64[us]"))


def england_rows(col: Coded) -> np.ndarray:
    return np.isin(col.codes, np.flatnonzero(col.values == ENGLAND))


def national_combos(breakdown: Coded, level: Coded, combos: pd.DataFrame, combo_of_row: np.ndarray) -> pd.DataFrame:
    """The (dataset, measure, series, period_end) combinations found on national (England, England) rows."""
    national = england_rows(breakdown) & england_rows(level)
    return combos.iloc[np.unique(combo_of_row[national])].reset_index(drop=True)


def with_provenance(entry: Entry, table: pa.Table, sha: str, size: int) -> FileRows:
    """A file's records with its dataset, series segment and source columns added."""
    n = table.num_rows
    measure, month = Coded.of(table["measure"]), months_of(table)
    combo_of_row, uniq = pair_codes(measure, month)
    width = len(month.values)
    measures = measure.values[uniq // width].tolist()
    months = [pd.Timestamp(m) for m in month.values[uniq % width]]
    labels = np.asarray([series_id(entry.dataset, m, p.date()) for m, p in zip(measures, months)], dtype=object)
    series = Coded(combo_of_row, labels).mapped(labels)
    combos = pd.DataFrame({"dataset": entry.dataset, "measure": measures, "series": labels, "period_end": months})
    breakdown, level = Coded.of(table["breakdown"]), Coded.of(table["level"])
    columns: dict[str, Part] = {
        "period_end": month,
        "dataset": repeated(entry.dataset, n),
        "measure": measure,
        "breakdown": breakdown,
        "level": level,
        "value": table["value"].to_numpy(),
        "suppressed": table["suppressed"].to_numpy(),
        "series": series,
        "source_file": repeated(entry.file, n),
        "source_sha256": repeated(sha, n),
        "source_url": repeated(entry.source_url, n),
    }
    national = national_combos(breakdown, level, combos, combo_of_row).assign(source_file=entry.file)
    return FileRows(columns, combos, narrow(combo_of_row, len(uniq)), n, size, national)


def coded(column: pd.Series) -> Coded:
    """A small text column as codes into its distinct values."""
    codes, uniq = pd.factorize(column.astype(str))
    return Coded(codes.astype(np.int32), np.asarray(uniq, dtype=object))


def figure_rows(tidy: pd.DataFrame) -> FileRows:
    """Embedded figures (as from_figures gives them) in the per-file form; each row is its own combination."""
    n = len(tidy)
    months, uniq = pd.factorize(tidy["period_end"])
    columns: dict[str, Part] = {name: coded(tidy[name]) for name in CATEGORIES}
    columns |= {
        "period_end": Coded(months.astype(np.int32), np.asarray(uniq, dtype="datetime64[us]")),
        "value": tidy["value"].to_numpy(dtype=float),
        "suppressed": tidy["suppressed"].to_numpy(dtype=bool),
    }
    combos = (
        tidy[["dataset", "measure", "series", "period_end"]]
        .astype({"dataset": str, "measure": str, "series": str})
        .reset_index(drop=True)
    )
    return FileRows(columns, combos, np.arange(n, dtype=np.int32), n, 0, combos)


def not_covered(figures: pd.DataFrame, covered: pd.DataFrame) -> pd.DataFrame:
    """The embedded figures for (dataset, measure, month) keys no raw national row gives."""
    key = ["dataset", "measure", "period_end"]
    raw = pd.MultiIndex.from_frame(covered[key].astype({"dataset": str, "measure": str}))
    mine = pd.MultiIndex.from_frame(figures[key].astype({"dataset": str, "measure": str}))
    return figures[~mine.isin(raw)].reset_index(drop=True)


def overlap_problems(files: list[FileRows]) -> list[Problem]:
    """A national figure for the same dataset, measure and month in two raw files."""
    national = pd.concat([f.national for f in files], ignore_index=True)
    key = ["dataset", "measure", "period_end"]
    twice = national[national.duplicated(key, keep=False)]
    return [
        Problem(
            MANIFEST_NAME,
            None,
            "file",
            f"one file giving the national {d} {m} for {p:%Y-%m}",
            " and ".join(group["source_file"]),
        )
        for (d, m, p), group in twice.groupby(key, sort=True)
    ]


def series_breaks(files: list[FileRows]) -> np.ndarray:
    """series_break for every row, from the segments seen across all files."""
    flags = break_flags(pd.concat([f.combos for f in files], ignore_index=True))
    out = mapped_empty(sum(f.rows for f in files), np.dtype(bool))
    row = combo = 0
    for f in files:
        fill(out[row : row + f.rows], flags[combo : combo + len(f.combos)], f.combo_of_row)
        row, combo = row + f.rows, combo + len(f.combos)
    return out


def file_problems(raw_dir: Path, files: list[Path], entries: list[Entry]) -> list[Problem]:
    """Files the manifest does not list, and two current files for the same dataset and month."""
    listed = {e.file for e in entries}
    problems = [
        Problem(file_label(p), None, None, f"a row in {MANIFEST_NAME} describing this file", "no row")
        for p in files
        if p.name not in listed
    ]
    seen: dict[tuple[str, str], str] = {}
    for e in current(entries):
        if e.period and (raw_dir / e.file).exists():
            other = seen.setdefault((e.dataset, e.period), e.file)
            if other != e.file:
                problems.append(
                    Problem(
                        MANIFEST_NAME,
                        None,
                        "supersedes",
                        f"one current file for {e.dataset} {e.period}",
                        f"{other} and {e.file} (mark the older one as superseded)",
                    )
                )
    return problems


def hashed_read(path: Path, period: str | None) -> tuple[str, tuple[Layout, pa.Table] | list[Problem]]:
    """A file's SHA-256 and its layout and records (or the problems found reading it), hashing in a second
    thread while pyarrow parses the same mapped bytes.

    The mapping is never closed by hand: when a file is refused, the error's traceback may still hold
    pyarrow's view of it, and closing then fails (BufferError) and hides the real message. It is unmapped
    when the last reference goes.
    """
    empty = path.stat().st_size == 0
    with open(path, "rb") as f:
        mapped = b"" if empty else mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(lambda: hashlib.sha256(mapped).hexdigest())
        result: tuple[Layout, pa.Table] | list[Problem]
        try:
            result = read_file(path, period, None if empty else pa.py_buffer(mapped))
        except NationalDataError as err:
            result = err.problems  # the problems, not the error: its traceback holds the mapped buffer
        return digest.result(), result


def read_entry(raw_dir: Path, entry: Entry) -> FileRows | list[Problem]:
    """One manifest file's rows, or the problems that stop it being used (checked against its manifest row:
    size first, then checksum, layout and reporting period)."""
    path = raw_dir / entry.file
    refused = limits.refusal(entry.file, path)
    if refused:
        return [refused]
    size = os.stat(path).st_size
    problems = size_problems(entry, size)
    if problems:
        return problems
    sha, result = hashed_read(path, entry.period or None)
    problems = checksum_problems(entry, sha)
    if isinstance(result, list):
        return problems + result
    layout, records = result
    if layout.dataset != entry.dataset:
        problems.append(
            Problem(entry.file, 1, None, f"a {entry.dataset} file (manifest dataset)", f"the {layout.dataset} layout")
        )
    problems += period_problems(entry, layout, records)
    if problems:
        return problems
    if layout is Layout.LDA:
        records = as_national(records)
    return with_provenance(entry, records, sha, size)


def from_raw(raw_dir: Path, files: list[Path]) -> pd.DataFrame:
    """Read every current manifest file present in raw_dir, in order, READERS at a time, then add
    the embedded figures for the national keys (dataset, measure, month) no file gave.

    Each file's rows go into the final columns as soon as it is read, while the next
    files are being parsed; only the small per-file series keys wait for the end.
    """
    entries = read_manifest(raw_dir / MANIFEST_NAME)
    problems = file_problems(raw_dir, files, entries)
    order = [
        e for e in sorted(current(entries), key=lambda e: (e.dataset, e.period, e.file)) if (raw_dir / e.file).exists()
    ]
    total_size = sum((raw_dir / e.file).stat().st_size for e in order)
    table, done, seen_size = Assembler(CATEGORIES), [], 0
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        for result in pool.map(partial(read_entry, raw_dir), order):
            if not isinstance(result, FileRows):
                problems += result
                continue
            seen_size += result.size
            expected = math.ceil((table.rows + result.rows) * total_size / max(seen_size, 1) * HEADROOM)
            table.add(result.columns, result.rows, expected)
            result.columns.clear()
            done.append(result)
    raise_if_any(problems + overlap_problems(done) if done else problems)
    if not done:
        return from_figures()
    figures = figure_rows(not_covered(from_figures(), pd.concat([f.national for f in done], ignore_index=True)))
    table.add(figures.columns, figures.rows, table.rows + figures.rows)
    done.append(figures)
    columns = {name: table.result(name) for name in INDICATOR_COLUMNS if name != "series_break"}
    columns["series_break"] = series_breaks(done)
    return pd.DataFrame({name: columns[name] for name in INDICATOR_COLUMNS}, copy=False)
