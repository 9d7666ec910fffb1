"""WCAG 2.2 AA checks of the built HTML book in headless Chromium (axe-core, tests/a11y/check.mjs).

The harness is first tested on tiny fixture sites: a clean one that must pass and one with
planted faults that must be caught, so a passing book scan means something. The same browser
pass gives the layout report (tests/smoke/test_layout.py).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from a11y_helpers import ARTIFACTS, describe_findings, describe_violations, run_check, summary_table

from rssreview.paths import ROOT

pytestmark = pytest.mark.browser  # headless Chromium: make test runs these, make unit does not

FIXTURES = ROOT / "tests" / "fixtures" / "a11y"


def png_width(path: Path) -> int:
    """Pixel width from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG file"
    return struct.unpack(">I", header[16:20])[0]


@pytest.fixture(scope="module")
def clean_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    artifacts = tmp_path_factory.mktemp("clean")
    return run_check(FIXTURES / "clean", artifacts)["a11y"], artifacts


@pytest.fixture(scope="module")
def planted_scan(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_check(FIXTURES / "planted", tmp_path_factory.mktemp("planted"))["a11y"]


def test_clean_site_passes(clean_scan: tuple[dict, Path]) -> None:
    report, _ = clean_scan
    assert [p["page"] for p in report["pages"]] == ["index.html", "notebooks/01_tables.html"]
    assert report["violations"] == [], describe_violations(report)
    assert report["findings"] == [], describe_findings(report)


def test_screenshots_at_desktop_and_phone_width(clean_scan: tuple[dict, Path]) -> None:
    _, artifacts = clean_scan
    shots = artifacts / "screenshots"
    assert png_width(shots / "notebooks-01_tables-desktop.png") == 1280
    assert png_width(shots / "notebooks-01_tables-phone.png") == 375
    assert sorted(p.name for p in shots.iterdir()) == [
        "index-desktop.png",
        "index-phone.png",
        "notebooks-01_tables-desktop.png",
        "notebooks-01_tables-phone.png",
    ]


def test_planted_rule_violations_are_reported(planted_scan: dict) -> None:
    rules = {v["id"] for v in planted_scan["violations"]}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= rules
    message = describe_violations(planted_scan)
    assert "index.html: image-alt [critical] at img - Images must have alternative text" in message


def test_planted_findings_are_reported(planted_scan: dict) -> None:
    kinds = {(f["kind"], f["detail"].split(";")[0]) for f in planted_scan["findings"]}
    assert ("external request", "https://cdn.example.invalid/theme.css") in kinds
    assert ("missing resource", "404 /chart.png") in kinds
    assert ("horizontal scroll at 320px", "scrollWidth 708px > 320px") in kinds
    assert ("script error", "window.notDefinedAnywhere is not a function") in kinds


def test_scan_report_is_repeatable(planted_scan: dict, tmp_path: Path) -> None:
    assert run_check(FIXTURES / "planted", tmp_path)["a11y"] == planted_scan


def test_summary_table_counts_each_page(planted_scan: dict) -> None:
    table = summary_table(planted_scan, Path("shots"))
    assert "index.html           3         4" in table
    assert table.endswith("1 pages, 3 rule violations, 4 findings; screenshots in shots")


@pytest.fixture(scope="module")
def book_scan(book_check: dict, request: pytest.FixtureRequest) -> dict:
    report = book_check["a11y"]
    (ARTIFACTS / "a11y-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + summary_table(report, ARTIFACTS / "screenshots"))
    return report


@pytest.mark.slow
def test_book_scanned_every_page(book_scan: dict, built_book: Path) -> None:
    pages = sorted(p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html"))
    assert pages, f"{built_book}: no HTML pages to scan"
    assert [p["page"] for p in book_scan["pages"]] == pages
    for page in book_scan["pages"]:
        for shot in page["screenshots"].values():
            assert (ARTIFACTS / "screenshots" / shot).is_file(), f"{page['page']}: no screenshot {shot}"


@pytest.mark.slow
def test_book_meets_wcag_22_aa(book_scan: dict) -> None:
    if book_scan["violations"]:
        pytest.fail("axe-core WCAG 2.2 AA violations:\n" + describe_violations(book_scan), pytrace=False)


@pytest.mark.slow
def test_book_has_no_external_requests_overflow_or_broken_files(book_scan: dict) -> None:
    if book_scan["findings"]:
        pytest.fail("publication findings:\n" + describe_findings(book_scan), pytrace=False)
