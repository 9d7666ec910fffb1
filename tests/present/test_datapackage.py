"""The Data Package: valid for frictionless, every CSV loads into its declared types, tidy cells, one set everywhere."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from frictionless import Package

from rssreview import evidence
from rssreview.evidence.vocabulary import CONFIDENCE
from rssreview.present import datapackage, downloads, spreadsheet

CYCLES = ["2021-12", "2022-03"]
EDITION = dt.date(2026, 12, 7)
PANDAS_TYPES = {
    "integer": pd.api.types.is_integer_dtype,
    "number": pd.api.types.is_numeric_dtype,
    "boolean": pd.api.types.is_bool_dtype,
    "date": pd.api.types.is_datetime64_dtype,
    "string": pd.api.types.is_string_dtype,
}


@pytest.fixture(scope="module")
def real_tables():
    return evidence.load()


@pytest.fixture(scope="module")
def packages(real_tables, tmp_path_factory) -> dict[str, Path]:
    """Each cycle's CSVs, datapackage.json, workbook and zip, built into a scratch folder."""
    out = {}
    for cycle in CYCLES:
        folder = tmp_path_factory.mktemp(cycle)
        frames = datapackage.frames(real_tables, cycle)
        datapackage.write_csvs(frames, folder)
        datapackage.write_package(real_tables, cycle, EDITION, folder)
        spreadsheet.build_workbook(real_tables, cycle, folder, EDITION, frames)
        downloads.build_csv_zip(real_tables, cycle, folder)
        out[cycle] = folder
    return out


@pytest.mark.parametrize("cycle", CYCLES)
def test_frictionless_validates_the_package(packages, cycle):
    report = Package(str(packages[cycle] / datapackage.PACKAGE_FILE)).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]


@pytest.mark.parametrize("cycle", CYCLES)
def test_every_csv_loads_into_its_declared_types_with_no_cleaning(packages, cycle):
    for resource in datapackage.RESOURCES:
        dates = [f.name for f in resource.fields if f.type == "date"]
        frame = pd.read_csv(packages[cycle] / resource.path, parse_dates=dates, keep_default_na=False, na_values=[""])
        assert list(frame.columns) == [f.name for f in resource.fields], resource.name
        for spec in resource.fields:
            if frame.empty or frame[spec.name].isna().any():
                continue
            loaded = PANDAS_TYPES[spec.type](frame[spec.name])
            assert loaded, (resource.name, spec.name, spec.type, frame[spec.name].dtype)
        assert not frame.duplicated(list(resource.primary_key)).any(), resource.name


@pytest.mark.parametrize("cycle", CYCLES)
def test_no_cell_holds_a_value_with_its_certainty_or_period(packages, cycle):
    together = re.compile(r"\((?:confirmed|inferred|uncertain)\)|; (?:confirmed|inferred|uncertain)\)|^\d[\d,]* \(")
    for resource in datapackage.RESOURCES:
        frame = pd.read_csv(packages[cycle] / resource.path, dtype=str, keep_default_na=False)
        for spec in resource.fields:
            bad = [v for v in frame[spec.name] if together.search(v)]
            assert bad == [], (resource.name, spec.name, bad[:3])
            if spec.type in ("integer", "number"):
                assert not any("," in v for v in frame[spec.name]), (resource.name, spec.name)


@pytest.mark.parametrize("cycle", CYCLES)
def test_every_figure_download_says_why_a_figure_is_not_confirmed_and_only_then(packages, cycle):
    """The national figures and every chart's data carry the plain reason (national_figures.csv `reason`, never
    the researcher's note) beside the certainty: present for an inferred or uncertain figure, empty otherwise."""
    from rssreview.national import load_national_figures

    reasons = set(load_national_figures()["reason"]) - {""}
    checked = 0
    for resource in datapackage.RESOURCES:
        if "reason" not in [f.name for f in resource.fields] or "certainty" not in [f.name for f in resource.fields]:
            continue
        frame = pd.read_csv(packages[cycle] / resource.path, dtype=str, keep_default_na=False)
        confirmed = frame["certainty"] == "confirmed"
        assert (frame.loc[confirmed, "reason"] == "").all(), resource.name
        assert frame.loc[~confirmed, "reason"].isin(reasons).all(), resource.name
        checked += int((~confirmed).sum())
    assert checked, "no download holds a figure that is not confirmed, so the test compares nothing"


def test_every_cell_is_quoted(packages):
    text = (packages["2022-03"] / "status-counts.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1] == '"2022-03-25","achieved","confirmed","0"'


def test_certainty_and_status_words_are_the_data_dictionarys(packages):
    descriptor = json.loads((packages["2022-03"] / datapackage.PACKAGE_FILE).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for spec in resource["schema"]["fields"]:
            if "certainty" in spec["name"]:
                assert spec["constraints"]["enum"] == list(CONFIDENCE), (resource["name"], spec["name"])
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    assert descriptor["created"].startswith(EDITION.isoformat())


@pytest.mark.parametrize("cycle", CYCLES)
def test_the_zip_the_workbook_and_the_package_hold_the_same_set(packages, cycle):
    names = {r.name for r in datapackage.RESOURCES}
    with zipfile.ZipFile(packages[cycle] / downloads.zip_name(cycle)) as archive:
        entries = {Path(n).name for n in archive.namelist()}
    assert {n.removesuffix(".csv") for n in entries if n.endswith(".csv")} == names
    assert datapackage.PACKAGE_FILE in entries
    book = openpyxl.load_workbook(packages[cycle] / spreadsheet.workbook_name(cycle))
    assert book.sheetnames[3:] == [r.sheet for r in datapackage.RESOURCES]
    assert all("_" not in name for name in book.sheetnames)


def test_the_pages_link_the_same_set(real_tables):
    """Every table and chart on the pages links a download, and the pages together link every one."""
    root = Path(__file__).resolve().parents[2]
    linked = set()
    for notebook in [root / "index.ipynb", *sorted((root / "notebooks").glob("*.ipynb"))]:
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                text = "".join(output.get("data", {}).get("text/markdown", ""))
                linked |= set(re.findall(r"figures/2022-03/([a-z0-9-]+)\.csv", text))
    assert linked == {r.name for r in datapackage.RESOURCES}


def test_workbook_metadata_is_this_editions(packages):
    properties = openpyxl.load_workbook(packages["2022-03"] / spreadsheet.workbook_name("2022-03")).properties
    assert properties.created.date() == EDITION
    assert "Open Government Licence" in (properties.description or "")


@pytest.mark.parametrize("cycle", CYCLES)
def test_the_published_package_validates(cycle):
    """`frictionless validate` on the package committed beside the figures (what the site and the zip publish)."""
    report = Package(str(downloads.figure_folder(cycle) / datapackage.PACKAGE_FILE)).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
