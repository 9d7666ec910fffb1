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


def test_every_setting_and_raw_file_name_is_scanned(tmp_path: Path, tables):
    """_quarto.yml's and release.yml's values (escapes decoded by YAML), a raw file's name and the names in the
    manifest: each finding names the file (and the key, or the row and column), never the datum whole."""
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "_quarto.yml").write_text(
        'book:\n  title: "Report"\n  subtitle: "Prepared by Mr \\u0053mith"\n  page-footer:\n'
        "    left: Ring 07700 900123\n",
        encoding="utf-8",
    )
    (tmp_path / "data" / "release.yml").write_text("contact:\n  name: Dr Patel\n", encoding="utf-8")
    (tmp_path / "data" / "raw" / "Mrs_Jane_Doe_MHSDS.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "data" / "raw" / "manifest.csv").write_text(
        "file,dataset,period,source_url,downloaded_on,sha256,size,supersedes,note\n"
        "a.csv,AT,2021-03,https://example.org/a.csv,2021-04-01," + "9434765919" * 6 + "ab,1234567890,"
        "jo at example dot org.csv,\n",
        encoding="utf-8",
    )
    allow = checks.allowed(tables)
    found = [str(f) for f in checks.settings_findings(allow, tmp_path) + checks.raw_findings(allow, tmp_path)]
    assert found == [
        f"{tmp_path.as_posix()}/_quarto.yml, book.subtitle, line 1: possible personal name Mr S****",
        f"{tmp_path.as_posix()}/_quarto.yml, book.page-footer.left, line 1: possible phone number 07700 ******",
        f"{tmp_path.as_posix()}/data/release.yml, contact.name, line 1: possible personal name Dr P****",
        f"{tmp_path.as_posix()}/data/raw/Mrs_Jane_Doe_MHSDS.csv (file name), line 1: possible personal name Mrs J*** D** M****",
        f"{tmp_path.as_posix()}/data/raw/manifest.csv, row 2, column supersedes: possible e-mail address j*@example.org",
    ], found  # the checksum and the size (digits that could pass for NHS numbers) are not text


def test_code_cell_options_are_scanned_before_execution(tmp_path: Path, tables):
    path = notebook_with(tmp_path, "Fine.", "Fine.")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][1]["source"] = (
        '#| echo: false\n#| fig-alt: "Chart of visits by Mr \\u0053mith"\n#| label: fig-x\nx'
    )
    path.write_text(json.dumps(notebook), encoding="utf-8")
    found = [str(f) for f in checks.published_findings(tables, [path], outputs=False)]
    assert found == [f"{path.as_posix()}, cell 2, option fig-alt, line 1: possible personal name Mr S****"]


@pytest.mark.slow
def test_a_setting_and_an_alt_text_stop_validate_and_execute(project: Path):
    """Planted in the scratch project: a name in _quarto.yml's subtitle (on every page and in the PDF's metadata)
    and a phone number in a chart's fig-alt option; each refusal is one line naming the file and the kind."""

    def plant_setting(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('subtitle: "', 'subtitle: "Prepared by Mrs Zoë Łukasiewicz. '), encoding="utf-8")

    def plant_option(notebook: dict) -> None:
        cell = next(c for c in notebook["cells"] if c["cell_type"] == "code")
        source = "".join(cell["source"])
        cell["source"] = source.replace("#| echo: false", "#| echo: false\n#| fig-alt: Ring 07700–900–123", 1)

    restore = planted(project, "_quarto.yml", plant_setting)
    try:
        for command in ("validate", "build"):
            refused(project, command, "_quarto.yml, book.subtitle, line 1: possible personal name Mrs Z** Ł**********")
    finally:
        restore()
    restore = planted(project, "notebooks/03_community.ipynb", in_notebook(plant_option))
    try:
        refused(project, "execute", "notebooks/03_community.ipynb, cell ", ", option fig-alt, line 1: possible phone")
    finally:
        restore()


def test_markdown_is_read_as_the_page_shows_it(tmp_path: Path, tables):
    """Emphasis and inline HTML do not hide a name: `Mr **Smith**` reads "Mr Smith", and a tag's title is read."""
    path = notebook_with(tmp_path, 'Seen by Mr **Smith** and <span title="Dr Patel">a doctor</span>.', "Fine.")
    found = [str(f) for f in checks.published_findings(tables, [path], outputs=False)]
    assert [f.split(": possible ")[1] for f in found] == ["personal name Mr S****", "personal name Dr P****"]
