"""Benchmark of the build (make bench): every figure of issue 16 in one run, in a scratch copy.

Measures, in a copy of the project with an empty cache: the cold build and its execution time;
the execution floor (the same number of fresh kernels, two at a time, that only import what the
chapters import); the no-change rebuild; the rebuild after one evidence edit and after one
notebook edit; the preview's latency (evidence file saved -> the served page shows the edit);
and nbval over the executed chapters.

Targets: cold execution <= 0.5 x the floor; one-evidence-edit rebuild <= 20% of the cold build;
preview latency <= 3 s; no-change rebuild < 10% of the cold build. Prints a table; exits 1 if a
target is missed or a step fails.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from rssreview import config
from rssreview.book.chapters import notebooks
from rssreview.config import DEFAULT_JOBS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the shared scratch-project helper
from project import copy_project, environment, run_command  # noqa: E402

EDITED_NOTEBOOK = "notebooks/05_staff.ipynb"
KEPT_SECONDS = "120"  # longer than any pause between the builds measured here


def scratch_project(base: Path) -> Path:
    """The project's sources and data under `base`, as the security tests copy it (tests/project.py)."""
    return copy_project(base)


def timed(project: Path, command: list[str], what: str) -> tuple[float, str]:
    """Seconds `command` takes in the scratch project, and its output; a failure stops the benchmark."""
    start = time.perf_counter()
    result = run_command(project, command)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stderr}\n{result.stdout[-3000:]}")
    return elapsed, result.stdout


def timed_build(project: Path) -> tuple[float, float, str]:
    elapsed, stdout = timed(project, [sys.executable, "-m", "rssreview", "build", "--builtin"], "build")
    lines = stdout.strip().splitlines()
    timings = next(line for line in lines if line.startswith("timings:"))
    return elapsed, float(timings.split()[2]), f"{lines[-1].split(';')[0]}; {timings}"


def edit_one_evidence_row(project: Path, note: str) -> str:
    """Append `note` to the last evidence item's summary; return the new summary's last words."""
    path = project / "data" / "evidence" / "evidence.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[-1][4] = rows[-1][4].rstrip(".") + f", {note}."
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return note


def edit_one_notebook(project: Path) -> None:
    """Add a sentence to the first Markdown cell of one chapter."""
    path = project / EDITED_NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += "\n\nThis sentence was added by the benchmark."
    nbformat.write(nb, path)


def execution_floor(base: Path, jobs: int = DEFAULT_JOBS) -> float:
    """Fresh python3 kernels, as many as chapters and `jobs` at once, importing what the chapters import."""
    imports = (
        "from rssreview import run\nfrom IPython.display import Markdown, display\n"
        "from rssreview.present import summary, themes, national_charts, method, easy_read, appendix, changes, "
        "landing, about, glossary"
    )
    paths = []
    for source in notebooks():
        nb = new_notebook(cells=[new_code_cell(imports)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = base / "floor" / source.name
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        paths.append(path)

    def one(path: Path) -> None:
        NotebookClient(
            nbformat.read(path, as_version=4), kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, paths))
    return time.perf_counter() - start


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def preview_latency(project: Path) -> tuple[float, str]:
    """Seconds from saving an evidence edit to the served page showing it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "rssreview", "preview", "--port", "0"],
        cwd=project,
        env=environment(project),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = None
        for line in proc.stdout:
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                url = found.group(1)
                break
        if url is None:
            raise SystemExit("preview did not start")
        time.sleep(3)  # the warm kernels start in the background after the first build
        pages = [
            f"{url}{p.relative_to(project).with_suffix('.html').as_posix()}"
            for p in sorted((project / "notebooks").glob("0[3-9]_*.ipynb"))
        ]
        version = _get(url + "__preview__/version")
        note = edit_one_evidence_row(project, "as the preview benchmark notes")
        start = time.perf_counter()
        while time.perf_counter() - start < 120:
            if _get(url + "__preview__/version") != version and any(note in _get(page) for page in pages):
                return time.perf_counter() - start, "evidence.csv saved -> page served with the edit"
            time.sleep(0.05)
        raise SystemExit("preview did not show the edit within 120 s")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def nbval_time(project: Path) -> tuple[float, str]:
    command = [sys.executable, "-m", "pytest", "notebooks", "index.ipynb", "--nbval", "--nbval-current-env"]
    elapsed, stdout = timed(project, [*command, "-p", "no:cacheprovider", "-q", "--rootdir", str(project)], "nbval")
    return elapsed, stdout.strip().splitlines()[-1]


def main() -> int:
    os.environ[config.KEEP_WARM_ENV] = KEPT_SECONDS  # as a user's builds run (CI=true would keep none)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        project = scratch_project(base)
        try:
            cold, cold_exec, cold_line = timed_build(project)
            nochange, _, nochange_line = timed_build(project)
            edit_one_evidence_row(project, "as the benchmark's edit notes")
            evidence_edit, _, evidence_line = timed_build(project)
            edit_one_notebook(project)
            notebook_edit, _, notebook_line = timed_build(project)
        finally:
            timed(project, [sys.executable, "-m", "rssreview", "stop"], "stop")
        os.environ[config.KEEP_WARM_ENV] = "0"
        edit_one_evidence_row(project, "as the benchmark's second edit notes")
        unkept_edit, _, unkept_line = timed_build(project)
        floor = execution_floor(base)
        latency, latency_line = preview_latency(project)
        nbval, nbval_line = nbval_time(project)
    rows = [
        ("cold build: executing the chapters", cold_exec, "part of the cold build"),
        ("cold full build", cold, cold_line),
        ("no-change rebuild", nochange, nochange_line),
        ("rebuild after one evidence edit", evidence_edit, evidence_line),
        ("rebuild after one notebook edit", notebook_edit, notebook_line),
        ("evidence edit, no server kept (as on CI)", unkept_edit, unkept_line),
        (
            "execution floor (fresh kernels + imports)",
            floor,
            f"{len(notebooks())} kernels, {DEFAULT_JOBS} at a time, as the build runs chapters",
        ),
        ("preview latency", latency, latency_line),
        ("nbval over the chapters", nbval, nbval_line),
    ]
    print(f"{'measure':45} {'seconds':>8}  detail")
    for name, seconds, detail in rows:
        print(f"{name:45} {seconds:8.1f}  {detail}")
    checks = [
        ("cold execution <= 0.5 x floor", cold_exec <= 0.5 * floor, f"{cold_exec / floor:.2f}x"),
        ("one-evidence-edit rebuild <= 20% of cold", evidence_edit <= 0.20 * cold, f"{evidence_edit / cold:.0%}"),
        ("preview shows an evidence edit <= 3 s", latency <= 3.0, f"{latency:.1f} s"),
        ("no-change rebuild < 10% of cold", nochange < 0.10 * cold, f"{nochange / cold:.0%}"),
    ]
    for name, ok, value in checks:
        print(f"{'met ' if ok else 'MISSED'}  {name}: {value}")
    print(json.dumps({name: round(seconds, 2) for name, seconds, _ in rows}))
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
