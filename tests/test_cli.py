"""The command line refuses to publish bad or personal data, naming the cell, and publishes nothing."""

from __future__ import annotations

import csv
import hashlib
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
    shutil.copy(ROOT / "index.ipynb", copy / "index.ipynb")
    return copy


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RSSREVIEW_ROOT": str(project)}
    env.pop("RSSREVIEW_CYCLE", None)
    return subprocess.run(
        [sys.executable, "-m", "rssreview", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


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
    assert result.returncode == 2
    assert "nothing published" in result.stderr
    assert "data/evidence/evidence.csv, row 5, column summary" in result.stderr  # file line 5
    assert "NHS number" in result.stderr and VALID_NHS_NUMBER not in result.stderr
    assert not (project / "_book").exists()


def test_a_broken_table_stops_the_build_listing_every_problem(project):
    path = project / "data" / "evidence" / "ratings.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",not achieved,", ",not acheived,", 2), encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 2
    assert "2 problems in the evidence tables" in result.stderr
    assert result.stderr.count("column status: expected one of") == 2
    assert not (project / "_book").exists()


def test_unknown_cycle_is_a_clear_error(project):
    result = run(project, "validate", "--cycle", "2030-01")
    assert result.returncode == 2 and "Unknown cycle '2030-01'" in result.stderr


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "national"
MAIN = "MHSDS Data_AprPrf_2023.csv"


def refused(result: subprocess.CompletedProcess, *needles: str) -> None:
    """Exit status 2, the project's message (each needle in it) and never a traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("rssreview: ")
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_a_raw_file_cut_inside_its_last_number_is_refused_by_validate_and_build(project):
    raw = project / "data" / "raw"
    data = (FIXTURES / MAIN).read_bytes()
    (raw / MAIN).write_bytes(data[:-3])
    (raw / "manifest.csv").write_text(
        "file,dataset,period,source_url,downloaded_on,sha256,size,supersedes,note\n"
        f"{MAIN},MHSDS,2023-04,,,{hashlib.sha256(data).hexdigest()},,,\n"
    )
    for command in ("validate", "build"):
        result = run(project, command)
        refused(
            result,
            f"{MAIN}, file: expected SHA-256",
            f"rssreview manifest update {MAIN}",
            f"{MAIN}, row 7, column MEASURE_VALUE",
        )
    assert not (project / "_book").exists()


def test_a_re_saved_raw_file_is_refused_with_the_encoding_and_a_count_of_the_rest(project):
    raw = project / "data" / "raw"
    text = (FIXTURES / MAIN).read_bytes().replace(b"TRUST", b"TRUST \x96")
    (raw / MAIN).write_bytes(text)
    (raw / "manifest.csv").write_text(
        f"file,dataset,period,source_url,downloaded_on,sha256,size,supersedes,note\n{MAIN},MHSDS,2023-04,,,,,,\n"
    )
    refused(
        run(project, "validate"),
        f"{MAIN}, row 4, column PRIMARY_LEVEL_DESCRIPTION: expected UTF-8 text",
        "seems to be Windows-1252",
    )


def test_manifest_update_records_a_file_deliberately(project):
    raw = project / "data" / "raw"
    shutil.copy(FIXTURES / MAIN, raw / MAIN)
    (raw / "manifest.csv").write_text("file,dataset,period,source_url,downloaded_on,sha256,size,supersedes,note\n")
    result = run(project, "manifest", "update", MAIN)
    assert result.returncode == 0, result.stderr
    assert f"added {MAIN}" in result.stdout and "period: 2023-04" in result.stdout
    assert run(project, "validate").returncode == 0
    (raw / MAIN).write_bytes((raw / MAIN).read_bytes().replace(b",1235\n", b",1236\n"))
    refused(run(project, "validate"), f"{MAIN}, file: expected SHA-256")
    refused(run(project, "manifest", "update", "absent.csv"), "absent.csv, file: expected a file in data/raw/")


@pytest.mark.parametrize("arguments", [["Sept-2022"], ["2022-13", "--title", "A title"]])
def test_new_cycle_refuses_bad_arguments_naming_the_real_file(project, arguments):
    before = (project / "data" / "evidence" / "cycles.csv").read_bytes()
    result = run(project, "new-cycle", *arguments, "--published", "2022-09-30", "--source-url", "https://x.org/r")
    refused(result, "data/evidence/cycles.csv, file, column cycle_id: expected a month written YYYY-MM")
    assert "/tmp" not in result.stderr
    assert (project / "data" / "evidence" / "cycles.csv").read_bytes() == before


def test_a_nul_byte_in_an_evidence_table_is_refused(project):
    path = project / "data" / "evidence" / "ratings.csv"
    data = path.read_bytes()
    path.write_bytes(data[:200] + b"\x00" + data[200:])
    refused(run(project, "validate"), "data/evidence/ratings.csv, row ", "expected text; found a NUL byte")


def test_a_long_list_of_problems_says_how_many_more_there_are(capsys):
    from rssreview import cli

    assert cli._fail("\n".join(f"problem {n}" for n in range(100))) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == cli.SHOWN_LINES + 1 and lines[-1].startswith("… and 40 more problems")


def test_easy_read_pdf_goes_to_quartos_output_folder(tmp_path: Path, capsys, monkeypatch) -> None:
    from rssreview import cli

    monkeypatch.setenv("QUARTO_PROJECT_OUTPUT_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("RSSREVIEW_CYCLE", "2022-03")  # the command sets it; monkeypatch puts it back after
    (tmp_path / "site").mkdir()
    assert cli.main(["easy-read-pdf"]) == 0
    assert (tmp_path / "site" / "rss-progress-report-easy-read.pdf").read_bytes().startswith(b"%PDF")
    assert "Easy Read PDF:" in capsys.readouterr().out


def test_a_chapter_reading_an_undeclared_file_fails_the_build_naming_both(project):
    import nbformat
    import yaml
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    book = yaml.safe_load((project / "_quarto.yml").read_text(encoding="utf-8"))
    book["book"]["chapters"] = ["index.ipynb", "notebooks/01_sneaky.ipynb"]
    book["book"].pop("appendices", None)
    book.pop("easy-read", None)
    (project / "_quarto.yml").write_text(yaml.safe_dump(book), encoding="utf-8")
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Sneaky"),
            new_code_cell(
                "#| echo: false\nfrom rssreview.paths import DATA\n(DATA / 'national' / 'national_figures.csv').read_text()[:0]"
            ),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["rssreview"] = {"reads": ["data/evidence"]}
    (project / "notebooks").mkdir()
    nbformat.write(nb, project / "notebooks" / "01_sneaky.ipynb")
    result = run(project, "execute")
    assert result.returncode == 2, result.stderr
    assert (
        "notebooks/01_sneaky.ipynb: reads data/national/national_figures.csv but its metadata "
        "rssreview.reads does not declare it"
    ) in result.stderr


def test_ctrl_c_while_the_command_line_starts_exits_130_without_a_traceback():
    code = """
import runpy, sys

class Interrupted:
    def find_spec(self, name, path=None, target=None):
        if name == "rssreview.cli":
            raise KeyboardInterrupt  # as if Ctrl+C came while the command line was importing

sys.meta_path.insert(0, Interrupted())
sys.modules.pop("rssreview.cli", None)
runpy.run_module("rssreview", run_name="__main__")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 130
    assert done.stderr == "rssreview: interrupted; nothing published\n"


def test_the_command_line_starts_without_the_data_libraries():
    code = "import sys, rssreview.cli; print(sorted({'pandas', 'jupyter_client'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", "a command handed to the kept server should start in hundredths of a second"
