"""Execute chapter notebooks with nbclient so that outputs are exactly what code and data produce.

Outputs are deterministic: no timing metadata is stored, so re-running an unchanged chapter
leaves its file byte-identical. Chapters run in warm kernels (`warm`): forked from a server
that has imported the package once, each in a fresh process.

Each chapter declares what it reads under data/ (`rssreview.reads` in its metadata). The kernel
records what it really opens or lists there; a read the chapter did not declare fails the build,
naming both. The cache is keyed on the content of what it declares (`chapter_key`): a chapter whose
cells, the package and the bytes of the files it may read are unchanged is taken from the cache
instead of being run again. A chapter that fails leaves its file as it was.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from rssreview import config, inputs
from rssreview.book import resident, warm
from rssreview.evidence.memo import memo
from rssreview.files import write_if_changed
from rssreview.paths import CACHE, DATA, QUARTO_YML, ROOT, display_path

DEFAULT_READS = ("data/evidence",)
THEME = "evidence-theme:"
TABLE = "evidence-table:"
ROWS = (THEME, TABLE)
#: The rows of each evidence table a theme chapter shows, given the tables, the theme and its recommendations'
#: ids: an `evidence-theme:` declaration covers exactly these tables, and keys the cache on these rows.
THEME_ROWS: dict[str, Callable[[Any, str, set], Any]] = {
    "themes": lambda t, theme, ids: t.themes[t.themes["theme_id"] == theme],
    "recommendations": lambda t, theme, ids: t.recommendations[t.recommendations["theme_id"] == theme],
    "cycles": lambda t, theme, ids: t.cycles,
    "ratings": lambda t, theme, ids: t.ratings[t.ratings["rec_id"].isin(ids)],
    "evidence": lambda t, theme, ids: t.evidence[t.evidence["rec_id"].isin(ids)],
    "superseded": lambda t, theme, ids: t.superseded,
    "glossary": lambda t, theme, ids: t.glossary,
}
#: Notebook metadata the kernel writes when it runs (not part of what a chapter's key depends on).
EXECUTION_METADATA = ("language_info",)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FIGURE_LINK = re.compile(r"\.\./(figures/[^)\\\"'\s]+)")
TIMEOUT = 600
START_TIMEOUT = 120


class ExecutionError(RuntimeError):
    """A chapter could not be executed; names the chapter and the failing cell."""


@dataclass(frozen=True)
class ChapterRun:
    source: Path
    target: Path
    reused: bool


# --- what a chapter reads ---------------------------------------------------------------------


def reads(nb: dict) -> list[str]:
    """What a chapter reads, declared in its metadata (rssreview.reads).

    Each entry is a file or folder under the project, or a part of the evidence tables:
    `evidence-theme:<theme_id>` (the rows about that theme's recommendations) or
    `evidence-table:<table>` (one whole table, such as cycles). Loading the evidence tables reads
    every file in data/evidence/, which such an entry allows; only its rows key the cache. Each table
    a chapter uses is recorded too (an audit event of `EvidenceTables`), so a table outside the
    declaration fails the build. Finer declarations mean an edit re-executes only the chapters that show it.
    """
    return list(nb.get("metadata", {}).get("rssreview", {}).get("reads", DEFAULT_READS))


def _covering(entry: str, declared: Sequence[str], kind: str = "file") -> str | None:
    """The declaration that allows reading `entry` (a project-relative file or folder), if any.

    `kind` "table" is the use of one evidence table, named by its file.
    """
    for item in declared:
        if item.startswith(ROWS):
            if kind == "table":
                name = PurePosixPath(entry).stem
                if item == TABLE + name or (item.startswith(THEME) and name in THEME_ROWS):
                    return item
            elif entry == "data/evidence" or entry.startswith("data/evidence/"):
                return item  # loading the tables reads every file; the tables used are checked one by one
            continue
        folder = item.rstrip("/")
        if entry == folder or entry.startswith(folder + "/"):
            return item
        if entry == folder.rpartition("/")[0]:  # listing the folder that holds a declared file
            return item
    return None


def undeclared(source: Path, recorded: Iterable[str], declared: Sequence[str]) -> list[str]:
    """One message per recorded read that no declaration covers, naming the chapter and the file."""
    return [
        f"{display_path(source)}: reads {path}{' (the ' + PurePosixPath(path).stem + ' table)' if kind == 'table' else ''}"
        f" but its metadata rssreview.reads does not declare it (declared: {', '.join(declared) or 'nothing'})"
        for kind, path in (entry.split("\t", 1) for entry in sorted(recorded))
        if _covering(path, declared, kind) is None
    ]


def _recorded(log: Path) -> list[str]:
    """The kernel's audit log as sorted `kind<TAB>project-relative path` entries."""
    if not log.exists():
        return []
    found = set()
    for line in log.read_text(encoding="utf-8").splitlines():
        kind, _, path = line.partition("\t")
        found.add(f"{kind}\t{Path(path).relative_to(ROOT).as_posix()}")
    return sorted(found)


def audited() -> str:
    """What the read audit watches, for warm.AUDITED_ENV: data/ first, then _quarto.yml (the About page reads it)."""
    return os.pathsep.join(str(path) for path in (DATA, QUARTO_YML))


# --- the cache key ---------------------------------------------------------------------------


def code_digest() -> str:
    """The code every chapter runs: the package, the locked and installed libraries, the interpreter.

    Hashed from the files' bytes (rssreview.inputs), once per build rather than once per chapter.
    """
    from rssreview.book.publish import package_versions

    versions = json.dumps(package_versions(), sort_keys=True)
    return hashlib.sha256(f"{sys.version}|{versions}|{inputs.group_fingerprint('code', 'tools')}".encode()).hexdigest()


def _rows_text(tables, entry: str) -> bytes:
    """The rows as CSV text, made once per entry for as long as the same tables are in use (many chapters share one)."""
    return memo(tables, ("rows", entry), lambda: _make_rows_text(tables, entry))


def _make_rows_text(tables, entry: str) -> bytes:
    if entry.startswith(THEME):
        theme_id = entry[len(THEME) :]
        ids = set(THEME_ROWS["recommendations"](tables, theme_id, set())["rec_id"])
        return b"".join(rows(tables, theme_id, ids).to_csv(index=False).encode() for rows in THEME_ROWS.values())
    name = entry[len(TABLE) :]
    frame = getattr(tables, name, None)
    if frame is None:
        raise ExecutionError(f"rssreview.reads entry {entry!r}: there is no evidence table called {name!r}")
    return frame.to_csv(index=False).encode()


def chapter_key(source: Path, cycle_id: str, tables, code: str) -> str:
    """A hash of everything the chapter's outputs depend on, known before it runs.

    Its cells and declarations, the cycle, the code (`code_digest`), and the content of everything it
    declares it reads: the rows an `evidence-theme:` or `evidence-table:` entry names, and the bytes of
    every registered file under each declared file or folder (maps, measures and raw files included,
    however a kernel came by them). A chapter that reads anything it did not declare fails the build
    (`undeclared`), so nothing it depends on is left out of the key.
    """
    nb = json.loads(source.read_text(encoding="utf-8"))  # plain JSON: hashing needs no notebook library
    declared = reads(nb)
    digest = hashlib.sha256(f"{cycle_id}|{code}".encode())
    digest.update(json.dumps(_without_outputs(nb), sort_keys=True).encode())
    for item in sorted(declared):
        digest.update(item.encode() + b"\0")
        if item.startswith(ROWS):
            digest.update(_rows_text(tables, item))
        else:
            digest.update(inputs.fingerprint(inputs.under(item.rstrip("/"), ROOT), ROOT).encode())
    return digest.hexdigest()


def _without_outputs(nb: dict) -> dict:
    """The notebook as written by hand: every cell's type, source, metadata and attachments, and the notebook's
    metadata (a tag or an option there can change the executed file), without what execution adds."""
    cells = []
    for cell in nb.get("cells", []):
        kept = {k: v for k, v in cell.items() if k not in ("outputs", "execution_count", "id")}
        kept["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k != "execution"}
        kept["source"] = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        cells.append(kept)
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k not in EXECUTION_METADATA}
    return {
        "cells": cells,
        "metadata": metadata,
        "format": [nb.get("nbformat"), nb.get("nbformat_minor")],
    }


def cached_path(key: str) -> Path:
    """Where the executed chapter for `key` is kept."""
    return CACHE / "execute" / f"{key}.ipynb"


# --- running a chapter ------------------------------------------------------------------------


def _figures(text: str) -> dict[str, str]:
    """The SHA-256 of each file under figures/ that an executed chapter links to ("" for one that is missing).

    Downloads the render writes (the workbook, the zip) are left out: the chapter's run did not write them, and
    the render rewrites them after it, so their bytes say nothing about whether the chapter is current. (Counted,
    the chapter linking the workbook ran again in the build after every change to the workbook.)"""
    found = {}
    for link in sorted(set(FIGURE_LINK.findall(text))):
        if inputs.written_by_render(link):
            continue
        path = ROOT / link
        found[link] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return found


def _figures_record(key: str) -> Path:
    return cached_path(key).with_suffix(".figures.json")


def _figures_current(key: str, cached: Path) -> bool:
    """Whether the figures the cached chapter links to hold the bytes its run wrote (a chart file edited,
    removed or taken from another branch means the chapter runs again and writes them afresh)."""
    record = _figures_record(key)
    if not record.exists():
        return False
    return json.loads(record.read_text(encoding="utf-8")) == _figures(cached.read_text(encoding="utf-8"))


def _strip_volatile(nb) -> None:
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)


class WarmKernels:
    """The fork server for one build (or one preview session), with its kernel spec.

    With `keep` seconds above 0 the server is the project's resident one (book/resident.py): used
    if one for this code is listening, else started detached, and left running afterwards.
    """

    NAME = "rssreview-warm"

    def __init__(self, keep: int = 0):
        self.keep = keep
        self.server: subprocess.Popen | None = None
        self.resident = resident.socket_path() if keep else None

    def __enter__(self) -> WarmKernels:
        self.folder = Path(tempfile.mkdtemp(prefix="rssreview-warm-"))
        if self.resident:
            try:
                self._resident(self.resident)
            except ExecutionError as err:  # keeping a server is a saving, never a condition of the build
                print(f"rssreview: {err}; this build starts a server of its own", file=sys.stderr)
                self.resident = None
        address = str(self.resident or self.folder / "socket")
        spec = self.folder / "kernels" / self.NAME
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [sys.executable, "-m", "rssreview.book.warm", "launch", address, "{connection_file}"],
                    "display_name": "Python 3 (warm)",
                    "language": "python",
                    "interrupt_mode": "signal",
                }
            )
        )
        if self.resident:
            return self
        self.server = subprocess.Popen(
            [sys.executable, "-m", "rssreview.book.warm", "serve", address],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=self._environment(),
            cwd=ROOT,
        )
        assert self.server.stdout is not None
        if self.server.stdout.readline().strip() != b"ready":
            self.__exit__()
            raise ExecutionError("the warm kernel server did not start; run with a fresh .venv (make .venv/.installed)")
        return self

    @staticmethod
    def _environment() -> dict[str, str]:
        # The server imports the debugger (pydevd), which warns about frozen modules; its kernels do not print.
        return {**os.environ, warm.AUDITED_ENV: audited(), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}

    def _resident(self, path: Path) -> None:
        """Use the project's resident server, starting it (detached, for `keep` idle seconds) if need be."""
        if resident.current(path):
            return
        log = CACHE / "warm" / "server.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("w", encoding="utf-8") as out:
            started = subprocess.Popen(
                [sys.executable, "-m", "rssreview.serve_warm", str(path), str(self.keep), resident.code_stamp()],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self._environment(),
                cwd=ROOT,
                start_new_session=True,  # outlives this command, and Ctrl+C in its terminal
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not resident.current(path):
            if started.poll() is not None and not resident.current(path):
                raise ExecutionError(f"the warm kernel server could not be kept (see {display_path(log)})")
            if time.monotonic() > deadline:
                started.kill()
                raise ExecutionError(f"the warm kernel server could not be kept: not ready within {START_TIMEOUT} s")
            time.sleep(0.02)

    def manager(self):
        from jupyter_client.kernelspec import KernelSpecManager

        from rssreview.book.prompt_kernels import PromptKernelManager

        specs = KernelSpecManager(kernel_dirs=[str(self.folder / "kernels")], ensure_native_kernel=False)
        return PromptKernelManager(kernel_name=self.NAME, kernel_spec_manager=specs)

    @property
    def alive(self) -> bool:
        if self.resident:
            return resident.current(self.resident)
        return self.server is not None and self.server.poll() is None

    def __exit__(self, *exc) -> None:
        if self.server is not None:
            if self.server.stdin:
                self.server.stdin.close()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_shared: list[WarmKernels] = []
_shared_lock = threading.Lock()


def shared_kernels(keep: int = 0) -> WarmKernels:
    """The process's warm kernel server, started on first use and stopped at exit (unless kept: `keep` > 0).

    The server has the package as it was when it started: a long-lived process whose package
    code changes (the preview) must call `restart_kernels()`.
    """
    with _shared_lock:
        if not (_shared and _shared[0].keep == keep and _shared[0].alive):
            while _shared:
                _shared.pop().__exit__()
            _shared.append(WarmKernels(keep).__enter__())
            atexit.register(restart_kernels)
        return _shared[0]


def warm_up(keep: int = 0) -> None:
    """Start (or find) the shared server in the background; a failure is reported when a chapter needs it."""

    def start() -> None:
        try:
            shared_kernels(keep)
        except Exception:  # noqa: S110 - shared_kernels() raises it again, with its message, in the build
            pass

    threading.Thread(target=start, daemon=True).start()


def restart_kernels() -> None:
    """Stop the shared server (a resident one is only let go); the next chapter to run starts or finds one."""
    with _shared_lock:
        while _shared:
            _shared.pop().__exit__()


#: Times a chapter is started when its kernel dies before answering at all. On a busy machine another process
#: can take the port a new kernel was given before it binds it; nothing of the chapter has run then, so starting
#: it again is safe. A kernel that dies later, or a cell that fails, is never tried again.
START_ATTEMPTS = 2
DIED_AT_START = "before replying to kernel_info"


class _DiedAtStart(Exception):
    """The kernel died before it answered; the message is the one-line reason."""


def _run_one(kernels: WarmKernels, source: Path, cycle_id: str) -> tuple[str, list[str]]:
    """Execute `source` in a warm kernel; its notebook text and the reads the kernel recorded."""
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return _run_once(kernels, source, cycle_id)
        except _DiedAtStart as err:
            if attempt == START_ATTEMPTS:
                raise ExecutionError(
                    f"{display_path(source)}: the kernel stopped before it started, {START_ATTEMPTS} times: {err}"
                ) from None
    raise AssertionError("unreachable")


def _run_once(kernels: WarmKernels, source: Path, cycle_id: str) -> tuple[str, list[str]]:
    import nbformat  # imported here so a build that re-uses every chapter never loads the Jupyter stack
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.read(source, as_version=4)
    except (OSError, ValueError) as err:
        raise ExecutionError(f"{display_path(source)}: cannot be read as a notebook ({err})") from None
    km = kernels.manager()
    client = NotebookClient(nb, km=km, timeout=TIMEOUT, startup_timeout=START_TIMEOUT, record_timing=False)
    with tempfile.TemporaryDirectory(prefix="rssreview-reads-") as tmp:
        log = Path(tmp) / "reads.log"
        env = {
            **config.child_environment(cycle_id, draft=False),
            warm.READS_LOG_ENV: str(log),
            warm.AUDITED_ENV: audited(),
        }
        try:
            client.execute(cwd=str(source.parent), env=env)
        except CellExecutionError as err:
            text = ANSI.sub("", str(err)).strip()
            last = text.splitlines()[-1] if text else repr(err)
            raise ExecutionError(f"{display_path(source)}: a cell failed: {last}") from None
        except (CellTimeoutError, DeadKernelError, RuntimeError) as err:
            first = (ANSI.sub("", str(err)).strip().splitlines() or [repr(err)])[0]
            if DIED_AT_START in first:
                raise _DiedAtStart(first) from None
            raise ExecutionError(
                f"{display_path(source)}: the kernel stopped or timed out ({TIMEOUT} s limit): {first}"
            ) from None
        finally:
            # nbclient registers a clean-up of its own to run at exit; this one stops the kernel now, and theirs,
            # after a kernel that died at start, would print a traceback as the command ends.
            atexit.unregister(client._cleanup_kernel)
            if client.kc is not None:
                client.kc.stop_channels()
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        recorded = _recorded(log)
    _strip_volatile(nb)
    return nbformat.writes(nb) + "\n", recorded


def reuse(source: Path, target: Path, key: str) -> ChapterRun | None:
    """Take the chapter from the cache if nothing it depends on changed; None if it must run."""
    cached = cached_path(key)
    if not (cached.exists() and _figures_current(key, cached)):
        return None
    if not target.exists() or target.read_bytes() != cached.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    return ChapterRun(source, target, reused=True)


def run(kernels: WarmKernels, source: Path, target: Path, cycle_id: str, key: str) -> ChapterRun:
    """Execute one chapter into `target`, check what it read, and keep the result in the cache under `key`."""
    declared = reads(json.loads(source.read_text(encoding="utf-8")))
    text, recorded = _run_one(kernels, source, cycle_id)
    problems = undeclared(source, recorded, declared)
    if problems:
        raise ExecutionError("\n".join(problems))
    write_if_changed(target, text)
    write_if_changed(_figures_record(key), json.dumps(_figures(text), indent=1, sort_keys=True) + "\n")
    write_if_changed(cached_path(key), text)
    return ChapterRun(source, target, reused=False)


def execute_chapter(source: Path, target: Path, cycle_id: str, tables, *, use_cache: bool = True) -> ChapterRun:
    """Execute one chapter into `target`, or reuse the cached result when nothing it depends on changed."""
    return execute_all([(source, target)], cycle_id, tables, jobs=1, use_cache=use_cache)[0]


def execute_all(
    pairs: Sequence[tuple[Path, Path]],
    cycle_id: str,
    tables,
    *,
    jobs: int = 2,
    use_cache: bool = True,
    progress: Callable[[ChapterRun], None] | None = None,
    kernels: WarmKernels | None = None,
    keep_warm: int = 0,
) -> list[ChapterRun]:
    """Execute chapters (`jobs` at once); report every failure together.

    Unchanged chapters are taken from the cache first; the warm kernel server starts only if
    some chapter has to run, and then serves the rest of the process (and, with `keep_warm`
    seconds, the next builds: see `WarmKernels`).
    """
    runs: list[ChapterRun] = []
    failures: list[str] = []
    work: list[tuple[Path, Path, str]] = []
    code = code_digest()
    for src, dst in pairs:
        try:
            if not src.exists():
                raise ExecutionError(f"{display_path(src)}: chapter listed in _quarto.yml but the file is missing")
            key = chapter_key(src, cycle_id, tables, code)
            found = reuse(src, dst, key) if use_cache else None
        except ExecutionError as err:
            failures.append(str(err))
            continue
        if found:
            runs.append(found)
            if progress:
                progress(found)
        else:
            if not work and kernels is None:  # start the server while the other chapters are checked
                warm_up(keep_warm)
            work.append((src, dst, key))
    if work:
        _run_work(kernels or shared_kernels(keep_warm), work, cycle_id, jobs, runs, failures, progress)
    if failures:
        raise ExecutionError("\n".join(failures))
    return runs


def _run_work(
    kernels: WarmKernels,
    work: list[tuple[Path, Path, str]],
    cycle_id: str,
    jobs: int,
    runs: list[ChapterRun],
    failures: list[str],
    progress,
) -> None:
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(work)))) as pool:
        futures = [pool.submit(run, kernels, src, dst, cycle_id, key) for src, dst, key in work]
        try:
            for (src, _, _), future in zip(work, futures):
                try:
                    done = future.result()
                except ExecutionError as err:
                    failures.append(str(err))
                    continue
                except Exception as err:  # one chapter's crash must not hide the other chapters' results
                    failures.append(f"{display_path(src)}: {type(err).__name__}: {err}")
                    continue
                runs.append(done)
                if progress:
                    progress(done)
        except KeyboardInterrupt:  # Ctrl+C: stop the running chapters now rather than wait for them
            for future in futures:
                future.cancel()
            _stop_launchers()
            raise


def _stop_launchers() -> None:
    """Kill this process's kernel launchers; the warm server then kills their kernels (see warm.launch)."""
    import psutil

    for child in psutil.Process().children():
        try:
            if "launch" in child.cmdline() and "rssreview.book.warm" in child.cmdline():
                child.kill()
        except psutil.Error:
            pass
