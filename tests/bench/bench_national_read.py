"""Benchmark: reading five years of MHSDS main monthly files, our loader against pyarrow's floor.

Generates 60 monthly files of about 300,000 rows each (cached in .cache/bench/national/),
then measures, each in a fresh child process: (a) pyarrow.csv.read_csv of every file, the
floor; (b) build_indicators over the same files (layout detection, parsing, checksums,
series segments, the tidy table). Each is run REPEATS times, in turn, and the fastest run
of each is compared. Exits non-zero if (b) takes more than twice (a) or either needs more
than 2 GB of memory.

Run: .venv/bin/python tests/bench/bench_national_read.py
"""

from __future__ import annotations

import calendar
import hashlib
import multiprocessing
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv

from rssreview.national.layouts import MHSDS_MAIN_COLUMNS
from rssreview.national.manifest import MANIFEST_COLUMNS
from rssreview.paths import CACHE

FOLDER = CACHE / "bench" / "national"
VERSION = "v1 60x300000"
MONTHS = [(2019 + i // 12, 1 + i % 12) for i in range(60)]
MEASURES = 60
MAX_RATIO, MAX_BYTES = 2.0, 2 * 1024**3
#: Runs of each step, taken in turn; the fastest counts (as with timeit): a busy machine only ever adds time.
REPEATS = 3


def quote(text: str) -> str:
    return f'"{text}"' if "," in text else text


def level_rows(rng: np.random.Generator) -> list[str]:
    """About 5,000 breakdown/level prefixes like the published file's."""
    providers = [
        (f"R{i:03d}", f"PROVIDER {i} NHS FOUNDATION TRUST" + (", SECURE SERVICES" if i % 7 == 0 else ""))
        for i in range(250)
    ]
    subicbs = [(f"{i:02d}X", f"NHS AREA {i}") for i in range(106)]
    rows = ["England,England,England,NONE,NONE"]
    rows += [f"Provider,{c},{quote(n)},NONE,NONE" for c, n in providers]
    rows += [f"Sub ICB - GP Practice or Residence,{c},{quote(n)},NONE,NONE" for c, n in subicbs]
    rows += [f"ICB,Q{i:02d},NHS ICB {i},NONE,NONE" for i in range(42)]
    rows += [f"Commissioning Region,Y{i:02d},REGION {i},NONE,NONE" for i in range(7)]
    pairs = rng.choice(len(subicbs) * len(providers), 5000 - len(rows), replace=False)
    rows += [
        f"Sub ICB - GP Practice or Residence; Provider,{subicbs[k // 250][0]},{quote(subicbs[k // 250][1])},"
        f"{providers[k % 250][0]},{quote(providers[k % 250][1])}"
        for k in sorted(pairs.tolist())
    ]
    return rows


def month_file(year: int, month: int, levels: list[str], rng: np.random.Generator) -> bytes:
    last = calendar.monthrange(year, month)[1]
    dates = f"01/{month:02d}/{year},{last:02d}/{month:02d}/{year},Performance"
    measures = [f"MHS{i:02d},{quote(f'People in contact with services, measure {i}')}" for i in range(MEASURES)]
    counts = rng.integers(0, 3000, size=len(levels) * MEASURES)
    values = np.where(counts < 5, "*", (counts // 5 * 5).astype(str)).astype(object)
    values[:MEASURES] = rng.integers(10000, 500000, size=MEASURES).astype(str)
    lines = [",".join(MHSDS_MAIN_COLUMNS)]
    k = 0
    for level in levels:
        for measure in measures:
            lines.append(f"{dates},{level},{measure},{values[k]}")
            k += 1
    return ("\n".join(lines) + "\n").encode("utf-8")


def generate() -> list[Path]:
    """The benchmark files and their manifest, made once and reused while VERSION is unchanged."""
    marker = FOLDER / ".version"
    names = [f"MHSDS Data_{calendar.month_abbr[m]}Prf_{y}.csv" for y, m in MONTHS]
    if marker.exists() and marker.read_text() == VERSION:
        return [FOLDER / n for n in names]
    FOLDER.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20220325)
    levels = level_rows(rng)
    manifest = [",".join(MANIFEST_COLUMNS)]
    for (year, month), name in zip(MONTHS, names):
        data = month_file(year, month, levels, rng)
        (FOLDER / name).write_bytes(data)
        manifest.append(f"{name},MHSDS,{year}-{month:02d},,,{hashlib.sha256(data).hexdigest()},{len(data)},,")
        print(f"generated {name}", file=sys.stderr)
    (FOLDER / "manifest.csv").write_text("\n".join(manifest) + "\n")
    marker.write_text(VERSION)
    return [FOLDER / n for n in names]


def floor(files: list[Path]) -> int:
    return sum(pacsv.read_csv(f).num_rows for f in files)


def ours(files: list[Path]) -> int:
    """Rows of the tidy table that come from the files (it also holds the embedded figures no file gives)."""
    from rssreview.national import build_indicators
    from rssreview.national.indicators import figures_source

    tidy = build_indicators(FOLDER)
    return int((tidy["source_file"] != figures_source()).sum())


def child(task, files, queue) -> None:
    start = time.perf_counter()
    rows = task(files)
    queue.put((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, rows))


def measure(task, files) -> tuple[float, int, int]:
    """Wall time, peak resident memory and rows of one task, run in a fresh process."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=child, args=(task, files, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def best(runs: list[tuple[float, int, int]]) -> tuple[float, int, int]:
    """Fastest wall time and largest peak memory of several runs, with their row count."""
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[0][2]


def main() -> int:
    files = generate()
    size = sum(f.stat().st_size for f in files)
    runs = [(measure(floor, files), measure(ours, files)) for _ in range(REPEATS)]
    (a_time, a_mem, a_rows), (b_time, b_mem, b_rows) = best([a for a, _ in runs]), best([b for _, b in runs])
    print(f"{len(files)} files, {a_rows:,} rows, {size / 1024**3:.2f} GB of CSV; best of {REPEATS} runs each")
    print(f"{'step':<42}{'wall s':>8}{'peak RSS MB':>13}")
    print(f"{'(a) pyarrow.csv.read_csv (floor)':<42}{a_time:>8.1f}{a_mem / 1024**2:>13,.0f}")
    print(f"{'(b) build_indicators (ours)':<42}{b_time:>8.1f}{b_mem / 1024**2:>13,.0f}")
    print(
        "every run, wall s: (a) "
        + ", ".join(f"{a[0]:.1f}" for a, _ in runs)
        + "; (b) "
        + ", ".join(f"{b[0]:.1f}" for _, b in runs)
    )
    ratio = b_time / a_time
    print(
        f"ratio (b)/(a): {ratio:.2f} (limit {MAX_RATIO}); tidy rows from the files {b_rows:,} "
        f"(plus the embedded figures no file gives)"
    )
    failed = ratio > MAX_RATIO or max(a_mem, b_mem) > MAX_BYTES or a_rows != b_rows
    print("FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
