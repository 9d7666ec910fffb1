"""The built site at phone, tablet and desktop widths in the project's real browser (tests/a11y/check.mjs).

The harness is first proved on two tiny sites: one that must pass and one with planted faults that must
each be caught. Then the book: no page wider than the screen at 320, 375, 768 or 1280 px, a chapter's
text starting in the first screen at 320 px, chart text of at least 12 px, every status readable without
scrolling the page sideways, and a link to the PDF on every page. Screenshots go to test-artifacts/layout/.
"""

from __future__ import annotations

import json

import pytest
from a11y_helpers import ARTIFACTS, run_check

from rssreview.paths import ROOT

pytestmark = pytest.mark.browser  # headless Chromium: make test runs these, make unit does not

FIXTURES = ROOT / "tests" / "fixtures" / "layout"


def run_layout(site, artifacts) -> dict:
    return run_check(site, artifacts, "book.pdf")["layout"]


def kinds(report: dict, kind: str) -> list[str]:
    return [f"{f['page']} at {f['width']}px: {f['detail']}" for f in report["findings"] if f["kind"] == kind]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, object]:
    artifacts = tmp_path_factory.mktemp("layout-clean")
    return run_layout(FIXTURES / "clean", artifacts), artifacts


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_layout(FIXTURES / "planted", tmp_path_factory.mktemp("layout-planted"))


def test_clean_fixture_passes_at_every_width(clean) -> None:
    report, artifacts = clean
    assert report["widths"] == [320, 375, 768, 1280]
    assert report["findings"] == []
    assert sorted(p.name for p in (artifacts / "layout").iterdir()) == [f"index-{w}.png" for w in (1280, 320, 375, 768)]


def test_planted_faults_are_each_caught(planted) -> None:
    found = {(f["kind"], f["width"]) for f in planted["findings"]}
    for width in (320, 375, 768):
        assert ("page wider than the screen", width) in found
        assert ("status out of reach", width) in found
    assert ("first paragraph below the first screen", 320) in found
    assert ("chart text under 12px", 320) in found and ("chart text under 12px", 1280) not in found
    assert {("no link to the PDF", w) for w in (320, 375, 768, 1280)} <= found


@pytest.fixture(scope="module")
def book_layout(book_check) -> dict:
    report = book_check["layout"]
    (ARTIFACTS / "layout-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


@pytest.mark.slow
def test_book_checked_every_page_at_every_width(book_layout, built_book) -> None:
    pages = sorted(p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html"))
    assert book_layout["pages"] == pages
    assert not kinds(book_layout, "page failed to load")
    for page in pages:
        for width in book_layout["widths"]:
            shot = ARTIFACTS / "layout" / f"{page.removesuffix('.html').replace('/', '-')}-{width}.png"
            assert shot.is_file(), f"no screenshot {shot}"


@pytest.mark.slow
def test_book_pages_never_wider_than_the_screen(book_layout) -> None:
    found = kinds(book_layout, "page wider than the screen")
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_book_chapter_text_starts_in_the_first_phone_screen(book_layout) -> None:
    found = kinds(book_layout, "first paragraph below the first screen")
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_book_status_readable_without_scrolling_the_page(book_layout) -> None:
    found = kinds(book_layout, "status out of reach")
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_book_chart_text_at_least_12px(book_layout) -> None:
    found = kinds(book_layout, "chart text under 12px")
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_book_every_page_links_to_the_pdf(book_layout) -> None:
    found = kinds(book_layout, "no link to the PDF")
    assert not found, "\n".join(found)
