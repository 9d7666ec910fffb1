"""Shared fixtures: the real book, built once per test session from the committed notebooks; charts kept in tmp."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from rssreview.paths import BOOK, ROOT

# No per-example time limit: how fast the code is belongs to the benchmarks (make bench), and a limit in
# a test only fails on a busy machine. Hypothesis still reports an example that never ends.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

# Commands the tests start leave no warm server behind (book/resident.py); tests/book/test_resident.py keeps them.
os.environ.setdefault("RSSREVIEW_KEEP_WARM", "0")


def _once_per_run(factory: pytest.TempPathFactory, worker_id: str, name: str, make):
    """make()'s JSON result, made once per test run: under pytest-xdist the first worker to need it makes it
    and the others wait for it and read it."""
    if worker_id == "master":
        return make()
    shared = factory.getbasetemp().parent  # the same folder for every worker of this run
    result = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            result.write_text(json.dumps(make()), encoding="utf-8")
    return json.loads(result.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Render the committed, executed notebooks with the built-in renderer into _book/ (no re-execution:
    nbval proves separately that the stored outputs are what the code and data produce), once per test run."""
    return Path(_once_per_run(tmp_path_factory, worker_id, "built-book", lambda: str(_render_book())))


@pytest.fixture(scope="session")
def book_check(built_book: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict:
    """Every page of the built book in Chromium (tests/a11y/check.mjs), once per test run for both
    tests/smoke/test_a11y.py and test_layout.py; screenshots go to test-artifacts/."""
    from smoke.a11y_helpers import ARTIFACTS, run_check

    from rssreview.present.downloads import pdf_name

    def check() -> dict:
        for folder in ("screenshots", "layout"):
            shutil.rmtree(ARTIFACTS / folder, ignore_errors=True)
        return run_check(built_book, ARTIFACTS, pdf_name())

    return _once_per_run(tmp_path_factory, worker_id, "book-check", check)


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict[str, str]:
    """The hostile project (tests/security/hostile.py) built once per test run, for the security tests and the
    input register's audit: its folder, and the log of the files the build opened."""
    from security.hostile import build

    return _once_per_run(
        tmp_path_factory, worker_id, "hostile-build", lambda: build(tmp_path_factory.mktemp("hostile"))
    )


@pytest.fixture(scope="session")
def hostile_doms(hostile_build: dict[str, str], tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict:
    """Every page of the hostile build as Chromium leaves it after its scripts ran, with the requests each page
    made for anything not on disk (tests/a11y/dom.mjs --requests), once per test run for both security files."""
    from smoke.a11y_helpers import run_node

    def doms() -> dict:
        pages = sorted((Path(hostile_build["project"]) / "_book").rglob("*.html"))
        return run_node("dom.mjs", "--requests", *map(str, pages), timeout=900)

    return _once_per_run(tmp_path_factory, worker_id, "hostile-doms", doms)


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


def pytest_terminal_summary(terminalreporter) -> None:
    """After a run that included the privacy corpus, print the guard's recall and false-alarm rate."""
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])]
    if not any("privacy/test_corpus.py" in getattr(r, "nodeid", "") for r in reports):
        return
    sys.path.insert(0, str(Path(__file__).parent / "privacy"))
    from corpus import measure

    result = measure()
    terminalreporter.write_sep("-", "privacy guard")
    terminalreporter.write_line(result.summary())
    for text in result.missed:
        terminalreporter.write_line(f"  missed: {text!r}")
    for alarm in result.alarms:
        terminalreporter.write_line(f"  false alarm: {alarm}")
