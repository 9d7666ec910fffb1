"""The privacy guard scans what is published and stops execute, render and build, naming the place.

The command-line cases run the real `rssreview` command on a scratch copy of the project with
one planted datum each; every one is refused before any chapter is executed or rendered, but
each command still starts Python and loads the tables, so they are marked slow.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_fixture import ROWS, write_tables
from project import copy_project, read_rows, run, write_rows

from rssreview import checks, evidence
from rssreview.present.spreadsheet import build_workbook

EDITION = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return evidence.load(write_tables(tmp_path_factory.mktemp("tables") / "evidence", ROWS))


def notebook_with(tmp_path: Path, markdown_cell: str, output: str) -> Path:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", markdown_cell]},
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "source": "x",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"text/markdown": output, "text/plain": "<Markdown>"},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {
                            "text/html": f'<div><img alt="chart of {output}" src="data:image/png;base64,AAAA">'
                            f'<script type="application/json">{json.dumps({"t": output})}</script>'
                            f"<table><tr><td>{output}</td></tr></table></div>"
                        },
                    },
                ],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "chapter.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def test_notebook_markdown_cells_and_every_output_are_scanned(tmp_path: Path, tables):
    path = notebook_with(tmp_path, "Call 0044 7700 900123.", "NHS number 943/476/5919")
    found = [str(f) for f in checks.published_findings(tables, [path])]
    name = path.as_posix()
    assert f"{name}, cell 1, line 2: possible phone number 0044 **** ******" in found
    assert f"{name}, cell 2, output 1 (text/markdown), line 1: possible NHS number 943 *** ****" in found
    html = [f for f in found if "output 2 (text/html)" in f]
    assert len(html) == 3, found  # the table cell, the image's alt text and the chart's data
    assert [str(f) for f in checks.published_findings(tables, [path], outputs=False)] == [found[0]]


def test_csv_and_workbook_downloads_are_scanned(tmp_path: Path):
    rows = {name: [list(r) for r in body] for name, body in ROWS.items()}
    rows["evidence"][0][4] = "Seen by Priya Patel, born in February 1990."
    planted = evidence.load(write_tables(tmp_path / "evidence", rows))
    workbook = build_workbook(planted, "2022-03", tmp_path, EDITION)
    table = tmp_path / "table.csv"
    table.write_text("Label,Value\nok,1\nwrite to jane (at) example.org,2\n", encoding="utf-8")
    found = [str(f) for f in checks.published_findings(planted, [], downloads=[table, workbook])]
    assert f"{table.as_posix()}, row 3, column Label: possible e-mail address j***@example.org" in found
    in_book = [f for f in found if ", sheet Evidence, cell " in f]
    assert {f.split(": possible ")[1].split(" ")[0] for f in in_book} == {"personal", "date"}, found


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("guard"))


def planted(project: Path, relative: str, change) -> Callable[[], object]:
    """Change a file of the copy; return a function that puts it back."""
    path = project / relative
    before = path.read_bytes()
    change(path)
    return lambda: path.write_bytes(before)


def in_notebook(change) -> Callable[[Path], None]:
    """A change to a notebook's JSON, as a change to its file."""

    def edit(path: Path) -> None:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        change(notebook)
        path.write_text(json.dumps(notebook), encoding="utf-8")

    return edit


def refused(project: Path, command: str, *expected: str) -> None:
    result = run(project, command, timeout=600)
    assert result.returncode == 2, f"{command} was not stopped:\n{result.stdout}\n{result.stderr}"
    for text in expected:
        assert text in result.stderr, f"{command}: {text!r} not in\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert "executed" not in result.stderr.replace("executed notebooks", ""), result.stderr


@pytest.mark.slow
def test_an_evidence_row_stops_execute_render_and_build_before_anything_runs(project: Path):
    def plant(path: Path) -> None:
        rows = read_rows(path)
        rows[5][4] = rows[5][4] + " Ref 943 476\n5919."
        write_rows(path, rows)

    restore = planted(project, "data/evidence/evidence.csv", plant)
    try:
        for command in ("execute", "render", "build"):
            refused(
                project, command, "data/evidence/evidence.csv, row 6, column summary: possible NHS number 943 *** ****"
            )
    finally:
        restore()


@pytest.mark.slow
def test_the_landing_page_stops_render_and_build(project: Path):
    def plant(notebook: dict) -> None:
        notebook["cells"].append(
            {
                "cell_type": "markdown",
                "metadata": {},
                "id": "planted",
                "source": "Contact the family on 07700\u00a0900123 or at sw1a 1aa.\n",
            }
        )

    restore = planted(project, "index.ipynb", in_notebook(plant))
    try:
        for command in ("render", "execute", "build"):
            refused(
                project, command, "index.ipynb, cell ", "possible phone number 07700 ******", "possible postcode SW1A"
            )
    finally:
        restore()


@pytest.mark.slow
def test_a_stale_notebook_output_stops_render(project: Path):
    def plant(notebook: dict) -> None:
        cell = next(
            c
            for c in notebook["cells"]
            if c["cell_type"] == "code" and c["outputs"] and "text/markdown" in c["outputs"][0].get("data", {})
        )
        cell["outputs"][0]["data"]["text/markdown"] += "\n\nJOHN SMITH, date of birth 3 May 1990."

    restore = planted(project, "notebooks/13_easy_read.ipynb", in_notebook(plant))
    try:
        refused(
            project,
            "render",
            "notebooks/13_easy_read.ipynb, cell ",
            "possible personal name J*** S****",
            "possible date of birth",
        )
    finally:
        restore()


@pytest.mark.slow
def test_a_markdown_cell_stops_execute_before_it_runs(project: Path):
    def plant(notebook: dict) -> None:
        markdown = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
        markdown["source"] = "".join(markdown["source"]) + "\n\nWrite to name＠example.org."

    restore = planted(project, "notebooks/02_method.ipynb", in_notebook(plant))
    try:
        refused(project, "execute", "notebooks/02_method.ipynb, cell 1, line ", "possible e-mail address")
    finally:
        restore()


@pytest.mark.slow
def test_a_csv_download_stops_render(project: Path):
    csv_path = next(iter(sorted((project / "figures").rglob("*.csv"))))
    relative = csv_path.relative_to(project).as_posix()
    restore = planted(
        project,
        relative,
        lambda path: path.write_text(
            path.read_text(encoding="utf-8")
            + "Mrs Jane Doe"
            + "," * path.read_text(encoding="utf-8").splitlines()[0].count(",")
            + "\n",
            encoding="utf-8",
        ),
    )
    try:
        refused(project, "render", f"{relative}, row ", "possible personal name Mrs J*** D**")
    finally:
        restore()
