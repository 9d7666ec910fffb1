"""The register of inputs (rssreview.inputs) lists every file the publication is built from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rssreview import inputs, limits
from rssreview.evidence.schemas import OPTIONAL, SPECS
from rssreview.paths import DATA, ROOT


def test_every_file_under_data_is_registered():
    files = [p for p in DATA.rglob("*") if p.is_file()]
    assert files and inputs.unregistered(files) == []


def test_a_file_nobody_registered_is_reported(tmp_path):
    (tmp_path / "data" / "evidence").mkdir(parents=True)
    stray = tmp_path / "data" / "evidence" / "new_table.csv"
    stray.write_text("a\n1\n", encoding="utf-8")
    known = tmp_path / "data" / "evidence" / "ratings.csv"
    known.write_text("a\n1\n", encoding="utf-8")
    assert inputs.unregistered([stray, known], root=tmp_path) == ["data/evidence/new_table.csv"]


def test_every_evidence_table_and_its_reader_text_is_registered_once():
    for name, spec in {**SPECS, **OPTIONAL}.items():
        item = inputs.entry(f"data/evidence/{spec.file}")
        assert item.key == "rows" and item.limit is not None, name
        assert set(item.reader_text) <= set(spec.columns), f"{name}: reader_text names a column the schema lacks"
    patterns = [item.pattern for item in inputs.REGISTER]
    assert len(patterns) == len(set(patterns))


def test_every_table_and_setting_has_limits_and_a_loader_that_exists():
    import importlib

    for item in inputs.REGISTER:
        if item.pattern.startswith("data/") and item.key != "none":
            assert item.limit is not None, f"{item.pattern}: no limits"
            assert limits.limit_for(ROOT / item.pattern.replace("*", "x")) == item.limit
        if item.loader:
            module, _, name = item.loader.partition(":")
            assert hasattr(importlib.import_module(module), name), item.loader


def test_patterns_match_within_a_folder_or_across_folders():
    assert inputs.entry_for(ROOT / "data/raw/AT_2021_09.csv").pattern == "data/raw/*"
    assert inputs.entry_for(ROOT / "data/raw/manifest.csv").pattern == "data/raw/manifest.csv"
    assert inputs.entry_for(ROOT / "src/rssreview/book/render/site.py").group == "code"
    assert inputs.entry_for(ROOT / "data/raw/sub/AT.csv") is None, "a single * stays within its folder"
    assert inputs.entry_for(ROOT / "notes.txt") is None


def test_a_fingerprint_follows_the_bytes_not_the_time_or_size(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    before = inputs.fingerprint([table], tmp_path)
    stat = table.stat()
    table.write_text("a,b\n1,3\n", encoding="utf-8")
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert table.stat().st_size == stat.st_size and inputs.fingerprint([table], tmp_path) != before


@pytest.mark.slow
def test_a_build_opens_no_file_the_register_does_not_list(hostile_build: dict[str, str]):
    """Every Python process of a whole build (command, kernels) records what it opens for reading inside the
    project (tests/inputs_audit/sitecustomize.py); each such file is an input, or a build product. The build is
    the hostile one (tests/security/hostile.py): a whole build from an empty cache, with settings as a release."""
    project, log = Path(hostile_build["project"]), Path(hostile_build["log"])
    opened = {line for line in log.read_text(encoding="utf-8").splitlines() if line}
    outside = sorted(
        name for name in opened if not inputs.excluded(name) and inputs.entry_for(project / name, project) is None
    )
    assert outside == [], f"files a build read that rssreview/inputs.py does not list: {outside}"
    assert {"data/national/at_column_map.csv", "data/release.yml", "_quarto.yml"} <= opened
