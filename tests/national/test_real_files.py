"""The loaders on real published MHSDS files, and on damaged copies of them made in tmp_path.

Expected figures are those computed independently (Python's csv module) in the folder's README.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rssreview.national import Layout, NationalDataError, build_indicators, detect_layout, load_file
from rssreview.national.manifest import MANIFEST_COLUMNS

SEP, AUG, JUL = (
    "MHSDS_Data_4WW_SepPerf_2024.csv",
    "MHSDS_Data_4WW_AugPerf_2024.csv",
    "MHSDS_Data_4WW_JulPerf_2024_v2.csv",
)
#: file: (period, England MRS01, England MRS04, England measures, `*` cells, data rows)
EXPECTED = {
    SEP: ("2024-09", 13706, 192658, 44, 11660, 18942),
    AUG: ("2024-08", 12826, 177539, 44, 11512, 18748),
    JUL: ("2024-07", 14588, 178835, 44, 11492, 18912),
}
QUOTED_NAME = "NHS BEDFORDSHIRE, LUTON AND MILTON KEYNES INTEGRATED CARE BOARD"


def source(published: Path, name: str) -> Path:
    return published / "mhsds-main" / name


@pytest.mark.parametrize("name", EXPECTED)
def test_real_file_layout_totals_and_suppression(published, name):
    period, mrs01, mrs04, measures, stars, rows = EXPECTED[name]
    path = source(published, name)
    assert detect_layout(path) is Layout.MHSDS_MAIN
    df = load_file(path)
    assert len(df) == rows
    assert df["period_end"].dt.strftime("%Y-%m").max() == period
    england = df[(df["breakdown"] == "England") & (df["level"] == "England")].set_index("measure")
    assert england["value"].notna().all() and not england["suppressed"].any()
    assert (england.loc["MRS01", "value"], england.loc["MRS04", "value"]) == (mrs01, mrs04)
    assert england.index.nunique() == measures
    assert int(df["suppressed"].sum()) == stars
    assert df.loc[df["suppressed"], "value"].isna().all()  # a `*` is never read as zero
    assert df["level"].astype(str).str.contains(QUOTED_NAME, regex=False).any()  # quoted commas survive


@pytest.fixture
def sep(published, tmp_path) -> bytes:
    return source(published, SEP).read_bytes()


def load_bytes(tmp_path: Path, data: bytes):
    path = tmp_path / SEP
    path.write_bytes(data)
    return load_file(path)


def england(df, measure: str) -> float:
    return df[(df["breakdown"] == "England") & (df["measure"] == measure)]["value"].item()


@pytest.mark.parametrize(
    "change", [lambda d: b"\xef\xbb\xbf" + d, lambda d: d.replace(b"\n", b"\r\n")], ids=["BOM", "CRLF"]
)
def test_byte_order_mark_and_windows_line_endings_read_the_same(sep, tmp_path, change):
    df = load_bytes(tmp_path, change(sep))
    assert len(df) == 18942 and england(df, "MRS04") == 192658


def refusal(tmp_path: Path, data: bytes) -> list[str]:
    with pytest.raises(NationalDataError) as err:
        load_bytes(tmp_path, data)
    lines = str(err.value).splitlines()
    assert all(line.startswith(f"{SEP}, ") and ": expected " in line and "; found " in line for line in lines)
    return lines


def test_cp1252_copy_names_rows_the_encoding_and_how_many_more(sep, tmp_path):
    lines = refusal(tmp_path, sep.replace(b"LUTON AND", b"LUTON \x96 AND"))
    assert lines[0].startswith(f"{SEP}, row ") and "column PRIMARY_LEVEL_DESCRIPTION" in lines[0]
    assert "byte 0x96" in lines[0] and "seems to be Windows-1252" in lines[0]
    assert len(lines) == 21 and lines[-1].endswith("more rows (not listed)")


def test_lower_case_header_is_named_as_a_letter_case_difference(sep, tmp_path):
    header, rest = sep.split(b"\n", 1)
    lines = refusal(tmp_path, header.lower() + b"\n" + rest)
    assert lines == [
        f"{SEP}, header: expected the column names as published (e.g. REPORTING_PERIOD_START); found "
        "11 names that differ only in letter case or spacing (e.g. 'reporting_period_start'): "
        + ", ".join(header.decode().lower().split(","))
    ]


def test_one_column_differing_in_case_or_spacing_is_named(sep, tmp_path):
    lines = refusal(tmp_path, sep.replace(b"MEASURE_VALUE", b"Measure Value", 1))
    assert lines == [
        f"{SEP}, header, column Measure Value: expected a column named MEASURE_VALUE; found "
        "'Measure Value', which differs only in letter case or spacing"
    ]


def test_truncated_mid_row_names_the_row(sep, tmp_path):
    cut = sep[: len(sep) // 2]
    cut = cut[: cut.rindex(b",")]
    row = cut.count(b"\n") + 1
    lines = refusal(tmp_path, cut)
    assert any(line.startswith(f"{SEP}, row {row}, column ") and "a truncated row?" in line for line in lines)


def cut_in_last_number(data: bytes) -> tuple[bytes, int]:
    """The file up to its last row whose value is a number, cut two digits into that number (no final line
    break, as a download stopped there would be), and the row's number."""
    lines = data.splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if line.rstrip().rsplit(b",", 1)[-1].isdigit())
    return b"".join(lines[:last]) + lines[last][: lines[last].rindex(b",") + 3], last + 1


def test_cut_inside_the_last_number_is_refused(sep, tmp_path):
    damaged, row = cut_in_last_number(sep)
    lines = refusal(tmp_path, damaged)
    assert lines == [
        f"{SEP}, row {row}, column MEASURE_VALUE: expected a line break at the end of the file (a file "
        f"cut short has none: fetch it again); found the last row ending in "
        f"{damaged[-20:].decode()!r} with no line break"
    ]


def manifest_row(name: str, period: str, sha: str = "", size: str = "") -> str:
    row = dict.fromkeys(MANIFEST_COLUMNS, "") | {
        "file": name,
        "dataset": "MHSDS",
        "period": period,
        "sha256": sha,
        "size": size,
    }
    return ",".join(row[c] for c in MANIFEST_COLUMNS)


def raw_with(tmp_path: Path, data: bytes, period: str, sha: str = "", size: str = "") -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEP).write_bytes(data)
    (raw / "manifest.csv").write_text(f"{','.join(MANIFEST_COLUMNS)}\n{manifest_row(SEP, period, sha, size)}\n")
    return raw


def test_real_file_builds_the_indicator_table_when_it_matches_its_manifest(sep, tmp_path):
    raw = raw_with(tmp_path, sep, "2024-09", hashlib.sha256(sep).hexdigest(), str(len(sep)))
    table = build_indicators(raw)
    national = table[(table["source_file"] == SEP) & (table["breakdown"] == "England")]
    assert national.set_index("measure").loc["MRS04", "value"] == 192658


def test_cut_copy_with_a_manifest_checksum_is_refused_naming_what_differs(sep, tmp_path):
    damaged, row = cut_in_last_number(sep)
    raw = raw_with(tmp_path, damaged, "2024-09", hashlib.sha256(sep).hexdigest())
    with pytest.raises(NationalDataError) as err:
        build_indicators(raw)
    line, ending = str(err.value).splitlines()
    assert ending.startswith(f"{SEP}, row {row}, column MEASURE_VALUE: expected a line break at the end")
    assert line.startswith(
        f"{SEP}, file: expected SHA-256 {hashlib.sha256(sep).hexdigest()} (from manifest.csv); "
        f"found {hashlib.sha256(damaged).hexdigest()}"
    )
    assert "rssreview fetch --replace" in line and f"rssreview manifest update {SEP}" in line


def test_wrong_size_is_refused_before_reading(sep, tmp_path):
    raw = raw_with(tmp_path, sep[:-4], "2024-09", "", str(len(sep)))
    with pytest.raises(NationalDataError) as err:
        build_indicators(raw)
    assert str(err.value).startswith(
        f"{SEP}, file: expected {len(sep):,} bytes (the size in manifest.csv); "
        f"found {len(sep) - 4:,} bytes; fetch it again"
    )


def test_manifest_period_contradicting_the_file_is_refused(sep, tmp_path):
    raw = raw_with(tmp_path, sep, "2021-01")
    with pytest.raises(NationalDataError) as err:
        build_indicators(raw)
    assert str(err.value) == (
        f"manifest.csv, row 2, column period: expected the month {SEP} reports on (2024-09, "
        "from its latest REPORTING_PERIOD_END); found 2021-01; correct the manifest row, or "
        f"run `rssreview manifest update {SEP}`"
    )


def test_real_files_are_never_copied_into_the_project():
    from rssreview.paths import ROOT

    names = set(EXPECTED)
    assert not [p for p in ROOT.rglob("*.csv") if p.name in names and ".venv" not in p.parts]
