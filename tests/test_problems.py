"""One problem type for every loader: each refusal carries `rssreview.problems.Problem`s, printed one way."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_fixture import write_tables
from national_loaders import FILE_LOADERS, TABLE_LOADERS

from rssreview import evidence, limits
from rssreview.evidence import EvidenceError
from rssreview.evidence.new_cycle import new_cycle
from rssreview.evidence.read import read_table
from rssreview.evidence.schemas import SPECS
from rssreview.national import (
    NationalDataError,
    build_indicators,
    fetch,
    load_file,
    read_manifest,
)
from rssreview.national.manifest import MANIFEST_COLUMNS
from rssreview.national.recording import update_manifest
from rssreview.paths import NATIONAL
from rssreview.problems import Problem

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rssreview"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "national"


def test_a_problem_reads_as_one_line_naming_file_row_column_expected_and_found():
    assert str(Problem("a.csv", 3, "status", "one of: x, y", "'z'")) == (
        "a.csv, row 3, column status: expected one of: x, y; found 'z'"
    )
    assert str(Problem("a.csv", 1, "note", "a column named note", "no such column")) == (
        "a.csv, header, column note: expected a column named note; found no such column"
    )
    assert (
        str(Problem("a.csv", None, None, "a file", "no such file"))
        == "a.csv, file: expected a file; found no such file"
    )
    assert str(Problem("a.csv", 2, None, "text", "a\nb\x00")) == "a.csv, row 2: expected text; found a\\nb\\x00"


def test_the_package_defines_one_problem_class():
    """A second class with the name (or a loader's own copy of the fields) is the duplicate this module removed."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                fields = {
                    n.target.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
                }
                if node.name == "Problem" or {"expected", "found"} <= fields:
                    found.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.name}")
    assert found == ["problems.py:Problem"]


def _empty(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"")
    return path


def _extra_field(folder: Path, name: str, source: Path) -> Path:
    """A copy of `source` whose first data row has one field too many."""
    lines = source.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].rstrip(b"\r\n") + b",extra\n"
    path = folder / name
    path.write_bytes(b"".join(lines))
    return path


def _not_utf8(folder: Path, name: str, source: Path) -> Path:
    path = folder / name
    data = source.read_bytes()
    path.write_bytes(data[:-2] + b"\xff" + data[-2:])
    return path


NATIONAL_TABLES: dict[str, Callable[[Path], object]] = {**TABLE_LOADERS, "manifest.csv": read_manifest}


def _all_shared(problems: list) -> bool:
    return bool(problems) and all(type(p) is Problem for p in problems)


@pytest.mark.parametrize("damage", [_empty, _extra_field, _not_utf8])
@pytest.mark.parametrize("name", sorted(FILE_LOADERS))
def test_every_national_file_loader_reports_the_shared_problem(tmp_path: Path, name: str, damage):
    path = damage(tmp_path, name) if damage is _empty else damage(tmp_path, name, FIXTURES / name)
    for loader in (FILE_LOADERS[name], load_file):
        with pytest.raises(NationalDataError) as caught:
            loader(path)
        assert _all_shared(caught.value.problems), caught.value.problems


@pytest.mark.parametrize("damage", [_empty, _extra_field])
@pytest.mark.parametrize("name", sorted(NATIONAL_TABLES))
def test_every_national_table_loader_reports_the_shared_problem(tmp_path: Path, name: str, damage):
    header = ",".join(MANIFEST_COLUMNS).encode() + b"\nx.csv,MHSDS,,,,,,,\n"
    source = tmp_path / "source.csv"
    source.write_bytes(header if name == "manifest.csv" else (NATIONAL / name).read_bytes())
    path = damage(tmp_path, name) if damage is _empty else damage(tmp_path, name, source)
    with pytest.raises(NationalDataError) as caught:
        NATIONAL_TABLES[name](path)
    assert _all_shared(caught.value.problems), caught.value.problems


def test_the_raw_folder_fetch_and_manifest_update_report_the_shared_problem(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "manifest.csv").write_text(
        ",".join(MANIFEST_COLUMNS) + "\nx.csv,MHSDS,,https://files.digital.nhs.uk/x.csv,,,,,\n", encoding="utf-8"
    )
    (raw / "unlisted.csv").write_bytes((FIXTURES / "AT_England_2022.csv").read_bytes())  # a file with no manifest row

    def offline(url: str, timeout: float | None = None):
        raise OSError("offline")

    failures: list[NationalDataError] = []
    for call in (
        lambda: build_indicators(raw),
        lambda: fetch(raw / "manifest.csv", raw, downloaded_on=dt.date(2022, 3, 25), opener=offline),
        lambda: update_manifest(raw, "absent.csv"),
    ):
        with pytest.raises(NationalDataError) as caught:
            call()
        failures.append(caught.value)
    assert all(_all_shared(err.problems) for err in failures), [err.problems for err in failures]


def test_every_evidence_loader_reports_the_shared_problem(tmp_path: Path):
    folder = write_tables(tmp_path / "evidence")
    (folder / "themes.csv").write_bytes(b"")
    _, problems = read_table(folder / "themes.csv", SPECS["themes"], "themes.csv")
    with pytest.raises(EvidenceError) as loaded:
        evidence.load(folder)
    good = write_tables(tmp_path / "good")
    with pytest.raises(EvidenceError) as started:
        new_cycle("Sept-2022", published="2022-09-30", source_url="https://x.org/r", folder=good)
    for found in (problems, loaded.value.problems, started.value.problems):
        assert _all_shared(found), found


def test_a_refused_file_and_an_overlong_cell_are_shared_problems(tmp_path: Path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a\n" + b"x" * 20 + b"\n")
    refused = limits.refusal("big.csv", tmp_path / ".." / tmp_path.name / "big.csv")
    cells = list(limits.long_cells("big.csv", ["a"], [(2, ["x" * 20])], limits.Limit(1_000, 10, 5)))
    assert _all_shared([refused, *cells]), (refused, cells)
    assert str(cells[0]) == (
        "big.csv, row 2, column a: expected at most 5 characters; found 20 characters (data/README.md, Limits on size)"
    )
