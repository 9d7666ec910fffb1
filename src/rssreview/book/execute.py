"""Execute chapter notebooks with nbclient so that outputs are exactly what code and data produce.

Outputs are deterministic: no timing metadata is stored, so re-running an unchanged
chapter leaves its file byte-identical. A chapter whose notebook, the package code and
the data it reads are unchanged is taken from a content-addressed cache instead of
being run again. A chapter that fails leaves its file as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rssreview.config import CYCLE_ENV
from rssreview.files import write_if_changed
from rssreview.paths import CACHE, DATA, ROOT, display_path

PACKAGE = Path(__file__).resolve().parents[1]
DEFAULT_READS = ("data/evidence",)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FIGURE_LINK = re.compile(r"\.\./(figures/[^)\\\"'\s]+)")
TIMEOUT = 600


class ExecutionError(RuntimeError):
    """A chapter could not be executed; names the chapter and the failing cell."""


@dataclass(frozen=True)
class ChapterRun:
    source: Path
    target: Path
    reused: bool


def _hash_files(digest: "hashlib._Hash", paths: Iterable[Path]) -> None:
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(display_path(path).encode())
        digest.update(path.read_bytes())


def reads(nb: dict) -> list[str]:
    """What a chapter reads, declared in its metadata (rssreview.reads).

    Each entry is a file or folder under the project, or `evidence-theme:<theme_id>`: only
    the evidence-table rows about that theme's recommendations. Finer reads mean an edit
    re-executes only the chapters that show it.
    """
    return list(nb.get("metadata", {}).get("rssreview", {}).get("reads", DEFAULT_READS))


@lru_cache(maxsize=1)
def _evidence_tables(stamp: tuple):
    """The evidence tables, loaded once per process for as long as the files are unchanged."""
    from rssreview import evidence

    return evidence.load()


def _hash_theme_rows(digest: "hashlib._Hash", theme_id: str) -> None:
    """Hash the rows of every evidence table that a theme chapter shows."""
    folder = DATA / "evidence"
    tables = _evidence_tables(tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                                    for p in sorted(folder.glob("*.csv"))))
    recs = tables.recommendations[tables.recommendations["theme_id"] == theme_id]
    ids = set(recs["rec_id"])
    parts = [tables.themes[tables.themes["theme_id"] == theme_id], recs, tables.cycles,
             tables.ratings[tables.ratings["rec_id"].isin(ids)], tables.evidence[tables.evidence["rec_id"].isin(ids)],
             tables.superseded]
    for part in parts:
        digest.update(part.to_csv(index=False).encode())


def cache_key(source: Path, cycle_id: str) -> str:
    """A hash of everything a chapter's outputs depend on: its cells, the package, its data, the cycle."""
    nb = json.loads(source.read_text(encoding="utf-8"))  # plain JSON: hashing needs no notebook library
    digest = hashlib.sha256()
    digest.update(f"{cycle_id}|{sys.version}".encode())
    _hash_files(digest, [ROOT / "requirements.lock"])
    for cell in nb.get("cells", []):
        text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        digest.update(cell["cell_type"].encode() + b"\0" + text.encode() + b"\0")
    _hash_files(digest, PACKAGE.rglob("*.py"))
    for entry in reads(nb):
        if entry.startswith("evidence-theme:"):
            _hash_theme_rows(digest, entry.split(":", 1)[1])
            continue
        path = ROOT / entry
        _hash_files(digest, path.rglob("*") if path.is_dir() else [path])
    _hash_files(digest, [DATA / "evidence" / "cycles.csv"])
    return digest.hexdigest()


def _figures_present(nb_path: Path) -> bool:
    text = nb_path.read_text(encoding="utf-8")
    return all((ROOT / link).exists() for link in FIGURE_LINK.findall(text))


def _strip_volatile(nb) -> None:
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)


def _run_one(source: Path, target: Path, cycle_id: str) -> None:
    import nbformat  # imported here so a build that re-uses every chapter never loads the Jupyter stack
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    os.environ[CYCLE_ENV] = cycle_id
    try:
        nb = nbformat.read(source, as_version=4)
    except (OSError, ValueError) as err:
        raise ExecutionError(f"{display_path(source)}: cannot be read as a notebook ({err})") from None
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(source.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        text = ANSI.sub("", str(err)).strip()
        last = text.splitlines()[-1] if text else repr(err)
        raise ExecutionError(f"{display_path(source)}: a cell failed: {last}") from None
    except (CellTimeoutError, DeadKernelError) as err:
        raise ExecutionError(f"{display_path(source)}: the kernel stopped or timed out ({TIMEOUT} s limit): "
                             f"{ANSI.sub('', str(err)).strip().splitlines()[0]}") from None
    _strip_volatile(nb)
    write_if_changed(target, nbformat.writes(nb) + "\n")


def _cached(source: Path, cycle_id: str) -> Path:
    return CACHE / "execute" / f"{cache_key(source, cycle_id)}.ipynb"


def reuse(source: Path, target: Path, cycle_id: str) -> ChapterRun | None:
    """Take the chapter from the cache if nothing it depends on changed; None if it must run."""
    if not source.exists():
        raise ExecutionError(f"{display_path(source)}: chapter listed in _quarto.yml but the file is missing")
    cached = _cached(source, cycle_id)
    if not (cached.exists() and _figures_present(cached)):
        return None
    if not target.exists() or target.read_bytes() != cached.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    return ChapterRun(source, target, reused=True)


def run(source: Path, target: Path, cycle_id: str) -> ChapterRun:
    """Execute one chapter into `target` and keep the result in the cache."""
    if not source.exists():
        raise ExecutionError(f"{display_path(source)}: chapter listed in _quarto.yml but the file is missing")
    cached = _cached(source, cycle_id)
    _run_one(source, target, cycle_id)
    write_if_changed(cached, target.read_bytes())
    return ChapterRun(source, target, reused=False)


def execute_chapter(source: Path, target: Path, cycle_id: str, *, use_cache: bool = True) -> ChapterRun:
    """Execute one chapter into `target`, or reuse the cached result when nothing it depends on changed."""
    return (use_cache and reuse(source, target, cycle_id)) or run(source, target, cycle_id)


def _job(args: tuple[Path, Path, str]) -> ChapterRun:
    return run(*args)


def execute_all(pairs: Sequence[tuple[Path, Path]], cycle_id: str, *, jobs: int = 2, use_cache: bool = True,
                progress: Callable[[ChapterRun], None] | None = None) -> list[ChapterRun]:
    """Execute chapters (in parallel when jobs > 1); report every failure together.

    Unchanged chapters are taken from the cache first, in this process; worker processes
    start only if some chapter has to run.
    """
    runs: list[ChapterRun] = []
    failures: list[str] = []
    work = []
    for src, dst in pairs:
        try:
            found = reuse(src, dst, cycle_id) if use_cache else None
        except ExecutionError as err:
            failures.append(str(err))
            continue
        if found:
            runs.append(found)
            if progress:
                progress(found)
        else:
            work.append((src, dst, cycle_id))
    if not work:
        if failures:
            raise ExecutionError("\n".join(failures))
        return runs
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(work)))) as pool:
        for (src, _, _), future in zip(work, [pool.submit(_job, w) for w in work]):
            try:
                run = future.result()
            except ExecutionError as err:
                failures.append(str(err))
                continue
            except Exception as err:  # a worker that died must not hide the other chapters' results
                failures.append(f"{display_path(src)}: {type(err).__name__}: {err}")
                continue
            runs.append(run)
            if progress:
                progress(run)
    if failures:
        raise ExecutionError("\n".join(failures))
    return runs
