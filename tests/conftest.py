"""Shared fixtures: the real book, built once per test session from the committed notebooks; charts kept in tmp."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rssreview.paths import BOOK, ROOT


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Render the committed, executed notebooks with the built-in renderer into _book/ (no re-execution:
    nbval proves separately that the stored outputs are what the code and data produce)."""
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


def pytest_collection_modifyitems(config, items) -> None:
    """Keep each test file on one pytest-xdist worker (module fixtures and a notebook's cells run once, in
    order), and every test of the real built book on the same worker: `built_book` renders into _book/."""
    for item in items:
        group = "built-book" if "built_book" in getattr(item, "fixturenames", ()) else str(item.path)
        item.add_marker(pytest.mark.xdist_group(group))
