"""Limits on size and paths: oversized files refused before parsing, cells held to a length, no links or '..'."""

from __future__ import annotations

import csv
import os
import re
import time
from pathlib import Path

import pytest
from attacks import REFUSED_AT_INPUT
from evidence_fixture import ROWS, URL, write_tables

from rssreview import evidence, limits
from rssreview.evidence.schemas import SPECS
from rssreview.national import build_indicators
from rssreview.national.errors import NationalDataError
from rssreview.national.figures import FIGURE_COLUMNS, load_national_figures
from rssreview.national.manifest import MANIFEST_COLUMNS, read_manifest
from rssreview.paths import ROOT


def one_problem(folder: Path) -> str:
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(folder)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2, lines
    return lines[1]


def test_an_oversized_file_is_refused_before_it_is_parsed(tmp_path: Path):
    folder = write_tables(tmp_path / "evidence")
    path = folder / "evidence.csv"
    with path.open("ab") as handle:  # 60 MB of rows the parser would take minutes over
        row = b'E999,2022-03,1,stakeholders,"' + b"x" * 1000 + b'",some,2022-03,https://example.org,confirmed\n'
        handle.write(row * (60 * 1024 * 1024 // len(row)))
    start = time.perf_counter()
    line = one_problem(folder)
    print(f"\n[60 MB evidence.csv refused in {time.perf_counter() - start:.3f} s] {line}")
    assert re.search(
        r"evidence\.csv, file: expected a plain file within the size limit; "
        r"found refused: the file is 60 MB \([\d,]+ bytes\); the limit for this table is "
        r"4 MB \(data/README\.md, Limits on size\)$",
        line,
    ), line


def test_too_many_rows_are_refused_before_parsing(tmp_path: Path):
    rows = {name: [list(r) for r in body] for name, body in ROWS.items()}
    rows["evidence"] += [
        [f"E{n:05d}", "2022-03", "1", "stakeholders", "Same.", "none seen", "2022-03", URL, "confirmed"]
        for n in range(3, 5_003)
    ]
    line = one_problem(write_tables(tmp_path / "evidence", rows))
    assert line.endswith(
        "evidence.csv, file: expected a plain file within the size limit; "
        "found refused: the file has 5,003 lines; the limit for this table is 5,000 rows "
        "after the header (data/README.md, Limits on size)"
    ), line


def test_a_long_cell_is_named(tmp_path: Path):
    rows = {name: [list(r) for r in body] for name, body in ROWS.items()}
    rows["evidence"][1][4] = "word " * 600
    line = one_problem(write_tables(tmp_path / "evidence", rows))
    assert line.endswith(
        "evidence.csv, row 3, column summary: expected at most 2,000 characters; "
        "found 3,000 characters (data/README.md, Limits on size)"
    ), line


def test_national_figures_have_limits_too(tmp_path: Path):
    path = tmp_path / "national" / "national_figures.csv"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [
                FIGURE_COLUMNS,
                ["AT", "2021-09-30", "inpatients_total", "2080", URL, "official", "confirmed", "n" * 1500, ""],
            ]
        )
    with pytest.raises(NationalDataError) as caught:
        load_national_figures(path)
    assert str(caught.value) == (
        "national_figures.csv, row 2, column note: expected at most 1,000 characters; "
        "found 1,500 characters (data/README.md, Limits on size)"
    )
    path.write_bytes(b"x" * (3 * 1024 * 1024))
    with pytest.raises(NationalDataError, match=r"refused: the file is 3 MB .* limit for this table is 2 MB"):
        load_national_figures(path)


@pytest.mark.parametrize("name", ["..", ".", ".hidden.csv", "../evidence/evidence.csv", "a\\b.csv", "x\x00.csv"])
def test_a_manifest_entry_outside_data_raw_is_refused_in_one_line(tmp_path: Path, name):
    path = tmp_path / "raw" / "manifest.csv"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [MANIFEST_COLUMNS, [name, "AT"] + [""] * (len(MANIFEST_COLUMNS) - 2)]
        )
    with pytest.raises(NationalDataError) as caught:
        read_manifest(path)
    lines = str(caught.value).splitlines()
    expected = (
        "manifest.csv, row 2: expected text; found a NUL byte"
        if "\x00" in name
        else "manifest.csv, row 2, column file: expected a file name"
    )
    assert len(lines) == 1 and lines[0].startswith(expected), lines


def test_a_symlinked_table_is_refused(tmp_path: Path):
    folder = write_tables(tmp_path / "evidence")
    (folder / "pseudonyms.csv").unlink()
    os.symlink("/etc/passwd", folder / "pseudonyms.csv")
    line = one_problem(folder)
    assert (
        "pseudonyms.csv, file: expected a plain file within the size limit; found refused:" in line
        and "is a symbolic link" in line
        and "root:" not in line
    )


def test_a_symlink_in_the_raw_folder_stops_the_national_build(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    os.symlink("/etc/passwd", raw / "AT_England.csv")
    with pytest.raises(limits.DataFileRefused) as caught:
        build_indicators(raw)
    assert "AT_England.csv: refused: a symbolic link under data/" in str(caught.value)
    assert "root:" not in str(caught.value)


def test_symlinked_folders_anywhere_are_found(tmp_path: Path):
    (tmp_path / "evidence").mkdir()
    os.symlink("/etc", tmp_path / "evidence" / "more")
    assert [line.split(": ", 1)[1] for line in limits.symlinks_under(tmp_path)] == [
        "refused: a symbolic link under data/; copy the file instead"
    ]
    with pytest.raises(limits.DataFileRefused):
        limits.check_data_tree(tmp_path)


def test_dot_dot_paths_are_refused():
    assert "'..'" in limits.path_problem(Path("data/raw/../evidence/evidence.csv"))
    assert limits.path_problem(ROOT / "data" / "evidence" / "evidence.csv") is None


def test_every_table_has_a_limit_and_the_data_dictionary_lists_them():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Limits on size", 1)[1]
    for name in [f"evidence/{spec.file}" for spec in SPECS.values()]:
        assert name in limits.LIMITS, name
    for name, limit in limits.LIMITS.items():
        row = next((line for line in section.splitlines() if f"`{name}`" in line), None)
        assert row, f"{name} missing from data/README.md, Limits on size"
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1:] == [limits.size_words(limit.max_bytes), f"{limit.max_rows:,}", f"{limit.max_cell:,}"], row
    assert limits.size_words(limits.RAW_FILE.max_bytes) in section


@pytest.mark.parametrize(("name", "attack", "named"), REFUSED_AT_INPUT, ids=[a[0] for a in REFUSED_AT_INPUT])
def test_invisible_text_is_refused_where_the_table_is_read_naming_the_cell(tmp_path: Path, name, attack, named):
    folder = write_tables(tmp_path / "evidence")
    path = folder / "evidence.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("summary")] = f"Ordinary words. {attack}"[:1000]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    line = one_problem(folder)
    assert re.search(r"evidence\.csv, row \d+, column summary: expected visible text", line), line
    assert named in line


def test_invisible_text_is_refused_in_a_national_table(tmp_path: Path):
    rows = [FIGURE_COLUMNS, ["x"] * len(FIGURE_COLUMNS)]
    path = tmp_path / "national_figures.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    text = path.read_text(encoding="utf-8").replace("x", "x\u202e", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NationalDataError, match=r"national_figures\.csv, row 2, column \w+: expected visible text"):
        load_national_figures(path)


def test_data_itself_as_a_link_to_elsewhere_is_refused(tmp_path: Path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    elsewhere = tmp_path / "elsewhere"
    write_tables(elsewhere / "evidence")
    (project / "data").symlink_to(elsewhere, target_is_directory=True)
    (project / "_quarto.yml").symlink_to(ROOT / "_quarto.yml")
    monkeypatch.setattr(limits, "ROOT", project)
    with pytest.raises(limits.DataFileRefused, match=r"data: refused: .*data is a symbolic link"):
        limits.check_data_tree(project / "data")
    assert "is a symbolic link" in (limits.path_problem(project / "data" / "evidence" / "evidence.csv") or "")
    assert "_quarto.yml is a symbolic link" in (limits.path_problem(project / "_quarto.yml") or "")
