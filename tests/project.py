"""A scratch copy of the project for tests that plant bad data and run the real command on it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from rssreview.paths import ROOT

COPY = (
    "data",
    "notebooks",
    "figures",
    "src",
    "_quarto.yml",
    "index.ipynb",
    "requirements.lock",
    "package.json",
    "package-lock.json",
)


def copy_project(base: Path) -> Path:
    """The project's sources, data, notebooks and figures under `base`/project (no outputs, no cache)."""
    project = base / "project"
    project.mkdir(parents=True)
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    # Installed packages, not project sources: the Easy Read pictures and font are read from the real install.
    (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return project


def environment(project: Path) -> dict[str, str]:
    """This environment with the copy as the project root and no cycle or draft flag handed down."""
    env = {k: v for k, v in os.environ.items() if k not in ("RSSREVIEW_CYCLE", "RSSREVIEW_DRAFT")}
    env["RSSREVIEW_ROOT"] = str(project)
    return env


def run_command(
    project: Path, command: list[str], timeout: float = 1800, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`command` run in the copy with its environment (and `extra` variables), output captured."""
    env = environment(project) | (extra or {})
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=timeout)


def run(project: Path, *args: str, timeout: float = 1800) -> subprocess.CompletedProcess:
    """`rssreview <args>` on the copy, as a user would run it (the copy is the project root)."""
    return run_command(project, [sys.executable, "-m", "rssreview", *args], timeout)


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Rewrite a table with every field quoted, so any character (a carriage return too) stays in its cell."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
