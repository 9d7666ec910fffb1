"""The release around the chapters, read from the built site: landing page, About page, status and downloads
on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rssreview import run
from rssreview.present import downloads
from rssreview.present.words import long_date
from rssreview.release import read_release

pytestmark = pytest.mark.slow

STATUS = "Not an official CQC publication"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _targets(page: Path, soup: BeautifulSoup) -> set[Path]:
    return {
        (page.parent / str(a["href"]).split("#")[0]).resolve()
        for a in soup.find_all("a", href=True)
        if ":" not in str(a["href"]) and not str(a["href"]).startswith("#")
    }


@pytest.fixture(scope="module")
def landing(built_book: Path) -> BeautifulSoup:
    return _soup(built_book / "index.html")


def test_landing_opens_with_the_headline_and_both_dates(landing):
    tables = run.tables()
    cycle = tables.cycle(tables.latest_cycle())
    main = _text(landing.find("main"))
    assert re.search(r"\b(none|one|two|three|four|\d+)\b.*achieved", main)
    edition = long_date(read_release().edition_date.isoformat())
    assert f"This edition (independent rebuild): {edition}" in main
    assert (
        f"Original report published by the Care Quality Commission (CQC): {long_date(cycle['publication_date'])}"
        in main
    )


def test_landing_offers_every_download_and_each_file_is_in_the_build(built_book, landing):
    latest = run.tables().latest_cycle()
    linked = _targets(built_book / "index.html", landing.find("main"))
    for item in downloads.downloads(latest):
        target = (built_book / item.path).resolve()
        assert target in linked, f"the landing page does not link {item.path}"
        assert target.is_file(), f"{item.path} is linked but not in the build"


def test_the_easy_read_pdf_is_in_the_build(built_book):
    assert (built_book / downloads.easy_read_pdf_name()).is_file()


def test_the_csv_zip_in_the_build_holds_every_csv(built_book):
    import zipfile

    latest = run.tables().latest_cycle()
    folder = built_book / "figures" / latest
    with zipfile.ZipFile(folder / downloads.zip_name(latest)) as archive:
        names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert {p.name for p in folder.glob("*.csv")} <= names


def test_about_page_has_every_item(built_book):
    main = _soup(built_book / "notebooks" / "about.html").find("main")
    headings = [_text(h) for h in main.find_all("h2")]
    for wanted in (
        "Status of this publication",
        "Contact and feedback",
        "Accessibility statement",
        "Revisions and corrections",
        "Licence and attribution",
        "Related publications",
        "Data quality and coverage",
    ):
        assert any(wanted in h for h in headings), f"About page lacks '{wanted}'"
    text = _text(main)
    settings = read_release()
    # a local build has no contact address and says so; a release shows its address
    assert (settings.contact.email or "This is a local build") in text
    assert "WCAG" in text and "Known issues" in text and "Other formats" in text
    assert "Open Government Licence v3.0" in text and settings.code_licence.name in text
    for title in run.tables().cycles["title"]:
        assert title in text
    hrefs = {a["href"] for a in main.find_all("a", href=True)}
    for url in [
        "https://www.cqc.org.uk/publications/themed-work/rssreview",
        "https://www.gov.uk/government/publications/response-to-cqcs-out-of-sight-who-cares-report",
        *run.tables().cycles["source_url"],
    ]:
        assert url in hrefs


def test_every_page_states_its_status_and_links_the_pdf_and_workbook(built_book):
    latest = run.tables().latest_cycle()
    pdf, workbook = built_book / downloads.pdf_name(), built_book / downloads.EDITION_WORKBOOK
    assert workbook.read_bytes() == (built_book / downloads.downloads(latest)[1].path).read_bytes()
    pages = sorted(built_book.rglob("*.html"))
    assert len(pages) >= 16
    for page in pages:
        edition = page.relative_to(built_book).parts[:2] if page.relative_to(built_book).parts[0] == "editions" else ()
        site = built_book.joinpath(*edition)  # an earlier edition links its own PDF and workbook
        pdf, workbook = site / downloads.pdf_name(), site / downloads.EDITION_WORKBOOK
        soup = _soup(page)
        status = soup.select_one("main .publication-status")
        assert status is not None and "Not an official publication" in _text(status), page
        footer = soup.find("footer")
        assert STATUS in _text(footer), page
        assert "Care Quality Commission" not in _text(footer), page
        linked = _targets(page, footer)
        assert pdf.resolve() in linked and workbook.resolve() in linked, page
