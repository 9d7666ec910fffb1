"""Recording a raw file in the manifest: by fetch, and deliberately with `manifest update`."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from rssreview.national import NationalDataError, build_indicators, read_manifest
from rssreview.national.manifest import MANIFEST_COLUMNS, OLD_COLUMNS
from rssreview.national.recording import update_manifest

MAIN = "MHSDS Data_AprPrf_2023.csv"
V2 = "MHSDS Data_AprPrf_2023 v2.csv"


@pytest.fixture
def raw(tmp_path, fixtures):
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(fixtures / MAIN, folder / MAIN)
    (folder / "manifest.csv").write_text(",".join(MANIFEST_COLUMNS) + "\n")
    return folder


def test_update_adds_a_row_with_dataset_period_checksum_and_size(raw):
    recorded = update_manifest(raw, MAIN)
    data = (raw / MAIN).read_bytes()
    (entry,) = read_manifest(raw / "manifest.csv")
    assert recorded.before is None and entry == recorded.after
    assert (entry.dataset, entry.period, entry.sha256, entry.size) == (
        "MHSDS",
        "2023-04",
        hashlib.sha256(data).hexdigest(),
        str(len(data)),
    )
    assert "period: 2023-04" in recorded.changes()
    assert len(build_indicators(raw)) > 0


def test_a_changed_file_is_refused_until_recorded_deliberately(raw):
    update_manifest(raw, MAIN)
    path = raw / MAIN
    path.write_bytes(path.read_bytes().replace(b",1235\n", b",1240\n", 1))
    with pytest.raises(
        NationalDataError, match=rf"{MAIN}, file: expected .* bytes \(the size in manifest.csv\)|SHA-256"
    ):
        build_indicators(raw)
    recorded = update_manifest(raw, MAIN)
    assert [c.split(":")[0] for c in recorded.changes()] == ["sha256"]
    assert len(build_indicators(raw)) > 0


def test_update_refuses_a_file_that_does_not_load_and_writes_nothing(raw):
    update_manifest(raw, MAIN)
    before = (raw / "manifest.csv").read_bytes()
    (raw / MAIN).write_bytes((raw / MAIN).read_bytes()[:-3])
    with pytest.raises(NationalDataError, match=f"{MAIN}, row 7, column MEASURE_VALUE: .*truncated"):
        update_manifest(raw, MAIN)
    with pytest.raises(NationalDataError, match="no such file"):
        update_manifest(raw, "absent.csv")
    assert (raw / "manifest.csv").read_bytes() == before


def test_a_re_issue_added_by_update_supersedes_the_first_issue(raw, fixtures):
    update_manifest(raw, MAIN)
    shutil.copy(fixtures / V2, raw / V2)
    assert update_manifest(raw, V2).after.supersedes == MAIN


def test_a_manifest_without_the_size_column_is_still_read(raw):
    (raw / "manifest.csv").write_text(",".join(OLD_COLUMNS) + f"\n{MAIN},MHSDS,2023-04,,,,,\n")
    (entry,) = read_manifest(raw / "manifest.csv")
    assert (entry.file, entry.size, entry.row) == (MAIN, "", 2)
    assert update_manifest(raw, MAIN).after.size == str((raw / MAIN).stat().st_size)
    assert (raw / "manifest.csv").read_text().splitlines()[0] == ",".join(MANIFEST_COLUMNS)
