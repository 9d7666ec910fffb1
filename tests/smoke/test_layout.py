"""The built site at phone, tablet and desktop widths in the project's real browser (tests/a11y/check.mjs).

The harness is first proved on two tiny sites: one that must pass and one with planted faults that must
each be caught. Then the book: no page wider than the screen at 320, 375, 768 or 1280 px, no table wider
than the window at any width, a chapter's own first sentence (not the status notice) ending in the first
screen at 320 x 568 px, the landing page's key messages and a chapter's first rating within two screens,
chart text of at least 12 px, every status readable without scrolling the page sideways, and a link to the
PDF on every page; every page is measured, none exempted. Screenshots go to test-artifacts/layout/.
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
    assert [m["page"] for m in report["measures"]] == ["index.html"]
    assert 0 < report["measures"][0]["firstSentenceBottom"] < 568


def test_planted_faults_are_each_caught(planted) -> None:
    found = {(f["kind"], f["width"]) for f in planted["findings"]}
    for width in (320, 375, 768):
        assert ("page wider than the screen", width) in found
        assert ("status out of reach", width) in found
    assert ("first sentence below the first screen", 320) in found
    assert ("key content below the second screen", 320) in found
    assert {("table wider than the window", w) for w in (320, 375, 768, 1280)} <= found
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
def test_book_chapter_first_sentence_in_the_first_phone_screen(book_layout) -> None:
    measured = {m["page"] for m in book_layout["measures"] if m["firstSentenceBottom"] is not None}
    assert measured == set(book_layout["pages"]), "every page is measured, none exempted"
    found = kinds(book_layout, "first sentence below the first screen")
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_book_key_messages_and_first_rating_within_two_phone_screens(book_layout) -> None:
    keyed = {m["page"] for m in book_layout["measures"] if m["keyContentTop"] is not None}
    assert "index.html" in keyed and any("03_community" in page for page in keyed)
    found = kinds(book_layout, "key content below the second screen")
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_book_tables_fit_the_window_at_320_and_1280(book_layout) -> None:
    found = kinds(book_layout, "table wider than the window")
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
