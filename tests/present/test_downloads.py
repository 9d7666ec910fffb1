"""Downloads: one list of files, and a CSV bundle whose bytes depend on the CSVs only."""

from __future__ import annotations

import json
import os
import re
import zipfile

import pytest

from rssreview import evidence
from rssreview.book.render.quarto_config import NavLink, read_book_config
from rssreview.paths import QUARTO_YML
from rssreview.present import downloads


def _csvs(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "b-table.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    (folder / "a-chart.csv").write_text("month,value\n2021-09,5\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a CSV", encoding="utf-8")
    (folder / "stale.csv").write_text("not in the package\n", encoding="utf-8")
    resources = [{"name": n, "path": f"{n}.csv"} for n in ("b-table", "a-chart")]
    (folder / "datapackage.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")


def test_zip_holds_every_csv_sorted_with_a_readme(tables, tmp_path):
    folder = tmp_path / "figures" / "2022-03"
    _csvs(folder)
    path = downloads.build_csv_zip(tables, "2022-03", folder)
    assert path == folder / "rss-progress-report-csv-2022-03.zip"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        expected = ("README.txt", "a-chart.csv", "b-table.csv", "datapackage.json")
        assert names == [f"rss-progress-report-csv-2022-03/{n}" for n in expected]
        assert archive.read(names[2]) == b"x,y\n1,2\n"
        readme = archive.read(names[0]).decode()
        assert "not an official Care Quality Commission (CQC) publication" in readme
        assert all(info.date_time == downloads.ZIP_TIME for info in archive.infolist())


def test_zip_bytes_do_not_depend_on_file_times_or_creation_order(tables, tmp_path):
    first, second = tmp_path / "one" / "2022-03", tmp_path / "two" / "2022-03"
    _csvs(first)
    second.mkdir(parents=True)
    for name in ("b-table.csv", "a-chart.csv", "datapackage.json"):  # other creation order, other times
        (second / name).write_bytes((first / name).read_bytes())
        os.utime(second / name, (1_000_000_000, 1_000_000_000))
    assert (
        downloads.build_csv_zip(tables, "2022-03", first).read_bytes()
        == downloads.build_csv_zip(tables, "2022-03", second).read_bytes()
    )


def test_zip_changes_when_a_csv_does(tables, tmp_path):
    folder = tmp_path / "2022-03"
    _csvs(folder)
    before = downloads.build_csv_zip(tables, "2022-03", folder).read_bytes()
    (folder / "a-chart.csv").write_text("month,value\n2021-09,6\n", encoding="utf-8")
    assert downloads.build_csv_zip(tables, "2022-03", folder).read_bytes() != before


def test_no_csv_is_a_one_line_error(tables, tmp_path):
    with pytest.raises(ValueError, match="no data package to bundle; build the downloads first"):
        downloads.build_csv_zip(tables, "2022-03", tmp_path)


@pytest.mark.parametrize("cycle_id", list(evidence.load().cycles["cycle_id"]))
def test_the_committed_zip_is_current(tmp_path, cycle_id):
    """The zip in figures/<cycle>/ is what the committed CSVs give (re-run `make report CYCLE=…` and commit if not)."""
    from rssreview import run

    tables = run.tables()
    published = downloads.figure_folder(cycle_id)
    copy = tmp_path / cycle_id
    copy.mkdir()
    for path in [*downloads.csv_files(published), published / "datapackage.json"]:
        (copy / path.name).write_bytes(path.read_bytes())
    fresh = downloads.build_csv_zip(tables, cycle_id, copy).read_bytes()
    assert fresh == (published / downloads.zip_name(cycle_id)).read_bytes()


def test_every_download_is_listed_with_links_relative_to_the_page():
    items = downloads.downloads("2022-03")
    paths = [d.path for d in items]
    assert paths[:3] == [
        "rss-progress-report.pdf",
        "figures/2022-03/rss-progress-report-tables-2022-03.xlsx",
        "figures/2022-03/rss-progress-report-csv-2022-03.zip",
    ]
    assert downloads.easy_read_pdf_name() in paths
    at_root = downloads.download_list("2022-03", page_path="index.html")
    in_chapter = downloads.download_list("2022-03", page_path="notebooks/x.html")
    assert "](rss-progress-report.pdf)" in at_root and "](../rss-progress-report.pdf)" in in_chapter


def test_quarto_footer_links_the_pdf_and_the_editions_workbook():
    """Quarto reads the footer from _quarto.yml; its links carry no cycle, so a new cycle needs no edit there."""
    links = {
        item.href
        for _, items in read_book_config(QUARTO_YML).page_footer
        for item in items
        if isinstance(item, NavLink)
    }
    wanted = {downloads.pdf_name(), downloads.EDITION_WORKBOOK}
    assert wanted <= links, f"_quarto.yml book.page-footer must link {sorted(wanted - links)}"


def test_edition_copies_are_the_cycles_files_under_names_without_the_cycle(tmp_path, monkeypatch):
    monkeypatch.setattr(downloads, "FIGURES", tmp_path / "figures")
    folder = tmp_path / "figures" / "2022-03"
    folder.mkdir(parents=True)
    (folder / "rss-progress-report-tables-2022-03.xlsx").write_bytes(b"workbook")
    (folder / "rss-progress-report-csv-2022-03.zip").write_bytes(b"zip")
    written = downloads.write_edition_copies("2022-03", root=tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [downloads.EDITION_WORKBOOK, downloads.EDITION_ZIP]
    assert [p.read_bytes() for p in written] == [b"workbook", b"zip"]


def test_edition_copies_need_the_cycles_files(tmp_path, monkeypatch):
    monkeypatch.setattr(downloads, "FIGURES", tmp_path / "figures")
    with pytest.raises(ValueError, match="not built yet; run rssreview build --cycle 2022-03"):
        downloads.write_edition_copies("2022-03", root=tmp_path)


def test_each_data_file_names_its_tables_and_charts_numbered_as_their_captions_are():
    """The list holds cross references, which the renderer numbers from the same cells as the captions; no figure
    or table number is written in the package, and no file says it is shown in the list itself."""
    from rssreview.book.render.notebook_markdown import resolve_cross_references
    from rssreview.book.render.sources import float_index, load_chapters
    from rssreview.paths import ROOT
    from rssreview.present import datapackage

    listed = downloads.download_list("2022-03", page_path="index.html")
    assert not re.search(r"(Figure|Table) [0-9A-Z]+\.\d", listed)
    assert "landing page" not in listed and "((" not in listed and "))" not in listed
    config = read_book_config(QUARTO_YML)
    rendered = [
        (source, source.markdown("html", echo=False, image_dir="x")) for source in load_chapters(config, ROOT, None)
    ]
    numbers = {label: item.reference for label, (item, _) in float_index(rendered).items()}
    resolved = resolve_cross_references(listed, {label: (text, f"#{label}") for label, text in numbers.items()}, "x")
    for resource in datapackage.RESOURCES:
        line = next(line for line in resolved.splitlines() if f"/{resource.path})" in line)
        for label in resource.shown_in:
            assert f"[{numbers[label]}](#{label})" in line
    assert "[Figure 10.1](#fig-people-in-hospital) (people in hospital)" in resolved
    assert "[Figure 1.1](#fig-status-counts) and [Table 1.1](#tbl-status-counts) (summary)" in resolved


def test_no_download_is_labelled_in_nested_brackets():
    for item in downloads.downloads("2022-03"):
        assert "(" not in item.kind and ")" not in item.kind, item
