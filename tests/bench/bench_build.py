"""Benchmark of the build (make bench): cold build, no-change rebuild, one-edit rebuild, execution floor.

Runs in a scratch copy of the project, so the real notebooks, figures and cache are untouched.
Targets (issue 7): no-change rebuild < 10% of the cold build; one-edit rebuild < 40%; the cold
build's execution time <= 1.5 x the floor (the same kernels starting and importing, with no work).
Prints a table and exits 1 if a target is missed.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from rssreview.book.chapters import notebooks
from rssreview.book.execute import execute_all
from rssreview.paths import ROOT

COPY = ("data", "notebooks", "figures", "src", "_quarto.yml", "index.md")


def scratch_project(base: Path) -> Path:
    project = base / "project"
    project.mkdir()
    for name in COPY:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    return project


def timed_build(project: Path) -> tuple[float, float, str]:
    env = {**os.environ, "RSSREVIEW_ROOT": str(project)}
    env.pop("RSSREVIEW_CYCLE", None)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "rssreview", "build", "--builtin"], cwd=project, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    lines = result.stdout.strip().splitlines()
    timings = next(line for line in lines if line.startswith("timings:"))
    execute_seconds = float(timings.split()[2])
    return elapsed, execute_seconds, f"{lines[-1].split(';')[0]}; {timings}"


def edit_one_evidence_row(project: Path) -> None:
    path = project / "data" / "evidence" / "evidence.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[-1][4] = rows[-1][4].rstrip(".") + ", as the benchmark's edit notes."
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def execution_floor(base: Path) -> float:
    """Start the same number of kernels, importing what the chapters import, doing nothing else."""
    imports = "from rssreview import config\nfrom rssreview.present import summary, themes, national_charts"
    pairs = []
    for source in notebooks():
        nb = new_notebook(cells=[new_code_cell(imports)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = base / "floor" / source.name
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        pairs.append((path, path))
    start = time.perf_counter()
    execute_all(pairs, "floor", jobs=2, use_cache=False)
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        project = scratch_project(base)
        cold, cold_exec, cold_line = timed_build(project)
        nochange, _, nochange_line = timed_build(project)
        edit_one_evidence_row(project)
        edited, _, edited_line = timed_build(project)
        floor = execution_floor(base)
    rows = [
        ("cold build: executing the chapters", cold_exec, "part of the cold build"),
        ("cold full build", cold, cold_line),
        ("no-change rebuild", nochange, nochange_line),
        ("rebuild after one evidence edit", edited, edited_line),
        ("execution floor (kernels + imports only)", floor, f"{len(notebooks())} kernels"),
    ]
    print(f"{'measure':45} {'seconds':>8}  detail")
    for name, seconds, detail in rows:
        print(f"{name:45} {seconds:8.1f}  {detail}")
    checks = [
        ("no-change < 10% of cold", nochange < 0.10 * cold, f"{nochange / cold:.0%}"),
        ("one-edit < 40% of cold", edited < 0.40 * cold, f"{edited / cold:.0%}"),
        ("cold execution <= 1.5 x floor", cold_exec <= 1.5 * floor, f"{cold_exec / floor:.2f}x"),
    ]
    for name, ok, value in checks:
        print(f"{'met ' if ok else 'MISSED'}  {name}: {value}")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
