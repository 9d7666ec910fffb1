"""Shared fixtures: the real book, built once per test session from the committed notebooks; charts kept in tmp."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rssreview.paths import BOOK, ROOT

# Commands the tests start leave no warm server behind (book/resident.py); tests/book/test_resident.py keeps them.
os.environ.setdefault("RSSREVIEW_KEEP_WARM", "0")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Render the committed, executed notebooks with the built-in renderer into _book/ (no re-execution:
    nbval proves separately that the stored outputs are what the code and data produce).

    Once per test run: under pytest-xdist the first worker to need it renders, the others wait and use it."""
    if worker_id == "master":
        return _render_book()
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of this run
    with open(shared / "built-book.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "built-book.done"
        if not done.exists():
            _render_book()
            done.write_text("rendered\n", encoding="utf-8")
    return BOOK


def _render_book() -> Path:
    env = {k: v for k, v in os.environ.items() if k != "RSSREVIEW_CYCLE"}
    result = subprocess.run(
        [sys.executable, "-m", "rssreview", "render", "--builtin", "--force"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, f"render failed:\n{result.stdout}\n{result.stderr}"
    return BOOK


@pytest.fixture
def figures_in_tmp(tmp_path: Path, monkeypatch) -> Path:
    """Charts and CSVs go to a temporary folder, never the project's figures/ (modules opt in with usefixtures)."""
    from rssreview.present import display

    monkeypatch.setattr(display, "FIGURES", tmp_path / "figures")
    monkeypatch.setattr(display, "ROOT", tmp_path)
    return tmp_path / "figures"
