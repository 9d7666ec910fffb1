"""The command line refuses to publish bad or personal data, naming the cell, and publishes nothing."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rssreview.paths import ROOT

VALID_NHS_NUMBER = "943 476 5919"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's inputs, so tests can break them without touching the real ones."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copytree(ROOT / "data", copy / "data", ignore=shutil.ignore_patterns("raw"))
    (copy / "data" / "raw").mkdir()
    shutil.copy(ROOT / "_quarto.yml", copy / "_quarto.yml")
    shutil.copy(ROOT / "index.md", copy / "index.md")
    return copy


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RSSREVIEW_ROOT": str(project)}
    env.pop("RSSREVIEW_CYCLE", None)
    return subprocess.run([sys.executable, "-m", "rssreview", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_validate_accepts_the_real_tables(project):
    result = run(project, "validate")
    assert result.returncode == 0, result.stderr
    assert "17 recommendations" in result.stdout


def test_a_planted_nhs_number_stops_the_build_naming_the_row(project):
    path = project / "data" / "evidence" / "evidence.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[4][4] = f"Patient {VALID_NHS_NUMBER} was restrained on the ward."
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = run(project, "build")
    assert result.returncode == 1
    assert "nothing published" in result.stderr
    assert "data/evidence/evidence.csv, row 5, column summary" in result.stderr  # file line 5
    assert "NHS number" in result.stderr and VALID_NHS_NUMBER not in result.stderr
    assert not (project / "_book").exists()


def test_a_broken_table_stops_the_build_listing_every_problem(project):
    path = project / "data" / "evidence" / "ratings.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",not achieved,", ",not acheived,", 2), encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1
    assert "2 problems in the evidence tables" in result.stderr
    assert result.stderr.count("column status: expected one of") == 2
    assert not (project / "_book").exists()


def test_unknown_cycle_is_a_clear_error(project):
    result = run(project, "validate", "--cycle", "2030-01")
    assert result.returncode == 1 and "Unknown cycle '2030-01'" in result.stderr


def test_a_chapter_reading_an_undeclared_file_fails_the_build_naming_both(project):
    import nbformat
    import yaml
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    book = yaml.safe_load((project / "_quarto.yml").read_text(encoding="utf-8"))
    book["book"]["chapters"] = ["index.md", "notebooks/01_sneaky.ipynb"]
    book["book"].pop("appendices", None)
    (project / "_quarto.yml").write_text(yaml.safe_dump(book), encoding="utf-8")
    nb = new_notebook(cells=[new_markdown_cell("# Sneaky"), new_code_cell(
        "#| echo: false\nfrom rssreview.paths import DATA\n(DATA / 'national' / 'national_figures.csv').read_text()[:0]")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["rssreview"] = {"reads": ["data/evidence"]}
    (project / "notebooks").mkdir()
    nbformat.write(nb, project / "notebooks" / "01_sneaky.ipynb")
    result = run(project, "execute")
    assert result.returncode == 1, result.stderr
    assert ("notebooks/01_sneaky.ipynb: reads data/national/national_figures.csv but its metadata "
            "rssreview.reads does not declare it") in result.stderr
